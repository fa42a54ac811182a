"""Implicit Q-Learning: offline RL that never queries Q at an action outside the dataset.

Kostrikov, Nair & Levine 2022, "Offline Reinforcement Learning with Implicit Q-Learning" (ICLR,
arXiv 2110.06169), §4 and Algorithm 1; CS285 (Levine) lecture 16 and HW5's offline part.

1. V(s) is fitted to Q(s, a) over the dataset's actions with the *expectile* loss (eq. 5),
   L_tau(u) = |tau - 1(u < 0)| u^2, u = Q_target(s, a) - V(s). With tau = 0.5 it is half the MSE
   (V = the mean of Q over the behaviour); as tau -> 1 it approaches the max of Q over the actions
   the data contain, an in-sample stand-in for max_a Q(s, a) that never evaluates unseen actions.
2. Q(s, a) regresses onto r + gamma V(s') (eq. 6): the target needs no action at s' at all.
3. The policy is extracted by advantage-weighted regression (eq. 7): maximise
   exp(beta (Q_target(s, a) - V(s))) log pi(a | s), the weights clipped at 100 as in the paper's code.
   beta = 0 is behaviour cloning (bc_offline.py); large beta copies only the best actions.

Defaults are the paper's MuJoCo ones (Appendix B): tau = 0.7, beta = 3, Adam 3e-4, batch 256,
two 256-256 Q-networks (the min of their targets), target Polyak rate 0.005, gamma 0.99, rewards
scaled by 1000 / (expert - random return of the dataset family; the paper's code uses the dataset's
own max - min episode return, reward_scaling="dataset", see reward_scale for why not), the policy's learning rate decayed to 0
along a cosine over the run (the paper's code: optax.cosine_decay_schedule on the actor).
``total_timesteps`` counts gradient steps.
"""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from deeproots.errors import DeeprootsError
from deeproots.rl.deep import offline_data
from deeproots.rl.deep.offline_common import Data, GaussianPolicy, TwinQ, evaluate_and_log, greedy_policy
from deeproots.rl.deep.common import RunContext, mlp, numpy_rng_state, polyak_update, restore_numpy_rng
from deeproots.rl.deep.hyperparams import check_params

ACTIONS = "continuous"
DEFAULT_ENV = "Pendulum-v1"


@dataclass(frozen=True)
class Params:
    seed: int = 1
    """Seeds torch and the minibatch sampler; same seed, same run."""
    total_timesteps: int = 50_000
    """Gradient steps (offline: no env step is taken while training). 5e4 is where Pendulum's scores level off."""
    dataset: str = "medium-replay"
    """Which D4RL-style mixture to learn from (random, medium, medium-replay, expert, medium-expert) or an .npz path."""
    dataset_dir: str = "runs/offline"
    """Where the mixtures were saved (offline_data.build writes <dir>/<env>/<mixture>.npz)."""
    learning_rate: float = 3e-4
    """Adam's step size for V, Q and the policy (IQL Appendix B)."""
    batch_size: int = 256
    """Transitions per gradient step (IQL Appendix B)."""
    gamma: float = 0.99
    """Discount factor."""
    expectile: float = 0.7
    """tau of the expectile loss (eq. 5): 0.5 fits the mean of Q, near 1 its in-sample max (0.7: MuJoCo)."""
    inverse_temperature: float = 3.0
    """The paper's beta, inverse temperature of the advantage weights exp(beta A) (eq. 7); 0 is behaviour
    cloning (3: MuJoCo). Not named beta: DAgger's beta (the expert's share of actions) owns that name."""
    max_weight: float = 100.0
    """exp(beta A) is clipped here so a few large advantages cannot dominate a batch (the paper's code)."""
    tau: float = 0.005
    """Polyak rate of the target Q-networks."""
    reward_scaling: str = "family"
    """Rewards are multiplied by 1000 / spread before learning (the IQL code's MuJoCo rule), where spread is,
    for "family", expert_return - random_return of the dataset family (one factor for every mixture of an
    env, so beta weighs advantages the same way on each); for "dataset", max - min episode return of this
    dataset (the authors' rule: narrow near-expert data gets its rewards blown up, 1.82 vs 0.96 on our SAC
    medium); "none" leaves them. "family" was ahead of "dataset" on near-expert data (see reward_scale)."""
    cosine_decay: bool = True
    """Decay the policy's learning rate from learning_rate to 0 along a cosine over total_timesteps (the
    paper's code). AWR's weights are unnormalised and heavy-tailed, so a constant rate leaves the final
    policy a noisy iterate (measured on near-expert Pendulum data: the greedy score swung 86 -> 50 -> 23
    between 2000 and 5000 constant-rate steps)."""
    hidden_sizes: tuple[int, ...] = (256, 256)
    """Hidden widths of Q, V and the policy (ReLU)."""
    eval_every: int = 5_000
    """Gradient steps between greedy evaluations logged as episodic_return and normalized_score."""
    eval_episodes: int = 10
    """Episodes per periodic evaluation (train.py's final evaluation plays 100)."""


