"""dqn: deeproots' reference DQN (the worker refuses to open this for a learner).

Mnih et al. (2015), Algorithm 1, in the CleanRL style (one file, top to bottom), with RL-Zoo's
CartPole-v1 hyperparameters (the ones deeproots' own `rl train dqn` uses): a replay buffer of
every transition, a target network copied every 10 env steps, epsilon falling linearly from 1
to 0.04 over the first 16% of the step budget, then 128 gradient steps (batch 64, Huber loss,
Adam 2.3e-3, gradient norm clipped to 10) every 256 env steps; the network is 4-64-64-2
(RL-Zoo's is 256 wide: 64 learned as well in our runs, and faster on a CPU). A time-limit truncation is not a
terminal state: its target still bootstraps from the true next observation.
"""
import time

import numpy as np
import torch
from torch import nn

HIDDEN = 64
LEARNING_RATE, GAMMA, BATCH = 2.3e-3, 0.99, 64
TRAIN_EVERY, GRADIENT_STEPS, TARGET_EVERY = 256, 128, 10
EXPLORATION_FRACTION, FINAL_EPSILON = 0.16, 0.04


def make_model():
    return nn.Sequential(nn.Linear(4, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 2))


def train(ctx):
    torch.set_num_threads(1)  # a small network: one thread is faster (threads only wait on each other)
    torch.manual_seed(ctx.seed)
    rng = np.random.default_rng(ctx.seed)
    q_network, target_network = make_model(), make_model()
    if ctx.resume is not None:
        q_network.load_state_dict(ctx.resume)
    target_network.load_state_dict(q_network.state_dict())
    optimiser = torch.optim.Adam(q_network.parameters(), lr=LEARNING_RATE)
    total = ctx.steps_left()
    learning_starts = min(1000, total // 20)
    # The replay buffer: one row per transition (obs, action, reward, next obs, terminated).
    obs_buf = np.zeros((total, 4), np.float32)
    next_buf = np.zeros((total, 4), np.float32)
    act_buf = np.zeros(total, np.int64)
    rew_buf = np.zeros(total, np.float32)
    term_buf = np.zeros(total, np.float32)
    env = ctx.make_env(n_envs=1)
    observation = env.reset()
    step, last_checkpoint = 0, time.monotonic()
    while not ctx.done():
        epsilon = max(FINAL_EPSILON, 1.0 - (1.0 - FINAL_EPSILON) * step / (EXPLORATION_FRACTION * total))
        if rng.random() < epsilon:
            action = np.array([rng.integers(2)])
        else:
            with torch.no_grad():
                action = q_network(torch.from_numpy(observation)).argmax(1).numpy()
        next_observation, reward, terminated, _, info = env.step(action)
        obs_buf[step], act_buf[step], rew_buf[step] = observation[0], action[0], reward[0]
        next_buf[step], term_buf[step] = info["next_obs"][0], float(terminated[0])
        observation = next_observation
        step += 1
        for episode_return in info["episode_returns"]:
            ctx.log(episode_return=episode_return, epsilon=epsilon)

        if step > learning_starts and step % TRAIN_EVERY == 0:
            for _ in range(GRADIENT_STEPS):
                i = rng.integers(0, step, BATCH)
                obs, nxt = torch.from_numpy(obs_buf[i]), torch.from_numpy(next_buf[i])
                with torch.no_grad():  # the TD target: r + gamma * max_a' Q_target(s', a'), 0 past a terminal
                    target = torch.from_numpy(rew_buf[i]) + GAMMA * (1 - torch.from_numpy(term_buf[i])) * \
                        target_network(nxt).max(1).values
                q_taken = q_network(obs).gather(1, torch.from_numpy(act_buf[i])[:, None])[:, 0]
                loss = nn.functional.smooth_l1_loss(q_taken, target)
                optimiser.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(q_network.parameters(), 10.0)
                optimiser.step()
            ctx.log(loss=loss.item(), q=q_taken.mean().item())
        if step % TARGET_EVERY == 0:
            target_network.load_state_dict(q_network.state_dict())
        if time.monotonic() - last_checkpoint > 5:
            ctx.checkpoint(q_network.state_dict())
            last_checkpoint = time.monotonic()
    return q_network.state_dict()


def load(state):
    torch.set_num_threads(1)
    model = make_model()
    model.load_state_dict(state)
    return model.eval()


@torch.no_grad()
def act(model, observations):
    return model(torch.as_tensor(observations, dtype=torch.float32)).argmax(1).numpy()
