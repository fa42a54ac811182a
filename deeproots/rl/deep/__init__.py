"""Deep RL, one readable file per algorithm (CleanRL style), shared pieces in one place each.

An algorithm file (reinforce.py, a2c.py, dqn.py, ppo.py; and crafter/ppo.py on pixels) reads top to
bottom: a frozen ``Params`` dataclass with a docstring per hyper-parameter, then the loop. It
imports only from the shared modules below, never from a sibling algorithm:

- ``common.py``: vector envs (SAME_STEP autoreset), greedy evaluation, the logger, schedules, MLPs
  and orthogonal initialisation, plus the run context and checkpoints;
- ``returns.py``: rewards-to-go, next-state values and GAE (NumPy or torch);
- ``losses.py``: advantage normalisation, PPO's clipped objective and value loss, KL diagnostics;
- ``hyperparams.py``: one allowed range per hyper-parameter name.

Hyper-parameters carry Stable-Baselines3's names everywhere (n_envs, n_steps, batch_size as the
minibatch size, n_epochs, clip_range, ent_coef, vf_coef, gae_lambda, max_grad_norm,
total_timesteps): the defaults are RL-Zoo's tuned SB3 presets, and Crafter's PPO baseline is SB3's.
"""
