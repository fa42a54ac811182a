"""Discounted returns and Monte Carlo prediction: first-visit vs every-visit.

Source: Sutton & Barto, Reinforcement Learning: An Introduction (2nd ed.), §3.3 (returns,
eq. 3.8 and the recursion 3.9: G_t = R_{t+1} + gamma G_{t+1}) and §5.1 (Monte Carlo
prediction, the boxed first-visit MC algorithm, first-visit vs every-visit); David
Silver's UCL RL course, lecture 4 "Model-Free Prediction" (first-visit and every-visit
Monte-Carlo policy evaluation).
https://www.davidsilver.uk/teaching/

An episode is a list of states S_0, ..., S_{T-1} and the rewards that followed them,
rewards[t] = R_{t+1} (the reward received after leaving S_t). The return from time t is

    G_t = R_{t+1} + gamma R_{t+2} + gamma^2 R_{t+3} + ... = sum_{k >= 0} gamma^k rewards[t + k],

best computed backwards in one pass: G_{T-1} = rewards[T-1], G_t = rewards[t] + gamma G_{t+1}.
For a batch, episodes are stacked in an (N, T) array padded with zero rewards after each
one's end (zeros add nothing to any return); loop over t backwards and handle all N
episodes at once.

Monte Carlo prediction estimates v_pi(s) as the average of the returns observed after
visits to s. First-visit MC uses only the first visit to s in each episode (one return
per episode: the returns are independent, the estimate is unbiased); every-visit MC uses
the return after every visit. States never visited get the value 0 and the count 0.

Shapes: rewards (N, T) float; G (N, T). states_list and rewards_list are lists of 1-D
arrays (one pair per episode, lengths may differ; states are ints in 0..n_states-1).
  discounted_returns(rewards, gamma)                                  -> G (N, T)
  mc_state_values(states_list, rewards_list, n_states, gamma, first_visit)
                                                     -> (V (n_states,) float, counts (n_states,) int)
counts[s] is the number of returns averaged into V[s].

Tiny example: states [0, 1, 0, 2], rewards [1, 2, 3, 4], gamma = 0.5:
G = [1 + 0.5*2 + 0.25*3 + 0.125*4, 2 + 0.5*3 + 0.25*4, 3 + 0.5*4, 4] = [3.25, 4.5, 5, 4].
First-visit: V = [3.25, 4.5, 4] with counts [1, 1, 1]; every-visit: V[0] = (3.25 + 5) / 2
= 4.125 with count 2.
"""
import numpy as np


def discounted_returns(rewards: np.ndarray, gamma: float) -> np.ndarray:
    """Return G[i, t] = sum_k gamma^k rewards[i, t + k] by a backward recursion."""
    # TODO: running = zeros(N); for t from T-1 down to 0: running = rewards[:, t] + gamma * running.
    ### BEGIN SOLUTION
    rewards = np.asarray(rewards, dtype=float)
    G = np.zeros_like(rewards)
    running = np.zeros(rewards.shape[0])
    for t in reversed(range(rewards.shape[1])):
        running = rewards[:, t] + gamma * running
        G[:, t] = running
    return G
    ### END SOLUTION


def mc_state_values(states_list: list, rewards_list: list, n_states: int, gamma: float,
                    first_visit: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Return (V, counts): Monte Carlo averages of the returns after (first) visits."""
    # TODO: per episode compute G; keep the first visit of each state if first_visit;
    # accumulate sums and counts (np.add.at handles repeated states); divide where counts > 0.
    ### BEGIN SOLUTION
    total = np.zeros(n_states)
    counts = np.zeros(n_states, dtype=int)
    for states, rewards in zip(states_list, rewards_list):
        states = np.asarray(states, dtype=int)
        G = discounted_returns(np.asarray(rewards, dtype=float)[None, :], gamma)[0]
        if first_visit:
            _, first = np.unique(states, return_index=True)
            states, G = states[first], G[first]
        np.add.at(total, states, G)
        np.add.at(counts, states, 1)
    V = np.divide(total, counts, out=np.zeros(n_states), where=counts > 0)
    return V, counts
    ### END SOLUTION
