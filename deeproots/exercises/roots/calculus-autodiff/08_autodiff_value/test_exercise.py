"""Checks for the scalar autodiff engine (references: central differences of the same
expression evaluated on plain floats, and derivatives worked out by hand).

Each expression is a small program (a "tape"): a list of operations on earlier nodes.
The same tape runs twice: on the learner's Values (through handles, one round trip per
operation) and on plain Python floats here. The gradient of every leaf is compared with
central differences of the float version.
"""
import math
import operator

import numpy as np

from deeproots.grading.checks import central_difference, expect, expect_close

# Central differences with h = 1e-6 on smooth expressions of size O(10) agree with the
# exact gradient to about 1e-8; the engine's bugs change gradients by O(0.1) or more.
GRAD_RTOL, GRAD_ATOL = 1e-5, 1e-6

_BINARY = {"add": (operator.add, "+"), "sub": (operator.sub, "-"),
           "mul": (operator.mul, "*"), "div": (operator.truediv, "/")}
_WITH_NUMBER = {  # (node, plain number) -> node; the number on the right or on the left
    "addc": (lambda a, c: a + c, "{a} + {c}"), "radd": (lambda a, c: c + a, "{c} + {a}"),
    "subc": (lambda a, c: a - c, "{a} - {c}"), "rsub": (lambda a, c: c - a, "{c} - {a}"),
    "mulc": (lambda a, c: a * c, "{a} * {c}"), "rmul": (lambda a, c: c * a, "{c} * {a}"),
    "divc": (lambda a, c: a / c, "{a} / {c}"), "rdiv": (lambda a, c: c / a, "{c} / {a}"),
    "pow": (lambda a, c: a ** c, "{a} ** {c}"),
}
_FLOAT_UNARY = {"exp": math.exp, "log": math.log, "tanh": math.tanh,
                "relu": lambda a: a if a > 0 else 0.0}
_CONSTANTS = (-2.0, -1.5, -0.5, 0.5, 1.0, 2.5, 3.0)
_EXPONENTS = (2, 3, -1, 0.5, 1.5, -0.5)


def _apply(op, nodes):
    """One operation on floats or on learner Values (handles): the same Python syntax."""
    kind, a = op[0], nodes[op[1]]
    if kind in _BINARY:
        return _BINARY[kind][0](a, nodes[op[2]])
    if kind in _WITH_NUMBER:
        return _WITH_NUMBER[kind][0](a, op[2])
    if kind == "neg":
        return -a
    if isinstance(a, float):
        return _FLOAT_UNARY[kind](a)
    return getattr(a, kind)()  # a.exp(), a.log(), a.tanh(), a.relu() on a learner Value


def _run(tape, leaves, make=float):
    nodes = [make(float(v)) for v in leaves]
    for op in tape:
        nodes.append(_apply(op, nodes))
    return nodes


def _listing(tape, n_leaves):
    """The tape as readable code: n2 = x0 * x1; n3 = tanh(n2); ..."""
    def name(i):
        return f"x{i}" if i < n_leaves else f"n{i}"

    lines = []
    for k, op in enumerate(tape):
        kind, a = op[0], name(op[1])
        if kind in _BINARY:
            text = f"{a} {_BINARY[kind][1]} {name(op[2])}"
        elif kind in _WITH_NUMBER:
            text = _WITH_NUMBER[kind][1].format(a=a, c=op[2])
        elif kind == "neg":
            text = f"-{a}"
        else:
            text = f"{a}.{kind}()"
        lines.append(f"{name(n_leaves + k)} = {text}")
    return "; ".join(lines) + f"; L = {name(n_leaves + len(tape) - 1)}"


def _check_tape(ex, tape, leaves, what):
    leaves = [float(v) for v in leaves]
    program = _listing(tape, len(leaves))
    inputs = {"program": program, "leaves x0, x1, ...": np.array(leaves)}
    handles = _run(tape, leaves, make=ex.Value)
    root = handles[-1]
    root.backward()
    expect_close(root.data, _run(tape, leaves)[-1], what=f"L.data for {what}",
                 how="the same expression on plain Python floats", rtol=1e-12, atol=1e-12,
                 inputs=inputs)
    grads = np.array([h.grad for h in handles[:len(leaves)]], dtype=float)
    numeric = central_difference(lambda x: _run(tape, x)[-1], np.array(leaves))
    expect_close(grads, numeric, what=f"the leaves' .grad after L.backward() for {what}",
                 how="central differences (h = 1e-6) of the same expression on floats",
                 rtol=GRAD_RTOL, atol=GRAD_ATOL, inputs=inputs)