QUICK = Params()
"""The default: the paper's MuJoCo hyper-parameters, 5e4 gradient steps on medium-replay."""
SMOKE = Params(total_timesteps=60, batch_size=32, hidden_sizes=(32, 32), eval_every=30, eval_episodes=1)
"""Seconds: every code path, no learning to speak of."""


REWARD_SCALINGS = ("family", "dataset", "none")


def validate(params: Params) -> None:
    check_params(params)
    if params.reward_scaling not in REWARD_SCALINGS:
        raise DeeprootsError(f"reward_scaling must be one of {', '.join(REWARD_SCALINGS)}, not {params.reward_scaling!r}")


def expectile_loss(diff: torch.Tensor, tau: float) -> torch.Tensor:
    """mean |tau - 1(u < 0)| u^2 over u = diff (eq. 5); its minimiser over a constant v is the tau-expectile."""
    weight = torch.where(diff < 0, 1.0 - tau, tau)
    return (weight * diff.pow(2)).mean()


def awr_weights(advantages: torch.Tensor, beta: float, max_weight: float) -> torch.Tensor:
    """exp(beta * A), clipped at max_weight (eq. 7 and the paper's code); no gradient flows through them."""
    return torch.exp(beta * advantages.detach()).clamp(max=max_weight)


def cosine_learning_rate(base: float, step: int, total: int) -> float:
    """base * (1 + cos(pi * step / total)) / 2: base at step 0, 0 at step total (optax.cosine_decay_schedule)."""
    return base * 0.5 * (1.0 + math.cos(math.pi * min(step, total) / total))


def reward_scale(dataset: offline_data.Dataset, scaling: str = "dataset") -> float:
    """The factor the rewards are multiplied by: 1000 / spread (IQL code, MuJoCo), 1 if there is no spread.

    "dataset": spread = max - min episode return of this dataset (the authors' rule); "family": spread =
    expert_return - random_return, the references of the normalised score, the same for every mixture;
    "none": 1. Why not the authors' rule by default: on near-expert data it depends on how narrow the data
    are (our SAC medium: 1.82 against the family's 0.96); IQL at 5000 steps, seed 1, scored a normalised
    30 (dataset) against 56 (family) there with a constant policy rate, 53 against 67 with cosine decay.
    """
    if scaling == "none":
        return 1.0
    if scaling == "family":
        spread = float(dataset.expert_return - dataset.random_return)
    else:
        returns = dataset.episode_returns()
        spread = float(returns.max() - returns.min()) if len(returns) > 1 else 0.0
    return 1000.0 / spread if spread > 0 and math.isfinite(spread) else 1.0


