"""Reference solution: a small CNN with batch norm, trained with Adam on the 8x8 digits."""
import torch
import torch.nn.functional as F
from torch import nn


class DigitsCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, kernel_size=3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(16, 32, kernel_size=3, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.classifier = nn.Linear(32 * 2 * 2, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x).flatten(start_dim=1))


def train_cnn(X_train: torch.Tensor, y_train: torch.Tensor, X_test: torch.Tensor, seed: int = 0,
              epochs: int = 8, batch_size: int = 64, lr: float = 3e-3):
    torch.manual_seed(seed)
    model = DigitsCNN()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed)
    n = len(X_train)
    for _ in range(epochs):
        model.train()
        order = torch.randperm(n, generator=generator)
        for start in range(0, n, batch_size):
            index = order[start:start + batch_size]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(X_train[index]), y_train[index])
            loss.backward()
            optimizer.step()
    model.eval()
    with torch.no_grad():
        predictions = model(X_test).argmax(dim=1)
    return dict(model.state_dict()), predictions
