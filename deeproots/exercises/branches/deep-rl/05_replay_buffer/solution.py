"""A circular experience-replay buffer with seeded uniform sampling.

Source: Mnih et al. (2015), "Human-level control through deep reinforcement learning",
Nature 518 (Methods, "experience replay": store the last N transitions, sample minibatches
uniformly at random; Algorithm 1); Sergey Levine, CS285 lecture 8 "Deep RL with
Q-Functions" (replay buffers: decorrelating samples, the buffer as a FIFO of fixed size).
https://www.nature.com/articles/nature14236

Off-policy agents such as DQN learn from old transitions (s, a, r, s', done). Consecutive
steps are strongly correlated; sampling minibatches uniformly from a large buffer of past
transitions breaks the correlation and reuses each transition many times. Memory is
bounded: the buffer keeps the last `capacity` transitions, the newest overwriting the
oldest.

Preallocate one NumPy array per field, with `capacity` rows, and keep two integers:

    position  the row the next add writes to; after each add, position = (position + 1) % capacity
    size      how many rows hold data: min(number of adds, capacity)

    obs       (capacity, *obs_shape) float32       actions  (capacity,) int64
    next_obs  (capacity, *obs_shape) float32       rewards  (capacity,) float32
                                                   dones    (capacity,) float32 (0.0 or 1.0)

sample(batch_size) draws batch_size row indices uniformly, with replacement, from the rows
that hold data (0 .. size - 1: after a wrap-around that is every row, whatever position
is), with the buffer's own generator rng = np.random.default_rng(seed) made once in
__init__ (so two buffers built with the same seed and fed the same data give the same
samples), and returns a dict of arrays, row i of each from the same transition:
    {"obs": (B, *obs_shape), "actions": (B,), "rewards": (B,), "next_obs": (B, *obs_shape),
     "dones": (B,)}

Tiny example: capacity 3; add transitions 0, 1, 2, 3, 4 (in that order). Transition 3
overwrote row 0 and transition 4 row 1: rows hold [3, 4, 2], position = 2, len = 3, and
samples come from transitions 2, 3 and 4 only, each with probability 1/3.
"""
import numpy as np


class ReplayBuffer:
    """A fixed-size FIFO of transitions with uniform, seeded minibatch sampling."""

    def __init__(self, capacity: int, obs_shape: tuple, seed: int):
        """Preallocate the arrays, position = size = 0, and rng = np.random.default_rng(seed)."""
        # TODO: one np.zeros array per field (shapes and dtypes in the module docstring).
        ### BEGIN SOLUTION
        self.capacity = capacity
        self.obs = np.zeros((capacity, *obs_shape), dtype=np.float32)
        self.next_obs = np.zeros((capacity, *obs_shape), dtype=np.float32)
        self.actions = np.zeros(capacity, dtype=np.int64)
        self.rewards = np.zeros(capacity, dtype=np.float32)
        self.dones = np.zeros(capacity, dtype=np.float32)
        self.position = 0
        self.size = 0
        self.rng = np.random.default_rng(seed)
        ### END SOLUTION

    def add(self, obs: np.ndarray, action: int, reward: float, next_obs: np.ndarray, done: bool) -> None:
        """Write one transition at position, then advance position (wrapping) and size (capped)."""
        # TODO: five row writes, then update position and size.
        ### BEGIN SOLUTION
        self.obs[self.position] = obs
        self.actions[self.position] = action
        self.rewards[self.position] = reward
        self.next_obs[self.position] = next_obs
        self.dones[self.position] = float(done)
        self.position = (self.position + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)
        ### END SOLUTION

    def __len__(self) -> int:
        """Return the number of transitions held (at most capacity)."""
        # TODO: return size.
        ### BEGIN SOLUTION
        return self.size
        ### END SOLUTION

    def sample(self, batch_size: int) -> dict:
        """Return a dict of batch_size transitions drawn uniformly with replacement."""
        # TODO: indices = rng.integers(0, size, batch_size); index every array with them.
        ### BEGIN SOLUTION
        indices = self.rng.integers(0, self.size, size=batch_size)
        return {
            "obs": self.obs[indices],
            "actions": self.actions[indices],
            "rewards": self.rewards[indices],
            "next_obs": self.next_obs[indices],
            "dones": self.dones[indices],
        }
        ### END SOLUTION
