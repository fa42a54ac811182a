"""Autograd bookkeeping: gradients accumulate, graphs are freed, and detach stops the flow.

Source: PyTorch docs, "Autograd mechanics" (pytorch.org/docs/stable/notes/autograd.html:
"Locally disabling gradient computation", requires_grad, no_grad) and the recipe "Zeroing
out gradients in PyTorch"; the tutorial "A Gentle Introduction to torch.autograd";
Sutton & Barto, Reinforcement Learning (2nd ed.) §9.3 "Stochastic-gradient and
Semi-gradient Methods" for the detached target; Goodfellow, Bengio & Courville, Deep
Learning §8.1.3 (minibatches: a gradient is a sum over examples).
https://pytorch.org/docs/stable/notes/autograd.html

Exercise tensors-and-autograd did one backward() per graph and zeroed w.grad in a loop.
Here are the rules behind that, one function each. All tensors are float64.

1. .grad ACCUMULATES: every backward() adds into the .grad of each leaf. Reusing one leaf w
   for several losses (a training loop), reset it before each backward: w.grad = None (or
   w.grad.zero_(); optimizer.zero_grad() does this for every parameter).
   per_batch_gradients(w, batches): w (d,), batches a list of K pairs (X (n_k, d), y (n_k,)
   of 0/1 floats). Make ONE leaf w = w.detach().clone().requires_grad_(True); for each batch,
   the mean logistic loss L_k = F.binary_cross_entropy_with_logits(X @ w, y) and its
   gradient dL_k/dw = X^T (sigmoid(X w) - y) / n_k. Return the (K, d) tensor of the K rows.

2. Accumulating on purpose ("gradient accumulation"): a batch too big for memory is cut into
   micro-batches, and backward() is called on each; the sums add up in .grad. For the sum
   to be the gradient of the MEAN loss over all n examples, each micro-batch loss must be
   its SUM of per-example losses divided by n (not its own mean: with K equal chunks that
   gives K times the gradient, and unequal chunks get unequal weights).
   accumulated_gradient(w, X, y, chunk_size): X (n, d), y (n,); micro-batches are rows
   [0, chunk_size), [chunk_size, 2 chunk_size), ... (the last may be shorter). Return w.grad
   after all the backward() calls: the full-batch gradient X^T (sigmoid(X w) - y) / n.

3. backward() frees the graph's saved tensors; a second backward() through the same graph
   raises "Trying to backward through the graph a second time" unless the first one was
   called with retain_graph=True. And a tensor you keep is an alias: W.grad.zero_() also
   zeroes a `g = W.grad` taken before it; copy with .clone() (or set W.grad = None).
   two_heads_gradients(x, W): x (n, d), W (d, k). ONE forward pass h = tanh(x @ W) (n, k),
   two losses L1 = h.mean() and L2 = (h ** 2).sum(). Return (dL1/dW, dL2/dW), both (d, k):
   L1.backward(retain_graph=True), keep a clone of W.grad, reset W.grad, L2.backward().
   Analytic: dL/dW = x^T (dL/dh * (1 - h^2)) with dL1/dh = 1 / (n k) and dL2/dh = 2 h.

4. detach(): a tensor cut out of the graph, same values, no gradient flows through it. In
   TD learning (Q-learning, DQN) the target is computed from the same weights but treated
   as a constant: the "semi-gradient". For a linear value v(s) = s . w:
       delta = S w - (r + gamma * S_next w)          (n,)
       L = mean(delta^2) with the target (r + gamma * S_next @ w) DETACHED
       dL/dw = (2 / n) S^T delta                      (without detach: (2/n) (S - gamma S_next)^T delta)
   td_semi_gradient(w, S, S_next, r, gamma): w (d,), S and S_next (n, d), r (n,), gamma a
   float. Return dL/dw (d,). Detach the target, not the prediction.

5. requires_grad propagates: a result requires grad when ANY input does. Freezing a layer
   (fine-tuning) = its weights do not require grad; the activations computed from frozen
   weights and data do not either, until a trainable weight joins in.
   frozen_first_layer(W1, W2, x, y): W1 (d, m) frozen, W2 (m,) trained; x (n, d), y (n,).
   W1 = W1.detach() (it may arrive with requires_grad=True), W2 a fresh leaf that requires
   grad; h = relu(x @ W1) (n, m), out = h @ W2 (n,), L = mean((out - y)^2), L.backward().
   Return the dict {"hidden_requires_grad": h.requires_grad, "output_requires_grad":
   out.requires_grad, "W1_grad": the .grad of the W1 you used (None), "W2_grad": dL/dW2 (m,)}.
   Analytic: dL/dW2 = (2 / n) h^T (out - y).

6. torch.no_grad(): inside the block no graph is recorded; results have requires_grad False
   even when the weights require grad. Use it for evaluation and for updates.
   predict_no_grad(w, X): w (d,) (it may require grad), X (n, d). Return sigmoid(X @ w) (n,)
   computed inside `with torch.no_grad():` so that it does not require grad.

Tiny examples:
  * per_batch_gradients([0.], [([[1.]], [1.]), ([[2.]], [0.])]): sigmoid(0) = 1/2, rows
    [1 * (1/2 - 1)] = [-0.5] and [2 * (1/2 - 0)] = [1.0]. Without a reset the second row
    would read -0.5 + 1.0 = 0.5.
  * two_heads_gradients([[1.]], [[0.]]): h = 0, dL1/dW = [[1]], dL2/dW = [[0]].
  * td_semi_gradient([1.], [[1.]], [[1.]], [0.], 0.5): delta = 1 - 0.5 = 0.5, gradient
    2 * 1 * 0.5 = [1.0] (without detach it would be 2 * (1 - 0.5) * 0.5 = [0.5]).
"""
import torch
import torch.nn.functional as F


