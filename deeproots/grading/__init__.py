"""The trusted grading engine. ``host/`` runs in the grader's process (sessions, the worker pool,
the package guard); ``worker/`` is the untrusted side that loads learner code; ``checks`` is
the API for check authors. "Trusted" is everything in this package (and the package guard
protects every file of deeproots)."""
