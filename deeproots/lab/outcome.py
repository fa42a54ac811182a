"""What an experiment returns (its own module, so experiments need not import the runner)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Outcome:
    """What an experiment returns: numbers for metrics.json and the sentence a learner reads."""

    metrics: dict[str, Any]
    verdict: str

    def _repr_html_(self) -> str:
        from deeproots.report.inline import run_html

        return run_html("lab outcome", self.verdict, self.metrics)
