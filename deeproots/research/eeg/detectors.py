"""Unsupervised seizure detectors on EEG windows, following PyOD's conventions.

``fit(X)`` (X: a :class:`Windows` or an array ``(n_windows, channels, samples)``, seizure-free for
the novelty detectors) returns self and sets ``decision_scores_``, ``threshold_`` (the
``1 - contamination`` quantile of the training scores, as PyOD does) and ``labels_``;
``decision_function(X)`` is higher for more anomalous windows; ``predict(X)`` is 0/1.

* :class:`GardnerOneClassSVM` -- Gardner, Krieger, Vachtsevanos & Litt (2006), "One-class novelty
  detection for seizure analysis from intracranial EEG", JMLR 7:1025-1044
  (https://jmlr.org/papers/v7/gardner06a.html): a one-class nu-SVM (Schoelkopf et al. 2001, RBF
  kernel) trained on interictal windows only, on short-time energy features of 1 s windows
  (curve length, energy, Teager energy: ``features.gardner_energy``). nu bounds the fraction of
  training outliers, so on interictal EEG about nu of the windows are outliers; during a seizure
  the empirical outlier fraction rises. The paper declares a detection when a hypothesis test
  says the outlier fraction over a run of windows exceeds its nominal value, and gates the output
  with persistence to cut false alarms (abstract; its detection section). :func:`persistence`
  implements that gate -- an event when at least ``n`` of the last ``window`` windows are outliers --
  and :func:`binomial_count` picks ``n`` by the one-sided binomial test against nu. We apply the
  log to the energy features and standardise them before the SVM (our choice: the energies span
  decades); the paper's exact test statistic and refractory ("one-shot") rule are paraphrased,
  since only its abstract could be read here.
* :class:`HjorthDetector` -- Hjorth parameters (Hjorth 1970) and line length (Esteller et al.
  2001) per channel, log-scaled where positive-heavy, standardised, scored by PyOD's isolation
  forest, LOF or kNN (Zhao, Nasrullah & Li 2019, "PyOD: A Python toolbox for scalable outlier
  detection", JMLR 20(96):1-7). Unsupervised detectors of this kind were compared for seizure
  labelling in "Evaluation of unsupervised anomaly detection techniques in labelling epileptic
  seizures on human EEG", Appl. Sci. 13(9):5655 (2023), doi:10.3390/app13095655, and Toliopoulos,
  Gounaris & Laskaris (2025), "Unsupervised detection of sub-sequence anomalies in epilepsy EEG",
  Comput. Biol. Med., doi:10.1016/j.compbiomed.2025.110168.
* :class:`MatrixProfileDetector` -- the matrix profile (Yeh et al. 2016, "Matrix Profile I:
  all pairs similarity joins for time series", IEEE ICDM, pp. 1317-1322): the z-normalised distance
  of every length-``m`` subsequence to its nearest neighbour. Fitted on seizure-free data it keeps
  that signal as the reference; a test subsequence's score is its distance to the nearest reference
  subsequence (an AB-join: a discord with respect to normal EEG), and a window scores the maximum
  over the subsequences starting inside it. ``engine="stumpy"`` uses ``stumpy.stump`` (numba: the
  first call in a process compiles for about a minute); ``engine="numpy"`` is the same exact
  profile by blocked matrix products (O(n_a n_b m), fast for the minutes-long signals of the track).
"""
from __future__ import annotations

import numpy as np
from scipy.stats import binom

from deeproots.errors import DeeprootsError
from deeproots.research.eeg import features
from deeproots.research.eeg.recording import Windows


def persistence(flags, n: int, window: int) -> np.ndarray:
    """Event flags: True at t when at least ``n`` of ``flags[t - window + 1 .. t]`` are True (causal;
    the first windows count the flags seen so far). Gardner et al. 2006's persistence gate: a
    scattered outlier does not raise an event, a sustained run of outliers does."""
    flags = np.asarray(flags, dtype=bool)
    if not 1 <= n <= window:
        raise DeeprootsError(f"persistence needs 1 <= n <= window (got n={n}, window={window}); "
                             f"e.g. n=3, window=5: 3 outliers among the last 5 windows")
    counts = np.cumsum(flags, dtype=np.int64)
    counts[window:] -= counts[:-window].copy()
    return counts >= n


