"""A tiny multilayer perceptron (MLP) built on a scalar autodiff engine, trained by
full-batch gradient descent.

Source: Karpathy, "The spelled-out intro to neural networks and backpropagation: building
micrograd" (video, 2022), the parts "building out a neural net library (multi-layer
perceptron)" to "doing gradient descent optimization manually, training the network", and
micrograd's nn.py; Goodfellow, Bengio & Courville, Deep Learning §6.1 (a feedforward
network learning XOR), §6.2 (gradient-based learning) and §6.5.7 (back-propagation for MLP
training); Nielsen, Neural Networks and Deep Learning, chapter 1.
https://github.com/karpathy/micrograd

The Value class below is given and complete: this exercise is about the network. Every
weight is a Value, so the loss is a Value too and loss.backward() fills in dloss/dw for
every weight at once.

A neuron with nin inputs holds nin weights w and one bias b (nin + 1 parameters):

    neuron(x) = tanh(w . x + b)          (or just w . x + b when nonlin=False)

A layer is nout neurons reading the same input; it returns the list of their nout
outputs and has (nin + 1) * nout parameters. An MLP chains layers: sizes = [4, 4, 1] on
nin = 3 inputs means layers 3 -> 4 -> 4 -> 1; every layer uses tanh except the LAST one,
which is linear (it outputs a score). Number of parameters:

    P = sum over layers of (fan_in + 1) * fan_out        (3 -> 4 -> 4 -> 1: 16 + 20 + 5 = 41)

Parameter order (the checks rely on it): model.parameters() lists layer by layer, within a
layer neuron by neuron, and for each neuron its nin weights first, then its bias.

Initialisation: MLP(nin, sizes, seed) makes rng = np.random.default_rng(seed) and hands
it to every Layer and Neuron; a neuron draws its weights uniform(-1, 1) from it and starts
its bias at 0.0 (another small random start is fine too). Same seed, same model.

Loss: labels y are +1 or -1; the model's single output is a score s(x), and

    L = (1/n) * sum_i (s(x_i) - y_i) ** 2           (mean squared error over the batch)

Gradient descent: each step computes L, resets every parameter's .grad to 0.0 (backward
ADDS to .grad), calls L.backward(), then updates p.data -= lr * p.grad for every parameter.
The prediction for a point is +1.0 if its score is > 0, else -1.0.

Shapes: x (one point) is a list of nin floats; X is an (n, nin) float array, y an (n,)
array of +-1 labels; params is a (P,) float array in the order above; sizes is a list of
ints (the last one 1 for the loss and training functions).
  Neuron(nin, nonlin=True, rng=None)(x) -> Value;  .parameters() -> list of nin + 1 Values
  Layer(nin, nout, nonlin=True, rng=None)(x) -> list of nout Values
  MLP(nin, sizes, seed=0)(x) -> a Value if sizes[-1] == 1, else a list of Values
  mean_squared_loss(model, X, y) -> Value
  loss_and_gradients(params, X, y, sizes) -> (float, (P,) array)
  train(X, y, sizes, steps, lr, seed) -> (list of `steps` floats: the loss computed at each
      step, before that step's update; (n,) array of +-1.0 predictions after the last update)
Turn NumPy numbers into plain floats before mixing them with Values (float(v) for v in
row): write `w * x` with the Value on the left.

Tiny example: one linear neuron (sizes = [1]) on nin = 2 with params [w1, w2, b] =
[0.5, -1.0, 0.25], X = [[1, 2]], y = [1]: the score is 0.5 - 2 + 0.25 = -1.25, the loss
(-1.25 - 1) ** 2 = 5.0625 and dL/d[w1, w2, b] = 2 * (-2.25) * [1, 2, 1] = [-4.5, -9.0, -4.5].
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


class Neuron:
    """nin weights and a bias; tanh(w . x + b), or w . x + b when nonlin is False."""

    def __init__(self, nin, nonlin=True, rng=None):
        """Make nin weight Values (uniform(-1, 1) from rng) and a bias Value 0.0."""
        # TODO: rng = rng if rng is not None else np.random.default_rng(0); self.w = [...]; self.b = Value(0.0)
        ### BEGIN SOLUTION
        rng = rng if rng is not None else np.random.default_rng(0)
        self.w = [Value(float(v)) for v in rng.uniform(-1.0, 1.0, size=nin)]
        self.b = Value(0.0)
        self.nonlin = nonlin
        ### END SOLUTION

    def __call__(self, x):
        """Return this neuron's output Value for one input point x (a list of nin numbers)."""
        # TODO: start from self.b, add w_i * x_i for each i, apply .tanh() if nonlinear.
        ### BEGIN SOLUTION
        activation = self.b
        for wi, xi in zip(self.w, x):
            activation = activation + wi * xi
        return activation.tanh() if self.nonlin else activation
        ### END SOLUTION

    def parameters(self):
        """Return [w_1, ..., w_nin, b]."""
        # TODO: the weights, then the bias.
        ### BEGIN SOLUTION
        return self.w + [self.b]
        ### END SOLUTION


