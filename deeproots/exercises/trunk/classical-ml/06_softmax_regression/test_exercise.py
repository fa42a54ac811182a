"""Checks for softmax regression (references: scipy.special.softmax and logsumexp, central
differences, and sklearn.linear_model.LogisticRegression(C=...) -- multinomial for three or
more classes -- run to convergence on the bundled iris and wine data; an accuracy floor on a
held-out split of the bundled digits)."""
import numpy as np
from scipy.special import logsumexp
from scipy.special import softmax as scipy_softmax
from sklearn.datasets import load_digits, load_iris, load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from deeproots.grading.checks import central_difference, expect, expect_close, expect_equal

# Newton's method on sklearn's multinomial objective (lbfgs reaches the same optimum, slower).
SKLEARN_TIGHT = {"solver": "newton-cholesky", "tol": 1e-12, "max_iter": 1000}


def _reference_loss(W, b, X, y, lam):
    scores = X @ W + b
    return float(np.mean(logsumexp(scores, axis=1) - scores[np.arange(len(y)), y]) + lam / 2 * np.sum(W * W))


def _problem(rng, n, d, k, scale=1.0):
    X = rng.normal(size=(n, d))
    W = rng.normal(scale=scale, size=(d, k))
    b = rng.normal(scale=scale, size=k)
    y = rng.integers(0, k, size=n)
    return X, y, W, b


def test_softmax_matches_scipy(ex, rng):
    for shape, scale in [((1, 3), 1.0), ((4, 1), 1.0), ((5, 3), 3.0), ((3, 5), 3.0), ((6, 4), 1000.0)]:
        scores = rng.normal(scale=scale, size=shape)
        expect_close(ex.softmax(scores), scipy_softmax(scores, axis=1),
                     what=f"softmax(scores), shape {shape}, |scores| ~ {scale:g}",
                     how="scipy.special.softmax(scores, axis=1)", rtol=1e-10, atol=1e-14,
                     inputs={"scores": scores})