def binomial_count(nu: float, window: int, alpha: float = 0.01) -> int:
    """Smallest n with P(Binomial(window, nu) >= n) <= alpha: the number of outliers among
    ``window`` windows that rejects "the outlier fraction is still nu" at level alpha."""
    n = np.arange(1, window + 1)
    ok = binom.sf(n - 1, window, nu) <= alpha
    if not ok.any():
        raise DeeprootsError(f"no outlier count among {window} windows is significant at alpha={alpha} for "
                             f"nu={nu}; use a longer persistence window or a larger alpha")
    return int(n[ok][0])


def _check_fraction(name: str, value: float, high: float = 0.5) -> float:
    if not 0 < value < high:
        raise DeeprootsError(f"{name} must be in (0, {high}) (got {value}); e.g. {name}=0.05 expects 5% outliers")
    return float(value)


class _Detector:
    """PyOD-style threshold and prediction over a ``_scores(X)`` hook."""

    contamination: float

    def _set_training_scores(self, scores: np.ndarray) -> None:
        self.decision_scores_ = np.asarray(scores, dtype=np.float64)
        self.threshold_ = float(np.percentile(self.decision_scores_, 100 * (1 - self.contamination)))
        self.labels_ = (self.decision_scores_ > self.threshold_).astype(int)

    def _check_fitted(self) -> None:
        if not hasattr(self, "threshold_"):
            raise DeeprootsError(f"{type(self).__name__} is not fitted yet; call fit(seizure_free_windows) first")

    def decision_function(self, X) -> np.ndarray:
        self._check_fitted()
        return self._scores(X)

    def predict(self, X) -> np.ndarray:
        """0/1 per window: 1 where the score exceeds ``threshold_``."""
        return (self.decision_function(X) > self.threshold_).astype(int)

    def fit_predict(self, X) -> np.ndarray:
        return self.fit(X).labels_


class GardnerOneClassSVM(_Detector):
    """One-class nu-SVM on log energy features (Gardner et al. 2006), with a persistence gate.

    ``nu``: the SVM's outlier-fraction bound (paper: the false-positive control); ``contamination``
    (default nu) sets ``threshold_``; ``gamma``: RBF width (sklearn's "scale" by default);
    ``persistence_window``: windows per persistence run; ``alpha``: level of the binomial test that
    sets how many outliers in a run make an event (:func:`binomial_count`)."""

    def __init__(self, nu: float = 0.05, gamma="scale", contamination: float | None = None,
                 persistence_window: int = 5, alpha: float = 0.01, fs: float | None = None):
        self.nu = _check_fraction("nu", nu, 1.0)
        self.gamma = gamma
        self.contamination = _check_fraction("contamination", nu if contamination is None else contamination)
        if persistence_window < 1:
            raise DeeprootsError(f"persistence_window must be >= 1 window (got {persistence_window})")
        self.persistence_window = int(persistence_window)
        self.alpha = _check_fraction("alpha", alpha)
        self.fs = fs

    def _features(self, X) -> np.ndarray:
        x, fs, _ = features.as_array(X, self.fs if self.fs is not None else 1.0)
        energy = features.gardner_energy(x, fs)  # (n, channels, 3); Teager energy can dip below 0
        return np.log(np.maximum(energy, 1e-12)).reshape(len(x), -1)

    def fit(self, X, y=None) -> GardnerOneClassSVM:
        from sklearn.preprocessing import StandardScaler
        from sklearn.svm import OneClassSVM
        feats = self._features(X)
        self.scaler_ = StandardScaler().fit(feats)
        self.svm_ = OneClassSVM(kernel="rbf", nu=self.nu, gamma=self.gamma).fit(self.scaler_.transform(feats))
        self.persistence_n_ = binomial_count(self.nu, self.persistence_window, self.alpha)
        self._set_training_scores(self._scores_of(feats))
        return self

    def _scores_of(self, feats: np.ndarray) -> np.ndarray:
        return -self.svm_.decision_function(self.scaler_.transform(feats))  # > 0 outside the support

    def _scores(self, X) -> np.ndarray:
        return self._scores_of(self._features(X))

    def outliers(self, X) -> np.ndarray:
        """The SVM's own outlier flags (outside the learned support), before persistence."""
        self._check_fitted()
        return self._scores(X) > 0

    def predict_events(self, X) -> np.ndarray:
        """Persistence-gated event flags per window (X in time order, one recording)."""
        return persistence(self.outliers(X), self.persistence_n_, self.persistence_window)


