"""The gradient-accumulation trap: backward() ADDS to .grad, so reset the gradients
(zero_grad) before every backward pass of a training loop.

Source: Karpathy, "The spelled-out intro to neural networks and backpropagation: building
micrograd" (video, 2022), the part "doing gradient descent optimization manually, training
the network", where the missing zero_grad bug is found; PyTorch recipe "Zeroing out
gradients in PyTorch" and torch.optim docs (optimizer.zero_grad()); Goodfellow, Bengio &
Courville, Deep Learning §8.1.3 (minibatch algorithms) and §8.3.1, Algorithm 8.1 (SGD).
https://github.com/karpathy/micrograd

The Value engine below is given and complete. Its backward() accumulates: every node's
_backward does `child.grad += ...`, which is what makes a node used twice get the sum of
its contributions. The same `+=` has a side effect across backward passes: the leaves
(the parameters) still hold the gradient of the previous loss, and the new one is ADDED
to it. After two backward passes with no reset in between:

    p.grad = dL1/dp + dL2/dp                  (and 2 * dL/dp if L1 = L2 = L)

gradients_backward_twice below shows it: it returns twice the true gradient. A training
loop must therefore set every parameter's .grad back to 0.0 BEFORE each backward pass
(before or after computing the loss: only the order relative to backward() matters). In
PyTorch this is optimizer.zero_grad(). (Adding up gradients over several micro-batches is
sometimes done on purpose, "gradient accumulation", to simulate a bigger batch; here, as
in an ordinary loop, each step must use its own batch's gradient only.)

The model, given: a linear model with parameters p = [w_1, ..., w_d, b] (bias last),
score(x) = w . x + b, and the mean squared error of one batch (X, y):

    L(p; X, y) = (1/n) * sum_i (w . x_i + b - y_i) ** 2

Shapes: w is a (d + 1,) float array of starting parameter values (the bias last); a batch
is a pair (X, y) with X an (n, d) float array and y an (n,) float array; batches is a list
of such pairs; params is a list of d + 1 Values.
  zero_grad(params)                  -> None: every .grad becomes 0.0 (.data untouched)
  sequential_gradients(w, batches)   -> (len(batches), d + 1) array: row k is dL_k/dp at w,
                                        computed on ONE list of parameters reused for all
                                        batches (as in a training loop)
  sgd(w, batches, lr, epochs)        -> (final parameters as a (d + 1,) array, list of the
                                        losses, one per step): one step per batch, in order,
                                        `epochs` passes over the list; each step computes the
                                        batch loss, zeroes the grads, runs backward and updates
                                        p.data -= lr * p.grad; the recorded loss is the one
                                        computed before that step's update

Tiny example: d = 1, p = [w, b] = [1.0, 0.0], batch A = ([[1.0]], [0.0]), batch B =
([[2.0]], [0.0]). L_A = (w + b) ** 2 has gradient [2, 2]; L_B = (2w + b) ** 2 has gradient
[8, 4]. Reusing the parameters without zero_grad, the second row comes out [10, 6] (the
sum); sequential_gradients must return [[2, 2], [8, 4]].
"""
import math

import numpy as np


class Value:
    """A scalar in a computational graph (given, complete: the engine of exercise autodiff-value).

    v.data is the number, v.grad is dL/dv after L.backward(). Supports +, -, *, / with
    Values or plain numbers on either side, v ** number, -v, v.exp(), v.log(), v.tanh(),
    v.relu(). backward() ADDS into .grad (+=): reset grads to 0.0 before each backward.
    """

    def __init__(self, data, _children=(), _op=""):
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = tuple(_children)
        self._op = _op

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, exponent):
        out = Value(self.data ** exponent, (self,), f"**{exponent}")

        def _backward():
            self.grad += exponent * self.data ** (exponent - 1) * out.grad

        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad

        out._backward = _backward
        return out

    def log(self):
        out = Value(math.log(self.data), (self,), "log")

        def _backward():
            self.grad += out.grad / self.data

        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t * t) * out.grad

        out._backward = _backward
        return out

    def relu(self):
        out = Value(self.data if self.data > 0 else 0.0, (self,), "relu")

        def _backward():
            self.grad += (out.data > 0) * out.grad

        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __truediv__(self, other):
        return self * other ** -1

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return other + (-self)

    def __rtruediv__(self, other):
        return other * self ** -1

    def backward(self):
        topo, visited = [], set()

        def build(node):
            if node not in visited:
                visited.add(node)
                for child in node._prev:
                    build(child)
                topo.append(node)

        build(self)
        self.grad = 1.0
        for node in reversed(topo):
            node._backward()


def make_parameters(w):
    """Given: one Value per entry of w (the weights, then the bias)."""
    return [Value(float(v)) for v in w]


def batch_loss(params, X, y):
    """Given: the Value (1/n) * sum_i (w . x_i + b - y_i) ** 2 for params = [w_1, ..., w_d, b]."""
    *weights, bias = params
    total = Value(0.0)
    for row, target in zip(X, y):
        score = bias
        for wj, xj in zip(weights, row):
            score = score + wj * float(xj)
        total = total + (score - float(target)) ** 2
    return total * (1.0 / len(y))


def gradients_backward_twice(w, X, y):
    """Given, and buggy on purpose: two backward passes without zero_grad give 2 * dL/dp."""
    params = make_parameters(w)
    for _ in range(2):
        loss = batch_loss(params, X, y)
        loss.backward()  # the second pass ADDS to the .grad left by the first
    return np.array([p.grad for p in params])


def zero_grad(params):
    """Set .grad = 0.0 on every Value in params."""
    # TODO: loop over ALL the parameters (the bias too); leave .data alone.
    ### BEGIN SOLUTION
    for param in params:
        param.grad = 0.0
    ### END SOLUTION


def sequential_gradients(w, batches):
    """Return the (len(batches), d + 1) array whose row k is the gradient of batch k's loss at w."""
    # TODO: params = make_parameters(w) once; for each (X, y): zero_grad(params) BEFORE
    # backward, loss = batch_loss(params, X, y), loss.backward(), record [p.grad for p in params].
    ### BEGIN SOLUTION
    params = make_parameters(w)
    rows = []
    for X, y in batches:
        zero_grad(params)
        loss = batch_loss(params, X, y)
        loss.backward()
        rows.append([p.grad for p in params])
    return np.array(rows)
    ### END SOLUTION


def sgd(w, batches, lr, epochs):
    """Run `epochs` passes of one gradient step per batch; return (final parameters, losses)."""
    # TODO: params = make_parameters(w); each step: loss, zero_grad, backward,
    # p.data -= lr * p.grad, record loss.data. Return np.array([p.data for p in params]), losses.
    ### BEGIN SOLUTION
    params = make_parameters(w)
    losses = []
    for X, y in list(batches) * epochs:
        zero_grad(params)
        loss = batch_loss(params, X, y)
        loss.backward()
        for p in params:
            p.data -= lr * p.grad
        losses.append(loss.data)
    return np.array([p.data for p in params]), losses
    ### END SOLUTION
