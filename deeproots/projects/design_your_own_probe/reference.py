"""design-your-own-probe: deeproots' example probe (the worker refuses to open this for a learner).

Counting dots, with the dots' size as the shift. A 24 x 24 image holds 1 to 4 square dots, each in
its own cell of a 4 x 4 grid of 6 x 6 cells (so dots never touch); the label is the count minus 1
(classes 0 to 3). In training the dots are 2 x 2; in the shifted test they are 3 x 3: the same
counts, more ink per dot. A network that counts ink instead of dots reads one big dot as two.
"""
import numpy as np

SIZE, CELL, GRID = 24, 6, 4
MAX_DOTS = 4

HYPOTHESIS = ("All three learn to count 2 x 2 dots, but the MLP and the ViT learn to count ink (lit pixels / 4), "
              "so with 3 x 3 dots (9 pixels each) they overcount and break. The CNN's filters find blobs, so it "
              "should break least, but its head was fit to the response of 2 x 2 blobs and may overcount too.")


def dots(n, seed, side):
    """``n`` images of 1 to ``MAX_DOTS`` dots of ``side`` x ``side`` pixels, and their counts - 1."""
    rng = np.random.default_rng(seed)
    counts = rng.integers(1, MAX_DOTS + 1, n)
    images = np.zeros((n, SIZE, SIZE), np.float32)
    for image, count in zip(images, counts):
        for cell in rng.choice(GRID * GRID, count, replace=False):
            row, column = divmod(int(cell), GRID)
            y, x = row * CELL + rng.integers(1, CELL - side), column * CELL + rng.integers(1, CELL - side)
            image[y:y + side, x:x + side] = 1.0
    return images, (counts - 1).astype(np.int64)


def generate(n, seed):
    return dots(n, seed, side=2)


def generate_shifted(n, seed):
    return dots(n, seed, side=3)
