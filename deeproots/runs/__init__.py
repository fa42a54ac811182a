"""One life for every run, whatever the track: its folder, its parameters, its device, its Ctrl-C.

- ``folder``: a run folder under a root (never overwritten; the one "cannot write runs under"
  error), ``params.json`` first and ``metrics.json`` last, unfinished runs and their resume command;
- ``overrides``: ``--set name=value`` parsed one way and coerced to a ``Params`` dataclass's types;
- ``device``: CUDA when available unless asked otherwise, else the CPU with a thread count;
- ``interrupt``: Ctrl-C as ``RunInterrupted``, one message, exit status 130;
- ``backends``: a group's cells (a sweep's settings, a group's seeds) one after another here, or one
  Ray task each; ``aggregate``: their mean ± sample std, the same code for both.

A library under the tracks, which call it (tracks -> runs -> report -> files, errors): the device
policy and the atomic checkpoint are needed inside a track's training loop, so runs cannot sit above
the tracks. It imports no track and no torch at import time; ``overrides``, ``interrupt`` and
``device`` not even NumPy, so the CLI can use them before a command imports its track.
"""
