"""Checks for logistic regression trained by gradient descent (references: scipy.special.expit
and log_expit, sklearn.metrics.log_loss, central differences of the learner's own loss, and
sklearn.linear_model.LogisticRegression(C=...) run to convergence on the bundled breast-cancer
data and on random data)."""
import numpy as np
from scipy.special import expit, log_expit
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.preprocessing import StandardScaler

from deeproots.grading.checks import central_difference, expect, expect_close, expect_equal

# Newton's method on exactly sklearn's objective (lbfgs reaches the same optimum, ~30x slower).
SKLEARN_TIGHT = {"solver": "newton-cholesky", "tol": 1e-12, "max_iter": 1000}


def _problem(rng, n, d):
    X = rng.normal(size=(n, d))
    w = rng.normal(size=d)
    y = (rng.uniform(size=n) < expit(X @ w + 0.5)).astype(float)
    return X, y


def _reference_loss(params, X, y, lam):
    w, b = params[:-1], params[-1]
    z = X @ w + b
    return float(np.mean(-y * log_expit(z) - (1 - y) * log_expit(-z)) + lam / 2 * (w @ w))


def test_sigmoid_matches_expit(ex, rng):
    z = np.concatenate([rng.normal(scale=5.0, size=20), [-1000.0, -710.0, 0.0, 710.0, 1000.0]])
    expect_close(ex.sigmoid(z), expit(z), what="sigmoid(z)", how="scipy.special.expit",
                 rtol=1e-12, atol=1e-300, inputs={"z": z})


