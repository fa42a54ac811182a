"""Checks for the CQL(H) regulariser (references: torch.logsumexp and torch autograd on a
reference loss written in the check, the closed-form gradient (alpha / B)(softmax - onehot),
central differences, a hand-worked two-action case, NumPy for the TD target; and the claim of
Kumar et al. 2020 §3.2 on a small offline chain MDP: the action the data never takes ends
below the data actions under CQL, and stays above them (at its initial 0) under plain fitted
Q-iteration)."""
import copy

import numpy as np
import torch

from deeproots.grading.checks import central_difference, expect, expect_close

LN2 = float(np.log(2.0))


def _t(array, dtype=torch.float64):
    return torch.as_tensor(np.asarray(array), dtype=dtype)


def _reference_regulariser(q, actions, alpha):
    return alpha * (torch.logsumexp(q, dim=1) - q[torch.arange(len(actions)), actions]).mean()


# (B, A): one transition, two actions, square, non-square both ways.
SHAPES = [(1, 2), (4, 4), (16, 3), (3, 6), (64, 5)]


def test_hand_example(ex, rng):
    q, actions = _t([[0.0, np.log(3.0)], [2.0, 2.0]]), _t([0, 1], torch.int64)
    expect_close(ex.cql_regulariser(q, actions, 0.5), 0.75 * LN2, what="cql_regulariser([[0, ln 3], [2, 2]], [0, 1], 0.5)",
                 how="by hand: logsumexp rows ln 4 and 2 + ln 2, minus the data values 0 and 2, mean 1.5 ln 2, times 0.5",
                 rtol=1e-12, atol=1e-12)
    expect_close(ex.cql_regulariser_gradient(q, actions, 0.5), np.array([[-3 / 16, 3 / 16], [1 / 8, -1 / 8]]),
                 what="cql_regulariser_gradient for the same batch",
                 how="by hand: (alpha / B)(softmax - onehot) = 0.25 * ([1/4, 3/4] - [1, 0]), 0.25 * ([1/2, 1/2] - [0, 1])",
                 rtol=1e-12, atol=1e-12)


def test_regulariser_against_torch_logsumexp(ex, rng):
    for b, a in SHAPES:
        for scale, alpha in [(2.0, 1.0), (500.0, 0.3)]:  # 500: exp overflows without the max shift
            q = rng.normal(scale=scale, size=(b, a))
            actions = rng.integers(0, a, size=b)
            want = _reference_regulariser(_t(q), _t(actions, torch.int64), alpha).item()
            expect_close(ex.cql_regulariser(_t(q), _t(actions, torch.int64), alpha), want,
                         what=f"cql_regulariser for (B, A) = {(b, a)}, |Q| ~ {scale}, alpha = {alpha}",
                         how="alpha * (torch.logsumexp(q, dim=1) - q[arange(B), actions]).mean(), in the check",
                         rtol=1e-10, atol=1e-10, inputs={"q_values": q, "actions": actions})


def test_gradient_pushes_unseen_down_and_data_up(ex, rng):
    for b, a in SHAPES:
        q = rng.normal(scale=2.0, size=(b, a))
        actions = rng.integers(0, a, size=b)
        leaf = _t(q).requires_grad_(True)
        _reference_regulariser(leaf, _t(actions, torch.int64), 0.7).backward()
        softmax = np.exp(q - q.max(axis=1, keepdims=True))
        softmax /= softmax.sum(axis=1, keepdims=True)
        closed = 0.7 / b * (softmax - np.eye(a)[actions])
        expect_close(leaf.grad.numpy(), closed, what="(check's own consistency) autograd vs closed form",
                     how="torch autograd on torch.logsumexp vs (alpha / B)(softmax - onehot)", rtol=1e-10, atol=1e-12)
        got = np.asarray(ex.cql_regulariser_gradient(_t(q), _t(actions, torch.int64), 0.7))
        expect_close(got, closed, what=f"cql_regulariser_gradient for (B, A) = {(b, a)}, alpha = 0.7",
                     how="torch autograd of alpha * mean(torch.logsumexp(q, 1) - q[i, a_i]) in the check, equal to "
                         "(alpha / B)(softmax(q) - onehot(a))", rtol=1e-9, atol=1e-12,
                     inputs={"q_values": q, "actions": actions})
        data = np.eye(a, dtype=bool)[actions]
        expect(bool(np.all(got[~data] > 0)) and bool(np.all(got[data] < 0)),
               "the gradient must be positive at every action not in the data (gradient descent pushes its Q down) "
               "and negative at the data action (pushes it up): (alpha / B)(softmax - onehot) (Kumar et al. 2020 §3.2)",
               gradient=got, actions=actions)
    q, actions = rng.normal(size=(3, 4)), rng.integers(0, 4, size=3)
    numeric = central_difference(lambda x: ex.cql_regulariser(_t(x), _t(actions, torch.int64), 1.3).item(), q)
    expect_close(ex.cql_regulariser_gradient(_t(q), _t(actions, torch.int64), 1.3), numeric,
                 what="cql_regulariser_gradient vs central differences of your cql_regulariser (B, A) = (3, 4)",
                 how="central_difference with h = 1e-6", rtol=1e-5, atol=1e-7)