def _valid(op, nodes, value):
    """Keep the random expression smooth and tame near the point (h = 1e-6 away)."""
    kind, a = op[0], nodes[op[1]]
    if not isinstance(value, float) or not math.isfinite(value) or abs(value) > 30.0:
        return False
    if kind == "div":
        return abs(nodes[op[2]]) > 0.3
    if kind == "rdiv":
        return abs(a) > 0.3
    if kind == "log":
        return a > 0.2
    if kind == "pow":
        return (a > 0.2 if op[2] != int(op[2]) else True) and (abs(a) > 0.3 if op[2] < 0 else True)
    if kind == "relu":
        return abs(a) > 0.05  # far from the kink
    if kind == "exp":
        return a < 2.5
    return True


def _pick(rng, count):
    """Mostly one of the last few nodes (deep graphs), sometimes any earlier one (sharing)."""
    if rng.random() < 0.7:
        return count - 1 - int(rng.integers(min(count, 3)))
    return int(rng.integers(count))


def _random_tape(rng, n_leaves, n_ops):
    kinds = list(_BINARY) + list(_WITH_NUMBER) + ["neg"] + list(_FLOAT_UNARY)
    leaves = [float(v) for v in rng.uniform(0.3, 1.5, n_leaves) * rng.choice([-1.0, 1.0], n_leaves)]
    nodes, tape = list(leaves), []
    while len(tape) < n_ops:
        kind = kinds[int(rng.integers(len(kinds)))]
        i = _pick(rng, len(nodes))
        if kind in _BINARY:
            op = (kind, i, _pick(rng, len(nodes)))  # may be (i, i): a node used twice
        elif kind == "pow":
            op = (kind, i, _EXPONENTS[int(rng.integers(len(_EXPONENTS)))])
        elif kind in _WITH_NUMBER:
            op = (kind, i, _CONSTANTS[int(rng.integers(len(_CONSTANTS)))])
        else:
            op = (kind, i)
        try:
            value = _apply(op, nodes)
        except (ValueError, ZeroDivisionError, OverflowError):
            continue
        if _valid(op, nodes, value):
            tape.append(op)
            nodes.append(value)
    # Sum every node that nothing uses into the output, so every node matters.
    used = {op[1] for op in tape} | {op[2] for op in tape if op[0] in _BINARY}
    root = len(nodes) - 1
    for k in range(len(nodes) - 1):
        if k not in used:
            tape.append(("add", root, k))
            root = len(nodes) + len(tape) - n_ops - 1
    return tape, leaves


def test_hand_examples(ex, rng):
    x = ex.Value(3.0)
    y = x * x + x
    expect_close(y.data, 12.0, what="(x * x + x).data at x = 3", how="by hand: 9 + 3",
                 rtol=1e-12, atol=1e-12)
    expect_close(x.grad, 0.0, what="x.grad before backward()", how="a new Value's grad is 0.0",
                 rtol=0, atol=0)
    y.backward()
    expect_close(y.grad, 1.0, what="y.grad after y.backward()", how="dy/dy = 1", rtol=0, atol=0)
    expect_close(x.grad, 7.0, what="x.grad for y = x * x + x at x = 3",
                 how="by hand: dy/dx = 2x + 1 = 7 (3 + 3 from x * x, 1 from + x)",
                 rtol=1e-12, atol=1e-12)
    a, b, c = ex.Value(2.0), ex.Value(-3.0), ex.Value(10.0)
    e = a * b
    L = e + c
    L.backward()
    expect_close(L.data, 4.0, what="(a * b + c).data", how="by hand: 2 * -3 + 10", rtol=1e-12, atol=1e-12)
    expect_close(np.array([a.grad, b.grad, c.grad, e.grad]), np.array([-3.0, 2.0, 1.0, 1.0]),
                 what="[a.grad, b.grad, c.grad, e.grad] for L = e + c, e = a * b, a=2, b=-3, c=10",
                 how="by hand: dL/da = b, dL/db = a, dL/dc = 1, dL/de = 1", rtol=1e-12, atol=1e-12)
    leaf = ex.Value(5.0)
    leaf.backward()
    expect_close(leaf.grad, 1.0, what="leaf.grad after leaf.backward() on a lone Value",
                 how="dL/dL = 1", rtol=0, atol=0)


