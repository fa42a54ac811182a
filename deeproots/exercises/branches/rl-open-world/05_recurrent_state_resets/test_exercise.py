"""Checks for hidden-state resets in a recurrent policy (references: torch.nn.GRU run
episode by episode from a zero state, env by env, with the learner's GRUCell weights copied
in (a different computation: no masks, one call per episode); its autograd gradients for the
update; the acting-time logits themselves for the re-run (R2D2 §3: replay must rebuild the
actor's states); the tiny example of the statement by hand)."""
import numpy as np
import torch

from deeproots.grading.checks import expect, expect_close


def _policy(ex, obs_dim, hidden, actions, seed):
    torch.manual_seed(seed)
    return ex.GRUPolicy(obs_dim, hidden, actions)


def _reference_gru(policy):
    """A torch.nn.GRU with the policy's cell weights, and the head's weights."""
    cell = policy.cell
    gru = torch.nn.GRU(cell.input_size, cell.hidden_size, batch_first=True)
    with torch.no_grad():
        gru.weight_ih_l0.copy_(cell.weight_ih)
        gru.weight_hh_l0.copy_(cell.weight_hh)
        gru.bias_ih_l0.copy_(cell.bias_ih)
        gru.bias_hh_l0.copy_(cell.bias_hh)
    head_w = policy.head.weight.detach().clone().requires_grad_(True)
    head_b = policy.head.bias.detach().clone().requires_grad_(True)
    return gru, head_w, head_b


def _reference_logits(gru, head_w, head_b, obs, starts):
    """(T, N, A): every env's steps cut into episodes at its starts; each episode through
    nn.GRU from a zero state. starts[0] must be all ones (training begins)."""
    T, N, _ = obs.shape
    columns = []
    for n in range(N):
        begins = [t for t in range(T) if starts[t, n] > 0.5] + [T]
        pieces = []
        for a, b in zip(begins[:-1], begins[1:]):
            out, _ = gru(obs[a:b, n].unsqueeze(0))  # (1, L, H), h0 = 0
            pieces.append(out[0])
        columns.append(torch.cat(pieces))  # (T, H)
    hidden = torch.stack(columns, dim=1)  # (T, N, H)
    return torch.nn.functional.linear(hidden, head_w, head_b)


def _starts(rng, T, N, first_all=False):
    starts = (rng.random((T, N)) < 0.25).astype(np.float32)
    starts[:, 0] = 0.0  # env 0 runs through the whole window: its state must be carried
    starts[min(2, T - 1), min(1, N - 1)] = 1.0 if N > 1 else starts[min(2, T - 1), 0]
    if first_all:
        starts[0] = 1.0
    return torch.as_tensor(starts)


def _two_rollouts(ex, rng, N, D, H, A, T, seed):
    policy = _policy(ex, D, H, A, seed)
    obs = torch.as_tensor(rng.normal(size=(2 * T, N, D)).astype(np.float32))
    starts = torch.cat([_starts(rng, T, N, first_all=True), _starts(rng, T, N)])
    h = torch.zeros(N, H)
    logits1, first1, h = ex.collect(policy, obs[:T], starts[:T], h)
    logits2, first2, h_last = ex.collect(policy, obs[T:], starts[T:], h)
    return policy, obs, starts, (logits1, first1, h), (logits2, first2, h_last)


def test_acting_matches_gru_episode_by_episode(ex, rng):
    for N, D, H, A, T in [(4, 3, 4, 3, 6), (5, 3, 4, 2, 7), (1, 2, 3, 2, 5)]:  # N == H first: a wrong axis broadcasts
        policy, obs, starts, (logits1, _, _), (logits2, _, _) = _two_rollouts(ex, rng, N, D, H, A, T, seed=N)
        gru, head_w, head_b = _reference_gru(policy)
        with torch.no_grad():
            want = _reference_logits(gru, head_w, head_b, obs, starts)
        expect_close(torch.cat([logits1, logits2]), want,
                     what=f"collect's logits over two consecutive rollouts ({N} envs, T = {T} each, H = {H})",
                     how="torch.nn.GRU with the same weights, run env by env on each episode from a zero state "
                         "(episodes cut at starts, continuing across the rollout border), then the head",
                     rtol=1e-5, atol=1e-6, inputs={"starts": starts.numpy()})


