"""Dataset and DataLoader: a custom dataset with a transform, seeded shuffling, batching,
drop_last, and a collate function that pads variable-length sequences.

Source: PyTorch tutorial "Datasets & DataLoaders" (pytorch.org/tutorials/beginner/basics/
data_tutorial.html: "Creating a Custom Dataset for your files", "Preparing your data for
training with DataLoaders") and the torch.utils.data docs (map-style datasets, "Loading
Batched and Non-Batched Data", collate_fn, "Reproducibility" via generator=); Goodfellow,
Bengio & Courville, Deep Learning §8.1.3 (minibatches drawn in a shuffled order, each
example once per epoch).
https://pytorch.org/tutorials/beginner/basics/data_tutorial.html

A map-style Dataset is any object with __len__() (the number of examples) and
__getitem__(i) (example i, usually a (features, label) pair). A transform is a callable
applied to each example as it is read, so the stored data stay raw. A DataLoader draws
indices from a sampler (0, 1, 2, ... or, with shuffle=True, a fresh random permutation
every epoch), fetches batch_size examples, and merges them with collate_fn: the default
stacks tensors along a new first axis. drop_last=True discards a last, incomplete batch.
Shuffling draws from the generator you pass (generator=torch.Generator().manual_seed(seed)):
the same seed gives the same sequence of epochs, and each new epoch (each iteration over
the loader) continues the generator, so epoch 2 has a different order from epoch 1.

1. Standardize(mean, std): a transform object; __call__(x) = (x - mean) / std, for a (d,)
   feature tensor x and (d,) float32 tensors mean and std.
2. ArrayDataset(X, y, transform=None): X (n, d) float32 tensor, y (n,) int64 tensor.
   __len__() = n; __getitem__(i) = (transform(X[i]) or X[i] when transform is None, y[i]):
   a (d,) float32 tensor and a 0-d int64 tensor. Apply the transform in __getitem__.
3. make_loader(dataset, batch_size, shuffle, drop_last, seed) -> a DataLoader over dataset
   with those settings, shuffling (when shuffle is True) with
   generator=torch.Generator().manual_seed(seed).
4. epochs_of(loader, n_epochs) -> a list of n_epochs lists, each the list of batches of one
   pass over the loader (list(loader)). With the default collate a batch is [xb, yb] with xb
   (B, d) and yb (B,).
5. pad_collate(batch): batch is a list of B pairs (sequence (L_i,) int64 tensor, label 0-d
   int64 tensor), sequences of different lengths L_i >= 1. Return the tuple
       (padded (B, L_max) int64, zeros after each sequence's end; lengths (B,) int64;
        labels (B,) int64)
   torch.nn.utils.rnn.pad_sequence(sequences, batch_first=True) pads with zeros; without
   batch_first it returns (L_max, B).
6. SequenceDataset(sequences, labels): a list of n 1-D int64 tensors and an (n,) int64
   tensor; item i is (sequences[i], labels[i]). make_sequence_loader(sequences, labels,
   batch_size, seed) -> DataLoader(SequenceDataset(...), batch_size=batch_size, shuffle=True,
   generator=torch.Generator().manual_seed(seed), collate_fn=pad_collate). (The default
   collate would fail: it cannot stack tensors of different lengths.)

Tiny examples:
  * 10 examples, batch_size 4: batch sizes 4, 4, 2 (drop_last=False) or 4, 4 (drop_last=True).
  * Without shuffling, the labels y = [0, 1, ..., 9] come out as [0, 1, 2, 3], [4, 5, 6, 7], [8, 9].
  * pad_collate([([5, 6, 7], 1), ([8], 0)]) = ([[5, 6, 7], [8, 0, 0]], [3, 1], [1, 0]).
"""
import torch
### BEGIN SOLUTION
from torch.nn.utils.rnn import pad_sequence
### END SOLUTION
from torch.utils.data import DataLoader, Dataset


