"""SARSA, Q-learning and Expected SARSA: one-step targets for a batch of transitions.

Source: Sutton & Barto, Reinforcement Learning: An Introduction (2nd ed.), §6.4 (SARSA,
eq. 6.7), §6.5 (Q-learning, eq. 6.8; Example 6.6, cliff walking), §6.6 (Expected SARSA,
eq. 6.9) and §2.2/§5.4 (epsilon-greedy and epsilon-soft policies); David Silver's UCL RL
course, lecture 5 "Model-Free Control" (epsilon-greedy exploration, SARSA, Q-learning).
https://www.davidsilver.uk/teaching/

All three control methods update Q(S, A) toward a one-step target and differ only in how
they value the next state S':

    SARSA           r + gamma Q(S', A')                     A' the action actually taken next
    Q-learning      r + gamma max_a Q(S', a)                the greedy action (off-policy)
    Expected SARSA  r + gamma sum_a pi(a | S') Q(S', a)     pi epsilon-greedy w.r.t. Q

If the transition ended the episode (done), S' is terminal and the target is just r,
whatever Q says about S'. The update is Q(S, A) <- Q(S, A) + alpha (target - Q(S, A)).

Epsilon-greedy with ties: every action gets epsilon / A (A = number of actions, greedy
ones included), and the remaining 1 - epsilon is shared equally among all actions with the
largest Q (what argmax with random tie-breaking does on average):

    pi(a | s) = epsilon / A + (1 - epsilon) [a in argmax Q(s, .)] / |argmax Q(s, .)|

Batches: B transitions as arrays states, actions, rewards, next_states, next_actions,
dones, each of shape (B,) (ints, floats, bool); Q has shape (S, A). No Python loop over
the batch is needed. td_update applies every transition's step alpha (target - Q[s, a]),
all computed from the old Q, and adds them up where the same (s, a) appears several times
(a gradient step on the summed squared TD errors; np.add.at does this, Q[s, a] += ... does
not).
  epsilon_greedy_probs(Q_rows, epsilon)                                   -> (B, A)
  sarsa_targets(Q, rewards, next_states, next_actions, dones, gamma)      -> (B,)
  q_learning_targets(Q, rewards, next_states, dones, gamma)               -> (B,)
  expected_sarsa_targets(Q, rewards, next_states, dones, gamma, epsilon)  -> (B,)
  td_update(Q, states, actions, targets, alpha)                           -> new Q (S, A)
Q_rows is any (B, A) array of action values (e.g. Q[next_states]). Do not modify Q.

Tiny example: Q = [[1, 3, 3], [5, 2, 1]], epsilon = 0.3: the probabilities are
[0.1, 0.45, 0.45] (two greedy actions share 0.7) and [0.8, 0.1, 0.1]. For the transition
r = 1, S' = 0, A' = 0, gamma = 0.9: SARSA 1 + 0.9 * 1 = 1.9, Q-learning 1 + 0.9 * 3 = 3.7,
Expected SARSA 1 + 0.9 * (0.1 + 1.35 + 1.35) = 3.52; if done, all three are 1.
"""
import numpy as np


def epsilon_greedy_probs(Q_rows: np.ndarray, epsilon: float) -> np.ndarray:
    """Return the epsilon-greedy probabilities (B, A), ties sharing the greedy mass."""
    # TODO: greedy = Q_rows == max of each row; epsilon / A + (1 - epsilon) * greedy / count.
    ### BEGIN SOLUTION
    Q_rows = np.asarray(Q_rows, dtype=float)
    A = Q_rows.shape[1]
    greedy = Q_rows == Q_rows.max(axis=1, keepdims=True)
    return epsilon / A + (1.0 - epsilon) * greedy / greedy.sum(axis=1, keepdims=True)
    ### END SOLUTION


def sarsa_targets(Q: np.ndarray, rewards: np.ndarray, next_states: np.ndarray,
                  next_actions: np.ndarray, dones: np.ndarray, gamma: float) -> np.ndarray:
    """Return r + gamma Q[s', a'] (just r where done)."""
    # TODO: Q[next_states, next_actions], zeroed where dones.
    ### BEGIN SOLUTION
    next_value = Q[next_states, next_actions]
    return rewards + gamma * np.where(dones, 0.0, next_value)
    ### END SOLUTION


def q_learning_targets(Q: np.ndarray, rewards: np.ndarray, next_states: np.ndarray,
                       dones: np.ndarray, gamma: float) -> np.ndarray:
    """Return r + gamma max_a Q[s', a] (just r where done)."""
    # TODO: Q[next_states].max(axis=1), zeroed where dones.
    ### BEGIN SOLUTION
    next_value = Q[next_states].max(axis=1)
    return rewards + gamma * np.where(dones, 0.0, next_value)
    ### END SOLUTION


def expected_sarsa_targets(Q: np.ndarray, rewards: np.ndarray, next_states: np.ndarray,
                           dones: np.ndarray, gamma: float, epsilon: float) -> np.ndarray:
    """Return r + gamma sum_a pi(a|s') Q[s', a] for the epsilon-greedy pi (just r where done)."""
    # TODO: probabilities of Q[next_states] times Q[next_states], summed over actions.
    ### BEGIN SOLUTION
    rows = Q[next_states]
    next_value = np.sum(epsilon_greedy_probs(rows, epsilon) * rows, axis=1)
    return rewards + gamma * np.where(dones, 0.0, next_value)
    ### END SOLUTION


def td_update(Q: np.ndarray, states: np.ndarray, actions: np.ndarray, targets: np.ndarray,
              alpha: float) -> np.ndarray:
    """Return a copy of Q moved toward the targets, repeated (s, a) pairs accumulating."""
    # TODO: errors = targets - Q[states, actions]; np.add.at on a copy with alpha * errors.
    ### BEGIN SOLUTION
    Q_new = np.array(Q, dtype=float)
    errors = targets - Q[states, actions]
    np.add.at(Q_new, (states, actions), alpha * errors)
    return Q_new
    ### END SOLUTION
