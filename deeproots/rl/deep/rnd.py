"""Random Network Distillation: DQN that explores toward states its predictor cannot yet predict.

Burda, Edwards, Storkey & Klimov 2019, "Exploration by Random Network Distillation", ICLR
(arXiv 1810.12894), §2: a fixed, randomly initialised *target* network f maps an observation to
features; a *predictor* f_hat is trained by gradient descent to match it on the states the agent
visits. The prediction error ||f_hat(s') - f(s')||^2 (§2.2, the "intrinsic reward" i_t) is large on
states like none seen before and shrinks where the agent has been, a count-like novelty bonus that
works on continuous states. Following §2.4, observations fed to f and f_hat are whitened by running
statistics and clipped to [-5, 5], and the bonus is divided by a running estimate of its standard
deviation so one beta fits any env. Following §2.3, the extrinsic and intrinsic rewards get separate
value functions, Q_E (episodic: the goal ends the episode) and Q_I (non-episodic: novelty past a
"death" still counts, Burda's argument for treating the intrinsic stream as continuing); the agent
acts epsilon-greedily on Q_E + beta * Q_I, the value of the reward r_E + beta * i_t, and the greedy
(evaluation) policy is argmax Q_E, the exploitation policy of CS285 HW5.

The learner is deeproots' DQN (dqn.py: the replay buffer, the (double-)DQN target, Huber loss,
gradient clipping, hard target copies); RND is the off-policy "exploration + DQN" shape of CS285
(Levine) HW5 part 1, where the bonus is computed on each sampled batch with the *current* predictor
(so stale bonuses in the buffer never mislead Q_I) and the predictor trains on that batch of visited
states. beta (the field ``intrinsic_coef``) = 0 is exactly plain epsilon-greedy DQN: no Q_I, no predictor
training, acting on Q_E alone (tests/rl/test_rnd.py checks it reproduces dqn.py step for step).

Default task: SparseMountainCar-v0 (sparse_mountain_car.py): reward 1 at the flag, 0 elsewhere. The
task where epsilon-greedy provably fails is DeepSea-v0 (deep_sea.py, bsuite's deep sea; preset DEEP_SEA).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from deeproots.errors import DeeprootsError
from deeproots.rl.deep import deep_sea, sparse_mountain_car  # noqa: F401 (deep_sea: registers DeepSea-v0)
from deeproots.rl.deep.common import (
    EpisodeTracker,
    RunContext,
    final_observations,
    greedy_actions,
    linear_schedule,
    make_vector_env,
    mlp,
    numpy_rng_state,
    restore_numpy_rng,
)
from deeproots.rl.deep.replay import ReplayBuffer, td_target
from deeproots.rl.deep.hyperparams import check_params

NAME = "rnd"
DEFAULT_ENV = sparse_mountain_car.ENV_ID


@dataclass(frozen=True)
class Params:
    seed: int = 1
    """Seeds torch, NumPy and the environment; same seed, same run."""
    total_timesteps: int = 30_000
    """Environment steps to train for: 150 MountainCar episodes of 200 steps."""
    learning_rate: float = 1e-3
    """Adam's step size for Q_E and Q_I."""
    buffer_size: int = 50_000
    """Transitions kept in the replay buffer: the whole run, so early (novel-then) states stay trainable."""
    learning_starts: int = 1_000
    """Env steps of random actions first: they also seed the observation statistics."""
    batch_size: int = 128
    """Transitions sampled per gradient step (for Q_E, Q_I and the predictor alike)."""
    gamma: float = 0.99
    """Discount of the extrinsic value Q_E: reaching the flag 100 steps ahead is worth 0.37."""
    train_freq: int = 4
    """Env steps between gradient steps: the bonus changes as the predictor learns, so Q_I must follow often."""
    gradient_steps: int = 2
    """Gradient steps per training phase (at 1, argmax Q_E had not learned the way up by 30k steps on seed 1)."""
    target_update_interval: int = 100
    """Env steps between copies of the online Q-networks into their target networks: the flag's reward must
    travel ~100 steps back to the valley, one target copy at a time (at 500, argmax Q_E never got up)."""
    exploration_fraction: float = 0.1
    """Fraction of training over which epsilon falls linearly from initial_eps to final_eps."""
    initial_eps: float = 1.0
    """Epsilon at the start (random actions while the networks know nothing)."""
    final_eps: float = 0.05
    """Epsilon after the decay; the same for beta = 0, so the baseline is plain epsilon-greedy."""
    double_dqn: bool = True
    """Double-DQN targets for both Q_E and Q_I (van Hasselt et al. 2016): less over-estimation of the noisy bonus."""
    max_grad_norm: float = 10.0
    """Gradients of each network are rescaled to at most this global norm."""
    hidden_sizes: tuple[int, ...] = (64, 64)
    """Hidden layer widths of Q_E and Q_I (ReLU): a 2-d state needs little."""
    scale_obs: bool = True
    """Map the Q-networks' inputs from the observation space's bounds to [-1, 1]: MountainCar's velocity
    lives in [-0.07, 0.07] and would be all but invisible to a freshly initialised network."""
    intrinsic_coef: float = 1.0
    """beta, the weight of the intrinsic value in the behaviour policy argmax(Q_E + beta Q_I) (Burda et al.'s
    intrinsic coefficient); 0 turns RND off: plain epsilon-greedy DQN. Not called ``beta``: DAgger's beta is
    another thing (one name, one meaning per hyper-parameter)."""
    gamma_intrinsic: float = 0.99
    """Discount of the intrinsic value Q_I (Burda et al. use 0.99 for the intrinsic stream)."""
    rnd_learning_rate: float = 1e-3
    """Adam's step size for the predictor: how fast visited states stop being novel."""
    rnd_hidden_sizes: tuple[int, ...] = (64, 64)
    """Hidden layer widths of the target and predictor networks."""
    rnd_output_size: int = 32
    """Size of the random feature vector f(s) the predictor must reproduce."""
    obs_clip: float = 5.0
    """Whitened observations are clipped to [-obs_clip, obs_clip] before f and f_hat (Burda et al. §2.4)."""


