"""Checks for the digits CNN (references: a fixed stratified split of scikit-learn's
load_digits made here, test accuracy computed here from labels the learner never sees,
and the learner's own DigitsCNN reloaded from the returned state_dict)."""

import numpy as np
import torch

from deeproots.grading.checks import expect, expect_equal
from deeproots.grading.digits import digits_split

ACCURACY_FLOOR = 0.97


def _digits():
    """(X_train, y_train, X_test, y_test): images (n, 1, 8, 8) scaled to [0, 1], the grader's fixed 75/25 split."""
    X_train, X_test, y_train, y_test = digits_split()
    return X_train, y_train, X_test, y_test


def test_forward_shapes(ex, rng):
    model = ex.DigitsCNN()
    model.eval()
    for n in (1, 5):
        x = torch.from_numpy(rng.uniform(0.0, 1.0, size=(n, 1, 8, 8)).astype(np.float32))
        logits = model(x)
        expect(isinstance(logits, torch.Tensor), "DigitsCNN()(x) must return a torch.Tensor",
               got=type(logits).__name__)
        expect_equal(tuple(logits.shape), (n, 10), what=f"DigitsCNN()(x).shape for x of shape {(n, 1, 8, 8)}",
                     how="two conv blocks (N, 1, 8, 8) -> (N, 32, 2, 2), flatten to (N, 128), Linear(128, 10)")


def test_train_cnn_on_digits(ex, rng):
    X_train, y_train, X_test, y_test = _digits()
    state, predictions = ex.train_cnn(torch.from_numpy(X_train), torch.from_numpy(y_train),
                                      torch.from_numpy(X_test), seed=0)

    expect(isinstance(state, dict), "the first result must be a plain dict name -> tensor: return "
           "dict(model.state_dict()) (state_dict() itself is an OrderedDict)", got=state)
    weights = {name: value for name, value in state.items() if isinstance(value, torch.Tensor)}
    expect(len(weights) == len(state), "every value of the returned state_dict must be a tensor",
           keys=sorted(map(str, state)))
    conv = [name for name, value in weights.items() if value.ndim == 4]
    expect(len(conv) > 0, "the state_dict has no 4-D weight (c_out, c_in, k, k): the network needs "
           "nn.Conv2d layers, not only nn.Linear", shapes={k: tuple(v.shape) for k, v in weights.items()})

    expect(isinstance(predictions, torch.Tensor), "the predictions must be a torch.Tensor",
           got=type(predictions).__name__)
    expect_equal(tuple(predictions.shape), (len(y_test),), what="predictions.shape",
                 how="one class label per test image (argmax over the 10 logits, dim=1)")
    expect(not predictions.is_floating_point() and not predictions.is_complex(),
           "the predictions must be integer class labels (argmax returns int64)", dtype=str(predictions.dtype))
    predicted = predictions.numpy()
    accuracy = float(np.mean(predicted == y_test))
    expect(accuracy >= ACCURACY_FLOOR,
           f"test accuracy {accuracy:.4f} is below {ACCURACY_FLOOR}: check the optimizer loop "
           "(zero_grad, backward, step), the epochs, and eval mode for the predictions",
           accuracy=accuracy, mistakes=int(np.sum(predicted != y_test)), test_images=len(y_test))

    model = ex.DigitsCNN()
    model.load_state_dict(state)
    model.eval()
    reloaded = model(torch.from_numpy(X_test)).argmax(dim=1).numpy()
    agreement = float(np.mean(reloaded == predicted))
    expect(agreement >= 0.99, "the predictions do not match your own DigitsCNN reloaded from the returned "
           "state_dict and run in eval mode: predict with the trained model, after model.eval()",
           agreement=agreement)


def _first_running_mean(state):
    """The running mean of the first batch-norm layer (state_dict keeps registration order)."""
    means = [value for name, value in state.items() if str(name).endswith("running_mean")]
    expect(len(means) > 0, "the state_dict has no running_mean: the network needs nn.BatchNorm2d layers",
           keys=sorted(map(str, state)))
    return means[0].double().numpy()


def test_fresh_order_every_epoch_and_eval_mode_predictions(ex, rng):
    # With lr = 0 the weights never move, but every training batch still updates batch
    # norm's running mean: m <- (1 - momentum) m + momentum * batch_mean. If epoch 2 replays
    # epoch 1's batches in the same order, it applies the same affine map again, so
    # m2 - m1 = alpha * m1 (alpha = (1 - momentum) ** batches) in every channel; a fresh
    # permutation makes m2 - m1 point elsewhere.
    X_train, y_train, X_test, _ = _digits()
    small_train, small_labels = torch.from_numpy(X_train[:16]), torch.from_numpy(y_train[:16])
    small_test = torch.from_numpy(X_test[:32])
    settings = dict(seed=3, batch_size=2, lr=0.0)
    one_epoch, _ = ex.train_cnn(small_train, small_labels, small_test, epochs=1, **settings)
    state, predictions = ex.train_cnn(small_train, small_labels, small_test, epochs=2, **settings)
    for name, value in one_epoch.items():
        learned = not str(name).endswith(("running_mean", "running_var"))  # batch statistics do move
        if learned and isinstance(value, torch.Tensor) and value.is_floating_point():
            expect(torch.equal(value, state[name]), f"two runs with the same seed (and lr=0, so the weights never "
                   f"move) start from different weights ({name}): call torch.manual_seed(seed) BEFORE building "
                   "the model", how="train_cnn(..., seed=3, lr=0.0) for 1 and for 2 epochs")
    m1, m2 = _first_running_mean(one_epoch), _first_running_mean(state)
    alpha = float((m2 - m1) @ m1 / (m1 @ m1))
    replayed = alpha * m1 + m1
    expect(not np.allclose(m2, replayed, rtol=1e-4, atol=1e-6),
           "epoch 2 saw the same minibatches in the same order as epoch 1: draw a fresh "
           "torch.randperm(n, generator=generator) at the start of EVERY epoch (generator made once)",
           how="train_cnn with lr=0 on 16 images, batch_size=2, for 1 and 2 epochs (same seed): the first "
           "batch norm's running mean after epoch 2 is exactly (1 + alpha) * its value after epoch 1 "
           "when the batches repeat", running_mean_after_1_epoch=m1, running_mean_after_2_epochs=m2)

    model = ex.DigitsCNN()
    model.load_state_dict(state)
    model.eval()
    with torch.no_grad():
        expected = model(small_test).argmax(dim=1).numpy()
    expect_equal(np.asarray(predictions), expected, what="train_cnn's predictions on 32 test images (lr=0 run)",
                 how="your DigitsCNN loaded with the returned state_dict, in eval mode (batch norm uses its "
                 "running statistics): call model.eval() before predicting")
