"""Max pooling: forward and backward, with the gradient routed to the argmax.

Source: Stanford CS231n, assignment 2 "ConvolutionalNetworks.ipynb" (cs231n/layers.py:
max_pool_forward_naive and max_pool_backward_naive); CS231n notes "Convolutional Neural
Networks" (section "Pooling Layer", including "Getting rid of pooling" and the backward
pass through max(x, y)); Goodfellow, Bengio & Courville, Deep Learning §9.3 (pooling).
https://cs231n.github.io/

A max-pooling layer shrinks each channel of an image on its own: it slides a
pool_height x pool_width window by `stride` pixels and keeps the largest value of each
window. It has no parameters. Backward, max(a, b, ...) passes its whole upstream gradient
to the input that was the maximum and nothing to the others (a "gradient router").

Shapes:
    x     (N, C, H, W)
    pool_param = {"pool_height": PH, "pool_width": PW, "stride": s}   positive ints
    out   (N, C, H', W')     H' = 1 + (H - PH) // s,   W' = 1 + (W - PW) // s
No padding. When the windows do not tile the input exactly, the last rows/columns that
cannot fill a whole window are ignored (the floor above, as torch's max_pool2d does by
default). Windows overlap when s < PH or s < PW.

Forward:
    out[n, c, i, j] = max over u < PH, v < PW of x[n, c, i*s + u, j*s + v]

Backward, given dout (N, C, H', W'): for each window, find the position (u*, v*) of its
maximum and add dout[n, c, i, j] to dx[n, c, i*s + u*, j*s + v*]; every other entry of the
window gets nothing from this window. Overlapping windows can pick the same pixel, so
accumulate with +=. dx has the shape of x.

Ties. When several entries of a window equal its maximum, the whole gradient goes to the
FIRST one in row-major order (reading the window row by row, left to right): exactly what
np.argmax on the flattened window returns (then np.unravel_index(k, (PH, PW)) gives u*, v*).
Do not split the gradient between tied entries and do not copy it to all of them: the
checks test this rule on windows with ties. (Mathematically max has no derivative at a tie;
"first max" is the usual convention, and the one of CS231n's and PyTorch's CPU kernels.)

Loops over n, c, i, j are fine (this is the naive version).
Do not use: torch.*.
The cache must be plain data: return cache = (x, pool_param).

Tiny example (N = C = 1, PH = PW = s = 2):
    x = [[1, 3, 2, 0],        out = [[4, 2],
         [4, 1, 1, 2],               [7, 9]]
         [5, 0, 9, 8],
         [6, 7, 3, 8]]
    with dout = [[10, 20], [30, 40]]:
    dx = [[ 0, 0, 20,  0],     (the top-right window [[2, 0], [1, 2]] has a tie between
          [10, 0,  0,  0],      2 at (0, 0) and 2 at (1, 1): the first, (0, 0), gets 20)
          [ 0, 0, 40,  0],
          [ 0, 30, 0,  0]]
"""
import numpy as np


### BEGIN SOLUTION
def _output_shape(x_shape: tuple, pool_param: dict) -> tuple[int, int]:
    _, _, H, W = x_shape
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    return 1 + (H - ph) // stride, 1 + (W - pw) // stride


### END SOLUTION
def max_pool_forward_naive(x: np.ndarray, pool_param: dict) -> tuple[np.ndarray, tuple]:
    """Return (out, cache): the maximum of every pool_height x pool_width window."""
    # TODO: compute H' and W' with the floor formula, loop over n, c, i, j and take the max
    # of the window starting at (i * stride, j * stride).
    ### BEGIN SOLUTION
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, _, _ = x.shape
    H_out, W_out = _output_shape(x.shape, pool_param)
    out = np.zeros((N, C, H_out, W_out))
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    top, left = i * stride, j * stride
                    out[n, c, i, j] = x[n, c, top:top + ph, left:left + pw].max()
    return out, (x, pool_param)
    ### END SOLUTION


def max_pool_backward_naive(dout: np.ndarray, cache: tuple) -> np.ndarray:
    """Return dx (the shape of x): each dout goes to the first maximum of its window."""
    # TODO: for each window, k = np.argmax(window) (flattened, so the first max wins),
    # (u, v) = np.unravel_index(k, (PH, PW)); dx[n, c, top + u, left + v] += dout[n, c, i, j].
    ### BEGIN SOLUTION
    x, pool_param = cache
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, _, _ = x.shape
    H_out, W_out = _output_shape(x.shape, pool_param)
    dx = np.zeros(x.shape)
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    top, left = i * stride, j * stride
                    window = x[n, c, top:top + ph, left:left + pw]
                    u, v = np.unravel_index(np.argmax(window), (ph, pw))
                    dx[n, c, top + u, left + v] += dout[n, c, i, j]
    return dx
    ### END SOLUTION
