"""Forbidden shortcuts: traps that fail calls from the learner's file (runs in the worker).

An exercise lists dotted names (``numpy.linalg.solve``, ``scipy.stats.binom``). Each one is
replaced by a trap as soon as its module is imported, without importing anything itself
(so a forbidden SciPy name costs nothing when the learner does not use SciPy):
- the name is rebound to a proxy that records and refuses calls made from the learner's
  file and passes calls from library code through to the original; the proxy's methods
  are trapped the same way, so ``binom.pmf(k, n, p)`` on a SciPy distribution is refused
  with the same message as ``np.linalg.solve(A, b)``.
Names the learner already bound (``from numpy.linalg import solve``) are rebound too.
A method of a compiled type (``numpy.random.Generator.exponential``) cannot be rebound on
the type: the type is rebound to a trapped subclass, and the learner gets instances of it
(arguments, and what ``default_rng`` returns to the learner's file): see _TRAPPED_INSTANCES.
A name ending in ``.*`` (``torch.*``) forbids the whole package from the learner's file: its
import (statement, ``__import__``, ``importlib.import_module``), and, once anyone imported it,
any attribute of it (``import scipy; scipy.stats.norm`` reaches it lazily): the package and
its public submodules are put behind a _ForbiddenPackage in sys.modules and in their parent,
which refuses the learner's file and serves library code (sklearn may use scipy.stats).
A name no trap can enforce is kept in ``unenforceable``; ``enforcement_problem`` says why,
and ``deeproots dev check`` fails on it.
The name ``A @ B (a whole matrix product)`` (WHOLE_MATRIX_PRODUCT) traps an operator, not a
name: see matrix_trap.py.
"""
from __future__ import annotations

import builtins
import sys
import types
from typing import Any

from deeproots.grading.worker.matrix_trap import (_ARRAY_MAKERS, WHOLE_MATRIX_PRODUCT, _guarded,
                                          _keeping_guard, _MatrixGuard)


class ForbiddenShortcut(Exception):
    """The learner called something that the exercise asks them to write themselves."""


