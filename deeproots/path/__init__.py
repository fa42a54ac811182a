"""The tree of knowledge and the study planner."""
