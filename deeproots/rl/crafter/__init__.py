"""Crafter (Hafner 2021): a Gymnasium wrapper, the paper's score, agents and reports."""
