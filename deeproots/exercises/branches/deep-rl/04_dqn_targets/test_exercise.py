"""Checks for DQN targets and the Huber TD loss (references: the target formulas of Mnih et
al. 2015 and van Hasselt et al. 2016 in NumPy (np.max, np.argmax), the Huber loss and its
clipped gradient written out in NumPy, worked examples by hand)."""
import numpy as np
import torch

from deeproots.grading.checks import expect, expect_close


def _t(array, dtype=torch.float64):
    return torch.as_tensor(np.asarray(array), dtype=dtype)


def _batch(rng, b, a, p_done=0.3):
    rewards = rng.normal(size=b)
    dones = (rng.random(b) < p_done).astype(float)
    return rewards, dones, rng.normal(scale=3.0, size=(b, a)), rng.normal(scale=3.0, size=(b, a))


# (B, A): one transition, square (a wrong axis gives wrong numbers, not an error), non-square both ways.
SHAPES = [(1, 2), (4, 4), (16, 3), (3, 6), (64, 5)]


def test_hand_example(ex, rng):
    rewards, dones = _t([1.0, 0.0]), _t([0.0, 1.0])
    target, online = _t([[1.0, 3.0], [2.0, 0.0]]), _t([[5.0, 0.0], [0.0, 1.0]])
    expect_close(ex.dqn_targets(rewards, target, dones, 0.9), np.array([3.7, 0.0]),
                 what="dqn_targets (gamma 0.9)", how="by hand: [1 + 0.9 * max(1, 3), 0 (terminal)]",
                 rtol=1e-12, atol=1e-12)
    expect_close(ex.double_dqn_targets(rewards, online, target, dones, 0.9), np.array([1.9, 0.0]),
                 what="double_dqn_targets (gamma 0.9)",
                 how="by hand: online argmax of [5, 0] is action 0, the target net values it 1: 1 + 0.9 * 1",
                 rtol=1e-12, atol=1e-12)


def test_dqn_targets_random(ex, rng):
    for b, a in SHAPES:
        rewards, dones, _, target = _batch(rng, b, a)
        for gamma in (0.99, 0.5):
            want = rewards + gamma * (1.0 - dones) * target.max(axis=1)
            expect_close(ex.dqn_targets(_t(rewards), _t(target), _t(dones), gamma), want,
                         what=f"dqn_targets for (B, A) = {(b, a)}, gamma = {gamma}",
                         how="r + gamma * (1 - done) * np.max(next_q_target, axis=1)", rtol=1e-10, atol=1e-12,
                         inputs={"rewards": rewards, "dones": dones, "next_q_target": target})


def test_double_dqn_targets_random(ex, rng):
    for b, a in SHAPES:
        rewards, dones, online, target = _batch(rng, b, a)
        chosen = np.argmax(online, axis=1)
        want = rewards + 0.99 * (1.0 - dones) * target[np.arange(b), chosen]
        expect_close(ex.double_dqn_targets(_t(rewards), _t(online), _t(target), _t(dones), 0.99), want,
                     what=f"double_dqn_targets for (B, A) = {(b, a)}",
                     how="a* = np.argmax(next_q_online, axis=1); r + 0.99 (1 - done) next_q_target[i, a*]",
                     rtol=1e-10, atol=1e-12,
                     inputs={"rewards": rewards, "dones": dones, "next_q_online": online, "next_q_target": target})


def test_terminal_transitions(ex, rng):
    rewards, _, online, target = _batch(rng, 5, 3)
    dones = np.ones(5)
    for name, got in [("dqn_targets", ex.dqn_targets(_t(rewards), _t(target), _t(dones), 0.99)),
                      ("double_dqn_targets", ex.double_dqn_targets(_t(rewards), _t(online), _t(target),
                                                                   _t(dones), 0.99))]:
        expect_close(got, rewards, what=f"{name} when every transition is terminal",
                     how="y = r: a terminal state has no future", rtol=1e-12, atol=1e-12)


def test_td_loss_hand_example(ex, rng):
    q, actions, targets = _t([[0.0, 2.0], [1.0, 1.0]]), _t([1, 0], torch.int64), _t([2.5, 4.0])
    expect_close(ex.td_loss(q, actions, targets), 1.3125, what="td_loss([[0, 2], [1, 1]], [1, 0], [2.5, 4])",
                 how="by hand: errors [-0.5, -3], Huber [0.125, 2.5], mean 1.3125 (MSE would give 2.3125)",
                 rtol=1e-12, atol=1e-12)
    expect_close(ex.td_loss_gradient(q, actions, targets), np.array([[0.0, -0.25], [-0.5, 0.0]]),
                 what="td_loss_gradient for the same batch",
                 how="by hand: clip(error, -1, 1) / B at the taken actions, 0 elsewhere", rtol=1e-12, atol=1e-12)


