"""CoordConv's coordinate channels: tell a convolution where it is.

Source: Liu et al. (2018), "An intriguing failing of convolutional neural networks and the
CoordConv solution" (NeurIPS), section 2 (the CoordConv layer, Figure 3). Course: the
cnn-limitations lab, after the Not-so-Clevr data set (deeproots.lab.datasets.coords); the
lab's coordconv experiment trains a model built on exactly these channels.
https://arxiv.org/abs/1807.03247

A convolution is translation-equivariant: the same filter runs at every pixel, so it cannot
tell *where* it is. CoordConv fixes this by concatenating extra input channels that hold
each pixel's own coordinates, scaled to [-1, 1]; the next convolution can then use them (or
learn to ignore them and stay translation-equivariant).

Convention (the paper's): for a batch x of shape (N, C, H, W), pixel (row h, column w) gets

    i[h, w] = -1 + 2 h / (H - 1)     the row coordinate: constant along each row,
                                      -1 on the first row (h = 0), +1 on the last (h = H - 1)
    j[h, w] = -1 + 2 w / (W - 1)     the column coordinate: constant down each column,
                                      -1 in the first column, +1 in the last
    r[h, w] = sqrt(i[h, w]^2 + j[h, w]^2)    (only with with_r=True): distance from the centre

If H == 1 the i channel is all 0 (there is no spread to scale); likewise j when W == 1.
The channels are the same for every image of the batch.

Shapes: x is a NumPy array (N, C, H, W) (any N, C >= 1, H, W >= 1; H and W need not be equal).
The result is (N, C + 2, H, W), or (N, C + 3, H, W) with with_r=True, channels in the order
[x's C channels unchanged, i, j] (then r). Return a floating array (float64, or x's dtype
if x is floating); do not modify x.

Tiny example: x of shape (1, 1, 2, 3) gives
    i = [[-1, -1, -1],        j = [[-1, 0, 1],
         [ 1,  1,  1]]             [-1, 0, 1]]
and with with_r=True, r[0, 0] = sqrt(2), r[0, 1] = 1.

NumPy is all it takes (np.linspace / np.meshgrid / broadcasting / np.concatenate).

Do not use: deeproots.*.
"""
import numpy as np


### BEGIN SOLUTION
def _axis(n: int) -> np.ndarray:
    if n == 1:
        return np.zeros(1)
    return np.linspace(-1.0, 1.0, n)


### END SOLUTION
def add_coord_channels(x: np.ndarray, with_r: bool = False) -> np.ndarray:
    """Return x (N, C, H, W) with the i and j coordinate channels (and r if with_r) appended."""
    # TODO: build i (H,) and j (W,) in [-1, 1] (0 when the side is 1), broadcast them to
    # (N, 1, H, W) each, and concatenate [x, i, j] (plus r = sqrt(i**2 + j**2)) along axis 1.
    ### BEGIN SOLUTION
    x = np.asarray(x)
    n, _, h, w = x.shape
    dtype = x.dtype if np.issubdtype(x.dtype, np.floating) else np.float64
    i = np.broadcast_to(_axis(h)[:, None], (h, w))
    j = np.broadcast_to(_axis(w)[None, :], (h, w))
    channels = [i, j]
    if with_r:
        channels.append(np.sqrt(i**2 + j**2))
    coords = np.broadcast_to(np.stack(channels).astype(dtype), (n, len(channels), h, w))
    return np.concatenate([x.astype(dtype, copy=False), coords], axis=1)
    ### END SOLUTION
