"""Jack's car rental (Sutton & Barto 2nd ed., §4.3, Example 4.2 and Fig. 4.2).

Two locations hold at most 20 cars each. The state is the number of cars at each location at the
end of the day, ``(n_first, n_second)``, numbered ``n_first * 21 + n_second``. The action is the
net number of cars moved overnight from the first location to the second, -5..5, numbered
``move + 5``; each car moved costs $2. The next day requests and returns at each location are
Poisson (means 3 and 4 requests, 3 and 2 returns); each car rented earns $10, a request with no
car left is lost, returned cars are available the day after, and cars above 20 at a location
go back to the national company. gamma = 0.9 (continuing task).

Order of events within a step, as in the book: move cars overnight, then the day's rentals
(from the cars present after the move), then the returns.

A move larger than the cars at the source moves all the cars there (and pays only for those);
such a move is never needed, and :meth:`JacksCarRental.action_mask` marks the moves the book
allows (no more cars than there are), to pass to the greedy steps of
:mod:`deeproots.rl.tabular.dp`.

The model is exact: requests are cut off at the cars available and the next count at 20, so
the Poisson tail beyond those bounds is lumped into the last entry ("truncated Poisson
tables"). The two locations are independent given the cars after the move, so P is the outer
product of two 21 x 21 per-location tables, built with array indexing in milliseconds.
"""
from __future__ import annotations

import numpy as np
from scipy.stats import poisson

from deeproots.errors import DeeprootsError
from deeproots.rl.envs.mdp import TabularEnv, TabularModel


def location_dynamics(request_mean: float, return_mean: float, max_cars: int) -> tuple[np.ndarray, np.ndarray]:
    """One location for one day, starting with ``m`` cars (after the overnight move).

    Returns ``T[m, n]``, the probability of ending the day with ``n`` cars, and
    ``expected_rentals[m]``. Rentals are ``min(requests, m)``, then
    ``n = min(m - rentals + returns, max_cars)``."""
    counts = np.arange(max_cars + 1)
    # rental_probs[m, k]: P(k cars rented | m available); k = m takes the whole tail P(requests >= m).
    request_pmf = poisson.pmf(counts, request_mean)
    rental_probs = np.where(counts[None, :] < counts[:, None], request_pmf[None, :], 0.0)
    rental_probs[counts, counts] = poisson.sf(counts - 1, request_mean)
    expected_rentals = rental_probs @ counts

    # return_probs[left, n]: P(day ends with n cars | `left` cars after rentals); n = max_cars takes the tail.
    offsets = counts[None, :] - counts[:, None]  # returns needed to go from `left` to n
    return_probs = np.where(offsets >= 0, poisson.pmf(np.maximum(offsets, 0), return_mean), 0.0)
    return_probs[:, max_cars] = poisson.sf(max_cars - counts - 1, return_mean)

    # left = m - k: a Toeplitz-like gather, then sum over k.
    left = np.clip(counts[:, None] - counts[None, :], 0, None)  # [m, k]
    T = np.einsum("mk,mkn->mn", rental_probs, return_probs[left])
    return T, expected_rentals


class JacksCarRental(TabularEnv):
    """Example 4.2 as a finite MDP with an exact model and a sampling ``step``."""

    gamma = 0.9
    """The discount the book uses for this task."""

    def __init__(
        self,
        max_cars: int = 20,
        max_move: int = 5,
        request_means: tuple[float, float] = (3.0, 4.0),
        return_means: tuple[float, float] = (3.0, 2.0),
        rental_credit: float = 10.0,
        move_cost: float = 2.0,
    ) -> None:
        super().__init__()
        if not (isinstance(max_cars, int) and max_cars >= 1):
            raise DeeprootsError(f"max_cars must be a positive integer (got {max_cars!r})")
        if not (isinstance(max_move, int) and 0 <= max_move <= max_cars):
            raise DeeprootsError(f"max_move must be an integer in 0..max_cars={max_cars} (got {max_move!r})")
        if min(*request_means, *return_means) < 0:
            raise DeeprootsError("request_means and return_means must be non-negative")
        self.max_cars, self.max_move = max_cars, max_move
        self.request_means, self.return_means = tuple(request_means), tuple(return_means)
        self.rental_credit, self.move_cost = float(rental_credit), float(move_cost)
        self.n_states = (max_cars + 1) ** 2
        self.n_actions = 2 * max_move + 1

    # ------------------------------------------------------------------ numbering

    def state_index(self, n_first: int, n_second: int) -> int:
        return n_first * (self.max_cars + 1) + n_second

    def cars(self, state: int) -> tuple[int, int]:
        """(cars at the first location, cars at the second) for a state number."""
        n_first, n_second = divmod(int(state), self.max_cars + 1)
        return n_first, n_second

    def action_index(self, move: int) -> int:
        return move + self.max_move

    def moves(self) -> np.ndarray:
        """The net move (first -> second) of each action number."""
        return np.arange(-self.max_move, self.max_move + 1)

    def to_grid(self, per_state: np.ndarray) -> np.ndarray:
        """Per-state values as a [n_first, n_second] grid (Fig. 4.2 plots n_first up, n_second across)."""
        return np.asarray(per_state).reshape(self.max_cars + 1, self.max_cars + 1)

    # ------------------------------------------------------------------ dynamics

    def _after_move(self, n_first: np.ndarray, n_second: np.ndarray, move: np.ndarray):
        """Cars at each location after the overnight move, and the cars actually moved."""
        moved = np.clip(move, -n_second, n_first)  # cannot move cars that are not there
        return np.minimum(n_first - moved, self.max_cars), np.minimum(n_second + moved, self.max_cars), np.abs(moved)

    def action_mask(self) -> np.ndarray:
        """(S, A) bool: the move takes no more cars than the source location has."""
        n_first, n_second = np.divmod(np.arange(self.n_states), self.max_cars + 1)
        move = self.moves()[None, :]
        return (move <= n_first[:, None]) & (-move <= n_second[:, None])

    def model(self) -> TabularModel:
        size = self.max_cars + 1
        T_first, rentals_first = location_dynamics(self.request_means[0], self.return_means[0], self.max_cars)
        T_second, rentals_second = location_dynamics(self.request_means[1], self.return_means[1], self.max_cars)
        n_first, n_second = np.divmod(np.arange(self.n_states), size)
        m_first, m_second, moved = self._after_move(n_first[:, None], n_second[:, None], self.moves()[None, :])
        # P[s, a, (n1, n2)] = T_first[m1, n1] * T_second[m2, n2]: independent locations.
        P = (T_first[m_first][:, :, :, None] * T_second[m_second][:, :, None, :]).reshape(self.n_states, self.n_actions, -1)
        R = self.rental_credit * (rentals_first[m_first] + rentals_second[m_second]) - self.move_cost * moved
        return TabularModel(P=P, R=R, terminal=np.zeros(self.n_states, dtype=bool))

    def _reset(self) -> int:
        return int(self.np_random.integers(self.n_states))

    def _step(self, action: int) -> tuple[int, float, bool, bool]:
        n_first, n_second = self.cars(self.state)
        m_first, m_second, moved = self._after_move(n_first, n_second, self.moves()[action])
        requests = self.np_random.poisson(self.request_means)
        returns = self.np_random.poisson(self.return_means)
        rented = np.minimum(requests, (m_first, m_second))
        end_of_day = np.minimum(np.array((m_first, m_second)) - rented + returns, self.max_cars)
        reward = self.rental_credit * rented.sum() - self.move_cost * moved
        return self.state_index(*end_of_day), float(reward), False, False