class Standardize:
    """Transform: x -> (x - mean) / std."""

    def __init__(self, mean: torch.Tensor, std: torch.Tensor):
        # TODO: store mean and std.
        ### BEGIN SOLUTION
        self.mean, self.std = mean, std
        ### END SOLUTION

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        """Return (x - mean) / std."""
        # TODO: one line.
        ### BEGIN SOLUTION
        return (x - self.mean) / self.std
        ### END SOLUTION


class ArrayDataset(Dataset):
    """(features, label) pairs from tensors X (n, d) and y (n,), with an optional transform."""

    def __init__(self, X: torch.Tensor, y: torch.Tensor, transform=None):
        # TODO: store X, y and transform.
        ### BEGIN SOLUTION
        self.X, self.y, self.transform = X, y, transform
        ### END SOLUTION

    def __len__(self) -> int:
        """Return the number of examples."""
        # TODO: the number of rows of X.
        ### BEGIN SOLUTION
        return len(self.X)
        ### END SOLUTION

    def __getitem__(self, i: int):
        """Return (transformed X[i], y[i])."""
        # TODO: apply the transform (when there is one) to X[i].
        ### BEGIN SOLUTION
        x = self.X[i]
        if self.transform is not None:
            x = self.transform(x)
        return x, self.y[i]
        ### END SOLUTION


def make_loader(dataset: Dataset, batch_size: int, shuffle: bool, drop_last: bool,
                seed: int) -> DataLoader:
    """Return a DataLoader with these settings and a generator seeded with seed."""
    # TODO: DataLoader(dataset, batch_size=..., shuffle=..., drop_last=..., generator=...).
    ### BEGIN SOLUTION
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, drop_last=drop_last,
                      generator=torch.Generator().manual_seed(seed))
    ### END SOLUTION


def epochs_of(loader: DataLoader, n_epochs: int) -> list:
    """Return [list of the batches of epoch 1, ..., of epoch n_epochs]."""
    # TODO: one list(loader) per epoch.
    ### BEGIN SOLUTION
    return [list(loader) for _ in range(n_epochs)]
    ### END SOLUTION


def pad_collate(batch: list) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Return (padded (B, L_max), lengths (B,), labels (B,)) for a list of (sequence, label)."""
    # TODO: split the pairs, pad_sequence(..., batch_first=True), lengths, torch.stack labels.
    ### BEGIN SOLUTION
    sequences = [sequence for sequence, _ in batch]
    padded = pad_sequence(sequences, batch_first=True)
    lengths = torch.tensor([len(sequence) for sequence in sequences], dtype=torch.int64)
    labels = torch.stack([label for _, label in batch])
    return padded, lengths, labels
    ### END SOLUTION


class SequenceDataset(Dataset):
    """Item i is (sequences[i], labels[i])."""

    def __init__(self, sequences: list, labels: torch.Tensor):
        # TODO: store both.
        ### BEGIN SOLUTION
        self.sequences, self.labels = sequences, labels
        ### END SOLUTION

    def __len__(self) -> int:
        """Return the number of sequences."""
        # TODO: len of the list.
        ### BEGIN SOLUTION
        return len(self.sequences)
        ### END SOLUTION

    def __getitem__(self, i: int):
        """Return (sequences[i], labels[i])."""
        # TODO: one line.
        ### BEGIN SOLUTION
        return self.sequences[i], self.labels[i]
        ### END SOLUTION


def make_sequence_loader(sequences: list, labels: torch.Tensor, batch_size: int,
                         seed: int) -> DataLoader:
    """Return a shuffling, seeded DataLoader over SequenceDataset that batches with pad_collate."""
    # TODO: DataLoader(..., collate_fn=pad_collate).
    ### BEGIN SOLUTION
    return DataLoader(SequenceDataset(sequences, labels), batch_size=batch_size, shuffle=True,
                      generator=torch.Generator().manual_seed(seed), collate_fn=pad_collate)
    ### END SOLUTION
