"""A scalar reverse-mode autodiff engine: the Value class (micrograd-style).

Source: Karpathy, "The spelled-out intro to neural networks and backpropagation: building
micrograd" (video, 2022) and github.com/karpathy/micrograd (engine.py); Goodfellow, Bengio
& Courville, Deep Learning §6.5.1-6.5.6 (computational graphs, the chain rule, general
back-propagation); CS231n notes "Backpropagation, Intuitions" (patterns in backward flow).
https://github.com/karpathy/micrograd

A Value wraps one float. Every operation on Values makes a new Value that remembers its
inputs (its children, in `_prev`) and a small `_backward` closure: given the gradient of
the final output L with respect to this node, `out.grad = dL/dout`, it adds this node's
share to each child's gradient with the chain rule:

    out = a + b    a.grad += out.grad                 b.grad += out.grad
    out = a * b    a.grad += b.data * out.grad        b.grad += a.data * out.grad
    out = a ** p   a.grad += p * a.data ** (p - 1) * out.grad      (p a plain number)
    out = exp(a)   a.grad += out.data * out.grad                   (exp' = exp)
    out = log(a)   a.grad += out.grad / a.data
    out = tanh(a)  a.grad += (1 - out.data ** 2) * out.grad
    out = relu(a)  a.grad += (1 if a.data > 0 else 0) * out.grad

Why `+=`? A node used twice (a * a, or x feeding two branches) receives one contribution
per use, and the multivariable chain rule says its gradient is their SUM. Assigning with
`=` keeps only the last contribution.

backward() runs the closures in the right order. A node may only pass its gradient on
once every node that uses it has finished adding to it, so: build a topological order of
the graph (depth-first, appending a node AFTER all of its children: post-order), set the
output's own grad to 1.0 (dL/dL), then call `_backward()` on every node in REVERSED
topological order, each exactly once. (A pre-order walk, calling a node's _backward as
soon as it is first reached, passes on a half-accumulated gradient in a diamond-shaped
graph.)

The rest are built from those primitives, so they need no backward of their own:
    -a = a * -1      a - b = a + (-b)      a / b = a * b ** -1
and the reflected versions for a plain number on the left: 2 + a (__radd__), 2 * a
(__rmul__), 2 - a (__rsub__: 2 + (-a)), 2 / a (__rtruediv__: 2 * a ** -1). A plain
number operand becomes a Value (a constant leaf) before use.

Shapes: everything is a scalar. `Value(data)` holds `data` (a float) and `grad` (a float,
0.0 until backward runs). Operators and methods return new Values; `backward()` returns
None and fills in `.grad` on every node of the graph.

Tiny example: x = Value(3.0); y = x * x + x; y.backward()
    y.data = 12.0;  x.grad = dy/dx = 2x + 1 = 7.0   (3.0 from each use in x * x, 1.0 from + x)
And a = Value(2.0), b = Value(-3.0), c = Value(10.0), L = a * b + c:
    L.data = 4.0;  a.grad = b = -3.0;  b.grad = a = 2.0;  c.grad = 1.0.

Use the math module (math.exp, math.log, math.tanh) on `.data`; no NumPy is needed.
"""
import math


class Value:
    """One scalar in a computational graph: data, grad, children and a local backward step."""

    def __init__(self, data, _children=(), _op=""):
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None  # leaves have nothing to pass on
        self._prev = tuple(_children)
        self._op = _op  # for printing only

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"

    def __add__(self, other):
        """Return self + other (other a Value or a number)."""
        # TODO: wrap a number in Value; out = Value(sum, (self, other), "+"); its _backward adds out.grad to both.
        ### BEGIN SOLUTION
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out
        ### END SOLUTION

    def __mul__(self, other):
        """Return self * other (other a Value or a number)."""
        # TODO: like __add__; each child receives the OTHER child's data times out.grad.
        ### BEGIN SOLUTION
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out
        ### END SOLUTION

    def __pow__(self, exponent):
        """Return self ** exponent for a plain number exponent."""
        # TODO: out.data = self.data ** exponent; local derivative exponent * self.data ** (exponent - 1).
        ### BEGIN SOLUTION
        assert isinstance(exponent, (int, float)), "only plain-number exponents"
        out = Value(self.data ** exponent, (self,), f"**{exponent}")

        def _backward():
            self.grad += exponent * self.data ** (exponent - 1) * out.grad

        out._backward = _backward
        return out
        ### END SOLUTION

    def exp(self):
        """Return e ** self."""
        # TODO: math.exp; the local derivative is out.data itself.
        ### BEGIN SOLUTION
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad

        out._backward = _backward
        return out
        ### END SOLUTION

    def log(self):
        """Return the natural logarithm of self (self.data > 0)."""
        # TODO: math.log; the local derivative is 1 / self.data.
        ### BEGIN SOLUTION
        out = Value(math.log(self.data), (self,), "log")

        def _backward():
            self.grad += out.grad / self.data

        out._backward = _backward
        return out
        ### END SOLUTION

    def tanh(self):
        """Return tanh(self)."""
        # TODO: math.tanh; the local derivative is 1 - tanh(x) ** 2.
        ### BEGIN SOLUTION
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t * t) * out.grad

        out._backward = _backward
        return out
        ### END SOLUTION

    def relu(self):
        """Return max(0, self)."""
        # TODO: out.data = self.data if positive else 0.0; gradient passes only where self.data > 0.
        ### BEGIN SOLUTION
        out = Value(self.data if self.data > 0 else 0.0, (self,), "relu")

        def _backward():
            self.grad += (out.data > 0) * out.grad

        out._backward = _backward
        return out
        ### END SOLUTION

    def __neg__(self):
        """Return -self."""
        # TODO: self * -1
        ### BEGIN SOLUTION
        return self * -1
        ### END SOLUTION

    def __sub__(self, other):
        """Return self - other."""
        # TODO: self + (-other)
        ### BEGIN SOLUTION
        return self + (-other)
        ### END SOLUTION

    def __truediv__(self, other):
        """Return self / other."""
        # TODO: self * other ** -1 (if other is a plain number, other ** -1 is a plain number too)
        ### BEGIN SOLUTION
        return self * other ** -1
        ### END SOLUTION

    def __radd__(self, other):
        """Return other + self for a plain number other."""
        # TODO: addition commutes.
        ### BEGIN SOLUTION
        return self + other
        ### END SOLUTION

    def __rmul__(self, other):
        """Return other * self for a plain number other."""
        # TODO: multiplication commutes.
        ### BEGIN SOLUTION
        return self * other
        ### END SOLUTION

    def __rsub__(self, other):
        """Return other - self for a plain number other."""
        # TODO: other + (-self)
        ### BEGIN SOLUTION
        return other + (-self)
        ### END SOLUTION

    def __rtruediv__(self, other):
        """Return other / self for a plain number other."""
        # TODO: other * self ** -1
        ### BEGIN SOLUTION
        return other * self ** -1
        ### END SOLUTION

    def backward(self):
        """Fill in .grad = d(self)/d(node) on every node of the graph that produced self."""
        # TODO: topological order by post-order DFS (with a visited set); self.grad = 1.0;
        # call _backward() on each node in reversed order.
        ### BEGIN SOLUTION
        topo = []
        visited = set()

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
        ### END SOLUTION
