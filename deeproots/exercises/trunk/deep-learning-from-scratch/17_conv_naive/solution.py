"""The convolutional layer, naively: forward and backward with stride and zero padding.

Source: Stanford CS231n, assignment 2 "ConvolutionalNetworks.ipynb" (cs231n/layers.py:
conv_forward_naive and conv_backward_naive); CS231n notes "Convolutional Neural Networks"
(section "Convolutional Layer", the spatial-arrangement formula (W - F + 2P)/S + 1);
Goodfellow, Bengio & Courville, Deep Learning §9.1 (Eq. 9.6: what deep-learning libraries
call convolution is cross-correlation, the kernel is NOT flipped) and §9.5 (stride, zero
padding, and the gradients of a convolution, Eq. 9.8 to 9.14).
https://cs231n.github.io/

A convolutional layer slides F small filters over an image. Each filter looks at all C
channels of an HH x WW window and produces one number per window position; the window
moves by `stride` pixels, over the input surrounded by `pad` rows/columns of zeros.

Shapes:
    x    (N, C, H, W)       N images with C channels
    w    (F, C, HH, WW)     F filters
    b    (F,)               one bias per filter
    conv_param = {"stride": s, "pad": p}     two positive / non-negative ints
    out  (N, F, H', W')     H' = 1 + (H + 2p - HH) / s,   W' = 1 + (W + 2p - WW) / s

Forward. With xp = x padded by p zeros on both sides of each spatial axis
(np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))):

    out[n, f, i, j] = b[f] + sum_{c, u, v} w[f, c, u, v] * xp[n, c, i*s + u, j*s + v]

(a cross-correlation: do not flip the filter). Raise ValueError when the shapes do not fit:
x and w have a different number of channels C, or H + 2p - HH (or W + 2p - WW) is negative
or not a multiple of s (CS231n asserts that H' and W' are integers).

Backward. Given dout = dL/dout (N, F, H', W'), every term of the sum above sends its
gradient back to the two factors it multiplied:

    db[f]                        = sum_{n, i, j} dout[n, f, i, j]
    dw[f, c, u, v]              += dout[n, f, i, j] * xp[n, c, i*s + u, j*s + v]
    dxp[n, c, i*s + u, j*s + v] += dout[n, f, i, j] * w[f, c, u, v]

Windows overlap when s < HH, so accumulate with +=. Finally crop the padding:
dx = dxp[:, :, p:p + H, p:p + W]. dx, dw, db have the shapes of x, w, b.

Loops are expected here (this is the "naive" version; exercise im2col-conv makes it fast):
loop over n, f, i, j and let NumPy do the sum over (c, u, v) of one window:
np.sum(window * w[f]). Library convolutions are off limits here.
Do not use: torch.*, scipy.signal.convolve2d, scipy.signal.correlate2d,
scipy.signal.correlate, scipy.signal.convolve.

The cache must be plain data: return cache = (x, w, b, conv_param).

Tiny example (N = C = F = 1, s = 1, p = 0, so H' = W' = 1 + 3 - 2 = 2):
    x = [[1, 2, 3],      w = [[0, 1],      b = [0]
         [4, 5, 6],           [2, 0]]
         [7, 8, 9]]
    out[i, j] = x[i, j+1] + 2 x[i+1, j] = [[10, 13], [19, 22]]
    (the flipped filter [[0, 2], [1, 0]] would give [[8, 11], [17, 20]]: wrong).
    With dout = [[1, 1], [1, 1]]: db = [4], dw = [[12, 16], [24, 28]] (sums of the four
    2x2 blocks of x), dx = [[0, 1, 1], [2, 3, 1], [2, 2, 0]].
With s = 2 and p = 0 the same x and w raise ValueError: 3 - 2 = 1 is not a multiple of 2.
"""
import numpy as np
### BEGIN SOLUTION


def _output_size(size: int, kernel: int, stride: int, pad: int) -> int:
    span = size + 2 * pad - kernel
    if span < 0 or span % stride != 0:
        raise ValueError(f"a {kernel}-wide filter with stride {stride} and padding {pad} "
                         f"does not tile an input of size {size}")
    return 1 + span // stride
### END SOLUTION


def conv_forward_naive(x: np.ndarray, w: np.ndarray, b: np.ndarray,
                       conv_param: dict) -> tuple[np.ndarray, tuple]:
    """Return (out, cache): the cross-correlation of x with the filters w, plus b."""
    # TODO: check the shapes (ValueError), compute H' and W', pad x with np.pad, then
    # loop over n, f, i, j: out[n, f, i, j] = sum of (window * w[f]) + b[f].
    ### BEGIN SOLUTION
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, Cw, HH, WW = w.shape
    if C != Cw:
        raise ValueError(f"x has {C} channels but the filters expect {Cw}")
    H_out = _output_size(H, HH, stride, pad)
    W_out = _output_size(W, WW, stride, pad)
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.zeros((N, F, H_out, W_out))
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    top, left = i * stride, j * stride
                    window = xp[n, :, top:top + HH, left:left + WW]
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    return out, (x, w, b, conv_param)
    ### END SOLUTION


def conv_backward_naive(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (dx, dw, db), with the shapes of x, w and b."""
    # TODO: db sums dout over (n, i, j); loop over n, f, i, j accumulating into dw[f] and
    # into the window of a padded dx; crop the padding at the end.
    ### BEGIN SOLUTION
    x, w, b, conv_param = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    _, _, H_out, W_out = dout.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    db = dout.sum(axis=(0, 2, 3))
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    row, col = i * stride, j * stride
                    dxp[n, :, row:row + HH, col:col + WW] += dout[n, f, i, j] * w[f]
                    dw[f] += dout[n, f, i, j] * xp[n, :, row:row + HH, col:col + WW]
    dx = dxp[:, :, pad:pad + H, pad:pad + W]
    return dx, dw, db
    ### END SOLUTION