def test_each_operation_alone(ex, rng):
    # x > 1 and y < -1: relu passes x and blocks y; tanh'(x) and the exponents are not 1.
    x = float(rng.uniform(1.2, 2.0))
    y = float(rng.uniform(-2.0, -1.2))
    c = float(rng.choice([-2.5, 1.5, 3.0]))
    for kind in ("add", "sub", "mul", "div"):
        _check_tape(ex, [(kind, 0, 1)], [x, y], f"L = x0 {_BINARY[kind][1]} x1")
    cases = [("addc", x, c), ("radd", y, c), ("subc", x, c), ("rsub", y, c), ("mulc", x, c),
             ("rmul", y, c), ("divc", x, c), ("rdiv", y, c), ("neg", y), ("exp", y), ("log", x),
             ("tanh", x), ("relu", x), ("relu", y), ("pow", x, 0.5), ("pow", x, -0.5), ("pow", y, 3),
             ("pow", y, -1)]
    for kind, leaf, *number in cases:
        tape = [(kind, 0, *number)]
        _check_tape(ex, tape, [leaf], "L = " + _listing(tape, 1).split("; ")[0].removeprefix("n1 = "))


def test_node_used_twice(ex, rng):
    a, b = float(rng.uniform(0.5, 1.5)), float(rng.uniform(-1.5, -0.5))
    programs = [
        [("mul", 0, 0), ("add", 2, 1)],                         # a * a + b: da = 2a
        [("add", 0, 0), ("mul", 2, 1)],                         # (a + a) * b: da = 2b
        [("mul", 0, 1), ("mul", 2, 2), ("add", 3, 2)],          # c = a * b; c * c + c
        [("mulc", 0, 2.5), ("tanh", 0), ("mul", 2, 3), ("add", 4, 1)],  # a in two branches
    ]
    for tape in programs:
        _check_tape(ex, tape, [a, b], "an expression that uses a node twice")


def test_diamond_graphs(ex, rng):
    x, y = float(rng.uniform(0.3, 0.9)), float(rng.uniform(-0.9, -0.3))
    # d = tanh(x * y); L = exp(d) * (2 - d ** 2) + d: three paths from L to d.
    tape = [("mul", 0, 1), ("tanh", 2), ("exp", 3), ("pow", 3, 2), ("rsub", 5, 2.0), ("mul", 4, 6),
            ("add", 7, 3)]
    _check_tape(ex, tape, [x, y], "a diamond: d = tanh(x * y) feeds exp(d), d ** 2 and + d")
    # Six stacked diamonds: z -> (tanh(z), 0.8 * z) -> tanh(z) * (0.8 z) + tanh(z).
    tape, z = [("add", 0, 1)], 2
    for _ in range(6):
        tape += [("tanh", z), ("mulc", z, 0.8)]
        tape += [("mul", z + 1, z + 2), ("add", z + 3, z + 1)]
        z += 4
    _check_tape(ex, tape, [x, y], "six stacked diamond-shaped blocks")


def test_deep_chains(ex, rng):
    x, w = float(rng.uniform(-1.0, 1.0)), float(rng.uniform(0.5, 1.5))
    # y <- tanh(w * y + 0.3), 15 times: w is used at every level.
    tape, y = [], 0
    for _ in range(15):
        tape += [("mul", y, 1), ("addc", len(tape) + 2, 0.3), ("tanh", len(tape) + 3)]
        y = len(tape) + 1
    _check_tape(ex, tape, [x, w], "a chain of 15 layers y = tanh(w * y + 0.3)")
    # A long single-variable chain of 50 operations: log(exp(.)) and an affine step, in turn.
    tape = []
    for k in range(25):
        tape += [("exp", k * 2), ("log", k * 2 + 1)] if k % 2 == 0 else [("mulc", k * 2, 1.01), ("addc", k * 2 + 1, -0.01)]
    _check_tape(ex, tape, [x], "a chain of 50 operations alternating exp/log and * 1.01 - 0.01")


def test_random_expressions(ex, rng):
    for n_leaves, n_ops in ((1, 8), (2, 10), (3, 14), (4, 18), (3, 22), (5, 12)):
        tape, leaves = _random_tape(rng, n_leaves, n_ops)
        kinds = {op[0] for op in tape}
        expect(len(kinds) >= 3, "internal: the random expression should mix operations", kinds=sorted(kinds))
        _check_tape(ex, tape, leaves, f"a random expression with {n_leaves} leaves and {len(tape)} operations")