class HjorthDetector(_Detector):
    """Hjorth activity/mobility/complexity + line length per channel, scored by a PyOD detector.

    ``method``: "iforest" (pyod.models.iforest.IForest), "lof" (pyod.models.lof.LOF) or "knn"
    (pyod.models.knn.KNN); ``**params`` go to it. Activity and line length are log-scaled, then all
    features standardised on the training windows."""

    METHODS = ("iforest", "lof", "knn")

    def __init__(self, method: str = "iforest", contamination: float = 0.05, random_state: int = 0,
                 fs: float | None = None, **params):
        if method not in self.METHODS:
            raise DeeprootsError(f"unknown HjorthDetector method {method!r}; choose one of {self.METHODS}")
        self.method = method
        self.contamination = _check_fraction("contamination", contamination)
        self.random_state = random_state
        self.fs = fs
        self.params = params

    def _features(self, X) -> np.ndarray:
        x, fs, _ = features.as_array(X, self.fs)
        h = features.hjorth(x, fs)
        ll = features.line_length(x, fs)
        stacked = np.concatenate([np.log1p(h[..., :1]), h[..., 1:], np.log1p(ll[..., None])], axis=-1)
        return stacked.reshape(len(x), -1)

    def _make(self):
        if self.method == "iforest":
            from pyod.models.iforest import IForest
            return IForest(contamination=self.contamination, random_state=self.random_state, **self.params)
        if self.method == "lof":
            from pyod.models.lof import LOF
            return LOF(contamination=self.contamination, **self.params)
        from pyod.models.knn import KNN
        return KNN(contamination=self.contamination, **self.params)

    def fit(self, X, y=None) -> HjorthDetector:
        from sklearn.preprocessing import StandardScaler
        feats = self._features(X)
        self.scaler_ = StandardScaler().fit(feats)
        self.model_ = self._make().fit(self.scaler_.transform(feats))
        self.decision_scores_ = np.asarray(self.model_.decision_scores_, dtype=np.float64)
        self.threshold_ = float(self.model_.threshold_)
        self.labels_ = np.asarray(self.model_.labels_, dtype=int)
        return self

    def _scores(self, X) -> np.ndarray:
        return np.asarray(self.model_.decision_function(self.scaler_.transform(self._features(X))), dtype=np.float64)


def _signal(X) -> tuple[np.ndarray, np.ndarray, int]:
    """The continuous (channels, samples) signal behind windows (NaN in gaps between them, e.g.
    where seizure windows were left out of training), each window's first sample, its size."""
    x, fs, _ = features.as_array(X, 1.0)
    size = x.shape[-1]
    if isinstance(X, Windows):
        offsets = np.round((X.starts - X.starts[0]) * X.fs).astype(np.int64)
        if np.any(np.diff(offsets) <= 0):
            raise DeeprootsError("the matrix profile needs windows in time order from one recording; "
                                 "pass windows(recording) or a time-ordered subset of it")
    else:
        offsets = np.arange(len(x), dtype=np.int64) * size  # a bare array: contiguous windows
    signal = np.full((x.shape[1], offsets[-1] + size), np.nan)
    for offset, window in zip(offsets, x):  # overlapping windows write the same samples again
        signal[:, offset:offset + size] = window
    return signal, offsets, size


def _subsequences(t: np.ndarray, m: int, normalize: bool) -> np.ndarray:
    sub = np.lib.stride_tricks.sliding_window_view(t, m)
    if not normalize:
        return sub
    sd = sub.std(axis=1, keepdims=True)
    return (sub - sub.mean(axis=1, keepdims=True)) / np.where(sd > 1e-12, sd, np.inf)


