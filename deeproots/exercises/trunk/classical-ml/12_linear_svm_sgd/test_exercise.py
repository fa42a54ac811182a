"""Checks for the linear SVM (references: the hinge objective written in the check, central
differences away from the kinks, sklearn.svm.SVC(kernel="linear", C=1/(lam n)) for the exact
optimum and its support vectors, sklearn.svm.LinearSVC for accuracy)."""
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, LinearSVC

from deeproots.grading.checks import central_difference, expect, expect_close, expect_equal, expect_raises


def _objective(w, b, X, y, lam):
    return float(lam / 2 * np.sum(w ** 2) + np.mean(np.maximum(0.0, 1.0 - y * (X @ w + b))))


def _separable_blobs(rng, n_per_class=40):
    """Two standardised, linearly separable Gaussian clouds (labels +1 then -1)."""
    while True:
        mix = rng.normal(size=(2, 2))
        X = np.vstack([rng.normal(size=(n_per_class, 2)) + [3.0, 1.0],
                       rng.normal(size=(n_per_class, 2)) - [3.0, 1.0]]) @ mix
        y = np.r_[np.ones(n_per_class), -np.ones(n_per_class)]
        X = StandardScaler().fit_transform(X)
        if SVC(kernel="linear", C=1e3).fit(X, y).score(X, y) == 1.0:
            return X, y


def _exact_svm(X, y, lam):
    """The minimiser of J: SVC minimises ||w||^2/2 + C sum hinge = J / lam with C = 1/(lam n)."""
    return SVC(kernel="linear", C=1.0 / (lam * len(y)), tol=1e-10).fit(X, y)


def _breast_cancer():
    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, 2.0 * y - 1.0, test_size=0.3,
                                                        random_state=0, stratify=y)
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


def test_objective_matches_formula(ex, rng):
    X, y = np.array([[1.0, 0.0], [-1.0, 0.0]]), np.array([1.0, -1.0])
    for w, expected, how in [(np.zeros(2), 1.0, "by hand: margins 0, mean hinge 1"),
                             (np.array([2.0, 0.0]), 1.0, "by hand: margins 2, no hinge, 0.25 * 4")]:
        expect_close(ex.hinge_objective(w, 0.0, X, y, 0.5), expected, what="hinge_objective",
                     how=how, rtol=1e-12, atol=1e-12, inputs={"w": w, "b": 0.0, "X": X, "y": y, "lam": 0.5})
    for n, d, lam in [(1, 1, 0.1), (10, 3, 0.0), (100, 5, 0.01)]:
        X, y = rng.normal(size=(n, d)), rng.choice([-1.0, 1.0], size=n)
        w, b = rng.normal(size=d), float(rng.normal())
        expect_close(ex.hinge_objective(w, b, X, y, lam), _objective(w, b, X, y, lam),
                     what="hinge_objective", how="lam/2 sum(w^2) + mean(max(0, 1 - y (X w + b)))",
                     rtol=1e-12, atol=1e-12, inputs={"w": w, "b": b, "X": X, "y": y, "lam": lam})


def test_subgradient_away_from_the_kink(ex, rng):
    X, y, lam = np.array([[1.0, 0.0], [-1.0, 0.0]]), np.array([1.0, -1.0]), 0.5
    for w, (dw_expected, db_expected), how in [
        (np.zeros(2), ([-1.0, 0.0], 0.0), "by hand: both active, -([1, 0] + [1, 0]) / 2"),
        (np.array([2.0, 0.0]), ([1.0, 0.0], 0.0), "by hand: nothing active, lam * w"),
    ]:
        dw, db = ex.hinge_subgradient(w, 0.0, X, y, lam)
        inputs = {"w": w, "b": 0.0, "X": X, "y": y, "lam": lam}
        expect_close(dw, np.array(dw_expected), what="dw", how=how, rtol=1e-12, atol=1e-12, inputs=inputs)
        expect_close(db, db_expected, what="db", how=how, rtol=1e-12, atol=1e-12, inputs=inputs)
    for n, d, lam in [(1, 1, 0.1), (6, 2, 0.5), (50, 4, 0.01), (200, 8, 0.001)]:
        X, y = rng.normal(size=(n, d)), rng.choice([-1.0, 1.0], size=n)
        while True:  # a point where no margin is within 1e-3 of the kink at 1
            w, b = rng.normal(size=d), float(rng.normal())
            if np.min(np.abs(y * (X @ w + b) - 1.0)) > 1e-3:
                break
        theta = np.append(w, b)
        numeric = central_difference(lambda t: _objective(t[:-1], t[-1], X, y, lam), theta, h=1e-6)
        dw, db = ex.hinge_subgradient(w, b, X, y, lam)
        inputs = {"w": w, "b": b, "X": X, "y": y, "lam": lam}
        how = "central differences of J (smooth here: no margin within 1e-3 of 1)"
        expect_close(dw, numeric[:-1], what="dw", how=how, rtol=1e-6, atol=1e-8, inputs=inputs)
        expect_close(db, numeric[-1], what="db", how=how, rtol=1e-6, atol=1e-8, inputs=inputs)