QUICK = Params()
"""The laptop preset and the default: found SparseMountainCar's flag on seeds 1-3 within 30k steps, sooner than
intrinsic_coef = 0 on seeds 1 and 2 but not 3 (benchmarks/rnd_vs_epsilon_greedy.py; docs/rl.md has the table)."""
DEEP_SEA = Params(total_timesteps=10_000, learning_starts=200, buffer_size=10_000, batch_size=64, train_freq=1,
                  gradient_steps=1, target_update_interval=100, rnd_hidden_sizes=(64,), rnd_output_size=32)
"""For DeepSea-v0 (benchmarks/rnd_deep_sea.py): 1000 episodes at N = 10; a gradient step every env step and a
target copy every 100 (10 episodes at N = 10) let the bonus of a new cell travel back up the N rows to the start
within tens of episodes; learning after 20 random episodes (the same for beta = 0: it keeps DQN's fully random
phase short, where a 2^-N chance is all epsilon-greedy has anyway). Measured: RND found the reward on 3/3 seeds
and beta = 0 on 0/3 at N = 10 (10k steps) and at N = 14 (20k steps, targets every 50), but argmax Q_E solved only
2/3 and 0/3 of those runs; at N = 20 (20k, 40k steps)
RND missed it on the one seed tried. docs/rl.md has the tables."""
SMOKE = Params(total_timesteps=1200, learning_starts=200, train_freq=8, buffer_size=2000, batch_size=32,
               hidden_sizes=(32, 32), rnd_hidden_sizes=(32,), rnd_output_size=8)
"""A seconds-long smoke run: every code path, no learning to speak of (``rl train rnd --smoke``, tests)."""


def validate(params: Params) -> None:
    check_params(params, batch_size=(1, 1e6, "[]"))  # intrinsic_coef, gamma_intrinsic, rnd_*: hyperparams.RANGES
    if not params.rnd_hidden_sizes or any(int(width) < 1 for width in params.rnd_hidden_sizes):
        raise DeeprootsError(f"rnd_hidden_sizes must be positive layer widths, got {params.rnd_hidden_sizes!r}")


