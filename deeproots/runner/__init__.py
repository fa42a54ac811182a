"""The exercise engine: catalog, workspace, grader, watch loop, hints and progress."""
