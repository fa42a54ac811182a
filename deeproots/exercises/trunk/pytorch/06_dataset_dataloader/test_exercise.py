"""Checks for Dataset and DataLoader (references: the data themselves, indexed and batched in
NumPy; labels are the example indices, so every batch shows which examples it holds)."""
import math

import numpy as np
import torch

from deeproots.grading.checks import expect, expect_close, expect_equal


def _data(rng, n, d):
    """Features (n, d) float32 and labels 0..n-1 (each label names its row)."""
    X = rng.normal(loc=2.0, scale=3.0, size=(n, d)).astype(np.float32)
    return X, np.arange(n, dtype=np.int64)


def _dataset(ex, X, y, transform=None):
    if transform is None:
        return ex.ArrayDataset(torch.from_numpy(X), torch.from_numpy(y))
    return ex.ArrayDataset(torch.from_numpy(X), torch.from_numpy(y), transform=transform)


def _np(value):
    return value.detach().numpy() if isinstance(value, torch.Tensor) else np.asarray(value)


def _pairs(epoch, what):
    """The (xb, yb) arrays of each batch of one epoch."""
    expect(isinstance(epoch, (list, tuple)), f"{what} must be a list of batches", got=epoch)
    pairs = []
    for batch in epoch:
        expect(isinstance(batch, (list, tuple)) and len(batch) == 2,
               f"each batch of {what} must be a pair [xb, yb] (the default collate)", got=batch)
        pairs.append((_np(batch[0]), _np(batch[1])))
    return pairs


def _labels(pairs):
    return [yb.tolist() for _, yb in pairs]


def test_dataset_length_and_items(ex, rng):
    for n, d in [(7, 3), (1, 1), (12, 5)]:
        X, y = _data(rng, n, d)
        dataset = _dataset(ex, X, y)
        expect_equal(len(dataset), n, what=f"len(ArrayDataset) for n = {n}", how="the number of rows of X")
        for i in sorted({0, n - 1, int(rng.integers(n))}):
            item = dataset[i]
            expect(isinstance(item, (list, tuple)) and len(item) == 2,
                   "dataset[i] must be a pair (features, label)", got=item)
            features, label = item
            expect(isinstance(features, torch.Tensor) and isinstance(label, torch.Tensor),
                   "dataset[i] must hold two tensors", got=(type(features).__name__, type(label).__name__))
            expect_close(features, X[i], what=f"dataset[{i}][0] (n = {n})", how="row i of X", rtol=0, atol=0)
            expect_equal((features.dtype, label.dtype, tuple(label.shape)), (torch.float32, torch.int64, ()),
                         what=f"dtypes of dataset[{i}] and the label's shape",
                         how="X[i] float32, y[i] a 0-d int64 tensor")
            expect_equal(int(label), i, what=f"dataset[{i}][1]", how="y[i]")


def test_standardize_transform(ex, rng):
    mean, std = np.array([1.0, 2.0], dtype=np.float32), np.array([2.0, 4.0], dtype=np.float32)
    transform = ex.Standardize(torch.from_numpy(mean), torch.from_numpy(std))
    expect_close(transform(torch.tensor([3.0, 6.0])), np.array([1.0, 1.0]),
                 what="Standardize(mean=[1, 2], std=[2, 4])([3, 6])", how="by hand: (3 - 1) / 2, (6 - 2) / 4",
                 rtol=1e-6, atol=1e-6)


def test_dataset_applies_transform(ex, rng):
    X, y = _data(rng, 9, 4)
    mean, std = X.mean(axis=0), X.std(axis=0)
    dataset = _dataset(ex, X, y, ex.Standardize(torch.from_numpy(mean), torch.from_numpy(std)))
    for i in (0, 4, 8):
        features, label = dataset[i]
        expect_close(features, (X[i] - mean) / std, what=f"dataset[{i}][0] with transform=Standardize",
                     how="(X[i] - mean) / std", rtol=1e-5, atol=1e-6)
        expect_equal(int(label), i, what=f"dataset[{i}][1] with a transform", how="y[i], untouched")


