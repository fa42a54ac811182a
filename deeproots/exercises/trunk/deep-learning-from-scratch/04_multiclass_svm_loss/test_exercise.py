"""Checks for the multiclass SVM loss (references: a double loop over examples and classes
written here, PyTorch autograd of the same computation, torch's multi_margin_loss, central
differences)."""
import numpy as np
import torch

from deeproots.grading.checks import central_difference, expect_close

# (N, C): one example, a single class (nothing to compare with: loss 0), non-square both
# ways (a wrong axis or a missing [:, None] shows), square, larger.
SHAPES = [(1, 3), (1, 1), (3, 5), (5, 3), (4, 4), (50, 10)]
# (N, D, C) for the linear classifier scores = X @ W, and the L2 strengths.
LINEAR_SHAPES = [(1, 3, 2), (4, 6, 3), (7, 3, 5), (10, 20, 4), (3, 3, 3)]
REGS = [0.0, 0.1, 2.5]


def _loop_svm(scores, y):
    """CS231n's svm_loss_naive on the scores: a double loop, margin 1, correct class skipped."""
    n, c = scores.shape
    loss, grad = 0.0, np.zeros((n, c))
    for i in range(n):
        for j in range(c):
            if j == y[i]:
                continue
            margin = scores[i, j] - scores[i, y[i]] + 1.0
            if margin > 0:
                loss += margin
                grad[i, j] += 1.0
                grad[i, y[i]] -= 1.0
    return loss / n, grad / n


def _loop_linear_svm(W, X, y, reg):
    """svm_loss_naive with W: dW accumulates X[i] in column j and -X[i] in column y[i]."""
    n, c = X.shape[0], W.shape[1]
    loss, dW = 0.0, np.zeros_like(W)
    for i in range(n):
        s = X[i] @ W
        for j in range(c):
            if j == y[i]:
                continue
            margin = s[j] - s[y[i]] + 1.0
            if margin > 0:
                loss += margin
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    return loss / n + 0.5 * reg * np.sum(W * W), dW / n + reg * W


def _torch_svm_loss(s, y):
    """The hinge loss in torch with clamp (multi_margin_loss would divide by C)."""
    y_t = torch.from_numpy(np.asarray(y, dtype=np.int64))
    correct = s.gather(1, y_t[:, None])
    others = 1.0 - torch.nn.functional.one_hot(y_t, s.shape[1]).to(s.dtype)
    return (torch.clamp(s - correct + 1.0, min=0.0) * others).sum(dim=1).mean()


def _torch_scores_reference(scores, y):
    s = torch.tensor(scores, dtype=torch.float64, requires_grad=True)
    loss = _torch_svm_loss(s, y)
    loss.backward()
    return loss.item(), s.grad.numpy()


def _torch_linear_reference(W, X, y, reg):
    w = torch.tensor(W, dtype=torch.float64, requires_grad=True)
    loss = _torch_svm_loss(torch.from_numpy(X) @ w, y) + 0.5 * reg * (w * w).sum()
    loss.backward()
    return loss.item(), w.grad.numpy()


def _scores_problem(rng, n, c):
    return rng.normal(scale=2.0, size=(n, c)), rng.integers(0, c, size=n)


