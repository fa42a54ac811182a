"""The learner's application: the Learner API, workspace, progress, watch session, planner, doctor, dev check.

Every front end (the terminal today; a notebook or a web dashboard later) calls this layer:
one grader, one progress store."""
