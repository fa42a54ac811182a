"""The worker: the process that loads learner code, behind traps, and answers requests."""
