"""Checks for the character-level GPT (references: Tiny Shakespeare loaded here from the
packaged file, split 90/10 as nanoGPT does; shapes and ln V at init; the causal property and
the use of positions tested on the learner's model with weights perturbed here (float64);
estimate_loss against F.cross_entropy computed here in eval mode; and the validation loss of
the trained model, computed here from the learner's GPT rebuilt from the returned state_dict,
against a count-based bigram model (add-one smoothing) fitted here on the training split)."""
import functools
import math

import numpy as np
import torch
import torch.nn.functional as F

from deeproots.data.text import tiny_shakespeare
from deeproots.grading.checks import expect, expect_close, expect_equal

CONFIG = dict(vocab_size=65, block_size=32, n_layer=2, n_head=4, n_embd=64, dropout=0.0, batch_size=32, lr=3e-3)
STEPS = 800        # about 14 s CPU on one core; the reference reaches about 2.0 nats on the validation windows
MARGIN = 0.3       # nats per character below the bigram model (about 2.48 on these windows)
SMALL = dict(CONFIG, block_size=16, n_embd=16, n_head=2)


@functools.cache
def _data():
    """(train ids, validation ids) as int64 tensors: sorted-character encoding, first 90% / last 10%."""
    text = tiny_shakespeare()
    stoi = {c: i for i, c in enumerate(sorted(set(text)))}
    ids = torch.tensor([stoi[c] for c in text], dtype=torch.int64)
    n = int(0.9 * len(ids))
    return ids[:n], ids[n:]


def _windows(ids, starts, T):
    x = torch.stack([ids[s:s + T] for s in starts])
    return x, torch.stack([ids[s + 1:s + T + 1] for s in starts])


def _perturbed(ex, config, rng, scale=0.3):
    """The learner's GPT in float64 with every float parameter moved by N(0, scale^2): O(1) logits."""
    model = ex.GPT(config)
    model.double()
    state = model.state_dict()
    moved = {k: (v + torch.tensor(rng.normal(scale=scale, size=tuple(v.shape))) if v.is_floating_point() else v)
             for k, v in state.items()}
    model.load_state_dict(moved)
    model.eval()
    model.requires_grad_(False)
    return model


def test_forward_shapes(ex, rng):
    model = ex.GPT(SMALL)
    model.eval()
    for b, t in [(1, 1), (2, 8), (3, SMALL["block_size"])]:
        idx = torch.tensor(rng.integers(0, 65, size=(b, t)), dtype=torch.int64)
        logits = model(idx)
        expect(isinstance(logits, torch.Tensor), "GPT(config)(idx) must return a tensor", got=type(logits).__name__)
        expect_equal(tuple(logits.shape), (b, t, 65), what=f"GPT(config)(idx).shape for idx of shape {(b, t)}",
                     how="(B, T) token ids -> (B, T, vocab_size) logits")


def test_initialised_as_nanogpt(ex, rng):
    # Read from the state_dict, so the verdict does not hang on one random draw: every matrix
    # (Linear and Embedding weights, the only 2-D tensors) ~ Normal(0, 0.02). PyTorch's defaults
    # (Embedding N(0, 1), Linear U(-1/sqrt(fan_in), 1/sqrt(fan_in)): std 0.072 for fan_in 64) are far off.
    state = ex.GPT(CONFIG).state_dict()
    for name, value in state.items():
        value = torch.as_tensor(value).double()
        if value.ndim != 2 or bool(((value == 0) | (value == 1)).all()):
            continue  # not a weight matrix: a vector, or a 0/1 causal-mask buffer
        std = float(value.std())
        expect(0.017 < std < 0.023 and abs(float(value.mean())) < 0.004,
               f"{name} has std {std:.4f} and mean {float(value.mean()):.4f}: initialise every nn.Linear and "
               "nn.Embedding weight with nn.init.normal_(weight, mean=0.0, std=0.02), as nanoGPT does",
               shape=tuple(value.shape), how="the std and mean of each 2-D tensor of GPT(config).state_dict(), "
               "computed in the check (at least 2048 entries each, so a correct draw has std within 3 % of 0.02)")


def test_loss_at_init_is_ln_vocab(ex, rng):
    train, _ = _data()
    x, y = _windows(train, rng.integers(0, len(train) - 33, size=8), 32)
    model = ex.GPT(CONFIG)
    model.eval()
    model.requires_grad_(False)
    logits = model(x)
    loss = float(F.cross_entropy(logits.reshape(-1, 65).double(), y.reshape(-1)))
    expect(abs(loss - math.log(65)) < 0.1, f"the loss at initialisation is {loss:.3f}, expected about ln 65 = "
           f"{math.log(65):.3f} (within 0.1): initialise Linear/Embedding weights ~ Normal(0, 0.02) and biases 0 "
           "as nanoGPT does, so the initial logits are near 0", how="F.cross_entropy of GPT(config) logits on 8 "
           "windows of the training text, computed in the check")


