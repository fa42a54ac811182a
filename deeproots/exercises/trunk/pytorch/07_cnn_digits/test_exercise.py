"""Checks for the digits CNN (references: a fixed stratified split of scikit-learn's
load_digits made here, test accuracy computed here from labels the learner never sees,
and the learner's own DigitsCNN reloaded from the returned state_dict)."""
import functools

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from deeproots.runner.checking import expect, expect_equal

ACCURACY_FLOOR = 0.97


@functools.cache
def _digits():
    """(X_train, y_train, X_test, y_test): images (n, 1, 8, 8) scaled to [0, 1], a fixed 75/25 split."""
    digits = load_digits()
    X = (digits.images / 16.0).astype(np.float32)[:, None, :, :]
    X_train, X_test, y_train, y_test = train_test_split(X, digits.target.astype(np.int64), test_size=0.25,
                                                        random_state=0, stratify=digits.target)
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