class Traps:
    def __init__(self, names: list[str], learner_file: str):
        self.modules = tuple(name[:-2] for name in names if name.endswith(".*"))  # whole packages
        self.guards_matrices = WHOLE_MATRIX_PRODUCT in names
        self.pending = [name for name in names if not name.endswith(".*") and name != WHOLE_MATRIX_PRODUCT]
        self.learner_file = learner_file
        self.used: set[str] = set()
        self.replaced: dict[int, Any] = {}  # id(original) -> trap
        self.installed: list[tuple[Any, str, Any]] = []  # (owner, attribute, trap)
        self.trapped_types: dict[type, type] = {}  # a compiled type -> its trapped subclass
        self.unenforceable: list[str] = []  # see enforcement_problem
        self.modules_seen = 0  # len(sys.modules) when the forbidden packages were last hidden
        self.modules_initializing: list[str] = []  # forbidden, but not loaded yet: hide later

    def _refuse_if_learner(self, name: str, depth: int = 2) -> None:
        if sys._getframe(depth).f_code.co_filename == self.learner_file:
            self.used.add(name)
            raise ForbiddenShortcut(f"{name} is off limits in this exercise: write it yourself")

    def _refuse_forbidden_import(self, names: list[str]) -> None:
        """Called by an import hook: depth 3 is the code that imports."""
        for imported in names:
            if any(imported == package or imported.startswith(package + ".") for package in self.modules):
                self._refuse_if_learner(f"{imported} (the whole package)", depth=3)

    def hook_imports(self) -> None:
        """Arm after every import statement and importlib.import_module call (SciPy's lazy
        submodules come through the latter), so that a module the learner imports inside a
        function, or reaches lazily, is trapped before its first use."""
        import importlib

        original_import, original_import_module = builtins.__import__, importlib.import_module

        def importing(name: str, globals: Any = None, locals: Any = None, fromlist: Any = (),
                      level: int = 0) -> Any:
            # `from scipy import stats` imports "scipy" with fromlist ("stats",): check both.
            if not level:
                self._refuse_forbidden_import(
                    [name, *(f"{name}.{item}" for item in fromlist or () if isinstance(item, str))])
            module = original_import(name, globals, locals, fromlist, level)
            self.arm()
            return module

        def import_module(name: str, package: str | None = None) -> Any:
            if not name.startswith("."):
                self._refuse_forbidden_import([name])
            module = original_import_module(name, package)
            self.arm()
            return sys.modules.get(module.__name__, module)  # a forbidden package: its guard

        builtins.__import__ = importlib.__import__ = importing
        importlib.import_module = import_module

    def guard_arguments(self, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
        """The arguments a check passes to a learner function, with arrays guarded against a
        whole matrix product when the exercise forbids it, and instances of a compiled type
        with forbidden methods (a numpy Generator) made trapped ones (unchanged otherwise)."""
        if self.guards_matrices:
            _MatrixGuard.traps = self
            args, kwargs = tuple(map(_guarded, args)), {key: _guarded(value) for key, value in kwargs.items()}
        if self.trapped_types:
            args, kwargs = self._trapped_instance(args), self._trapped_instance(kwargs)
        return args, kwargs

    def arm(self, learner_module: Any = None) -> None:
        """Trap every pending name whose module is imported by now, hide the forbidden
        packages imported by now; rebind learner globals."""
        if self.guards_matrices and "numpy" in sys.modules:
            self._keep_guards_through_array_makers(sys.modules["numpy"])
        for owner, attribute, trap in self.installed:
            # A package still importing may bind the name again after the hook trapped it
            # (scipy.special's expit): put the trap back over the new binding.
            current = vars(owner).get(attribute)
            if current is not None and current is not trap and isinstance(trap, _TrappedObject):
                object.__setattr__(trap, "_original", current)
                setattr(owner, attribute, trap)
                self.replaced[id(current)] = trap
        if self.modules and (len(sys.modules) != self.modules_seen or self.modules_initializing):
            self._hide_forbidden_packages()
        for name in list(self.pending):
            parts = name.split(".")
            prefix = next((i for i in range(len(parts) - 1, 0, -1) if ".".join(parts[:i]) in sys.modules), 0)
            if not prefix:
                continue
            container, owner = None, _unguarded(sys.modules[".".join(parts[:prefix])])
            # vars(), not getattr(): a package's lazy __getattr__ would import the submodule
            # now (scipy.stats costs 0.4 s); an unloaded one stays pending until imported.
            for part in parts[prefix:-1]:
                container, owner = owner, _unguarded(vars(owner).get(part)) if hasattr(owner, "__dict__") else None
            original = vars(owner).get(parts[-1]) if hasattr(owner, "__dict__") else None
            if original is None:
                continue
            self.pending.remove(name)
            if isinstance(owner, type) and isinstance(original, types.FunctionType):
                trap = _trapped_method(self, name, original)  # a function: binds `self` as a method
            else:
                trap = _TrappedObject(self, name, original)
            try:
                setattr(owner, parts[-1], trap)
            except (AttributeError, TypeError):  # a compiled type: trap its instances instead
                if not (isinstance(owner, type) and self._trap_method(container, owner, parts[-1], name)):
                    self.unenforceable.append(name)
                continue
            self.replaced[id(original)] = trap
            self.installed.append((owner, parts[-1], trap))
        if learner_module is not None:
            namespace = vars(learner_module)
            for key, value in list(namespace.items()):
                if id(value) in self.replaced:
                    namespace[key] = self.replaced[id(value)]

    def _keep_guards_through_array_makers(self, numpy: Any) -> None:
        """np.array(A) and np.asarray(A) return a plain ndarray: from the learner's file,
        give a guarded array back, so that copying A does not disarm the trap."""
        for name in _ARRAY_MAKERS:
            original = vars(numpy).get(name)
            if original is None or id(original) in self.replaced or getattr(original, "_keeps_guard", False):
                continue
            wrapper = _keeping_guard(original, self.learner_file)
            setattr(numpy, name, wrapper)
            self.replaced[id(original)] = wrapper

    def _hide_forbidden_packages(self) -> None:
        """Put each loaded forbidden package, and its public submodules, behind a guard in
        sys.modules and in its parent package (``scipy.stats`` on ``scipy``)."""
        # This runs after every import statement: look only at the modules loaded since the
        # last time (sys.modules keeps insertion order; a module that has finished loading is
        # re-inserted at the end) and at those that were still running their own code.
        names = list(sys.modules)
        fresh, self.modules_initializing = names[self.modules_seen:] + self.modules_initializing, []
        self.modules_seen = len(names)
        for name in fresh:
            module = sys.modules.get(name)
            package = next((p for p in self.modules if name == p or name.startswith(p + ".")), None)
            if (package is None or type(module) is _ForbiddenPackage or not isinstance(module, types.ModuleType)
                    or any(part.startswith("_") for part in name.split("."))):
                continue
            if getattr(getattr(module, "__spec__", None), "_initializing", False):
                self.modules_initializing.append(name)  # still running its own code: next time
                continue
            guard = _ForbiddenPackage(module, self, f"{package} (the whole package)")
            sys.modules[name] = guard
            parent_name, _, child = name.rpartition(".")
            parent = _unguarded(sys.modules.get(parent_name)) if parent_name else None
            if parent is not None and vars(parent).get(child) is module:
                setattr(parent, child, guard)
            self.replaced[id(module)] = guard

    def _trap_method(self, container: Any, cls: type, method: str, name: str) -> bool:
        """Trap ``cls.method`` through a subclass of the compiled type ``cls``, bound in its
        place in ``container`` (numpy.random); False when no way to give the learner such
        instances is known (_TRAPPED_INSTANCES)."""
        qualified = f"{cls.__module__}.{cls.__qualname__}"
        if qualified not in _TRAPPED_INSTANCES or container is None:
            return False
        if cls not in self.trapped_types:
            trapped = _SeesOriginals(cls.__name__, (cls,), {"__module__": cls.__module__,
                                                           "__qualname__": cls.__qualname__})
            self.trapped_types[cls] = trapped
            for key, value in list(vars(container).items()):
                if value is cls:
                    setattr(container, key, trapped)
            self.replaced[id(cls)] = trapped
            for maker_name in _TRAPPED_INSTANCES[qualified][1]:
                self._trap_instance_maker(maker_name)
        setattr(self.trapped_types[cls], method, _trapped_method(self, name, getattr(cls, method)))
        return True

    def _trap_instance_maker(self, dotted: str) -> None:
        module_name, _, attribute = dotted.rpartition(".")
        module = _unguarded(sys.modules.get(module_name))
        original = vars(module).get(attribute) if module is not None else None
        if original is None or id(original) in self.replaced:
            return
        traps = self

        def maker(*args: Any, **kwargs: Any) -> Any:
            result = original(*args, **kwargs)
            if sys._getframe(1).f_code.co_filename == traps.learner_file:
                return traps._trapped_instance(result)
            return result

        maker.__name__ = maker.__qualname__ = original.__name__
        maker.__doc__ = original.__doc__
        setattr(module, attribute, maker)
        self.replaced[id(original)] = maker

    def _trapped_instance(self, value: Any) -> Any:
        """``value`` with instances of a trapped compiled type (in lists, tuples and dicts too)
        rebuilt as instances of its trapped subclass, sharing their state."""
        trapped = self.trapped_types.get(type(value))
        if trapped is not None:
            return _TRAPPED_INSTANCES[f"{type(value).__module__}.{type(value).__qualname__}"][0](trapped, value)
        if type(value) in (list, tuple):
            return type(value)(self._trapped_instance(item) for item in value)
        if type(value) is dict:
            return {key: self._trapped_instance(item) for key, item in value.items()}
        return value


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

    # A trapped class still works as one for library code: isinstance, issubclass, subclassing.
    def __instancecheck__(self, instance: Any) -> bool:
        return isinstance(instance, self._original)

    def __subclasscheck__(self, subclass: type) -> bool:
        return issubclass(subclass, self._original)

    def __mro_entries__(self, bases: tuple) -> tuple:
        return (self._original,)


# A compiled type whose forbidden methods cannot be rebound on the type itself: how to rebuild
# one of its instances as an instance of the trapped subclass *sharing its state* (the same
# random stream), and the functions whose result the learner's file gets rebuilt so.
_TRAPPED_INSTANCES: dict[str, tuple[Any, tuple[str, ...]]] = {
    "numpy.random._generator.Generator": (lambda trapped, rng: trapped(rng.bit_generator),
                                          ("numpy.random.default_rng",)),
}


class _SeesOriginals(type):
    """The metaclass of a trapped subclass: rebound in the original's place, it must still
    answer isinstance/issubclass for the original's instances (library code checks them)."""

    def __instancecheck__(cls, instance: Any) -> bool:
        return isinstance(instance, cls.__bases__[0])

    def __subclasscheck__(cls, subclass: type) -> bool:
        return issubclass(subclass, cls.__bases__[0])


def _trapped_method(traps: Traps, name: str, original: Any) -> Any:
    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        traps._refuse_if_learner(name)
        return original(self, *args, **kwargs)

    method.__name__ = method.__qualname__ = name.rsplit(".", 1)[-1]
    return method


class _ForbiddenPackage(types.ModuleType):
    """Stands in for a module of a forbidden package: any attribute read from the learner's
    file is refused; library code gets the module's own attributes."""

    def __init__(self, module: types.ModuleType, traps: Traps, name: str):
        super().__init__(module.__name__)
        object.__setattr__(self, "_deeproots_guarded", (module, traps, name))

    def __getattribute__(self, attribute: str) -> Any:
        module, traps, name = object.__getattribute__(self, "_deeproots_guarded")
        traps._refuse_if_learner(name)
        return getattr(module, attribute)

    def __setattr__(self, attribute: str, value: Any) -> None:  # the import system binds submodules
        setattr(object.__getattribute__(self, "_deeproots_guarded")[0], attribute, value)

    def __delattr__(self, attribute: str) -> None:
        delattr(object.__getattribute__(self, "_deeproots_guarded")[0], attribute)


def _unguarded(module: Any) -> Any:
    return object.__getattribute__(module, "_deeproots_guarded")[0] if type(module) is _ForbiddenPackage else module


def enforcement_problem(name: str) -> str | None:
    """Why a forbidden name could not be trapped in a worker (None when it can be). For the
    maintainer (deeproots dev check): it imports the name's module."""
    import importlib
    import importlib.util

    if name == WHOLE_MATRIX_PRODUCT:
        return None
    if name.endswith(".*"):
        try:
            found = importlib.util.find_spec(name[:-2]) is not None
        except ImportError:
            found = False
        return None if found else f"there is no package {name[:-2]} to import"
    parts = name.split(".")
    for prefix in range(len(parts) - 1, 0, -1):
        try:
            owner = importlib.import_module(".".join(parts[:prefix]))
            break
        except ImportError:
            continue
    else:
        return f"no module of {name} can be imported"
    container = None
    for index in range(prefix, len(parts)):
        if not hasattr(owner, parts[index]):
            return f"{'.'.join(parts[:index])} has no attribute {parts[index]} (misspelt?)"
        container, owner = owner, getattr(owner, parts[index])
    attribute = parts[-1]
    heap_type, immutable_type = 1 << 9, 1 << 8  # Py_TPFLAGS_HEAPTYPE, Py_TPFLAGS_IMMUTABLETYPE
    if isinstance(container, type) and (not container.__flags__ & heap_type or container.__flags__ & immutable_type):
        qualified = f"{container.__module__}.{container.__qualname__}"
        if qualified not in _TRAPPED_INSTANCES:
            return (f"{attribute} is a method of the compiled type {qualified}, whose methods cannot be "
                    f"rebound; teach traps.py to give the learner trapped instances of it (_TRAPPED_INSTANCES) "
                    f"or forbid a name that can be trapped")
    return None
