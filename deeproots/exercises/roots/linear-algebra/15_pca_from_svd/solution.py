"""Principal component analysis from the SVD of the centred data, scikit-learn style.

Source: Goodfellow, Bengio & Courville, Deep Learning §2.12 ("Example: principal
components analysis"); Strang, Linear Algebra and Learning from Data §I.9 ("Principal
components and the best low rank matrix"); MIT 18.065 (Strang), lecture 7.
https://www.deeplearningbook.org/

Data X has one sample per row: n samples, d features. Centre it, Xc = X - mean (the mean
of each column), then take the SVD Xc = U diag(s) Vt. The rows of Vt are the principal
directions, orthonormal, in decreasing order of the variance along them:

    variance along row i of Vt = s_i^2 / (n - 1)        (the sample variance: n - 1, as
                                                         np.var(..., ddof=1) and sklearn)
    explained variance ratio   = s_i^2 / (s_1^2 + s_2^2 + ...)     over *all* the s_i, so
                                 the ratios of the kept components sum to at most 1

Keeping the first k rows (k = n_components; all min(n, d) of them when it is None):

    transform(X)         = (X - mean) @ components^T              (n, k): the coordinates
    inverse_transform(Z) = Z @ components + mean                  (n, d): back in data space

inverse_transform(transform(X)) is the best rank-k approximation of X around its mean
(Eckart-Young). Why the SVD of Xc rather than the eigenvectors of the covariance
Xc^T Xc / (n - 1)? Same directions, but no squared condition number.

scikit-learn conventions (https://scikit-learn.org/stable/developers/develop.html):
__init__ only stores its arguments; fit(X) learns and returns self (so that
PCA(2).fit(X).transform(X) works); what fit learns is stored in attributes whose names
end in an underscore:
    mean_                     (d,)
    components_               (k, d)   the principal directions, as rows
    explained_variance_       (k,)
    explained_variance_ratio_ (k,)
Each direction is defined only up to its sign: either sign is right, as long as transform
and inverse_transform use the same components_.

Shapes: X is an (n, d) float array with n >= 2; Z is (m, k).

Tiny example: X = [[1, 1], [2, 2], [3, 3]] (three points on a line). mean_ = [2, 2];
Xc = [[-1, -1], [0, 0], [1, 1]]; the first direction is [1, 1] / sqrt(2) (or its negative);
transform gives [-sqrt 2, 0, sqrt 2]; explained_variance_ = (2 + 0 + 2) / (3 - 1) = 2; with
n_components = 2 the ratios are [1, 0].

np.linalg.svd is allowed (use full_matrices=False).
"""
import numpy as np


class PCA:
    """Principal component analysis by the SVD of the centred data."""

    def __init__(self, n_components: int | None = None):
        self.n_components = n_components

    def fit(self, X: np.ndarray) -> "PCA":
        """Learn mean_, components_, explained_variance_ and explained_variance_ratio_; return self."""
        # TODO: centre X, SVD of the centred data, keep the first k rows of Vt, variances s^2 / (n - 1).
        ### BEGIN SOLUTION
        X = np.asarray(X, dtype=float)
        n_samples, n_features = X.shape
        k = min(n_samples, n_features) if self.n_components is None else self.n_components
        self.mean_ = X.mean(axis=0)
        Xc = X - self.mean_
        _, s, Vt = np.linalg.svd(Xc, full_matrices=False)
        variances = s ** 2 / (n_samples - 1)
        self.components_ = Vt[:k]
        self.explained_variance_ = variances[:k]
        self.explained_variance_ratio_ = variances[:k] / variances.sum()
        return self
        ### END SOLUTION

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Return the (n, k) coordinates of X along the principal directions."""
        # TODO: subtract mean_, multiply by components_ transposed.
        ### BEGIN SOLUTION
        return (np.asarray(X, dtype=float) - self.mean_) @ self.components_.T
        ### END SOLUTION

    def inverse_transform(self, Z: np.ndarray) -> np.ndarray:
        """Return the (m, d) points in data space whose coordinates are Z."""
        # TODO: multiply by components_, add mean_ back.
        ### BEGIN SOLUTION
        return np.asarray(Z, dtype=float) @ self.components_ + self.mean_
        ### END SOLUTION
