"""policy-gradient-cartpole: deeproots' reference, REINFORCE with reward-to-go and a learned
baseline (the worker refuses to open this for a learner).

CS285 HW2 / Sutton & Barto §13.4 in the CleanRL style: play whole episodes with the current
stochastic policy (8 CartPoles at once), give every step its discounted reward-to-go
G_t = sum_k gamma^k r_{t+k}, and take one gradient step on -mean[(G_t - V(s_t)) log pi(a_t|s_t)]
(advantages standardised per batch) while V regresses onto G_t. Both learning rates decay to 0
over the step budget. act() is greedy: the most probable action.
"""
import time

import numpy as np
import torch
from torch import nn
from torch.distributions import Categorical

N_ENVS, EPISODES_PER_UPDATE, GAMMA = 8, 8, 0.99
LR_POLICY, LR_VALUE = 3e-3, 5e-3


def mlp(out: int, gain: float) -> nn.Sequential:
    net = nn.Sequential(nn.Linear(4, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, out))
    for layer in net:
        if isinstance(layer, nn.Linear):
            nn.init.orthogonal_(layer.weight, np.sqrt(2))
            nn.init.zeros_(layer.bias)
    nn.init.orthogonal_(net[-1].weight, gain)
    return net


def rewards_to_go(rewards, gamma=GAMMA):
    returns, running = np.zeros(len(rewards)), 0.0
    for t in reversed(range(len(rewards))):
        running = rewards[t] + gamma * running
        returns[t] = running
    return returns


def train(ctx):
    torch.manual_seed(ctx.seed)
    torch.set_num_threads(1)  # 64-unit layers on batches of 8: a second thread only adds waiting
    policy, value = mlp(2, 0.01), mlp(1, 1.0)
    if ctx.resume is not None:
        policy.load_state_dict(ctx.resume["policy"])
        value.load_state_dict(ctx.resume["value"])
    policy_opt = torch.optim.Adam(policy.parameters(), lr=LR_POLICY)
    value_opt = torch.optim.Adam(value.parameters(), lr=LR_VALUE)
    envs = ctx.make_env(n_envs=N_ENVS)
    obs, _ = envs.reset()
    running = [[] for _ in range(N_ENVS)]  # each copy's episode so far: (obs, action, reward)
    last_checkpoint = time.monotonic()
    while ctx.steps_left() >= N_ENVS and not ctx.done():
        # ---- play until EPISODES_PER_UPDATE episodes have ended
        batch_obs, batch_actions, batch_returns, lengths = [], [], [], []
        while len(lengths) < EPISODES_PER_UPDATE and ctx.steps_left() >= N_ENVS:
            with torch.no_grad():
                actions = Categorical(logits=policy(torch.from_numpy(obs))).sample().numpy()
            next_obs, rewards, terminated, truncated, _ = envs.step(actions)
            for i in range(N_ENVS):
                running[i].append((obs[i], actions[i], rewards[i]))
                if terminated[i] or truncated[i]:  # a truncation at 500 is treated as the end
                    episode_obs, episode_actions, episode_rewards = zip(*running[i])
                    batch_obs += episode_obs
                    batch_actions += episode_actions
                    batch_returns.append(rewards_to_go(np.array(episode_rewards)))
                    lengths.append(len(running[i]))
                    running[i] = []
            obs = next_obs
        if len(lengths) < EPISODES_PER_UPDATE:
            break  # the budget ran out mid-batch
        # ---- one gradient step for the policy, one for the baseline
        fraction_left = max(ctx.steps_left() / ctx.steps, 0.0)
        policy_opt.param_groups[0]["lr"] = LR_POLICY * fraction_left
        value_opt.param_groups[0]["lr"] = LR_VALUE * fraction_left
        x = torch.from_numpy(np.array(batch_obs))
        returns = torch.from_numpy(np.concatenate(batch_returns)).float()
        values = value(x).squeeze(-1)
        advantages = returns - values.detach()
        advantages = (advantages - advantages.mean()) / (advantages.std() + 1e-8)
        log_probs = Categorical(logits=policy(x)).log_prob(torch.from_numpy(np.array(batch_actions)))
        policy_loss = -(advantages * log_probs).mean()
        value_loss = ((returns - values) ** 2).mean()
        policy_opt.zero_grad()
        policy_loss.backward()
        policy_opt.step()
        value_opt.zero_grad()
        value_loss.backward()
        value_opt.step()
        ctx.log(episode_length=float(np.mean(lengths)), policy_loss=policy_loss.item())
        if time.monotonic() - last_checkpoint > 5:
            ctx.checkpoint({"policy": policy.state_dict(), "value": value.state_dict()})
            last_checkpoint = time.monotonic()
    envs.close()
    return {"policy": policy.state_dict(), "value": value.state_dict()}


def load(state):
    torch.set_num_threads(1)
    policy = mlp(2, 0.01)
    policy.load_state_dict(state["policy"])
    return policy.eval()


@torch.no_grad()
def act(model, observations):
    return model(torch.as_tensor(observations, dtype=torch.float32)).argmax(-1).numpy()