def per_batch_gradients(w: torch.Tensor, batches: list) -> torch.Tensor:
    """Return the (K, d) gradients of each batch's mean logistic loss at w, one leaf reused."""
    # TODO: one leaf; per batch: reset w.grad, loss, backward, store a copy of w.grad.
    ### BEGIN SOLUTION
    w = w.detach().clone().requires_grad_(True)
    rows = []
    for X, y in batches:
        w.grad = None  # backward() adds into .grad: reset it first
        loss = F.binary_cross_entropy_with_logits(X @ w, y)
        loss.backward()
        rows.append(w.grad.clone())
    return torch.stack(rows)
    ### END SOLUTION


def accumulated_gradient(w: torch.Tensor, X: torch.Tensor, y: torch.Tensor,
                         chunk_size: int) -> torch.Tensor:
    """Return the full-batch mean-loss gradient, accumulated over micro-batches of chunk_size rows."""
    # TODO: per chunk, loss = F.binary_cross_entropy_with_logits(..., reduction="sum") / n; backward.
    ### BEGIN SOLUTION
    w = w.detach().clone().requires_grad_(True)
    n = X.shape[0]
    for start in range(0, n, chunk_size):
        Xc, yc = X[start:start + chunk_size], y[start:start + chunk_size]
        loss = F.binary_cross_entropy_with_logits(Xc @ w, yc, reduction="sum") / n
        loss.backward()
    return w.grad
    ### END SOLUTION


def two_heads_gradients(x: torch.Tensor, W: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (dL1/dW, dL2/dW) for L1 = h.mean(), L2 = (h ** 2).sum(), h = tanh(x @ W), one forward."""
    # TODO: backward(retain_graph=True) for L1, clone W.grad, reset it, backward for L2.
    ### BEGIN SOLUTION
    W = W.detach().clone().requires_grad_(True)
    h = torch.tanh(x @ W)
    loss1, loss2 = h.mean(), (h ** 2).sum()
    loss1.backward(retain_graph=True)
    g1 = W.grad.clone()
    W.grad.zero_()
    loss2.backward()
    return g1, W.grad
    ### END SOLUTION


def td_semi_gradient(w: torch.Tensor, S: torch.Tensor, S_next: torch.Tensor, r: torch.Tensor,
                     gamma: float) -> torch.Tensor:
    """Return dL/dw for L = mean((S w - (r + gamma S_next w).detach())^2)."""
    # TODO: a leaf w; detach the target only; backward; return w.grad.
    ### BEGIN SOLUTION
    w = w.detach().clone().requires_grad_(True)
    prediction = S @ w
    target = (r + gamma * (S_next @ w)).detach()
    loss = ((prediction - target) ** 2).mean()
    loss.backward()
    return w.grad
    ### END SOLUTION


def frozen_first_layer(W1: torch.Tensor, W2: torch.Tensor, x: torch.Tensor,
                       y: torch.Tensor) -> dict:
    """Train only W2 of out = relu(x @ W1) @ W2 under the MSE; return the flags and gradients."""
    # TODO: W1 detached (frozen), W2 a leaf requiring grad; forward, backward; build the dict.
    ### BEGIN SOLUTION
    W1 = W1.detach()
    W2 = W2.detach().clone().requires_grad_(True)
    h = torch.relu(x @ W1)
    out = h @ W2
    loss = ((out - y) ** 2).mean()
    loss.backward()
    return {"hidden_requires_grad": h.requires_grad, "output_requires_grad": out.requires_grad,
            "W1_grad": W1.grad, "W2_grad": W2.grad}
    ### END SOLUTION


def predict_no_grad(w: torch.Tensor, X: torch.Tensor) -> torch.Tensor:
    """Return sigmoid(X @ w), computed without recording a graph."""
    # TODO: with torch.no_grad(): ...
    ### BEGIN SOLUTION
    with torch.no_grad():
        return torch.sigmoid(X @ w)
    ### END SOLUTION