def test_loss_and_gradient_hand_example(ex, rng):
    X, y = np.eye(2), np.array([0, 2])
    W, b = np.zeros((2, 3)), np.zeros(3)
    loss, dW, db = ex.softmax_loss_and_gradient(W, b, X, y, 0.0)
    inputs = {"W": W, "b": b, "X": X, "y": y, "lam": 0.0}
    expect_close(loss, np.log(3.0), what="loss", how="by hand: every P = 1/3, loss = log 3",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(dW, np.array([[-2, 1, 1], [1, 1, -2]]) / 6.0, what="dW", how="by hand: X^T (P - Y) / 2",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(db, np.array([-1, 2, -1]) / 6.0, what="db", how="by hand: (P - Y).sum(axis=0) / 2",
                 rtol=1e-12, atol=1e-12, inputs=inputs)


def test_loss_matches_logsumexp(ex, rng):
    for n, d, k, lam, scale in [(1, 1, 2, 0.0, 1.0), (5, 3, 4, 0.2, 1.0), (40, 6, 3, 0.01, 1.0),
                                (8, 4, 5, 0.1, 300.0)]:  # the last: scores in the thousands
        X, y, W, b = _problem(rng, n, d, k, scale)
        loss, _, _ = ex.softmax_loss_and_gradient(W, b, X, y, lam)
        expect_close(loss, _reference_loss(W, b, X, y, lam), what=f"loss (N={n}, D={d}, K={k}, lam={lam})",
                     how="mean(scipy.special.logsumexp(S, axis=1) - S[i, y_i]) + lam/2 sum(W**2)",
                     rtol=1e-10, atol=1e-10, inputs={"W": W, "b": b, "X": X, "y": y, "lam": lam})


def test_gradient_check(ex, rng):
    for n, d, k, lam in [(1, 2, 3, 0.0), (6, 3, 4, 0.3), (20, 2, 3, 0.05)]:
        X, y, W, b = _problem(rng, n, d, k)
        _, dW, db = ex.softmax_loss_and_gradient(W, b, X, y, lam)
        inputs = {"W": W, "b": b, "X": X, "y": y, "lam": lam}
        split = d * k

        def reference(theta):
            return _reference_loss(theta[:split].reshape(d, k), theta[split:], X, y, lam)

        def own(theta):
            return ex.softmax_loss_and_gradient(theta[:split].reshape(d, k), theta[split:], X, y, lam)[0]

        theta = np.concatenate([W.ravel(), b])
        for label, f in [("central differences of your own loss", own),
                         ("central differences of the logsumexp loss", reference)]:
            numeric = central_difference(f, theta, h=1e-5)
            expect_close(dW, numeric[:split].reshape(d, k), what=f"dW (N={n}, D={d}, K={k}, lam={lam})",
                         how=label, rtol=1e-5, atol=1e-8, inputs=inputs)
            expect_close(db, numeric[split:], what=f"db (N={n}, D={d}, K={k}, lam={lam})",
                         how=label, rtol=1e-5, atol=1e-8, inputs=inputs)


def test_gradient_large_scores(ex, rng):
    X, y, W, b = _problem(rng, 10, 3, 4, scale=500.0)
    scores = X @ W + b
    expected = scipy_softmax(scores, axis=1)
    expected[np.arange(10), y] -= 1.0
    expected /= 10
    _, dW, db = ex.softmax_loss_and_gradient(W, b, X, y, 0.1)
    inputs = {"W": W, "b": b, "X": X, "y": y, "lam": 0.1}
    expect_close(dW, X.T @ expected + 0.1 * W, what="dW with scores in the thousands",
                 how="X.T @ (scipy.special.softmax(S, axis=1) - Y) / N + lam W", rtol=1e-9, atol=1e-9,
                 inputs=inputs)
    expect_close(db, expected.sum(axis=0), what="db with scores in the thousands",
                 how="(scipy.special.softmax(S, axis=1) - Y).sum(axis=0) / N", rtol=1e-9, atol=1e-12,
                 inputs=inputs)


def test_estimator_conventions(ex, rng):
    model = ex.SoftmaxRegression(C=0.5, learning_rate=0.3, max_iter=50, tol=1e-4)
    how = "scikit-learn convention: __init__ stores each argument under its own name"
    for name, want in [("C", 0.5), ("learning_rate", 0.3), ("max_iter", 50), ("tol", 1e-4)]:
        expect_equal(getattr(model, name), want, what=f"SoftmaxRegression(...).{name}", how=how)
    expect(not hasattr(model, "coef_") and not hasattr(model, "classes_"),
           "coef_ or classes_ exists before fit: __init__ must only store hyper-parameters")
    X, y, _, _ = _problem(rng, 30, 2, 3)
    returned = model.fit(X, y)
    expect(returned is model, "fit(X, y) must return self, so that model.fit(X, y).predict(X) works",
           got=returned)


def _compare(ex, X, y, C, learning_rate, X_new, label):
    reference = LogisticRegression(C=C, **SKLEARN_TIGHT).fit(X, y)
    model = ex.SoftmaxRegression(C=C, learning_rate=learning_rate, max_iter=3000, tol=1e-7).fit(X, y)
    how = (f"sklearn LogisticRegression(C={C}, solver='newton-cholesky', tol=1e-12) (multinomial: "
           "minimises C sum loss_i + ||W||^2 / 2)")
    inputs = {"C": C, "learning_rate": learning_rate}
    expect_equal(np.asarray(model.classes_), reference.classes_, what=f"classes_ ({label})", how=how)
    expect_close(model.coef_, reference.coef_, what=f"coef_, shape (K, D) ({label})", how=how,
                 rtol=1e-4, atol=1e-4, inputs=inputs)
    intercept = np.asarray(model.intercept_, dtype=float)
    expect_close(intercept - intercept.mean(), reference.intercept_ - reference.intercept_.mean(),
                 what=f"intercept_ minus its mean ({label})",
                 how=f"{how}; only differences between classes matter", rtol=1e-4, atol=1e-4, inputs=inputs)
    expect_close(model.predict_proba(X_new), reference.predict_proba(X_new),
                 what=f"predict_proba ({label})", how=how, rtol=1e-4, atol=1e-5, inputs=inputs)
    top2 = np.sort(reference.predict_proba(X_new), axis=1)[:, -2:]
    clear = top2[:, 1] - top2[:, 0] > 1e-3  # rows without a near tie between the top two classes
    expect_equal(np.asarray(model.predict(X_new))[clear], reference.predict(X_new)[clear],
                 what=f"predict ({label})", how=how)


def test_matches_sklearn_on_iris_and_wine(ex, rng):
    for load, C, learning_rate in [(load_iris, 0.5, 2.0), (load_wine, 0.1, 2.0)]:
        X, y = load(return_X_y=True)
        X = StandardScaler().fit_transform(X)
        _compare(ex, X, y, C, learning_rate, X, f"{load.__name__[5:]}, standardised, C={C}")


def test_matches_sklearn_with_arbitrary_labels(ex, rng):
    X, y_index, _, _ = _problem(rng, 60, 3, 4)
    X += 0.8 * np.eye(4)[y_index][:, :3]  # some signal
    labels = np.array([7, -2, 30, 5])
    _compare(ex, X, labels[y_index], 1.0, 1.0, rng.normal(size=(20, 3)), "labels 7, -2, 30, 5")


def test_digits_accuracy(ex, rng):
    X, y = load_digits(return_X_y=True)
    order = rng.permutation(len(y))
    train, test = order[:1200], order[1200:]
    scaler = StandardScaler().fit(X[train])  # constant pixels keep scale 1 (and stay 0)
    X_train, X_test = scaler.transform(X[train]), scaler.transform(X[test])
    model = ex.SoftmaxRegression(C=1.0, learning_rate=1.0, max_iter=100, tol=1e-6).fit(X_train, y[train])
    accuracy = float(np.mean(np.asarray(model.predict(X_test)) == y[test]))
    expect(accuracy >= 0.93, f"held-out accuracy on digits after 100 steps is {accuracy:.3f}, below the "
           "floor 0.93 (sklearn's LogisticRegression(C=1) reaches about 0.97 on such a split)")
