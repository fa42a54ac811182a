"""One life for every run, whatever the track: its folder, its parameters, its device, its Ctrl-C.

- ``folder``: a run folder under a root (never overwritten; the one "cannot write runs under"
  error), ``params.json`` first and ``metrics.json`` last, unfinished runs and their resume command;
- ``overrides``: ``--set name=value`` parsed one way and coerced to a ``Params`` dataclass's types;
- ``device``: CUDA when available unless asked otherwise, else the CPU with a thread count;
- ``interrupt``: Ctrl-C as ``RunInterrupted``, one message, exit status 130.

A library under the tracks (lab, rl, research call it); it imports no track, no torch and no
NumPy at import time.
"""