def ab_profile_numpy(t_a: np.ndarray, t_b: np.ndarray, m: int, exclude: int | None = None,
                     normalize: bool = True) -> np.ndarray:
    """Exact AB-join matrix profile of ``t_a`` against ``t_b``: for each length-``m`` subsequence of
    ``t_a``, the Euclidean distance (of z-normalised subsequences when ``normalize``) to its nearest
    subsequence of ``t_b``. Self-join when ``exclude`` is set: neighbours within ``exclude``
    positions are ignored (stumpy's ceil(m/4) exclusion zone). A constant subsequence normalises to
    zeros; one containing NaN gets distance inf and is no neighbour. Blocked matrix products, one
    BLAS thread."""
    from threadpoolctl import threadpool_limits
    a_ok = ~np.isnan(np.lib.stride_tricks.sliding_window_view(t_a, m)).any(axis=1)
    b_ok = np.flatnonzero(~np.isnan(np.lib.stride_tricks.sliding_window_view(t_b, m)).any(axis=1))
    a = np.where(a_ok[:, None], _subsequences(np.nan_to_num(t_a), m, normalize), 0.0)
    b = _subsequences(np.nan_to_num(t_b), m, normalize)[b_ok]  # subsequences touching a gap: no neighbour
    b_sq = (b * b).sum(axis=1)
    a_sq = (a * a).sum(axis=1)
    band = None if exclude is None else np.arange(-exclude, exclude + 1)
    out = np.empty(len(a))
    rows = max(1, (1 << 21) // max(1, len(b)))
    with threadpool_limits(1):
        for i in range(0, len(a), rows):
            score = a[i:i + rows] @ b.T  # normalised: m * Pearson correlation; maximise
            if not normalize:  # squared distance a² + b² - 2 a.b: maximise 2 a.b - b²
                score *= 2
                score -= b_sq
            if band is not None:  # self-join: no neighbour within the exclusion zone
                idx = np.arange(i, i + len(score))[:, None] + band[None, :]
                pos = np.minimum(np.searchsorted(b_ok, idx), len(b_ok) - 1)
                hit = b_ok[pos] == idx
                score[np.nonzero(hit)[0], pos[hit]] = -np.inf
            best = score.max(axis=1)
            sq = 2 * (m - best) if normalize else a_sq[i:i + rows] - best
            out[i:i + rows] = np.sqrt(np.maximum(sq, 0))
    out[~a_ok] = np.inf  # as stumpy does for subsequences with NaN
    return out


class MatrixProfileDetector(_Detector):
    """Matrix-profile discord score per window (Yeh et al. 2016), against seizure-free reference EEG.

    ``m``: subsequence length in samples; ``channel``: an int (one channel) or "mean" (the channel
    average as a summary signal); ``engine``: "numpy" or "stumpy". Windows must come in time order
    from one recording (their ``starts`` place them; a bare array is taken as contiguous)."""

    def __init__(self, m: int = 64, channel: int | str = "mean", contamination: float = 0.05, engine: str = "numpy",
                 normalize: bool = True):
        if int(m) < 4:
            raise DeeprootsError(f"matrix profile subsequence length m must be >= 4 samples (got {m})")
        if engine not in ("numpy", "stumpy"):
            raise DeeprootsError(f"unknown matrix profile engine {engine!r}; choose 'numpy' or 'stumpy'")
        self.m = int(m)
        self.channel = channel
        self.contamination = _check_fraction("contamination", contamination)
        self.engine = engine
        self.normalize = bool(normalize)

    def _summary(self, signal: np.ndarray) -> np.ndarray:
        if self.channel == "mean":
            return signal.mean(axis=0)
        if isinstance(self.channel, (int, np.integer)) and 0 <= self.channel < len(signal):
            return signal[int(self.channel)]
        raise DeeprootsError(f"channel must be 'mean' or a channel index in 0..{len(signal) - 1} "
                             f"(got {self.channel!r})")

    def _profile(self, t_a: np.ndarray, t_b: np.ndarray | None, size: int) -> np.ndarray:
        if self.m > size:
            raise DeeprootsError(f"the subsequence length m={self.m} is longer than a window ({size} samples); "
                                 f"use m <= {size}")
        if self.engine == "stumpy":
            import stumpy
            if t_b is None:
                profile = stumpy.stump(t_a, self.m, normalize=self.normalize)
            else:
                profile = stumpy.stump(t_a, self.m, T_B=t_b, ignore_trivial=False, normalize=self.normalize)
            return np.asarray(profile[:, 0], dtype=np.float64)
        exclude = int(np.ceil(self.m / 4)) if t_b is None else None
        return ab_profile_numpy(t_a, t_a if t_b is None else t_b, self.m, exclude, self.normalize)

    def _to_windows(self, profile: np.ndarray, offsets: np.ndarray, size: int) -> np.ndarray:
        """Max of the profile over subsequences starting inside each window."""
        last = len(profile) - 1
        starts = np.minimum(offsets, last)
        stops = np.minimum(offsets + size, last + 1)
        padded = np.concatenate([np.where(np.isfinite(profile), profile, -np.inf), [-np.inf]])
        best = np.full(len(offsets), -np.inf)
        for k in range(size):  # size steps of a vectorised gather; windows are short
            idx = np.where(starts + k < stops, starts + k, last + 1)
            best = np.maximum(best, padded[idx])
        return best

    def fit(self, X, y=None) -> MatrixProfileDetector:
        signal, offsets, size = _signal(X)
        self.reference_ = self._summary(signal)
        self._set_training_scores(self._to_windows(self._profile(self.reference_, None, size), offsets, size))
        return self

    def _scores(self, X) -> np.ndarray:
        signal, offsets, size = _signal(X)
        return self._to_windows(self._profile(self._summary(signal), self.reference_, size), offsets, size)
