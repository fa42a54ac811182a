"""Reference solution: polynomial features, least-squares fits and the bias-variance trade-off."""
import numpy as np


def polynomial_features(x: np.ndarray, degree: int, include_bias: bool = True) -> np.ndarray:
    x = np.asarray(x, dtype=float).reshape(-1)
    columns = [np.ones_like(x)]
    for _ in range(degree):
        columns.append(columns[-1] * x)
    features = np.stack(columns, axis=1)
    return features if include_bias else features[:, 1:]


def fit_polynomial(x: np.ndarray, y: np.ndarray, degree: int) -> np.ndarray:
    features = polynomial_features(x, degree)
    coef, *_ = np.linalg.lstsq(features, np.asarray(y, dtype=float), rcond=None)
    return coef


def predict_polynomial(coef: np.ndarray, x: np.ndarray) -> np.ndarray:
    coef = np.asarray(coef, dtype=float)
    return polynomial_features(x, len(coef) - 1) @ coef


def error_curve(x_train: np.ndarray, y_train: np.ndarray, x_val: np.ndarray, y_val: np.ndarray,
                max_degree: int) -> tuple[np.ndarray, np.ndarray]:
    train_errors = np.zeros(max_degree)
    val_errors = np.zeros(max_degree)
    for degree in range(1, max_degree + 1):
        coef = fit_polynomial(x_train, y_train, degree)
        train_errors[degree - 1] = np.mean((predict_polynomial(coef, x_train) - y_train) ** 2)
        val_errors[degree - 1] = np.mean((predict_polynomial(coef, x_val) - y_val) ** 2)
    return train_errors, val_errors


def bias_variance(x_trains: np.ndarray, y_trains: np.ndarray, x_test: np.ndarray,
                  f_test: np.ndarray, y_tests: np.ndarray, degree: int) -> dict:
    predictions = np.stack([predict_polynomial(fit_polynomial(x, y, degree), x_test)
                            for x, y in zip(x_trains, y_trains)])
    mean_prediction = predictions.mean(axis=0)
    return {
        "bias2": float(np.mean((mean_prediction - f_test) ** 2)),
        "variance": float(np.mean((predictions - mean_prediction) ** 2)),
        "noise": float(np.mean((y_tests - f_test) ** 2)),
        "test_error": float(np.mean((predictions - y_tests) ** 2)),
    }
