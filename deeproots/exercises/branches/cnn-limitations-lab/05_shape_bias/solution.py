"""Shape bias: does a classifier follow the shape or the texture when the two disagree?

Source: Geirhos et al. (2019), "ImageNet-trained CNNs are biased towards texture; increasing
shape bias improves accuracy and robustness" (ICLR), section 2 ("cue conflict") and Figure 4.
Course: the cnn-limitations lab; the cue-conflict split of deeproots.lab.datasets.texture_shape
fills shape i with texture j != i, so each image carries a shape label and a texture label.
https://arxiv.org/abs/1811.12231

On a cue-conflict image a prediction can name the shape (a *shape decision*), name the texture
(a *texture decision*), or name neither (ignored: it says nothing about which cue was used).
The shape bias is the share of shape decisions among the decisions:

    shape_bias = #{pred == shape} / (#{pred == shape} + #{pred == texture})

over the images where pred names the shape or the texture; it is nan if there is none.
(Should shape == texture somewhere, a matching prediction counts once, as a shape decision;
cue-conflict images never have that.) 1.0 means purely shape-driven, 0.0 purely texture-driven;
Geirhos et al. report about 0.2 for ImageNet-trained ResNet-50 and 0.96 for humans.

The per-class shape bias groups the images by their SHAPE label: entry k is the shape bias over
the images whose shape_labels == k (nan where class k has no shape or texture decision, or no
image at all).

Shapes: pred, shape_labels, texture_labels are (n,) integer arrays of class indices in
0..n_classes-1. shape_bias returns a Python float; per_class_shape_bias returns an (n_classes,)
float array.

Tiny example: pred = [0, 1, 2, 3], shape_labels = [0, 1, 1, 2], texture_labels = [1, 0, 2, 0]:
images 0 and 1 are shape decisions, image 2 a texture decision, image 3 neither, so the shape
bias is 2/3. Per class (n_classes = 4): class 0 -> 1.0 (image 0), class 1 -> 0.5 (images 1, 2),
class 2 -> nan (image 3 decides nothing), class 3 -> nan (no image).

No Python loop over the images is needed: boolean masks, sums and np.bincount do it.

Do not use: deeproots.*.
"""
import numpy as np


def shape_bias(pred: np.ndarray, shape_labels: np.ndarray, texture_labels: np.ndarray) -> float:
    """Return shape decisions / (shape + texture decisions), ignoring the rest; nan if none."""
    # TODO: masks is_shape = pred == shape_labels, decided = is_shape | (pred == texture_labels);
    # return is_shape.sum() / decided.sum() as a float, or float("nan") when nothing is decided.
    ### BEGIN SOLUTION
    pred, shape_labels, texture_labels = (np.asarray(a) for a in (pred, shape_labels, texture_labels))
    is_shape = pred == shape_labels
    is_texture = (pred == texture_labels) & ~is_shape
    n_decided = is_shape.sum() + is_texture.sum()
    if n_decided == 0:
        return float("nan")
    return float(is_shape.sum() / n_decided)
    ### END SOLUTION


def per_class_shape_bias(pred: np.ndarray, shape_labels: np.ndarray, texture_labels: np.ndarray,
                         n_classes: int) -> np.ndarray:
    """Return the (n_classes,) shape bias of the images of each shape class (nan where undefined)."""
    # TODO: per shape class k, count the shape decisions and the decisions (np.bincount with
    # weights and minlength=n_classes), divide, and put nan where a class has no decision.
    ### BEGIN SOLUTION
    pred, shape_labels, texture_labels = (np.asarray(a) for a in (pred, shape_labels, texture_labels))
    is_shape = pred == shape_labels
    decided = is_shape | (pred == texture_labels)
    groups = shape_labels
    shape_counts = np.bincount(groups, weights=is_shape, minlength=n_classes)
    decided_counts = np.bincount(groups, weights=decided, minlength=n_classes)
    out = np.full(n_classes, np.nan)
    np.divide(shape_counts, decided_counts, out=out, where=decided_counts > 0)
    return out
    ### END SOLUTION