def test_td_loss_against_numpy(ex, rng):
    for b, a in SHAPES:
        q, next_q = rng.normal(size=(b, a)), rng.normal(scale=3.0, size=(b, a))
        actions, rewards = rng.integers(0, a, size=b), rng.normal(size=b)
        dones = (rng.random(b) < 0.3).astype(float)
        y = rewards + 0.9 * (1.0 - dones) * np.max(next_q, axis=1)
        want = np.mean((q[np.arange(b), actions] - y) ** 2)
        expect_close(ex.td_loss(_t(q), _t(actions, torch.int64), _t(rewards), _t(next_q), _t(dones), 0.9), want,
                     what=f"td_loss for (B, A) = {(b, a)}, gamma = 0.9",
                     how="np.mean((q[i, a_i] - (r + 0.9 (1 - done) np.max(next_q_target, axis=1))) ** 2)",
                     rtol=1e-10, atol=1e-12, inputs={"q_values": q, "actions": actions, "rewards": rewards,
                                                     "next_q_target": next_q, "dones": dones})


def _nets(seed):
    torch.manual_seed(seed)
    make = lambda: torch.nn.Sequential(torch.nn.Linear(3, 16), torch.nn.Tanh(), torch.nn.Linear(16, 4)).double()
    return make(), make()


def test_loss_gradients_reach_the_online_net_only(ex, rng):
    for seed, b in [(0, 1), (1, 12), (2, 40)]:
        online, target = _nets(seed)
        obs, next_obs = rng.normal(size=(b, 3)), rng.normal(size=(b, 3))
        actions, rewards = rng.integers(0, 4, size=b), rng.normal(size=b)
        dones = (rng.random(b) < 0.3).astype(float)
        args = (_t(obs), _t(actions, torch.int64), _t(rewards), _t(next_obs), _t(dones), 0.95, 0.8)
        ref_online, ref_target = copy.deepcopy(online), copy.deepcopy(target)
        q = ref_online(_t(obs))
        with torch.no_grad():
            y = _t(rewards) + 0.95 * (1.0 - _t(dones)) * ref_target(_t(next_obs)).max(dim=1).values
        loss = ((q[torch.arange(b), _t(actions, torch.int64)] - y) ** 2).mean() \
            + _reference_regulariser(q, _t(actions, torch.int64), 0.8)
        want = torch.autograd.grad(loss, list(ref_online.parameters()))
        expect_close(ex.cql_loss(copy.deepcopy(online), copy.deepcopy(target), *args), loss.item(),
                     what=f"cql_loss on two small MLPs, B = {b}", how="TD loss (target under torch.no_grad) + "
                     "0.8 * mean(torch.logsumexp(q, 1) - q[i, a_i]) with q from the online net, in the check",
                     rtol=1e-10, atol=1e-12)
        got = ex.cql_loss_gradients(copy.deepcopy(online), copy.deepcopy(target), *args)
        for k, (g, w) in enumerate(zip(got["online"], want)):
            expect_close(g, w.numpy(), what=f"gradient of cql_loss w.r.t. online parameter {k}, B = {b}",
                         how="torch.autograd.grad of the check's reference loss (regulariser on the online Q)",
                         rtol=1e-8, atol=1e-10)
        biggest = max(float(np.abs(np.asarray(g)).max()) for g in got["target"])
        expect(biggest == 0.0, "no gradient may reach the target network: y is a detached label and the "
               "regulariser is computed on the online Q", largest_target_gradient=biggest)


def _chain_dataset(seed, n=40, n_states=5):
    """Behaviour: uniform over actions 0 (left) and 1 (right) from states 0..3; action 2 never taken."""
    data = np.random.default_rng(seed)
    states = data.integers(0, n_states - 1, size=n)
    actions = data.integers(0, 2, size=n)
    next_states = np.where(actions == 1, np.minimum(states + 1, n_states - 1), np.maximum(states - 1, 0))
    dones = (next_states == n_states - 1).astype(float)
    return (_t(states, torch.int64), _t(actions, torch.int64), _t(-np.ones(n)), _t(next_states, torch.int64),
            _t(dones))


def test_cql_is_conservative_on_the_unseen_action(ex, rng):
    for seed in range(2):
        data = _chain_dataset(seed)
        cql = np.asarray(ex.fit_offline_q(*data, 5, 3, 1.0))
        fqi = np.asarray(ex.fit_offline_q(*data, 5, 3, 0.0))
        expect(bool(np.all(cql[:4, 2] < cql[:4, :2].min(axis=1))),
               "with alpha = 1, CQL's Q of the action never in the data (2) must end below both data actions' in "
               f"every non-terminal state (Kumar et al. 2020 §3.2; dataset seed {seed}: 40 transitions of a 5-state "
               "chain, reward -1 per step, behaviour uniform over actions 0 and 1)", q_table=cql[:4])
        expect(bool(np.all(cql[:4, 1] > cql[:4, 0])),
               "with alpha = 1, CQL should rank 'right' (towards the goal) above 'left' in every state", q_table=cql[:4])
        expect(bool(np.all(fqi[:4, 2] >= fqi[:4, :2].max(axis=1))),
               "with alpha = 0 (plain fitted Q-iteration) nothing ever corrects the unseen action: it stays at its "
               "initial 0, above the data actions (whose rewards are all -1), and the max bootstraps from it",
               q_table=fqi[:4])
        expect_close(fqi[:4, 2], np.zeros(4), what=f"plain FQI's Q of the unseen action (seed {seed})",
                     how="no data, no TD gradient: TabularQ's initial 0", rtol=0, atol=1e-12)
