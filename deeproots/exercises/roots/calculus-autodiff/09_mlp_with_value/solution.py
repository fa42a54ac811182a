"""Reference solution: a tiny MLP on a scalar autodiff engine, trained by gradient descent."""
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


class Neuron:
    def __init__(self, nin, nonlin=True, rng=None):
        rng = rng if rng is not None else np.random.default_rng(0)
        self.w = [Value(float(v)) for v in rng.uniform(-1.0, 1.0, size=nin)]
        self.b = Value(0.0)
        self.nonlin = nonlin

    def __call__(self, x):
        activation = self.b
        for wi, xi in zip(self.w, x):
            activation = activation + wi * xi
        return activation.tanh() if self.nonlin else activation

    def parameters(self):
        return self.w + [self.b]


class Layer:
    def __init__(self, nin, nout, nonlin=True, rng=None):
        rng = rng if rng is not None else np.random.default_rng(0)
        self.neurons = [Neuron(nin, nonlin, rng) for _ in range(nout)]

    def __call__(self, x):
        return [neuron(x) for neuron in self.neurons]

    def parameters(self):
        return [p for neuron in self.neurons for p in neuron.parameters()]


class MLP:
    def __init__(self, nin, sizes, seed=0):
        rng = np.random.default_rng(seed)
        dims = [nin] + list(sizes)
        self.layers = [Layer(dims[i], dims[i + 1], nonlin=i < len(sizes) - 1, rng=rng)
                       for i in range(len(sizes))]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x[0] if len(x) == 1 else x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]


def mean_squared_loss(model, X, y):
    total = Value(0.0)
    for row, target in zip(X, y):
        score = model([float(v) for v in row])
        total = total + (score - float(target)) ** 2
    return total * (1.0 / len(y))


def loss_and_gradients(params, X, y, sizes):
    model = MLP(X.shape[1], sizes)
    parameters = model.parameters()
    for p, value in zip(parameters, params):
        p.data = float(value)
    loss = mean_squared_loss(model, X, y)
    loss.backward()
    return loss.data, np.array([p.grad for p in parameters])


def train(X, y, sizes, steps, lr, seed):
    model = MLP(X.shape[1], sizes, seed)
    parameters = model.parameters()
    losses = []
    for _ in range(steps):
        loss = mean_squared_loss(model, X, y)
        for param in parameters:
            param.grad = 0.0
        loss.backward()
        for param in parameters:
            param.data -= lr * param.grad
        losses.append(loss.data)
    scores = [model([float(v) for v in row]).data for row in X]
    predictions = np.array([1.0 if s > 0 else -1.0 for s in scores])
    return losses, predictions
