"""Band power of EEG channels by Welch's method: segment, window, FFT, average, integrate.

Source: P. D. Welch (1967), "The use of fast Fourier transform for the estimation of power
spectra: a method based on time averaging over short, modified periodograms", IEEE Trans.
Audio and Electroacoustics AU-15(2):70-73; the reference implementation is
scipy.signal.welch (its documentation lists the defaults used below: window 'hann',
noverlap = nperseg // 2, detrend 'constant', scaling 'density', one-sided, average 'mean').
In this branch (research: EEG seizure detection, after Gardner et al. 2006, JMLR 7) band
powers are the first features computed on every EEG window.
https://docs.scipy.org/doc/scipy/reference/generated/scipy.signal.welch.html

One periodogram of a noisy signal has a variance as large as its mean, however long the
signal. Welch cuts the signal into overlapping segments, tapers each with a window (less
leakage between frequencies), and averages their periodograms: less variance, at the price
of a coarser frequency resolution df = fs / nperseg.

The recipe (exactly scipy.signal.welch's defaults), for each channel of x:

  1. Segments: noverlap = nperseg // 2, step = nperseg - noverlap; segment s is
     x[s*step : s*step + nperseg] for s = 0 .. K-1, with K = (N - nperseg) // step + 1
     (N = number of samples; trailing samples that do not fill a segment are dropped).
  2. Detrend: subtract each segment's own mean.
  3. Window: the *periodic* Hann window w[n] = 0.5 - 0.5 cos(2 pi n / nperseg),
     n = 0 .. nperseg-1 (NOT np.hanning, which is the symmetric one, cos(2 pi n / (nperseg-1))).
  4. Periodogram of each windowed segment, density scaling:
         P_s[k] = |rfft(w * segment)[k]|^2 / (fs * sum_n w[n]^2),   k = 0 .. nperseg // 2
     Dividing by sum w^2 (not by nperseg) undoes the power the window removed.
  5. Average: psd[k] = mean over s of P_s[k].
  6. One-sided: the negative frequencies carry the same power as the positive ones, so
     double every bin except k = 0 (DC) and, when nperseg is even, the last bin (Nyquist,
     which has no mirror image): psd[1:(nperseg + 1) // 2] *= 2.
     The frequencies are f[k] = k * fs / nperseg.

Band power of a band [lo, hi) is the PSD integrated over it, as a sum over bins:
     power = sum of psd[k] over the bins with lo <= f[k] < hi, times df = fs / nperseg.
Summed over all bins this gives the segments' mean power (about the variance of x).

Shapes:
  welch_psd(x, fs, nperseg) -> (freqs, psd): x is (channels, N) float with N >= nperseg;
      freqs is (nperseg // 2 + 1,), psd is (channels, nperseg // 2 + 1), units x^2 / Hz.
  band_powers(x, fs, bands, nperseg) -> (channels, len(bands)): bands is a list of
      [lo, hi] pairs in Hz, column j is the power of band j.

Tiny example: x = [[1, -1, 1, -1]], fs = 4, nperseg = 4: one segment, mean 0;
w = [0, 0.5, 1, 0.5], w * x = [0, -0.5, 1, -0.5], rfft = [0, -1, 2], |.|^2 = [0, 1, 4],
sum w^2 = 1.5, so P = [0, 1, 4] / 6; doubling bin 1 (not DC, not Nyquist):
psd = [[0, 1/3, 2/3]] at freqs [0, 1, 2]. The band [0, 3) holds (1/3 + 2/3) * 1 = 1, the
variance of x. A pure sine A sin(2 pi f0 t) has power A^2 / 2, and it all lands in the
band that contains f0 (and its two neighbouring bins, where the Hann window spreads it).

Write the segmenting, windowing and FFT yourself (np.fft.rfft is fine).

Do not use: scipy.signal.welch, scipy.signal.periodogram, scipy.signal.spectrogram,
scipy.signal.csd, scipy.signal.stft.
"""
import numpy as np


def welch_psd(x: np.ndarray, fs: float, nperseg: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (freqs, psd): Welch's one-sided PSD of each channel of x (channels, N)."""
    # TODO: cut segments (step = nperseg - nperseg // 2), subtract their means, multiply by the
    # periodic Hann window, rfft, |.|^2 / (fs * sum(w**2)), average, double the one-sided bins.
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    n = x.shape[-1]
    step = nperseg - nperseg // 2
    count = (n - nperseg) // step + 1
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(nperseg) / nperseg)
    index = step * np.arange(count)[:, None] + np.arange(nperseg)  # (count, nperseg)
    segments = x[:, index]  # (channels, count, nperseg)
    segments = segments - segments.mean(axis=-1, keepdims=True)
    spectra = np.fft.rfft(segments * window, axis=-1)
    psd = (np.abs(spectra) ** 2 / (fs * np.sum(window ** 2))).mean(axis=1)
    psd[:, 1:(nperseg + 1) // 2] *= 2
    freqs = np.arange(nperseg // 2 + 1) * fs / nperseg
    return freqs, psd
    ### END SOLUTION


def band_powers(x: np.ndarray, fs: float, bands: list, nperseg: int) -> np.ndarray:
    """Return the (channels, len(bands)) power of each channel in each [lo, hi) band."""
    # TODO: welch_psd, then for each band sum psd over lo <= f < hi and multiply by fs / nperseg.
    ### BEGIN SOLUTION
    freqs, psd = welch_psd(x, fs, nperseg)
    df = fs / nperseg
    columns = [psd[:, (freqs >= lo) & (freqs < hi)].sum(axis=-1) * df for lo, hi in bands]
    return np.stack(columns, axis=-1)
    ### END SOLUTION