def test_hand_example_cat_car_frog(ex, rng):
    scores = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
    y = np.array([0, 1, 2])
    loss, dscores = ex.svm_loss(scores, y)
    inputs = {"scores": scores, "y": y}
    expect_close(loss, (2.9 + 0.0 + 12.9) / 3.0, what="loss", how="by hand: (2.9 + 0 + 12.9) / 3",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(dscores, np.array([[-1.0, 1.0, 0.0], [0.0, 0.0, 0.0], [1.0, 1.0, -2.0]]) / 3.0,
                 what="dscores", how="by hand: active margins / N, minus their count at y",
                 rtol=1e-12, atol=1e-12, inputs=inputs)


def test_equal_scores_and_a_single_class(ex, rng):
    # All scores equal (every pair tied): each of the C - 1 wrong classes has margin exactly 1.
    scores, y = np.zeros((2, 4)), np.array([0, 3])
    loss, dscores = ex.svm_loss(scores, y)
    inputs = {"scores": scores, "y": y}
    expect_close(loss, 3.0, what="loss with all scores 0, C = 4",
                 how="by hand: C - 1 = 3 margins of 1 per example (the correct class is not one of them)",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(dscores, np.array([[-3.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, -3.0]]) / 2.0,
                 what="dscores with all scores 0", how="by hand: 1/N per wrong class, -(C-1)/N at y",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    scores, y = np.array([[0.7], [-2.0], [5.0]]), np.array([0, 0, 0])
    loss, dscores = ex.svm_loss(scores, y)
    expect_close(loss, 0.0, what="loss with C = 1", how="by hand: no other class, no margin",
                 rtol=0.0, atol=1e-15, inputs={"scores": scores, "y": y})
    expect_close(dscores, np.zeros((3, 1)), what="dscores with C = 1", how="by hand: zero",
                 rtol=0.0, atol=1e-15, inputs={"scores": scores, "y": y})


def test_matches_loop_reference(ex, rng):
    for n, c in SHAPES:
        scores, y = _scores_problem(rng, n, c)
        loss, dscores = ex.svm_loss(scores, y)
        want_loss, want_grad = _loop_svm(scores, y)
        how = "a double loop over examples i and classes j != y[i] (CS231n svm_loss_naive)"
        inputs = {"scores": scores, "y": y}
        expect_close(loss, want_loss, what=f"loss for scores of shape {(n, c)}", how=how,
                     rtol=1e-10, atol=1e-12, inputs=inputs)
        expect_close(dscores, want_grad, what=f"dscores for scores of shape {(n, c)}", how=how,
                     rtol=1e-10, atol=1e-12, inputs=inputs)


def test_matches_torch_autograd(ex, rng):
    for n, c in SHAPES:
        scores, y = _scores_problem(rng, n, c)
        loss, dscores = ex.svm_loss(scores, y)
        want_loss, want_grad = _torch_scores_reference(scores, y)
        how = "torch: clamp(s - s[y] + 1, min=0), correct class masked, summed per row, mean; .backward()"
        inputs = {"scores": scores, "y": y}
        expect_close(loss, want_loss, what=f"loss for scores of shape {(n, c)}", how=how,
                     rtol=1e-10, atol=1e-12, inputs=inputs)
        expect_close(dscores, want_grad, what=f"dscores for scores of shape {(n, c)}", how=how,
                     rtol=1e-10, atol=1e-12, inputs=inputs)
    scores, y = _scores_problem(rng, 6, 4)
    torch_loss = torch.nn.functional.multi_margin_loss(
        torch.from_numpy(scores), torch.from_numpy(y), p=1, margin=1.0).item() * 4
    expect_close(ex.svm_loss(scores, y)[0], torch_loss, what="loss for scores of shape (6, 4)",
                 how="torch.nn.functional.multi_margin_loss(s, y, p=1, margin=1) * C (torch divides by C)",
                 rtol=1e-10, atol=1e-12, inputs={"scores": scores, "y": y})


def test_gradient_matches_central_difference(ex, rng):
    for n, c in SHAPES[:-1]:
        scores, y = _scores_problem(rng, n, c)
        _, dscores = ex.svm_loss(scores, y)
        expect_close(dscores, central_difference(lambda s: _loop_svm(s, y)[0], scores),
                     what=f"dscores for scores of shape {(n, c)}",
                     how="central_difference of the double-loop loss", rtol=1e-6, atol=1e-8,
                     inputs={"scores": scores, "y": y})


def test_linear_svm_matches_loop_and_torch(ex, rng):
    for (n, d, c), reg in zip(LINEAR_SHAPES, [0.0, 0.1, 2.5, 0.1, 0.0]):
        X, W, y = rng.normal(size=(n, d)), rng.normal(scale=0.5, size=(d, c)), rng.integers(0, c, size=n)
        loss, dW = ex.linear_svm_loss(W, X, y, reg)
        inputs = {"W": W, "X": X, "y": y, "reg": reg}
        loop_loss, loop_dW = _loop_linear_svm(W, X, y, reg)
        how = "loops over i and j (svm_loss_naive) with 0.5 * reg * sum(W**2), gradient reg * W"
        expect_close(loss, loop_loss, what=f"loss for (N, D, C) = {(n, d, c)}, reg = {reg}",
                     how=how, rtol=1e-10, atol=1e-12, inputs=inputs)
        expect_close(dW, loop_dW, what=f"dW for (N, D, C) = {(n, d, c)}, reg = {reg}",
                     how=how, rtol=1e-10, atol=1e-12, inputs=inputs)
        torch_loss, torch_dW = _torch_linear_reference(W, X, y, reg)
        how = "torch autograd of the clamp hinge loss of X @ W + 0.5 * reg * (W * W).sum()"
        expect_close(loss, torch_loss, what=f"loss for (N, D, C) = {(n, d, c)}, reg = {reg}",
                     how=how, rtol=1e-10, atol=1e-12, inputs=inputs)
        expect_close(dW, torch_dW, what=f"dW for (N, D, C) = {(n, d, c)}, reg = {reg}",
                     how=how, rtol=1e-10, atol=1e-12, inputs=inputs)


def test_linear_svm_gradient_matches_central_difference(ex, rng):
    for (n, d, c), reg in zip(LINEAR_SHAPES[:4], REGS + [1.0]):
        X, W, y = rng.normal(size=(n, d)), rng.normal(scale=0.5, size=(d, c)), rng.integers(0, c, size=n)
        _, dW = ex.linear_svm_loss(W, X, y, reg)
        numeric = central_difference(lambda v: _loop_linear_svm(v, X, y, reg)[0], W)
        expect_close(dW, numeric, what=f"dW for (N, D, C) = {(n, d, c)}, reg = {reg}",
                     how="central_difference of the double-loop loss + 0.5 * reg * sum(W**2)",
                     rtol=1e-6, atol=1e-8, inputs={"W": W, "X": X, "y": y, "reg": reg})
