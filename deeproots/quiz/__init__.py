"""Theory that sticks: concept questions per node, reviewed with spaced repetition (FSRS)."""