class RunningMeanStd:
    """Running mean and (population) variance of a stream of batches, merged exactly (Chan et al. 1979).

    Burda et al. §2.4 whiten observations and scale the bonus with such statistics; after any sequence
    of updates, mean and var equal np.mean and np.var of everything seen (tests/rl/test_rnd.py).
    """

    def __init__(self, shape: tuple[int, ...] = ()):
        self.mean, self.var, self.count = np.zeros(shape), np.ones(shape), 0

    def update(self, batch: np.ndarray) -> None:
        batch = np.asarray(batch, dtype=np.float64).reshape(-1, *self.mean.shape)
        n = len(batch)
        if n == 0:
            return
        batch_mean, batch_var = batch.mean(axis=0), batch.var(axis=0)
        if self.count == 0:
            self.mean, self.var, self.count = batch_mean, batch_var, n
            return
        total = self.count + n
        delta = batch_mean - self.mean
        # the sums of squared deviations add, plus the between-group term delta^2 * n_a n_b / n
        m2 = self.var * self.count + batch_var * n + delta**2 * self.count * n / total
        self.mean, self.var, self.count = self.mean + delta * n / total, m2 / total, total

    @property
    def std(self) -> np.ndarray:
        return np.sqrt(self.var)

    def normalize(self, x: np.ndarray, clip: float) -> np.ndarray:
        """(x - mean) / std, clipped to [-clip, clip]; the 1e-8 keeps a constant coordinate finite."""
        return np.clip((x - self.mean) / np.sqrt(self.var + 1e-8), -clip, clip).astype(np.float32)

    def state_dict(self) -> dict:
        return {"mean": torch.from_numpy(np.asarray(self.mean)), "var": torch.from_numpy(np.asarray(self.var)),
                "count": int(self.count)}

    def load_state_dict(self, state: dict) -> None:
        self.mean, self.var = state["mean"].numpy().copy(), state["var"].numpy().copy()
        self.count = int(state["count"])


class RND(torch.nn.Module):
    """The fixed random target f and the trained predictor f_hat; bonus(s) = ||f_hat(s) - f(s)||^2 per state."""

    def __init__(self, obs_dim: int, hidden_sizes: tuple[int, ...], output_size: int):
        super().__init__()
        # Burda et al. initialise both orthogonally; the predictor is one layer deeper so it can fit f.
        self.target = mlp([obs_dim, *hidden_sizes, output_size], torch.nn.ReLU)
        self.predictor = mlp([obs_dim, *hidden_sizes, hidden_sizes[-1], output_size], torch.nn.ReLU)
        self.target.requires_grad_(False)  # f is never trained: it defines what "seen before" means

    def bonus(self, normalized_obs: torch.Tensor) -> torch.Tensor:
        """The prediction error of each state (shape (batch,)): the unnormalised intrinsic reward."""
        return (self.predictor(normalized_obs) - self.target(normalized_obs)).pow(2).sum(dim=-1)


class BoundsScaler(torch.nn.Module):
    """Maps a Box observation from [low, high] to [-1, 1] where the bounds are finite (identity elsewhere)."""

    def __init__(self, low: np.ndarray, high: np.ndarray):
        super().__init__()
        finite = np.isfinite(low) & np.isfinite(high) & (high > low)
        center = np.where(finite, (high + low) / 2, 0.0)
        half = np.where(finite, (high - low) / 2, 1.0)
        self.register_buffer("center", torch.as_tensor(center, dtype=torch.float32))
        self.register_buffer("half_range", torch.as_tensor(half, dtype=torch.float32))

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        return (obs - self.center) / self.half_range


def q_net(params: Params, space, n_actions: int, device) -> torch.nn.Module:
    """dqn.py's Q-network (ReLU MLP, PyTorch's default init), behind the bounds scaler when scale_obs."""
    network = mlp([space.shape[0], *params.hidden_sizes, n_actions], torch.nn.ReLU, out_gain=None)
    if params.scale_obs:
        network = torch.nn.Sequential(BoundsScaler(space.low, space.high), network)
    return network.to(device)


