"""Reference solution: im2col / col2im and the convolutional layer as one matrix product."""
import numpy as np


def _output_size(size: int, kernel: int, stride: int, pad: int) -> int:
    return 1 + (size + 2 * pad - kernel) // stride


def im2col(x: np.ndarray, HH: int, WW: int, stride: int, pad: int) -> np.ndarray:
    N, C, H, W = x.shape
    H_out, W_out = _output_size(H, HH, stride, pad), _output_size(W, WW, stride, pad)
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    cols = np.empty((N, H_out, W_out, C, HH, WW), dtype=xp.dtype)
    for u in range(HH):
        for v in range(WW):
            # Pixel (u, v) of every window at once: (N, C, H', W').
            patch = xp[:, :, u:u + stride * H_out:stride, v:v + stride * W_out:stride]
            cols[:, :, :, :, u, v] = patch.transpose(0, 2, 3, 1)
    return cols.reshape(N * H_out * W_out, C * HH * WW)


def col2im(cols: np.ndarray, x_shape: tuple, HH: int, WW: int, stride: int, pad: int) -> np.ndarray:
    N, C, H, W = x_shape
    H_out, W_out = _output_size(H, HH, stride, pad), _output_size(W, WW, stride, pad)
    cols = cols.reshape(N, H_out, W_out, C, HH, WW)
    xp = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=cols.dtype)
    for u in range(HH):
        for v in range(WW):
            xp[:, :, u:u + stride * H_out:stride, v:v + stride * W_out:stride] += \
                cols[:, :, :, :, u, v].transpose(0, 3, 1, 2)
    return xp[:, :, pad:pad + H, pad:pad + W]


def conv_forward_im2col(x: np.ndarray, w: np.ndarray, b: np.ndarray,
                        conv_param: dict) -> tuple[np.ndarray, tuple]:
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, _, H, W = x.shape
    F, _, HH, WW = w.shape
    H_out, W_out = _output_size(H, HH, stride, pad), _output_size(W, WW, stride, pad)
    cols = im2col(x, HH, WW, stride, pad)
    out = cols @ w.reshape(F, -1).T + b
    out = out.reshape(N, H_out, W_out, F).transpose(0, 3, 1, 2)
    return out, (x, w, b, conv_param, cols)


def conv_backward_im2col(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x, w, b, conv_param, cols = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    F, _, HH, WW = w.shape
    dout2 = dout.transpose(0, 2, 3, 1).reshape(-1, F)
    db = dout2.sum(axis=0)
    dw = (dout2.T @ cols).reshape(w.shape)
    dcols = dout2 @ w.reshape(F, -1)
    dx = col2im(dcols, x.shape, HH, WW, stride, pad)
    return dx, dw, db