def test_td_loss_and_gradient_random(ex, rng):
    for b, a in SHAPES:
        q = rng.normal(scale=2.0, size=(b, a))
        actions = rng.integers(0, a, size=b)
        targets = rng.normal(scale=2.0, size=b)
        error = q[np.arange(b), actions] - targets
        huber = np.where(np.abs(error) <= 1.0, 0.5 * error ** 2, np.abs(error) - 0.5)
        inputs = {"q_values": q, "actions": actions, "targets": targets}
        expect_close(ex.td_loss(_t(q), _t(actions, torch.int64), _t(targets)), huber.mean(),
                     what=f"td_loss for (B, A) = {(b, a)}", how="mean Huber (delta 1) of Q[i, a_i] - y_i in NumPy",
                     rtol=1e-10, atol=1e-12, inputs=inputs)
        grad = np.zeros((b, a))
        grad[np.arange(b), actions] = np.clip(error, -1.0, 1.0) / b
        expect_close(ex.td_loss_gradient(_t(q), _t(actions, torch.int64), _t(targets)), grad,
                     what=f"td_loss_gradient for (B, A) = {(b, a)}",
                     how="clip(Q[i, a_i] - y_i, -1, 1) / B at the taken actions, 0 elsewhere",
                     rtol=1e-10, atol=1e-12, inputs=inputs)


def _target_net_q(rng, b, a, obs_dim=4):
    """Q-values of s' from a small linear target network, as in training: they carry
    requires_grad (and a graph back to the network's parameters)."""
    net = torch.nn.Linear(obs_dim, a, dtype=torch.float64)
    with torch.no_grad():
        net.weight.copy_(_t(rng.normal(size=(a, obs_dim))))
        net.bias.copy_(_t(rng.normal(size=a)))
    return net(_t(rng.normal(size=(b, obs_dim))))


def test_targets_receive_no_gradient(ex, rng):
    rewards, dones, _, _ = _batch(rng, 8, 3)
    next_q_target, next_q_online = _target_net_q(rng, 8, 3), _target_net_q(rng, 8, 3)
    with torch.no_grad():  # the PyTorch reference: the same formulas, outside any graph
        best = next_q_target.max(dim=1).values
        chosen = next_q_target.gather(1, next_q_online.argmax(dim=1, keepdim=True)).squeeze(1)
        want_dqn = _t(rewards) + 0.99 * (1.0 - _t(dones)) * best
        want_double = _t(rewards) + 0.99 * (1.0 - _t(dones)) * chosen
    for name, got, want in [
            ("dqn_targets", ex.dqn_targets(_t(rewards), next_q_target, _t(dones), 0.99), want_dqn),
            ("double_dqn_targets",
             ex.double_dqn_targets(_t(rewards), next_q_online, next_q_target, _t(dones), 0.99), want_double)]:
        expect_close(got, want.numpy(), what=f"{name} from Q-values that require grad",
                     how="the same formula in PyTorch under torch.no_grad()", rtol=1e-10, atol=1e-12)
        expect(not got.requires_grad,
               f"{name} returned a target with requires_grad=True: the target is a fixed label and must "
               "not receive gradient (return it .detach()ed, or compute it under torch.no_grad())",
               next_q_requires_grad=True, target_requires_grad=got.requires_grad)


def test_loss_gradient_does_not_reach_the_targets(ex, rng):
    q = rng.normal(scale=2.0, size=(6, 3))
    actions = rng.integers(0, 3, size=6)
    targets = _target_net_q(rng, 6, 1).squeeze(1)  # targets still attached to a network
    loss = ex.td_loss(_t(q), _t(actions, torch.int64), targets)
    want = torch.nn.functional.huber_loss(_t(q)[torch.arange(6), _t(actions, torch.int64)], targets.detach(),
                                          delta=1.0)
    expect_close(loss, float(want), what="td_loss with targets that require grad",
                 how="torch.nn.functional.huber_loss(Q[i, a_i], targets.detach(), delta=1)",
                 rtol=1e-10, atol=1e-12)
    expect(not loss.requires_grad,
           "td_loss(q_values, actions, targets) requires grad although only the targets did: the loss's "
           "gradient would flow into the network that made the targets. Use targets.detach() in the loss",
           q_values_requires_grad=False, targets_requires_grad=True, loss_requires_grad=loss.requires_grad)
