"""Forbidden shortcuts: traps that fail calls from the learner's file (runs in the worker).

An exercise lists dotted names (``numpy.linalg.solve``, ``scipy.stats.binom``). Each one is
replaced by a trap as soon as its module is imported, without importing anything itself
(so a forbidden SciPy name costs nothing when the learner does not use SciPy):
- the name is rebound to a proxy that records and refuses calls made from the learner's
  file and passes calls from library code through to the original; the proxy's methods
  are trapped the same way, so ``binom.pmf(k, n, p)`` on a SciPy distribution is refused
  with the same message as ``np.linalg.solve(A, b)``.
Names the learner already bound (``from numpy.linalg import solve``) are rebound too.
A name ending in ``.*`` (``torch.*``) forbids importing that package from the learner's
file at all: a layer written "from scratch" may not lean on PyTorch.
"""
from __future__ import annotations

import builtins
import sys
from typing import Any


class ForbiddenShortcut(Exception):
    """The learner called something that the exercise asks them to write themselves."""


class Traps:
    def __init__(self, names: list[str], learner_file: str):
        self.modules = tuple(name[:-2] for name in names if name.endswith(".*"))  # whole packages
        self.pending = [name for name in names if not name.endswith(".*")]
        self.learner_file = learner_file
        self.used: set[str] = set()
        self.replaced: dict[int, Any] = {}  # id(original) -> trap
        self.installed: list[tuple[Any, str, Any]] = []  # (owner, attribute, trap)

    def _refuse_if_learner(self, name: str, depth: int = 2) -> None:
        if sys._getframe(depth).f_code.co_filename == self.learner_file:
            self.used.add(name)
            raise ForbiddenShortcut(f"{name} is off limits in this exercise: write it yourself")

    def hook_imports(self) -> None:
        """Arm after every import statement, so that a module the learner imports inside a
        function is trapped before its first use."""
        original_import = builtins.__import__

        def importing(name: str, *args: Any, **kwargs: Any) -> Any:
            if any(name == package or name.startswith(package + ".") for package in self.modules):
                self._refuse_if_learner(f"{name} (the whole package)")
            module = original_import(name, *args, **kwargs)
            if self.pending:
                self.arm()
            return module

        builtins.__import__ = importing

    def arm(self, learner_module: Any = None) -> None:
        """Trap every pending name whose module is imported by now; rebind learner globals."""
        for owner, attribute, trap in self.installed:
            # A package still importing may bind the name again after the hook trapped it
            # (scipy.special's expit): put the trap back over the new binding.
            current = vars(owner).get(attribute)
            if current is not None and current is not trap:
                object.__setattr__(trap, "_original", current)
                setattr(owner, attribute, trap)
                self.replaced[id(current)] = trap
        for name in list(self.pending):
            parts = name.split(".")
            prefix = next((i for i in range(len(parts) - 1, 0, -1) if ".".join(parts[:i]) in sys.modules), 0)
            if not prefix:
                continue
            owner = sys.modules[".".join(parts[:prefix])]
            # vars(), not getattr(): a package's lazy __getattr__ would import the submodule
            # now (scipy.stats costs 0.4 s); an unloaded one stays pending until imported.
            for part in parts[prefix:-1]:
                owner = vars(owner).get(part) if hasattr(owner, "__dict__") else None
            original = vars(owner).get(parts[-1]) if hasattr(owner, "__dict__") else None
            if original is None:
                continue
            trap = _TrappedObject(self, name, original)
            try:
                setattr(owner, parts[-1], trap)
            except (AttributeError, TypeError):  # an immutable type: cannot be trapped
                self.pending.remove(name)
                continue
            self.replaced[id(original)] = trap
            self.installed.append((owner, parts[-1], trap))
            self.pending.remove(name)
        if learner_module is not None:
            namespace = vars(learner_module)
            for key, value in list(namespace.items()):
                if id(value) in self.replaced:
                    namespace[key] = self.replaced[id(value)]


class _TrappedObject:
    """Stands in for a forbidden object: calls and method calls from the learner are refused."""

    def __init__(self, traps: Traps, name: str, original: Any):
        object.__setattr__(self, "_traps", traps)
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_original", original)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self._traps._refuse_if_learner(self._name)
        return self._original(*args, **kwargs)

    def __getattr__(self, attribute: str) -> Any:
        value = getattr(self._original, attribute)
        if not callable(value):
            return value
        traps, name = self._traps, f"{self._name}.{attribute}"

        def trap(*args: Any, **kwargs: Any) -> Any:
            traps._refuse_if_learner(name)
            return value(*args, **kwargs)

        return trap
