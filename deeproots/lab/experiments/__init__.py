"""Lab experiments, one readable file each (see deeproots/lab/run.py for the contract)."""