class Layer:
    """nout neurons reading the same input."""

    def __init__(self, nin, nout, nonlin=True, rng=None):
        """Make nout neurons with nin inputs each."""
        # TODO: one Neuron(nin, nonlin, rng) per output (share the same rng).
        ### BEGIN SOLUTION
        rng = rng if rng is not None else np.random.default_rng(0)
        self.neurons = [Neuron(nin, nonlin, rng) for _ in range(nout)]
        ### END SOLUTION

    def __call__(self, x):
        """Return the list of the nout neurons' outputs."""
        # TODO: [neuron(x) for each neuron]
        ### BEGIN SOLUTION
        return [neuron(x) for neuron in self.neurons]
        ### END SOLUTION

    def parameters(self):
        """Return every neuron's parameters, neuron by neuron."""
        # TODO: concatenate the neurons' parameter lists in order.
        ### BEGIN SOLUTION
        return [p for neuron in self.neurons for p in neuron.parameters()]
        ### END SOLUTION


class MLP:
    """Layers nin -> sizes[0] -> ... -> sizes[-1]; tanh everywhere except the last layer."""

    def __init__(self, nin, sizes, seed=0):
        """Make the layers, all drawing from np.random.default_rng(seed)."""
        # TODO: dims = [nin] + list(sizes); layer i maps dims[i] -> dims[i + 1], nonlin unless it is the last.
        ### BEGIN SOLUTION
        rng = np.random.default_rng(seed)
        dims = [nin] + list(sizes)
        self.layers = [Layer(dims[i], dims[i + 1], nonlin=i < len(sizes) - 1, rng=rng)
                       for i in range(len(sizes))]
        ### END SOLUTION

    def __call__(self, x):
        """Return the output for one point x: a Value if the last layer has one neuron, else a list."""
        # TODO: feed x through every layer in turn; unwrap a one-element list.
        ### BEGIN SOLUTION
        for layer in self.layers:
            x = layer(x)
        return x[0] if len(x) == 1 else x
        ### END SOLUTION

    def parameters(self):
        """Return every layer's parameters, layer by layer."""
        # TODO: concatenate the layers' parameter lists in order.
        ### BEGIN SOLUTION
        return [p for layer in self.layers for p in layer.parameters()]
        ### END SOLUTION


def mean_squared_loss(model, X, y):
    """Return the Value (1/n) * sum_i (model(X[i]) - y[i]) ** 2."""
    # TODO: loop over the rows; convert each row to a list of floats and y[i] to a float.
    ### BEGIN SOLUTION
    total = Value(0.0)
    for row, target in zip(X, y):
        score = model([float(v) for v in row])
        total = total + (score - float(target)) ** 2
    return total * (1.0 / len(y))
    ### END SOLUTION


def loss_and_gradients(params, X, y, sizes):
    """Return (loss, gradient): the mean squared loss and dloss/dparams at the given parameters."""
    # TODO: model = MLP(X.shape[1], sizes); copy params into the parameters' .data (in order);
    # loss = mean_squared_loss(...); loss.backward(); return loss.data and the .grad of each parameter.
    ### BEGIN SOLUTION
    model = MLP(X.shape[1], sizes)
    parameters = model.parameters()
    for p, value in zip(parameters, params):
        p.data = float(value)
    loss = mean_squared_loss(model, X, y)
    loss.backward()
    return loss.data, np.array([p.grad for p in parameters])
    ### END SOLUTION


def train(X, y, sizes, steps, lr, seed):
    """Full-batch gradient descent from MLP(X.shape[1], sizes, seed): return (losses, predictions)."""
    # TODO: each step: loss, zero every .grad, backward, p.data -= lr * p.grad; record loss.data.
    # After the loop: predictions +1.0 / -1.0 from the sign of each point's score.
    ### BEGIN SOLUTION
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
    ### END SOLUTION