def train(params: Params, env_id: str, ctx: RunContext) -> dict:
    """Train V, Q and the policy on the dataset; returns {"act_greedy", "step": gradient steps}."""
    device, logger = ctx.device, ctx.logger
    torch.manual_seed(params.seed)
    rng = np.random.default_rng(params.seed)
    dataset = offline_data.load(params.dataset, env_id, params.dataset_dir)
    data = Data(dataset, device, reward_scale(dataset, params.reward_scaling))
    q = TwinQ(data.obs_dim, data.act_dim, params.hidden_sizes).to(device)
    q_target = copy.deepcopy(q).requires_grad_(False)
    v = mlp([data.obs_dim, *params.hidden_sizes, 1], torch.nn.ReLU).to(device)
    policy = GaussianPolicy(data.obs_dim, data.act_dim, params.hidden_sizes).to(device)
    optimizers = {name: torch.optim.Adam(net.parameters(), lr=params.learning_rate)
                  for name, net in (("q", q), ("v", v), ("policy", policy))}
    step = ctx.start_step
    if ctx.resume_state is not None:
        for name, net in (("q", q), ("q_target", q_target), ("v", v), ("policy", policy)):
            net.load_state_dict(ctx.resume_state[name])
        for name, optimizer in optimizers.items():
            optimizer.load_state_dict(ctx.resume_state[f"{name}_optimizer"])
        rng = restore_numpy_rng(ctx.resume_state["numpy_rng"])
        ctx.restore_rng()
    act_greedy = greedy_policy(policy, data, device)

    def snapshot() -> dict:
        nets = {name: net.state_dict() for name, net in (("q", q), ("q_target", q_target), ("v", v), ("policy", policy))}
        opts = {f"{name}_optimizer": optimizer.state_dict() for name, optimizer in optimizers.items()}
        return {"step": step, **nets, **opts, "numpy_rng": numpy_rng_state(rng)}

    def descend(name: str, loss: torch.Tensor) -> None:
        optimizers[name].zero_grad()
        loss.backward()
        optimizers[name].step()

    logger.speed(step)
    with ctx.saving_on_interrupt(snapshot):
        while step < params.total_timesteps:
            obs, actions, rewards, next_obs, terminated = data.sample(params.batch_size, rng)
            with torch.no_grad():
                target_q = torch.min(*q_target(obs, actions))
            # 1. V: the tau-expectile of Q over the dataset's actions (eq. 5)
            value = v(obs).squeeze(-1)
            v_loss = expectile_loss(target_q - value, params.expectile)
            descend("v", v_loss)
            # 2. the policy: advantage-weighted regression with the updated V (eq. 7)
            if params.cosine_decay:  # a function of the step alone, so a resumed run continues the schedule
                for group in optimizers["policy"].param_groups:
                    group["lr"] = cosine_learning_rate(params.learning_rate, step, params.total_timesteps)
            with torch.no_grad():
                weights = awr_weights(target_q - v(obs).squeeze(-1), params.inverse_temperature, params.max_weight)
            policy_loss = -(weights * policy.log_prob(obs, actions)).mean()
            descend("policy", policy_loss)
            # 3. Q: one-step targets r + gamma V(s'), no action at s' needed (eq. 6)
            with torch.no_grad():
                backup = rewards + params.gamma * (1.0 - terminated) * v(next_obs).squeeze(-1)
            q1, q2 = q(obs, actions)
            q_loss = F.mse_loss(q1, backup) + F.mse_loss(q2, backup)
            descend("q", q_loss)
            polyak_update(q, q_target, params.tau)
            step += 1
            if step % params.eval_every == 0 or step == params.total_timesteps:
                logger.log(step, q_loss=q_loss.item(), value_loss=v_loss.item(), policy_loss=policy_loss.item(),
                           q_value=target_q.mean().item(), mean_weight=weights.mean().item())
                if evaluate_and_log(ctx, step, act_greedy, dataset, params):
                    break
            ctx.maybe_checkpoint(step, snapshot)
    ctx.save_checkpoint(snapshot())
    return {"act_greedy": act_greedy, "step": step}
