"""Reference solution: zero_grad before every backward pass."""
import math

import numpy as np


class Value:
    """A scalar in a computational graph (the engine of exercise autodiff-value)."""

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
    for param in params:
        param.grad = 0.0


def sequential_gradients(w, batches):
    params = make_parameters(w)
    rows = []
    for X, y in batches:
        zero_grad(params)
        loss = batch_loss(params, X, y)
        loss.backward()
        rows.append([p.grad for p in params])
    return np.array(rows)


def sgd(w, batches, lr, epochs):
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
