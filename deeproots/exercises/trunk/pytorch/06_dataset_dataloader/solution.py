"""Reference solution: a custom Dataset with a transform, seeded DataLoaders, a padding collate."""
import torch
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader, Dataset


class Standardize:
    def __init__(self, mean: torch.Tensor, std: torch.Tensor):
        self.mean, self.std = mean, std

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return (x - self.mean) / self.std


class ArrayDataset(Dataset):
    def __init__(self, X: torch.Tensor, y: torch.Tensor, transform=None):
        self.X, self.y, self.transform = X, y, transform

    def __len__(self) -> int:
        return len(self.X)

    def __getitem__(self, i: int):
        x = self.X[i]
        if self.transform is not None:
            x = self.transform(x)
        return x, self.y[i]


def make_loader(dataset: Dataset, batch_size: int, shuffle: bool, drop_last: bool,
                seed: int) -> DataLoader:
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, drop_last=drop_last,
                      generator=torch.Generator().manual_seed(seed))


def epochs_of(loader: DataLoader, n_epochs: int) -> list:
    return [list(loader) for _ in range(n_epochs)]


def pad_collate(batch: list) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    sequences = [sequence for sequence, _ in batch]
    padded = pad_sequence(sequences, batch_first=True)
    lengths = torch.tensor([len(sequence) for sequence in sequences], dtype=torch.int64)
    labels = torch.stack([label for _, label in batch])
    return padded, lengths, labels


class SequenceDataset(Dataset):
    def __init__(self, sequences: list, labels: torch.Tensor):
        self.sequences, self.labels = sequences, labels

    def __len__(self) -> int:
        return len(self.sequences)

    def __getitem__(self, i: int):
        return self.sequences[i], self.labels[i]


def make_sequence_loader(sequences: list, labels: torch.Tensor, batch_size: int,
                         seed: int) -> DataLoader:
    return DataLoader(SequenceDataset(sequences, labels), batch_size=batch_size, shuffle=True,
                      generator=torch.Generator().manual_seed(seed), collate_fn=pad_collate)
