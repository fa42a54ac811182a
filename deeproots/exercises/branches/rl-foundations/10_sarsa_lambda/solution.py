"""Sarsa(lambda): tabular control with replacing eligibility traces on a small maze.

Source: Sutton & Barto, Reinforcement Learning: An Introduction (2nd ed.), §12.7
(Sarsa(lambda), eq. 12.5 and the boxed algorithm; Example 12.1, the traces of a gridworld
episode), §12.2 (accumulating and replacing traces) and §6.4 (Sarsa); David Silver's UCL RL
course, lecture 5 "Model-Free Control" (Sarsa(lambda), backward view).
https://www.davidsilver.uk/teaching/

Sarsa(lambda) keeps one eligibility trace e(s, a) per state-action pair. This exercise uses
REPLACING traces: a visited pair's trace is set to 1 (not increased by 1). At every step of
an episode S_0, A_0, R_1, S_1, A_1, ...:

    delta = R_{t+1} + gamma Q(S_{t+1}, A_{t+1}) - Q(S_t, A_t)    (just R_{t+1} - Q(S_t, A_t)
                                                                   when S_{t+1} is terminal)
    e(S_t, A_t) <- 1                                  (replacing trace)
    Q <- Q + alpha delta e                            (every pair, by its trace)
    e <- gamma lambda e                               (all traces decay)

Traces belong to one episode: e = 0 at the start of every episode. A_{t+1} is the action the
agent will really take next (on-policy: not the greedy max, which would be Q-learning), and
it is chosen BEFORE the update, from Q as it is then. So the trace of a pair last visited at
step k is (gamma lambda)^(t-k) at step t.

The maze (given below): a grid, 'S' the start, 'G' the goal (terminal), '#' walls; actions
0 up, 1 right, 2 down, 3 left; every step costs reward -1; moving into a wall or off the grid
leaves the agent where it is. States are row * width + column.

  SarsaLambda(Q, alpha, gamma, lam)      agent: self.Q = a float copy of Q (S, A);
                                         self.E = zeros (S, A)
  agent.start_episode()                  sets every trace to 0
  agent.update(s, a, r, s2, a2, done)    one step of the box above (a2 is ignored when done)
  agent.run_episode(epsilon, rng)        -> (states (T,), actions (T,), rewards (T,)): one
                                         episode from START to GOAL, learning on the way
run_episode calls start_episode, then chooses A_0 = epsilon_greedy(Q[START], epsilon, rng);
each step: (s2, r, done) = env_step(s, a); if not done, a2 = epsilon_greedy(Q[s2], epsilon,
rng) (before the update); update(s, a, r, s2, a2, done); stop when done. Use the given
epsilon_greedy for every choice, in this order (the checks replay your episode with the same
random numbers). states[t], actions[t] are S_t, A_t; rewards[t] = R_{t+1}; GOAL is not listed.

Tiny example: Q = zeros (3, 2), alpha = 0.5, gamma = 1, lambda = 0.5. update(0, 1, -1, 1, 0,
False): delta = -1 + 0 - 0 = -1, e(0, 1) = 1, Q(0, 1) = -0.5, then e(0, 1) = 0.5.
update(1, 0, -1, 2, None, True): delta = -1 - 0 = -1, e(1, 0) = 1, so Q(1, 0) = -0.5 and
Q(0, 1) = -0.5 + 0.5 * -1 * 0.5 = -0.75.
"""
import numpy as np

GRID = (
    "S..#....",
    ".#.#.##.",
    ".#...#..",
    ".####.#.",
    "......#G",
)
HEIGHT, WIDTH = len(GRID), len(GRID[0])
N_STATES, N_ACTIONS = HEIGHT * WIDTH, 4
START, GOAL = 0, N_STATES - 1
MOVES = ((-1, 0), (0, 1), (1, 0), (0, -1))  # up, right, down, left


def env_step(s: int, a: int) -> tuple[int, float, bool]:
    """Given: one move of the maze -> (next state, reward -1, whether it is the goal)."""
    r, c = divmod(int(s), WIDTH)
    nr, nc = r + MOVES[a][0], c + MOVES[a][1]
    if 0 <= nr < HEIGHT and 0 <= nc < WIDTH and GRID[nr][nc] != "#":
        r, c = nr, nc
    s2 = r * WIDTH + c
    return s2, -1.0, s2 == GOAL


def epsilon_greedy(q_row: np.ndarray, epsilon: float, rng: np.random.Generator) -> int:
    """Given: a random action with probability epsilon, else a greedy one (ties at random)."""
    if rng.random() < epsilon:
        return int(rng.integers(len(q_row)))
    return int(rng.choice(np.flatnonzero(q_row == q_row.max())))


class SarsaLambda:
    """Tabular Sarsa(lambda) with replacing traces."""

    def __init__(self, Q: np.ndarray, alpha: float, gamma: float, lam: float):
        self.Q = np.array(Q, dtype=float)
        self.E = np.zeros_like(self.Q)
        self.alpha, self.gamma, self.lam = alpha, gamma, lam

    def start_episode(self) -> None:
        """Set every eligibility trace to 0."""
        # TODO: zero self.E.
        ### BEGIN SOLUTION
        self.E[:] = 0.0
        ### END SOLUTION

    def update(self, s: int, a: int, r: float, s2: int, a2, done: bool) -> None:
        """One Sarsa(lambda) step: TD error, replacing trace, update every pair, decay."""
        # TODO: delta = r (+ gamma * Q[s2, a2] unless done) - Q[s, a]; E[s, a] = 1;
        # Q += alpha * delta * E; E *= gamma * lam.
        ### BEGIN SOLUTION
        target = r if done else r + self.gamma * self.Q[s2, a2]
        delta = target - self.Q[s, a]
        self.E[s, a] = 1.0
        self.Q += self.alpha * delta * self.E
        self.E *= self.gamma * self.lam
        ### END SOLUTION

    def run_episode(self, epsilon: float, rng: np.random.Generator):
        """Run one episode from START to GOAL, learning; return (states, actions, rewards)."""
        # TODO: start_episode; a = epsilon_greedy(Q[START]); loop: env_step, choose a2 (if not
        # done), update, record (s, a, r), stop when done.
        ### BEGIN SOLUTION
        self.start_episode()
        states, actions, rewards = [], [], []
        s = START
        a = epsilon_greedy(self.Q[s], epsilon, rng)
        while True:
            s2, r, done = env_step(s, a)
            a2 = None if done else epsilon_greedy(self.Q[s2], epsilon, rng)
            self.update(s, a, r, s2, a2, done)
            states.append(s)
            actions.append(a)
            rewards.append(r)
            if done:
                return np.array(states), np.array(actions), np.array(rewards)
            s, a = s2, a2
        ### END SOLUTION
