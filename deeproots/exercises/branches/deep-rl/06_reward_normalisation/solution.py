"""Running statistics, reward scaling by the running return's std, and advantage standardisation.

Source: Chan, Golub & LeVeque (1979/1983), "Updating formulae and a pairwise algorithm for
computing sample variances" (merging the moments of two batches); Welford (1962); the
running statistics of Stable-Baselines3's VecNormalize (common/running_mean_std.py and
vec_env/vec_normalize.py: rewards divided by the std of the running discounted return,
which is reset at episode ends) and of CleanRL's NormalizeReward wrapper; Engstrom et al.
(2020), "Implementation Matters in Deep Policy Gradients", §3 (reward scaling); Sergey Levine,
CS285 HW2 (policy gradients: normalising the advantages to mean 0 and std 1).
https://en.wikipedia.org/wiki/Algorithms_for_calculating_variance#Parallel_algorithm

1. RunningMeanStd keeps the mean, the population variance (divide by n, as np.var) and the
count of everything it has seen, without storing the data. Merging a batch of n_b rows with
mean m_b and variance v_b (both over axis 0, np.var's ddof = 0) into (m_a, v_a, n_a):

    n = n_a + n_b,   delta = m_b - m_a
    m = m_a + delta * n_b / n
    v = (v_a n_a + v_b n_b + delta^2 n_a n_b / n) / n

The last term is the spread BETWEEN the two means: without it the variance is too small.
It starts with count 0, mean 0 and var 1 (var is unused until data arrive: its weight n_a is 0).
After any sequence of updates, mean and var equal np.mean / np.var of all rows seen so far.

2. RewardScaler (num_envs parallel environments) divides each reward by the std of the
discounted return, not of the reward, and does NOT subtract a mean (a shift would change
which behaviour is optimal, e.g. turn a "survive" bonus into a penalty). At each step:

    returns = gamma * returns + rewards          (per environment, shape (num_envs,))
    return_rms.update(returns)                   (num_envs new scalar samples)
    scaled  = rewards / sqrt(return_rms.var + epsilon)
    returns[dones] = 0                           (a finished episode's return must not leak
                                                  into the next episode's)

3. standardize_advantages(a) = (a - mean(a)) / (std(a) + eps), the population std (ddof = 0,
np.std's default, as CS285 HW2's normalize), eps = 1e-8 added to the std, outside the square
root: a batch of equal advantages gives zeros, never nan. (CleanRL uses torch's .std(), the
sample std, ddof = 1; here it is ddof = 0.)

Shapes: RunningMeanStd(shape) with shape a tuple, e.g. () for scalars or (d,); update(batch)
takes (n, *shape), n >= 1; attributes mean, var (shape) float arrays, count float.
RewardScaler(num_envs, gamma, epsilon=1e-8); scale(rewards (num_envs,), dones (num_envs,)
bool) -> (num_envs,); attributes returns (num_envs,) and return_rms (a RunningMeanStd(())).
standardize_advantages(advantages (N,), eps=1e-8) -> (N,).

Tiny example: rms = RunningMeanStd(()); rms.update([1, 3]) -> mean 2, var 1, count 2;
rms.update([5]) -> mean 3, var 8/3 (= np.var([1, 3, 5])). RewardScaler(2, gamma=0.5):
scale([1, 3], [False, True]) -> returns [1, 3], var 1, scaled [1, 3] / sqrt(1 + 1e-8);
the second env's return is reset to 0; scale([2, 0], [False, False]) -> returns [2.5, 0],
var = np.var([1, 3, 2.5, 0]) = 1.421875, scaled [2, 0] / sqrt(1.421875 + 1e-8).
standardize_advantages([1, 2, 3, 6]) = ([-2, -1, 0, 3]) / (sqrt(3.5) + 1e-8).
"""
import numpy as np


class RunningMeanStd:
    """Mean, population variance and count of every row seen, merged batch by batch."""

    def __init__(self, shape: tuple = ()):
        self.mean = np.zeros(shape, dtype=np.float64)
        self.var = np.ones(shape, dtype=np.float64)
        self.count = 0.0

    def update(self, batch: np.ndarray) -> None:
        """Merge a batch (n, *shape) into the running mean, var and count (Chan et al.)."""
        # TODO: batch mean and np.var over axis 0, then the parallel merge of the statement.
        ### BEGIN SOLUTION
        batch = np.asarray(batch, dtype=np.float64)
        batch_mean = batch.mean(axis=0)
        batch_var = batch.var(axis=0)
        batch_count = batch.shape[0]
        total = self.count + batch_count
        delta = batch_mean - self.mean
        new_mean = self.mean + delta * batch_count / total
        m2 = self.var * self.count + batch_var * batch_count + delta ** 2 * self.count * batch_count / total
        self.mean = new_mean
        self.var = m2 / total
        self.count = total
        ### END SOLUTION


class RewardScaler:
    """Scale rewards by the running std of the discounted return (as SB3's VecNormalize)."""

    def __init__(self, num_envs: int, gamma: float, epsilon: float = 1e-8):
        self.gamma = gamma
        self.epsilon = epsilon
        self.returns = np.zeros(num_envs, dtype=np.float64)
        self.return_rms = RunningMeanStd(())

    def scale(self, rewards: np.ndarray, dones: np.ndarray) -> np.ndarray:
        """Accumulate the discounted return, update its statistics, scale, reset finished envs."""
        # TODO: returns = gamma * returns + rewards; update return_rms; divide the rewards by
        # sqrt(var + epsilon) (no mean subtracted); zero the returns where dones.
        ### BEGIN SOLUTION
        rewards = np.asarray(rewards, dtype=np.float64)
        self.returns = self.gamma * self.returns + rewards
        self.return_rms.update(self.returns)
        scaled = rewards / np.sqrt(self.return_rms.var + self.epsilon)
        self.returns[np.asarray(dones, dtype=bool)] = 0.0
        return scaled
        ### END SOLUTION


def standardize_advantages(advantages: np.ndarray, eps: float = 1e-8) -> np.ndarray:
    """Return (a - mean(a)) / (std(a) + eps) with the population std (ddof = 0)."""
    # TODO: one line; the eps goes on the std, not inside a square root.
    ### BEGIN SOLUTION
    advantages = np.asarray(advantages, dtype=np.float64)
    return (advantages - advantages.mean()) / (advantages.std() + eps)
    ### END SOLUTION