def test_rerun_reproduces_acting(ex, rng):
    N, D, H, A, T = 4, 3, 5, 2, 6
    policy, obs, starts, (logits1, first1, carried), (logits2, first2, last2) = _two_rollouts(ex, rng, N, D, H, A, T, 7)
    expect(not first2.requires_grad and not last2.requires_grad,
           "the stored and carried hidden states must be detached (no graph into an earlier rollout)")
    expect_close(first2, carried, what="the state stored with rollout 2",
                 how="the hidden state carried out of rollout 1 (the actor's state before rollout 2's first step)",
                 rtol=0, atol=0)
    for label, rollout_obs, rollout_starts, first, acted in [("rollout 1", obs[:T], starts[:T], first1, logits1),
                                                            ("rollout 2", obs[T:], starts[T:], first2, logits2)]:
        logits, _ = policy.unroll(rollout_obs, first, rollout_starts)
        expect(logits.requires_grad, "unroll must keep the graph (it is the update's forward pass)")
        expect_close(logits.detach(), acted, what=f"unroll of {label} from its stored state",
                     how="the logits collect computed step by step while acting (same weights, same masks)",
                     rtol=1e-6, atol=1e-7, inputs={"starts": rollout_starts.numpy()})


def test_update_gradients(ex, rng):
    N, D, H, A, T = 3, 4, 5, 3, 8
    policy = _policy(ex, D, H, A, 11)
    obs = torch.as_tensor(rng.normal(size=(T, N, D)).astype(np.float32))
    starts = _starts(rng, T, N, first_all=True)
    weights = torch.as_tensor(rng.normal(size=(T, N, A)).astype(np.float32))
    gru, head_w, head_b = _reference_gru(policy)
    (_reference_logits(gru, head_w, head_b, obs, starts) * weights).sum().backward()
    reference = {"cell.weight_ih": gru.weight_ih_l0.grad, "cell.weight_hh": gru.weight_hh_l0.grad,
                 "cell.bias_ih": gru.bias_ih_l0.grad, "cell.bias_hh": gru.bias_hh_l0.grad,
                 "head.weight": head_w.grad, "head.bias": head_b.grad}
    for call in ("first call", "second call (gradients must not accumulate)"):
        grads = ex.update_gradients(policy, obs, torch.zeros(N, H), starts, weights)
        expect(set(grads) == set(reference), "update_gradients must name every parameter of the policy",
               got=sorted(grads), expected=sorted(reference))
        for name, want in reference.items():
            expect_close(grads[name], want, what=f"update_gradients, {call}: d(sum(w * logits)) / d {name}",
                         how="torch autograd through torch.nn.GRU run episode by episode (gradients stop at starts)",
                         rtol=1e-4, atol=1e-5, inputs={"starts": starts.numpy()})


def test_tiny_example(ex, rng):
    policy = _policy(ex, 2, 3, 2, 3)
    obs = torch.as_tensor(rng.normal(size=(4, 1, 2)).astype(np.float32))
    other = obs.clone()
    other[:2] = torch.as_tensor(rng.normal(size=(2, 1, 2)).astype(np.float32))
    reset = torch.tensor([[1.0], [0.0], [1.0], [0.0]])
    a, _, _ = ex.collect(policy, obs, reset, torch.zeros(1, 3))
    b, _, _ = ex.collect(policy, other, reset, torch.zeros(1, 3))
    expect_close(b[2:], a[2:], what="one env, starts [1, 0, 1, 0]: logits at t = 2, 3 with other obs[0:2]",
                 how="by hand: the episode starting at t = 2 cannot see the earlier one", rtol=0, atol=1e-7)
    carry = torch.tensor([[1.0], [0.0], [0.0], [0.0]])
    a, _, _ = ex.collect(policy, obs, carry, torch.zeros(1, 3))
    b, _, _ = ex.collect(policy, other, carry, torch.zeros(1, 3))
    expect(float((a[2:] - b[2:]).abs().max()) > 1e-4,
           "one env, starts [1, 0, 0, 0]: the logits at t = 2, 3 must depend on obs[0:2] (one episode)")
