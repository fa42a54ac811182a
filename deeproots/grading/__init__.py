"""The grading engine: runs an exercise's checks here, the learner's code in a worker process.

- ``checks`` and ``functions``: the API for check authors (``test_exercise.py`` files).
- ``messages``: the wire, one frozen dataclass per request and reply; ``errors``: what the
  transport raises (a forbidden call, a mutated input, an aborted run).
- ``host/``: the grader's process: ``grader`` (verdicts), ``session`` (requests and the
  proxies a check calls), ``process`` and ``pool`` (warm workers), ``decode`` (the
  restricted unpickler for replies), ``guard`` (the package guard).
- ``worker/``: the process that imports the learner's file behind ``traps`` and answers
  requests (``main``, ``encode``). Neither side imports the other; both import ``messages``.

"Trusted" means every file of the ``deeproots`` package, this one included, and nothing
less: the package guard (``host/guard.py``) snapshots the whole package directory before a
run and restores any file that changed, was added or was deleted after it. No list of
trusted files is kept by hand; what is not learner code or its output is ours.
"""
