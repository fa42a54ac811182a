"""Projects: the learner builds the network, the agent or the detector; deeproots judges it.

``catalog.py`` reads the project folders (no NumPy), ``evaluation.py`` holds what an evaluator
returns and how tiers are judged, ``report.py`` writes an evaluation's report. Each folder is
one project (see docs/projects.md).
"""