def test_causal(ex, rng):
    model = _perturbed(ex, SMALL, rng)
    T = SMALL["block_size"]
    idx = torch.tensor(rng.integers(0, 65, size=(2, T)), dtype=torch.int64)
    base = model(idx)
    for t in (0, 5, T - 1):
        changed = idx.clone()
        changed[:, t] = (changed[:, t] + 1 + torch.tensor(rng.integers(0, 63, size=2))) % 65
        after = model(changed)
        expect_close(after[:, :t], base[:, :t].numpy(), what=f"logits[:, :{t}] after changing idx[:, {t}]",
                     how="the same model on the unchanged tokens: position t' < t must not see token t (causal mask)",
                     rtol=1e-9, atol=1e-9)
        expect(float((after[:, t] - base[:, t]).abs().max()) > 1e-6,
               f"changing idx[:, {t}] did not change logits[:, {t}]: a position must see its own token")


def test_uses_positions(ex, rng):
    # One block: without position embeddings, position t >= 2 attends over the SET of tokens 0..t,
    # so swapping tokens 0 and 1 leaves its logits unchanged (with 2+ blocks the causal mask itself
    # leaks some order: position 0 sees only itself, position 1 sees both).
    model = _perturbed(ex, dict(SMALL, n_layer=1), rng)
    idx = torch.tensor(rng.integers(0, 65, size=(2, 12)), dtype=torch.int64)
    idx[:, 1] = (idx[:, 0] + 7) % 65
    swapped = idx.clone()
    swapped[:, [0, 1]] = idx[:, [1, 0]]
    change = float((model(swapped)[:, 2:] - model(idx)[:, 2:]).abs().max())
    expect(change > 1e-6, "swapping tokens 0 and 1 did not change the logits of positions 2.. at all: without "
           "position embeddings, attention over earlier tokens ignores their order (x = wte(idx) + wpe(arange(T)))",
           max_change=change)


def test_estimate_loss_in_eval_mode(ex, rng):
    _, val = _data()
    config = dict(SMALL, dropout=0.3)
    model = _perturbed(ex, config, rng, scale=0.1)
    model.train()
    starts = [int(s) for s in rng.integers(0, len(val) - config["block_size"] - 1, size=6)]
    got = ex.estimate_loss(model, val, starts)
    expect(bool(model.training), "estimate_loss must put the model back in train mode (model.train()) at the end")
    model.eval()
    x, y = _windows(val, starts, config["block_size"])
    expected = float(F.cross_entropy(model(x).reshape(-1, 65), y.reshape(-1)))
    expect_close(got, expected, what="estimate_loss(model (dropout 0.3), val_ids, starts)",
                 how="F.cross_entropy in the check of model.eval() logits on x = ids[s:s+T] against y = ids[s+1:s+T+1]",
                 rtol=1e-9, atol=1e-9, inputs={"starts": starts})


def _bigram_loss(train, x, y):
    """Add-one smoothed character bigram model fitted on train, scored on the pairs (x, y)."""
    counts = np.ones((65, 65))
    np.add.at(counts, (train[:-1].numpy(), train[1:].numpy()), 1.0)
    log_probs = np.log(counts / counts.sum(axis=1, keepdims=True))
    return float(-np.mean(log_probs[x.numpy().ravel(), y.numpy().ravel()]))


def test_train_beats_bigram_on_validation(ex, rng):
    train, val = _data()
    state = ex.train_char_gpt(train, CONFIG, STEPS, seed=0)
    expect(isinstance(state, dict) and all(isinstance(v, torch.Tensor) for v in state.values()),
           "train_char_gpt must return a plain dict name -> tensor: dict(model.state_dict())", got=type(state).__name__)
    model = ex.GPT(CONFIG)
    model.load_state_dict(state)
    model.eval()
    model.requires_grad_(False)
    T = CONFIG["block_size"]
    starts = rng.integers(0, len(val) - T - 1, size=256)
    x, y = _windows(val, starts, T)
    loss = float(F.cross_entropy(model(x).reshape(-1, 65).double(), y.reshape(-1)))
    bigram = _bigram_loss(train, x, y)
    expect(loss < bigram - MARGIN, f"validation loss {loss:.3f} nats/char is not {MARGIN} below the bigram model's "
           f"{bigram:.3f}: check the targets (shifted by one), zero_grad, the position embeddings and the optimizer",
           how=f"your GPT rebuilt from the returned state_dict, eval mode, F.cross_entropy in the check on 256 "
               f"validation windows of {T}; the bigram: add-one smoothed counts on the training split, same targets",
           validation_loss=loss, bigram_loss=bigram, steps=STEPS)
