"""Checks for seeding (references: random.Random(seed), np.random.RandomState(seed) and a seeded
torch.Generator built here, a DataLoader with a seeded generator built here, and the learner's
own training run repeated)."""
import random

import numpy as np
import torch
from torch.utils.data import DataLoader, RandomSampler, TensorDataset

from deeproots.grading.checks import expect, expect_close, expect_equal


def _reference_orders(n, batch_size, seed, epochs):
    """Two seeded constructions, each iterated epoch after epoch: shuffle=True with generator=
    (the loader draws each epoch's worker base seed from the generator, then the permutation),
    and an explicit RandomSampler(dataset, generator=...) (only the permutation comes from it)."""
    dataset = TensorDataset(torch.arange(n))
    with torch.random.fork_rng(devices=[]):  # the second one draws its base seed from the global generator
        loaders = [DataLoader(dataset, batch_size=batch_size, shuffle=True,
                              generator=torch.Generator().manual_seed(seed)),
                   DataLoader(dataset, batch_size=batch_size,
                              sampler=RandomSampler(dataset, generator=torch.Generator().manual_seed(seed)))]
        return [[torch.cat([batch for (batch,) in loader]).numpy() for _ in range(epochs)] for loader in loaders]


def _train(ex, seed):
    result = ex.train_tiny(seed)
    expect(isinstance(result, tuple) and len(result) == 2, "train_tiny must return (weights, losses)",
           got=result)
    weights, losses = result
    expect(isinstance(weights, torch.Tensor), "the weights must be a torch.Tensor", got=type(weights).__name__)
    expect_equal(tuple(weights.shape), (49,), what="weights.shape",
                 how="Linear(4, 8) and Linear(8, 1): 4*8 + 8 + 8*1 + 1 = 49 parameters, flattened")
    return weights.numpy(), np.asarray(losses, dtype=float)


def test_seed_everything_seeds_python_numpy_and_torch(ex, rng):
    for seed in (0, 7, 123456):
        ex.seed_everything(seed)
        draws = ex.draw_from_each()
        inputs = {"seed": seed}
        expect_close(draws["python"], random.Random(seed).random(), what="random.random() after seed_everything",
                     how="random.Random(seed).random(): random.seed(seed) is needed", rtol=0, atol=0,
                     inputs=inputs)
        expect_close(draws["numpy"], np.random.RandomState(seed).rand(3),
                     what="np.random.rand(3) after seed_everything",
                     how="np.random.RandomState(seed).rand(3): np.random.seed(seed) is needed "
                         "(torch.manual_seed does not touch NumPy)", rtol=0, atol=0, inputs=inputs)
        expected = torch.rand(3, generator=torch.Generator().manual_seed(seed))
        expect_close(draws["torch"], expected.numpy(), what="torch.rand(3) after seed_everything",
                     how="torch.rand(3, generator=torch.Generator().manual_seed(seed)): torch.manual_seed(seed) "
                         "is needed", rtol=0, atol=0, inputs=inputs)


def test_seed_everything_turns_on_deterministic_algorithms(ex, rng):
    ex.seed_everything(1)
    expect_equal(ex.draw_from_each()["deterministic"], True,
                 what="torch.are_deterministic_algorithms_enabled() after seed_everything",
                 how="seed_everything calls torch.use_deterministic_algorithms(True)")


def test_train_tiny_same_seed_same_result(ex, rng):
    first_weights, first_losses = _train(ex, 3)
    expect_equal(len(first_losses), 5, what="len(losses)", how="one mean loss per epoch, 5 epochs by default")
    expect(first_losses[-1] < first_losses[0], "the loss of the last epoch should be below the first one's: "
           "does train_tiny take gradient steps?", losses=first_losses)
    ex.draw_from_each()  # other random draws in between must not matter
    second_weights, second_losses = _train(ex, 3)
    how = "the first train_tiny(3): the same seed must give the same run, bit for bit"
    expect_close(second_losses, first_losses, what="losses of a second train_tiny(3)", how=how, rtol=0, atol=0)
    expect_close(second_weights, first_weights, what="weights of a second train_tiny(3)",
                 how=how + " (seed BEFORE building the model and drawing the data)", rtol=0, atol=0)


def test_train_tiny_different_seeds_differ(ex, rng):
    weights_3, _ = _train(ex, 3)
    weights_4, _ = _train(ex, 4)
    expect(not np.array_equal(weights_3, weights_4),
           "train_tiny(3) and train_tiny(4) returned the same weights: the seed argument must be used")


def test_loader_orders_are_seeded(ex, rng):
    for n, batch_size, seed, epochs in [(10, 4, 5, 3), (7, 7, 0, 2), (1, 1, 2, 2), (32, 5, 11, 4)]:
        inputs = {"n": n, "batch_size": batch_size, "seed": seed, "epochs": epochs}
        orders = ex.loader_orders(n, batch_size, seed, epochs)
        expect(isinstance(orders, list) and len(orders) == epochs,
               "loader_orders must return a list with one tensor per epoch", got=orders, **inputs)
        for epoch, order in enumerate(orders):
            expect(isinstance(order, torch.Tensor), "each epoch's order must be a torch.Tensor",
                   got=type(order).__name__)
            expect_equal(np.sort(order.numpy()), np.arange(n), what=f"sorted order of epoch {epoch}",
                         how="every index 0..n-1 exactly once per epoch", inputs=inputs)
        shuffled, sampled = _reference_orders(n, batch_size, seed, epochs)
        got = [order.numpy() for order in orders]
        if not all(np.array_equal(a, b) for a, b in zip(got, sampled)):
            for epoch, (order, want) in enumerate(zip(got, shuffled)):
                expect_equal(order, want, what=f"order of epoch {epoch}",
                             how="one DataLoader(TensorDataset(torch.arange(n)), batch_size, shuffle=True, "
                                 "generator=torch.Generator().manual_seed(seed)) iterated epoch after epoch "
                                 "(or one with sampler=RandomSampler(dataset, generator=...))", inputs=inputs)
        ex.draw_from_each()  # moves every global generator: a seeded loader does not care
        again = ex.loader_orders(n, batch_size, seed, epochs)
        for epoch, (order, first) in enumerate(zip(again, orders)):
            expect_equal(order.numpy(), first.numpy(), what=f"order of epoch {epoch} on a second call",
                         how="the first call with the same seed", inputs=inputs)
    orders = ex.loader_orders(10, 4, 5, 3)
    expect(not np.array_equal(orders[0].numpy(), orders[1].numpy()),
           "epochs 0 and 1 have the same order: build the loader once and iterate it once per epoch")
    expect(not np.array_equal(orders[0].numpy(), ex.loader_orders(10, 4, 6, 1)[0].numpy()),
           "seeds 5 and 6 gave the same order: seed the generator with the seed argument")
