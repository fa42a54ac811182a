"""A count-based exploration bonus for Crafter-like worlds: episodic counts, beta / sqrt(N).

Source: Badia et al. (2020), "Never Give Up: Learning Directed Exploration Strategies",
ICLR 2020, §2 (the episodic novelty module: a memory emptied at the start of every episode,
beside a lifelong novelty module that is never reset); Bellemare et al. (2016), "Unifying
Count-Based Exploration and Intrinsic Motivation", NeurIPS (a bonus beta / sqrt(N));
Strehl & Littman (2008), MBIE-EB (the 1 / sqrt(N) rate); Hafner (2022), Crafter, ICLR 2022
(every episode generates a new world, so positions seen in earlier episodes mean nothing).
https://arxiv.org/abs/2002.06038

Crafter's reward is sparse (+1 the first time an achievement is unlocked in an episode), so
an agent that never wanders far never sees a reward to learn from. A count-based bonus pays
for going where it has rarely been. The design here is EPISODIC: the counts N(c) of the
discretised positions c (cells) are emptied at the start of every episode (NGU's episodic
memory), which fits Crafter, where each episode is a fresh world; lifelong counts (never
reset, NGU's other module; Bellemare's pseudo-counts) would stop paying for the start area
of a world the agent has not seen yet. The reward of a transition cell -> next_cell is

    N(next_cell) <- N(next_cell) + 1                          (count the state reached, s_{t+1})
    r_t = r_ext + beta / sqrt(N(next_cell))                   beta > 0

so a first visit pays beta, a second beta / sqrt(2), ... The bonus is for the NEXT state,
the one the action led to; paying for the current state would reward leaving a novel cell,
not reaching one. At reset(start) the counts are emptied and the start cell is counted once
(N(start) = 1: coming back to it pays beta / sqrt(2)).

peek(next_cell) is the bonus a move to next_cell would get now, beta / sqrt(N(next_cell) + 1),
without counting anything: a one-step planner compares its moves with it.
discretise(position, cell_size) maps a position (ints or floats, any length) to its cell:
the tuple of floor(position_i / cell_size) as ints (Crafter's 64 x 64 map in 4 x 4 cells).

Shapes: cells are tuples of ints (hashable); rewards are floats.
  discretise(position sequence of D numbers, cell_size float) -> tuple of D ints
  EpisodicCountBonus(beta).reset(start_cell) -> None
  EpisodicCountBonus.reward(cell, next_cell, extrinsic float) -> float
  EpisodicCountBonus.peek(next_cell) -> float

Tiny example (beta = 1): reset((0, 0)); reward((0, 0), (0, 1), 0) = 1; reward((0, 1), (0, 0), 0)
= 1 / sqrt(2); reward((0, 0), (0, 1), 1) = 1 + 1 / sqrt(2); peek((0, 1)) = 1 / sqrt(3);
peek((5, 5)) = 1; after reset((0, 0)) again, reward((0, 0), (0, 1), 0) = 1.
"""
import math


def discretise(position, cell_size: float) -> tuple:
    """Return the cell of position: (floor(p / cell_size) for each coordinate) as ints."""
    # TODO: math.floor of every coordinate divided by cell_size, as a tuple of ints.
    ### BEGIN SOLUTION
    return tuple(int(math.floor(p / cell_size)) for p in position)
    ### END SOLUTION


class EpisodicCountBonus:
    """r_ext + beta / sqrt(N(next cell)), with visit counts emptied at every reset."""

    def __init__(self, beta: float):
        """Store beta and an empty count table (a dict cell -> visits)."""
        # TODO: self.beta, self.counts.
        ### BEGIN SOLUTION
        self.beta = beta
        self.counts = {}
        ### END SOLUTION

    def reset(self, start_cell) -> None:
        """Start an episode: empty the counts, then count the start cell once."""
        # TODO: a new episode's memory holds only the start cell.
        ### BEGIN SOLUTION
        self.counts = {start_cell: 1}
        ### END SOLUTION

    def reward(self, cell, next_cell, extrinsic: float) -> float:
        """Count next_cell, then return extrinsic + beta / sqrt(its count)."""
        # TODO: increment the count of the state the move reached; the bonus uses that count.
        ### BEGIN SOLUTION
        self.counts[next_cell] = self.counts.get(next_cell, 0) + 1
        return extrinsic + self.beta / math.sqrt(self.counts[next_cell])
        ### END SOLUTION

    def peek(self, next_cell) -> float:
        """Return the bonus a move to next_cell would get now, without counting it."""
        # TODO: beta / sqrt(N + 1), N = 0 for a cell never seen in this episode.
        ### BEGIN SOLUTION
        return self.beta / math.sqrt(self.counts.get(next_cell, 0) + 1)
        ### END SOLUTION