def q_step(q_network, target_network, batch, rewards, terminated, gamma, params: Params) -> tuple[torch.Tensor, torch.Tensor]:
    """dqn.py's Huber TD loss on a sampled batch with the given rewards; returns (loss, mean Q(s, a))."""
    obs, act, _, nxt, _ = batch
    target = td_target(rewards, nxt, terminated, gamma, q_network, target_network, params.double_dqn)
    q_taken = q_network(obs).gather(1, act.unsqueeze(1)).squeeze(1)
    return F.smooth_l1_loss(q_taken, target), q_taken.mean()


def train(params: Params, env_id: str, ctx: RunContext) -> dict:
    """Train; returns {"act_greedy" (argmax Q_E), "step"}. ctx supplies the device, logger, checkpoints, resume."""
    device, logger = ctx.device, ctx.logger
    torch.manual_seed(params.seed)
    rng = np.random.default_rng(params.seed)
    step = ctx.start_step
    envs, observations = make_vector_env(env_id, 1, params.seed + step)
    space, n_actions = envs.single_observation_space, int(envs.single_action_space.n)
    obs_dim = space.shape[0]
    # Q_E first, made exactly as dqn.py makes its network, so beta = 0 replays dqn.py's run
    q_ext, q_ext_target = q_net(params, space, n_actions, device), q_net(params, space, n_actions, device)
    q_ext_target.load_state_dict(q_ext.state_dict())
    q_int, q_int_target = q_net(params, space, n_actions, device), q_net(params, space, n_actions, device)
    q_int_target.load_state_dict(q_int.state_dict())
    rnd = RND(obs_dim, params.rnd_hidden_sizes, params.rnd_output_size).to(device)
    # one Adam over Q_E and Q_I: Adam is per parameter, so this is two independent optimisers
    optimizer = torch.optim.Adam([*q_ext.parameters(), *q_int.parameters()], lr=params.learning_rate)
    rnd_optimizer = torch.optim.Adam(rnd.predictor.parameters(), lr=params.rnd_learning_rate)
    buffer = ReplayBuffer(params.buffer_size, obs_dim)
    obs_stats, bonus_stats = RunningMeanStd((obs_dim,)), RunningMeanStd()
    first_reward_step = None
    if ctx.resume_state is not None:
        state = ctx.resume_state
        for module, key in ((q_ext, "q_ext"), (q_ext_target, "q_ext_target"), (q_int, "q_int"),
                            (q_int_target, "q_int_target"), (rnd, "rnd"), (optimizer, "optimizer"),
                            (rnd_optimizer, "rnd_optimizer"), (buffer, "buffer"), (obs_stats, "obs_stats"),
                            (bonus_stats, "bonus_stats")):
            module.load_state_dict(state[key])
        first_reward_step = state["first_reward_step"]
        rng = restore_numpy_rng(state["numpy_rng"])
        ctx.restore_rng()

    act_greedy = greedy_actions(q_ext, device)  # the exploitation policy: extrinsic value only

    def act_behaviour(batch: np.ndarray) -> np.ndarray:
        """argmax (Q_E + beta Q_I): the Q-value of the reward r_E + beta i (Burda et al. §2.3)."""
        if params.intrinsic_coef == 0:
            return act_greedy(batch)
        with torch.no_grad():
            obs = torch.as_tensor(batch, dtype=torch.float32, device=device)
            return (q_ext(obs) + params.intrinsic_coef * q_int(obs)).argmax(-1).cpu().numpy()

    def snapshot() -> dict:
        return {
            "step": step, "q_ext": q_ext.state_dict(), "q_ext_target": q_ext_target.state_dict(),
            "q_int": q_int.state_dict(), "q_int_target": q_int_target.state_dict(), "rnd": rnd.state_dict(),
            "optimizer": optimizer.state_dict(), "rnd_optimizer": rnd_optimizer.state_dict(),
            "buffer": buffer.state_dict(), "obs_stats": obs_stats.state_dict(), "bonus_stats": bonus_stats.state_dict(),
            "first_reward_step": first_reward_step, "numpy_rng": numpy_rng_state(rng),
        }

    tracker = EpisodeTracker(1)
    decay_steps = params.exploration_fraction * params.total_timesteps
    logger.speed(step)
    with ctx.saving_on_interrupt(snapshot):
        while step < params.total_timesteps:
            epsilon = linear_schedule(params.initial_eps, params.final_eps, step / decay_steps if decay_steps else 1.0)
            if rng.random() < epsilon:
                actions = np.array([rng.integers(n_actions)])
            else:
                actions = act_behaviour(observations)
            next_observations, rewards, terminated, truncated, info = envs.step(actions)
            ended = np.logical_or(terminated, truncated)
            real_next = final_observations(next_observations, ended, info)
            buffer.add(observations[0], actions[0], rewards[0], real_next[0], float(terminated[0]))
            obs_stats.update(real_next)  # the whitening statistics follow every visited state
            observations = next_observations.astype(np.float32)
            step += 1
            if first_reward_step is None and rewards[0] > 0:
                first_reward_step = step
                logger.log(step, first_reward_step=step)
            logger.episodes(step, tracker.update(rewards, ended))

            if step > params.learning_starts and step % params.train_freq == 0:
                losses, q_values, bonuses = [], [], []
                for _ in range(params.gradient_steps):
                    batch = buffer.sample(params.batch_size, rng, device)
                    _, _, rew, nxt, term = batch
                    loss, q_mean = q_step(q_ext, q_ext_target, batch, rew, term, params.gamma, params)
                    if params.intrinsic_coef > 0:
                        nxt_white = torch.as_tensor(obs_stats.normalize(nxt.cpu().numpy(), params.obs_clip), device=device)
                        error = rnd.bonus(nxt_white)  # per state, with the current predictor
                        raw = error.detach().cpu().numpy()
                        bonus_stats.update(raw)
                        intrinsic = torch.as_tensor(raw / np.sqrt(bonus_stats.var + 1e-8), dtype=torch.float32, device=device)
                        # non-episodic: the intrinsic stream bootstraps through the goal (terminated = 0)
                        loss_int, _ = q_step(q_int, q_int_target, batch, intrinsic, torch.zeros_like(term),
                                             params.gamma_intrinsic, params)
                        loss = loss + loss_int
                        rnd_optimizer.zero_grad()
                        error.mean().backward()  # the predictor learns the visited states it was just scored on
                        rnd_optimizer.step()
                        bonuses.append(float(raw.mean()))
                    optimizer.zero_grad()
                    loss.backward()
                    torch.nn.utils.clip_grad_norm_(q_ext.parameters(), params.max_grad_norm)
                    torch.nn.utils.clip_grad_norm_(q_int.parameters(), params.max_grad_norm)
                    optimizer.step()
                    losses.append(loss.item())
                    q_values.append(q_mean.item())
                if step % 100 < params.train_freq:  # every ~100 steps: the log stays small at train_freq 1
                    logger.log(step, q_loss=float(np.mean(losses)), q_value=float(np.mean(q_values)), epsilon=epsilon)
                    if bonuses:
                        logger.log(step, intrinsic_bonus=float(np.mean(bonuses)))
                    logger.speed(step)
                    if ctx.report(step, act_greedy):
                        break
            if step % params.target_update_interval == 0:
                q_ext_target.load_state_dict(q_ext.state_dict())
                q_int_target.load_state_dict(q_int.state_dict())
            ctx.maybe_checkpoint(step, snapshot)
    envs.close()
    ctx.save_checkpoint(snapshot())
    # act_greedy (argmax Q_E) is what train.py evaluates; act_combined (argmax Q_E + beta Q_I, the behaviour
    # policy without epsilon, Burda et al.'s policy) and first_reward_step are for benchmarks
    return {"act_greedy": act_greedy, "step": step, "first_reward_step": first_reward_step,
            "act_combined": act_behaviour}