def test_loader_without_shuffling(ex, rng):
    X, y = _data(rng, 10, 3)
    dataset = _dataset(ex, X, y)
    for drop_last, expected in [(False, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]), (True, [[0, 1, 2, 3], [4, 5, 6, 7]])]:
        pairs = _pairs(ex.epochs_of(ex.make_loader(dataset, 4, False, drop_last, 0), 1)[0], "an epoch")
        expect_equal(_labels(pairs), expected, what=f"labels of each batch (n = 10, batch_size = 4, "
                     f"shuffle = False, drop_last = {drop_last})", how="indices in order, batches of 4")
        for xb, yb in pairs:
            expect_close(xb, X[yb], what="a batch of features", how="the rows of X named by its labels",
                         rtol=0, atol=0)
    small = _dataset(ex, *_data(rng, 3, 2))
    epochs = ex.epochs_of(ex.make_loader(small, 4, True, True, 0), 2)
    expect_equal([len(epoch) for epoch in epochs], [0, 0], what="batches per epoch, n = 3, batch_size = 4, drop_last = True",
                 how="the only batch is incomplete and dropped")


def test_shuffled_epochs_see_every_index_once(ex, rng):
    n, batch_size = 23, 5
    X, y = _data(rng, n, 2)
    dataset = _dataset(ex, X, y)
    for drop_last in (False, True):
        epochs = [_pairs(epoch, "an epoch") for epoch in ex.epochs_of(ex.make_loader(dataset, batch_size, True, drop_last, 1), 3)]
        sizes = [batch_size] * (n // batch_size) + ([] if drop_last else [n % batch_size])
        orders = []
        for k, pairs in enumerate(epochs):
            expect_equal([len(yb) for _, yb in pairs], sizes,
                         what=f"batch sizes of epoch {k + 1} (n = {n}, batch_size = {batch_size}, drop_last = {drop_last})",
                         how="full batches, then the remainder unless drop_last")
            seen = np.concatenate([yb for _, yb in pairs])
            expect(len(set(seen.tolist())) == len(seen) == sum(sizes) and
                   (drop_last or sorted(seen.tolist()) == list(range(n))),
                   f"epoch {k + 1}: every example must appear exactly once (drop_last = {drop_last})",
                   labels=seen)
            for xb, yb in pairs:
                expect_close(xb, X[yb], what="a shuffled batch of features", how="the rows of X named by its labels",
                             rtol=0, atol=0)
            orders.append(seen.tolist())
        expect(orders[0] != list(range(len(orders[0]))), "shuffle=True gave the examples in order", order=orders[0])
        expect(orders[0] != orders[1] and orders[1] != orders[2],
               "each epoch must draw a new order (iterate the same loader again; the generator moves on)",
               epoch_1=orders[0], epoch_2=orders[1])


def test_same_seed_same_batches(ex, rng):
    X, y = _data(rng, 20, 2)
    dataset = _dataset(ex, X, y)
    first = [_labels(_pairs(e, "an epoch")) for e in ex.epochs_of(ex.make_loader(dataset, 6, True, False, 3), 2)]
    again = [_labels(_pairs(e, "an epoch")) for e in ex.epochs_of(ex.make_loader(dataset, 6, True, False, 3), 2)]
    other = [_labels(_pairs(e, "an epoch")) for e in ex.epochs_of(ex.make_loader(dataset, 6, True, False, 4), 2)]
    expect_equal(again, first, what="two epochs of a second loader with seed 3",
                 how="the first loader with seed 3: generator=torch.Generator().manual_seed(seed)")
    expect(other != first, "loaders with seeds 3 and 4 gave the same batches: seed the generator with seed",
           seed_3=first[0], seed_4=other[0])


def test_loader_applies_transform(ex, rng):
    X, y = _data(rng, 11, 3)
    mean, std = X.mean(axis=0), X.std(axis=0)
    dataset = _dataset(ex, X, y, ex.Standardize(torch.from_numpy(mean), torch.from_numpy(std)))
    for xb, yb in _pairs(ex.epochs_of(ex.make_loader(dataset, 4, True, False, 2), 1)[0], "an epoch"):
        expect_close(xb, (X[yb] - mean) / std, what="a batch of transformed features",
                     how="(X[labels] - mean) / std", rtol=1e-5, atol=1e-6)


def _padded_reference(sequences):
    out = np.zeros((len(sequences), max(len(s) for s in sequences)), dtype=np.int64)
    for row, sequence in enumerate(sequences):
        out[row, :len(sequence)] = sequence
    return out


def _expect_collated(result, sequences, labels, what):
    expect(isinstance(result, (list, tuple)) and len(result) == 3,
           f"{what} must be a tuple (padded, lengths, labels)", got=result)
    padded, lengths, got_labels = result
    expect_equal(_np(padded), _padded_reference(sequences), what=f"padded, {what}",
                 how="each sequence in its row, zeros after its end, width = the longest")
    expect_equal(_np(lengths), np.array([len(s) for s in sequences]), what=f"lengths, {what}",
                 how="the length of each sequence")
    expect_equal(_np(got_labels), np.asarray(labels, dtype=np.int64), what=f"labels, {what}",
                 how="the labels, stacked in batch order")
    for name, value in (("padded", padded), ("lengths", lengths), ("labels", got_labels)):
        expect_equal(value.dtype, torch.int64, what=f"{name}.dtype, {what}", how="int64 throughout")


def test_pad_collate(ex, rng):
    hand = [(torch.tensor([5, 6, 7]), torch.tensor(1)), (torch.tensor([8]), torch.tensor(0))]
    _expect_collated(ex.pad_collate(hand), [[5, 6, 7], [8]], [1, 0],
                     what="pad_collate([([5, 6, 7], 1), ([8], 0)])")
    for lengths in ([4, 1, 6], [2], [3, 3, 3, 3, 1]):
        sequences = [rng.integers(1, 100, size=length) for length in lengths]
        labels = rng.integers(0, 5, size=len(lengths))
        batch = [(torch.from_numpy(s), torch.tensor(int(label))) for s, label in zip(sequences, labels)]
        _expect_collated(ex.pad_collate(batch), sequences, labels, what=f"pad_collate of lengths {lengths}")


def test_sequence_loader(ex, rng):
    n, batch_size = 13, 4
    sequences = [rng.integers(1, 100, size=int(rng.integers(1, 8))) for _ in range(n)]
    labels = np.arange(n, dtype=np.int64)
    args = ([torch.from_numpy(s) for s in sequences], torch.from_numpy(labels), batch_size)
    epochs = ex.epochs_of(ex.make_sequence_loader(*args, 5), 2)
    seen_orders = []
    for k, epoch in enumerate(epochs):
        expect_equal(len(epoch), math.ceil(n / batch_size), what=f"number of batches in epoch {k + 1}",
                     how=f"ceil({n} / {batch_size})")
        seen = []
        for batch in epoch:
            names = _np(batch[2]).tolist() if isinstance(batch, (list, tuple)) and len(batch) == 3 else []
            _expect_collated(batch, [sequences[i] for i in names], names, what=f"a batch of epoch {k + 1}")
            seen += names
        expect_equal(sorted(seen), list(range(n)), what=f"the labels seen in epoch {k + 1}",
                     how="every sequence exactly once")
        seen_orders.append(seen)
    expect(seen_orders[0] != list(range(n)), "make_sequence_loader must shuffle", order=seen_orders[0])
    again = ex.epochs_of(ex.make_sequence_loader(*args, 5), 1)[0]
    expect_equal([_np(batch[2]).tolist() for batch in again],
                 [_np(batch[2]).tolist() for batch in epochs[0]],
                 what="the first epoch of a second sequence loader with the same seed", how="the first loader")