def test_margin_support_vectors_match_svc(ex, rng):
    X, y = np.array([[1.0, 0.0], [-1.0, 0.0], [3.0, 0.0]]), np.array([1.0, -1.0, 1.0])
    got = ex.margin_support_vectors(np.array([1.0, 0.0]), 0.0, X, y, 1e-3)
    expect_equal(np.asarray(got).astype(int), np.array([0, 1]), what="margin_support_vectors",
                 how="by hand: margins [1, 1, 3]", inputs={"X": X, "y": y, "w": [1.0, 0.0], "b": 0.0})
    for lam in (0.1, 0.01):
        X, y = _separable_blobs(rng)
        svc = _exact_svm(X, y, lam)
        got = ex.margin_support_vectors(svc.coef_[0], float(svc.intercept_[0]), X, y, 1e-3)
        expect_equal(np.asarray(got).astype(int), np.sort(svc.support_),
                     what=f"margin_support_vectors at the exact optimum (lam={lam}, tol=1e-3)",
                     how='sorted support_ of sklearn SVC(kernel="linear", C=1/(lam n))',
                     inputs={"X": X, "y": y, "w": svc.coef_[0], "b": float(svc.intercept_[0])})


def test_first_step_by_hand(ex, rng):
    X, y = rng.normal(size=(30, 3)), rng.choice([-1.0, 1.0], size=30)
    lam, lr = 0.1, 0.5
    model = ex.LinearSVM(lam=lam, n_iter=1, learning_rate=lr)
    expect(model.fit(X, y) is model, "fit(X, y) must return self (the same estimator object)")
    # At w = 0, b = 0 every margin is 0 < 1: every sample is active.
    eta = lr / (1 + lr * lam * 1)
    w1, b1 = eta * (y @ X) / 30, eta * float(np.mean(y))
    history = [1.0, _objective(w1, b1, X, y, lam)]
    inputs = {"X": X, "y": y, "lam": lam, "learning_rate": lr, "n_iter": 1}
    expect_close(np.asarray(model.objective_history_, dtype=float), np.array(history),
                 what="objective_history_ after one step",
                 how="[J(0, 0) = 1, J(w1, b1)] with w1 = eta sum(y x)/n, b1 = eta mean(y), "
                     "eta = lr / (1 + lr lam)", rtol=1e-10, atol=1e-12, inputs=inputs)
    best_w, best_b = (w1, b1) if history[1] < 1.0 else (np.zeros(3), 0.0)
    expect_close(model.coef_, best_w, what="coef_ after one step",
                 how="the better of w = 0 and w1 = eta sum(y x)/n", rtol=1e-10, atol=1e-12, inputs=inputs)
    expect_close(model.intercept_, best_b, what="intercept_ after one step",
                 how="the better of b = 0 and b1 = eta mean(y)", rtol=1e-10, atol=1e-12, inputs=inputs)


def test_breast_cancer_optimum_and_accuracy(ex, rng):
    X_train, X_test, y_train, y_test = _breast_cancer()
    lam = 0.01
    optimum = _exact_svm(X_train, y_train, lam)
    best = _objective(optimum.coef_[0], float(optimum.intercept_[0]), X_train, y_train, lam)
    model = ex.LinearSVM(lam=lam, n_iter=1000).fit(X_train, y_train)
    history = np.asarray(model.objective_history_, dtype=float)
    mine = _objective(np.asarray(model.coef_), float(model.intercept_), X_train, y_train, lam)
    expect_close(model.objective_, mine, what="objective_", how="J(coef_, intercept_) in the check",
                 rtol=1e-9, atol=1e-12)
    expect(len(history) == 1001 and abs(history[0] - 1.0) < 1e-12,
           "objective_history_ must hold J of the start (1.0) and of each of the n_iter=1000 iterates",
           length=len(history), first=history[0] if len(history) else None)
    expect(abs(np.min(history) - mine) <= 1e-9 * mine and history[-1] < 0.2 * history[0],
           "the objective must go down (from 1.0 to near the optimum), and coef_/intercept_ must be "
           "the best iterate (min of objective_history_)", first=history[0], last=history[-1],
           minimum=np.min(history), objective_of_coef=mine)
    expect(mine <= 1.01 * best,
           "after 1000 steps on standardised breast cancer (lam=0.01) J is more than 1% above the "
           "optimum", your_objective=mine,
           optimum_from_sklearn_svc=best)
    reference = LinearSVC().fit(X_train, y_train).score(X_test, y_test)
    accuracy = float(np.mean(np.asarray(model.predict(X_test)) == y_test))
    expect(accuracy >= reference - 0.03,
           "test accuracy on standardised breast cancer (30% held out) is more than 3 points below "
           "sklearn's LinearSVC", your_accuracy=accuracy, linear_svc_accuracy=reference)


