"""design-your-own-probe: your probe. Pose a question to three networks and predict which breaks.

This starter is a complete, working probe; change it into your own. The question: is the short
vertical bar left or right of the centre of a 16 x 16 image? In training (``generate``) the bar
is always in the top half of the image; in the shifted test (``generate_shifted``) it is always
in the bottom half, a region no training image ever lit. Same two classes, other positions.

deeproots calls, in its sandbox (with seeds it draws; it never tells you which):
  generate(n, seed) -> (images, labels)          # (n, H, W) float32 in [0, 1], (n,) int in 0..K-1
  generate_shifted(n, seed) -> (images, labels)  # optional: the same classes, another distribution
and reads HYPOTHESIS. It then trains its CNN, MLP and small ViT on generate's images and tells you
how each did, in distribution and shifted, and which of them broke.

Rules: H = W between 8 and 32; 2 to 10 classes, numbered 0 to K-1, each of them in the training
data; the same seed gives the same data, another seed other data.
"""
import numpy as np

SIZE = 16  # TODO: your image size (8 to 32)
LENGTH = 4  # the bar's length in pixels

# TODO: your hypothesis, before you run it: which network breaks, and why.
HYPOTHESIS = ("The MLP will break on the shifted test: it learns one weight per pixel, and the pixels of the "
              "bottom half are never lit in training, so their weights keep their random start. The CNN shares "
              "its filters across positions and should hold; the ViT's position embeddings of the bottom "
              "patches are never trained either, so it may break too.")


def bars(n, seed, top_rows):
    """``n`` images of one vertical bar; label 0: left of the centre, 1: right of it. The bar's
    top row is drawn from ``top_rows`` (a range), its column from the label's side."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, n)
    columns = np.where(labels == 0, rng.integers(1, SIZE // 2 - 1, n), rng.integers(SIZE // 2 + 1, SIZE - 1, n))
    tops = rng.integers(top_rows.start, top_rows.stop, n)
    images = np.zeros((n, SIZE, SIZE), np.float32)
    for image, top, column in zip(images, tops, columns):
        image[top:top + LENGTH, column] = 1.0
    return images, labels.astype(np.int64)


def generate(n, seed):
    # TODO: your training distribution. Here: bars in the top half only.
    return bars(n, seed, range(0, SIZE // 2 - LENGTH + 1))


def generate_shifted(n, seed):
    # TODO: your shifted test (or delete it to test learning alone). Here: bars in the bottom half only.
    return bars(n, seed, range(SIZE // 2, SIZE - LENGTH + 1))