def test_loss_and_gradient_hand_example(ex, rng):
    X, y, params = np.array([[1.0], [-1.0]]), np.array([1.0, 0.0]), np.zeros(2)
    loss, grad = ex.loss_and_gradient(params, X, y, 0.0)
    inputs = {"params": params, "X": X, "y": y, "lam": 0.0}
    expect_close(loss, np.log(2.0), what="loss", how="by hand: p = 1/2, loss = log 2",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(grad, np.array([-0.5, 0.0]), what="grad = [dL/dw, dL/db]",
                 how="by hand: [([1, -1] . [-1/2, 1/2]) / 2, mean([-1/2, 1/2])]", rtol=1e-12,
                 atol=1e-12, inputs=inputs)


def test_loss_matches_sklearn_log_loss(ex, rng):
    for n, d, lam in [(1, 1, 0.0), (6, 2, 0.5), (80, 5, 0.01)]:
        X, y = _problem(rng, n, d)
        params = rng.normal(size=d + 1)
        w, b = params[:-1], params[-1]
        expected = log_loss(y, expit(X @ w + b), labels=[0.0, 1.0]) + lam / 2 * np.sum(w ** 2)
        loss, _ = ex.loss_and_gradient(params, X, y, lam)
        expect_close(loss, expected, what=f"loss (lam={lam})",
                     how="sklearn.metrics.log_loss(y, expit(X @ w + b)) + lam/2 * sum(w**2)",
                     rtol=1e-9, atol=1e-12, inputs={"params": params, "X": X, "y": y, "lam": lam})
    X, y = _problem(rng, 10, 2)
    params = rng.normal(scale=300.0, size=3)  # |z| in the hundreds: p rounds to 0 or 1
    loss, _ = ex.loss_and_gradient(params, X, y, 0.0)
    expect_close(loss, _reference_loss(params, X, y, 0.0), what="loss with |z| in the hundreds",
                 how="mean(-y log_expit(z) - (1-y) log_expit(-z)) with scipy.special.log_expit",
                 rtol=1e-9, atol=1e-9, inputs={"params": params, "X": X, "y": y})


def test_gradient_check(ex, rng):
    for n, d, lam in [(1, 1, 0.0), (7, 2, 0.3), (30, 4, 0.05)]:
        X, y = _problem(rng, n, d)
        params = rng.normal(size=d + 1)
        _, grad = ex.loss_and_gradient(params, X, y, lam)
        inputs = {"params": params, "X": X, "y": y, "lam": lam}
        own = central_difference(lambda p: ex.loss_and_gradient(p, X, y, lam)[0], params, h=1e-5)
        expect_close(grad, own, what=f"grad vs central differences of your own loss (lam={lam})",
                     how="(L(p + h e_k) - L(p - h e_k)) / 2h with your loss_and_gradient, h = 1e-5",
                     rtol=1e-5, atol=1e-8, inputs=inputs)
        trusted = central_difference(lambda p: _reference_loss(p, X, y, lam), params, h=1e-5)
        expect_close(grad, trusted, what=f"grad (lam={lam})",
                     how="central differences of the SciPy cross-entropy + lam/2 ||w||^2",
                     rtol=1e-5, atol=1e-8, inputs=inputs)


def test_estimator_conventions(ex, rng):
    model = ex.LogisticRegressionGD(C=0.5, learning_rate=0.3, max_iter=50, tol=1e-4)
    how = "scikit-learn convention: __init__ stores each argument under its own name"
    for name, want in [("C", 0.5), ("learning_rate", 0.3), ("max_iter", 50), ("tol", 1e-4)]:
        expect_equal(getattr(model, name), want, what=f"LogisticRegressionGD(...).{name}", how=how)
    expect(not hasattr(model, "coef_") and not hasattr(model, "intercept_"),
           "coef_ or intercept_ exists before fit: __init__ must only store hyper-parameters")
    X, y = _problem(rng, 20, 2)
    returned = model.fit(X, y)
    expect(returned is model, "fit(X, y) must return self, so that model.fit(X, y).predict(X) works",
           got=returned)


def test_fit_hand_example(ex, rng):
    X, y = np.zeros((4, 1)), np.array([1.0, 1.0, 1.0, 0.0])
    model = ex.LogisticRegressionGD(C=1.0, learning_rate=1.0, max_iter=1000, tol=1e-10).fit(X, y)
    inputs = {"X": X, "y": y}
    expect_close(model.coef_, np.array([0.0]), what="coef_", how="by hand: X is 0, only the penalty acts on w",
                 rtol=0, atol=1e-9, inputs=inputs)
    expect_close(model.intercept_, np.log(3.0), what="intercept_",
                 how="by hand: sigmoid(b) = 3/4, b = log 3", rtol=1e-8, atol=1e-8, inputs=inputs)
    expect_close(model.predict_proba(np.array([[5.0]])), np.array([[0.25, 0.75]]),
                 what="predict_proba([[5]])", how="by hand: [1 - 3/4, 3/4]", rtol=1e-8, atol=1e-8,
                 inputs=inputs)


def _compare(ex, X, y, C, learning_rate, X_new, label, inputs):
    reference = LogisticRegression(C=C, **SKLEARN_TIGHT).fit(X, y)
    model = ex.LogisticRegressionGD(C=C, learning_rate=learning_rate, max_iter=3000, tol=1e-7).fit(X, y)
    how = (f"sklearn LogisticRegression(C={C}, solver='newton-cholesky', tol=1e-12), which "
           "minimises C sum loss_i + ||w||^2 / 2")
    expect_close(model.coef_, reference.coef_[0], what=f"coef_ ({label})", how=how, rtol=1e-4,
                 atol=1e-4, inputs=inputs)
    expect_close(model.intercept_, reference.intercept_[0], what=f"intercept_ ({label})", how=how,
                 rtol=1e-4, atol=1e-4, inputs=inputs)
    expect_close(model.predict_proba(X_new), reference.predict_proba(X_new),
                 what=f"predict_proba(X_new) ({label})", how=how, rtol=1e-4, atol=1e-5, inputs=inputs)
    clear = np.abs(reference.decision_function(X_new)) > 1e-3  # away from the decision boundary
    expect_equal(np.asarray(model.predict(X_new))[clear], reference.predict(X_new)[clear],
                 what=f"predict(X_new) ({label})", how=how, inputs=inputs)
    return model


def test_matches_sklearn_on_random_data(ex, rng):
    for n, d, C in [(12, 1, 1.0), (100, 3, 1.0), (60, 5, 0.2)]:
        X, y = _problem(rng, n, d)
        X_new = rng.normal(size=(15, d))
        _compare(ex, X, y, C, 1.0, X_new, f"n={n}, d={d}, C={C}", {"X": X, "y": y, "C": C})


def test_breast_cancer(ex, rng):
    X, y = load_breast_cancer(return_X_y=True)
    order = rng.permutation(len(y))
    train, test = order[:400], order[400:]
    scaler = StandardScaler().fit(X[train])
    X_train, X_test = scaler.transform(X[train]), scaler.transform(X[test])
    model = _compare(ex, X_train, y[train], 0.1, 1.0, X_test, "breast cancer, standardised, C=0.1",
                     {"C": 0.1, "learning_rate": 1.0})
    accuracy = float(np.mean(np.asarray(model.predict(X_test)) == y[test]))
    expect(accuracy >= 0.93, f"held-out accuracy on breast cancer is {accuracy:.3f}, below the floor 0.93 "
           "(sklearn's LogisticRegression(C=0.1) reaches 0.959 on this split of 400 / 169 samples)")