def test_matches_exact_svm_on_separable_blobs(ex, rng):
    X, y = _separable_blobs(rng)
    lam = 0.1
    svc = _exact_svm(X, y, lam)
    model = ex.LinearSVM(lam=lam, n_iter=1000).fit(X, y)
    expect_close(model.decision_function(X), svc.decision_function(X),
                 what="decision_function on the training points (lam=0.1)",
                 how='sklearn SVC(kernel="linear", C=1/(lam n)): the exact minimiser of J',
                 rtol=0, atol=0.05, inputs={"X": X, "y": y})
    expect_equal(np.asarray(model.predict(X)).astype(int), y.astype(int),
                 what="predict on separable training data", how="the labels (linearly separable)",
                 inputs={"X": X})


def test_accuracy_close_to_linear_svc_on_blobs(ex, rng):
    X, y = _separable_blobs(rng, 60)
    X_new, y_new = X[1::2], y[1::2]
    model = ex.LinearSVM(lam=0.01, n_iter=500).fit(X[::2], y[::2])
    reference = LinearSVC().fit(X[::2], y[::2]).score(X_new, y_new)
    accuracy = float(np.mean(np.asarray(model.predict(X_new)) == y_new))
    expect(accuracy >= reference - 0.02,
           "held-out accuracy on separable blobs is more than 2 points below LinearSVC",
           your_accuracy=accuracy, linear_svc_accuracy=reference)


def test_conventions_and_labels(ex, rng):
    model = ex.LinearSVM(lam=0.2, n_iter=5, learning_rate=0.3)
    for name, value in [("lam", 0.2), ("n_iter", 5), ("learning_rate", 0.3)]:
        expect_equal(getattr(model, name), value, what=f"LinearSVM(...).{name}",
                     how="scikit-learn convention: __init__ stores each argument under its own name")
    expect(not hasattr(model, "coef_"), "coef_ exists before fit: __init__ must only store hyper-parameters")
    X = rng.normal(size=(10, 2))
    y01 = (X[:, 0] > 0).astype(float)
    expect_raises(lambda: ex.LinearSVM().fit(X, y01), ValueError, what="fit(X, y) with labels 0/1",
                  why=" (labels must be -1 or +1)", inputs={"y": y01})
    model = ex.LinearSVM(n_iter=50).fit(X, 2 * y01 - 1)
    scores = np.asarray(model.decision_function(X))
    expect_equal(np.asarray(model.predict(X)).astype(int), np.where(scores >= 0, 1, -1),
                 what="predict(X)", how="+1 where decision_function >= 0, else -1", inputs={"X": X})


def test_samples_exactly_on_the_margin_are_not_active(ex, rng):
    # By hand: X = [[1, 0], [-1, 0]], y = [1, -1], w = [1, 0], b = 0 puts both samples exactly
    # on the margin (m = 1): the hinge is flat from there on, so with slope 0 at the kink
    # nothing is active and dw = lam * w, db = 0.
    X, y, w, lam = np.array([[1.0, 0.0], [-1.0, 0.0]]), np.array([1.0, -1.0]), np.array([1.0, 0.0]), 0.3
    dw, db = ex.hinge_subgradient(w, 0.0, X, y, lam)
    how = "by hand: margins are exactly 1, only m < 1 (strictly) is active, so dw = lam * w and db = 0"
    expect_close(dw, lam * w, what="hinge_subgradient dw at margins exactly 1", how=how, rtol=1e-12, atol=1e-12,
                 inputs={"X": X, "y": y, "w": w, "b": 0.0, "lam": lam})
    expect_close(db, 0.0, what="hinge_subgradient db at margins exactly 1", how=how, rtol=0, atol=1e-12)
