"""Checks for MBPO's branched rollouts (references: the known double integrator and the biased
members rewritten as scalar per-rollout loops in the check, with the stated rng draws replayed;
the member of each stored transition identified from its residual against the TRUE dynamics;
the buffer layout rebuilt from the terminal flags; the real/model counts of MBPO's code,
int(batch_size * real_ratio); Janner et al. 2019 Theorem 4.3's k term: the model-rollout state
error against the true dynamics grows with k, at most like sum_j ||A_cl||^j * eps_m)."""
import numpy as np

from deeproots.grading.checks import expect, expect_close, expect_equal

DT, LIMIT, N_MEMBERS = 0.1, 1.0, 4
GAIN_P, GAIN_V = 1.0, 3.0
BIASES = [(0.02, 0.03), (0.01, 0.05), (0.03, 0.01), (0.0, 0.04)]
KEYS = ("states", "actions", "next_states", "dones")


def _true_step(p, v, a):
    return p + DT * v, v + DT * a


def _buffer(rng, n, offset=0.0, v_scale=4.0):
    states = np.stack([rng.uniform(-1.0, 1.0, n), rng.uniform(-v_scale, v_scale, n)], axis=1) + offset
    actions = rng.uniform(-1.0, 1.0, size=(n, 1))
    next_states = states + rng.normal(scale=0.1, size=(n, 2))
    return {"states": states, "actions": actions, "next_states": next_states, "dones": np.zeros(n, dtype=bool)}


def _empty():
    return {"states": np.zeros((0, 2)), "actions": np.zeros((0, 1)), "next_states": np.zeros((0, 2)),
            "dones": np.zeros(0, dtype=bool)}


def _reference_rollouts(real_states, batch, k, seed):
    """Scalar loops: per step, the stated member draw, then each surviving rollout advanced alone."""
    rng = np.random.default_rng(seed)
    starts = real_states[rng.integers(0, len(real_states), size=batch)]
    current = {i: (float(starts[i, 0]), float(starts[i, 1])) for i in range(batch)}
    alive, rows = list(range(batch)), []
    for t in range(k):
        members = rng.integers(0, N_MEMBERS, size=len(alive))
        survivors = []
        for i, m in zip(alive, members):
            p, v = current[i]
            a = -(GAIN_P * p + GAIN_V * v)
            q, w = _true_step(p, v, a)
            q, w = q + BIASES[m][0], w + BIASES[m][1]
            done = abs(q) > LIMIT
            rows.append((p, v, a, q, w, done, t, i, int(m)))
            current[i] = (q, w)
            if not done:
                survivors.append(i)
        alive = survivors
    table = np.array([r[:5] for r in rows]).reshape(-1, 5)
    return {"states": table[:, :2], "actions": table[:, 2:3], "next_states": table[:, 3:5],
            "dones": np.array([r[5] for r in rows], dtype=bool), "step": np.array([r[6] for r in rows], dtype=int),
            "members": np.array([r[8] for r in rows], dtype=int)}


def _new_rows(out, n_old):
    return {key: np.asarray(out[key])[n_old:] for key in KEYS}


def test_hand_example(ex, rng):
    got = ex.model_step(np.array([[0.0, 1.0]]), np.array([[0.5]]), np.array([0]))
    expect_close(got, np.array([[0.12, 1.08]]), what="model_step((0, 1), a = 0.5, member 0)",
                 how="by hand: delta = (DT v + 0.02, DT a + 0.03) = (0.12, 0.08), ADDED to s = (0, 1)",
                 rtol=1e-12, atol=1e-12)
    real, model = _buffer(rng, 30), _buffer(rng, 500, offset=100.0)
    batch = ex.mixed_batch(real, model, 256, 0.05, 0)
    n_real = int(np.sum(np.asarray(batch["states"])[:, 0] < 50.0))
    expect_equal((n_real, len(batch["states"]) - n_real), (12, 244),
                 what="(real, model) rows of mixed_batch(batch_size = 256, real_ratio = 0.05)",
                 how="MBPO's default real_ratio 0.05: int(256 * 0.05) = int(12.8) = 12 real rows, 244 model rows "
                     "(model-buffer states sit at +100 in this check, real ones in [-1, 1])")


def test_model_step(ex, rng):
    for n, scale in [(1, 1.0), (9, 1.0), (50, 3.0), (4, 1e4)]:
        states, actions = rng.normal(scale=scale, size=(n, 2)), rng.normal(scale=scale, size=(n, 1))
        members = rng.integers(0, N_MEMBERS, size=n)
        want = np.array([np.add(_true_step(s[0], s[1], a[0]), BIASES[m]) for s, a, m in zip(states, actions, members)])
        expect_close(ex.model_step(states, actions, members), want, what=f"model_step on {n} rows (scale {scale})",
                     how="per row: (p + DT v, v + DT a) + BIASES[members[i]]: the member's predicted DELTA added to "
                         "the state, row i with its own member", rtol=1e-12, atol=1e-9,
                     inputs={"states": states, "actions": actions, "members": members})


def test_start_states_from_real_buffer(ex, rng):
    real, model = _buffer(rng, 40), _buffer(rng, 70, offset=50.0)
    for batch, seed in [(30, 0), (1, 5), (100, 9)]:
        out = ex.branched_rollouts(real, model, batch, 1, seed)
        for key in KEYS:
            expect_equal(np.asarray(out[key])[:len(model["states"])], model[key],
                         what=f"the first {len(model['states'])} rows of out['{key}']",
                         how="the model buffer's old rows, unchanged: new transitions are appended after them")
        new = _new_rows(out, len(model["states"]))
        want = real["states"][np.random.default_rng(seed).integers(0, len(real["states"]), size=batch)]
        expect_close(new["states"][:batch], want, what=f"the {batch} start states (batch = {batch}, seed = {seed})",
                     how="real_buffer['states'][rng.integers(0, N_real, size=batch)], the FIRST draw of "
                         "np.random.default_rng(seed): start states come from the REAL buffer (the model buffer's "
                         "states sit at +50 in this check)", rtol=0, atol=0)


def test_rollouts_match_reference(ex, rng):
    real, model = _buffer(rng, 60), _buffer(rng, 3, offset=50.0)
    total_done = 0
    for batch, k, seed in [(40, 5, 0), (1, 3, 2), (25, 1, 3), (60, 8, 4)]:
        want = _reference_rollouts(real["states"], batch, k, seed)
        total_done += int(want["dones"].sum())
        new = _new_rows(ex.branched_rollouts(real, model, batch, k, seed), len(model["states"]))
        expect_equal(len(new["states"]), len(want["states"]), what=f"new transitions (batch {batch}, k {k})",
                     how="scalar reference: k steps, each surviving rollout one transition per step, a rollout "
                         "ended by its first terminal transition (which IS stored)")
        for key in KEYS:
            expect_close(new[key].astype(float), want[key].astype(float),
                         what=f"new rows of '{key}' (batch {batch}, k {k}, seed {seed})",
                         how="scalar loops: starts from the real buffer, then per step members = rng.integers(0, 4, "
                             "size=n_alive), s' = s + delta_m, done = |p'| > 1, step-major order", rtol=1e-12,
                         atol=1e-12)
    expect(total_done > 5, f"the check's own data produced only {total_done} terminals", terminals=total_done)


def test_member_per_transition(ex, rng):
    real = _buffer(rng, 50, v_scale=1.0)
    batch, k, seed = 80, 4, 7
    new = _new_rows(ex.branched_rollouts(real, _empty(), batch, k, seed), 0)
    s, a, nxt = new["states"], new["actions"][:, 0], new["next_states"]
    residual = nxt - np.stack(_true_step(s[:, 0], s[:, 1], a), axis=1)
    used = np.argmin(np.linalg.norm(residual[:, None, :] - np.array(BIASES)[None], axis=2), axis=1)
    want = _reference_rollouts(real["states"], batch, k, seed)["members"]
    expect_equal(used[:len(want)], want[:len(used)],
                 what="the member behind each transition (found from its residual s' - f_true(s, a) = BIASES[m])",
                 how="after the start draw, per step rng.integers(0, N_MEMBERS, size=n_alive): a FRESH member for "
                     "every transition (MBPO's FakeEnv), not one member per rollout nor always member 0")
    changes = float(np.mean(used[batch:2 * batch] != used[:batch])) if len(used) >= 2 * batch else 0.0
    expect(changes > 0.5, f"only {changes:.0%} of rollouts switched member between steps 0 and 1; with a member "
           "drawn per transition about 75% switch", switched=changes)


def test_terminals_stop_rollouts(ex, rng):
    real = _buffer(rng, 60)
    for batch, k, seed in [(50, 6, 1), (20, 3, 8)]:
        new = _new_rows(ex.branched_rollouts(real, _empty(), batch, k, seed), 0)
        expect_equal(np.asarray(new["dones"], dtype=bool), np.abs(new["next_states"][:, 0]) > LIMIT,
                     what="the stored done flags", how="termination(next_state): |p'| > LIMIT")
        expect(bool(np.all(np.abs(new["states"][:, 0]) <= LIMIT)),
               "a stored transition starts from a terminal state: a rollout must stop at its first terminal")
        pos, size, done_at = 0, batch, []
        for t in range(k):
            block = {key: value[pos:pos + size] for key, value in new.items()}
            expect_equal(len(block["states"]), size, what=f"transitions stored at step {t}",
                         how="batch at step 0, then the rollouts of step t - 1 that did not terminate")
            if t > 0:
                expect_close(block["states"], survivors, what=f"the states of step {t}",
                             how="the next_states of step t - 1 whose done flag is False, in order", rtol=0, atol=0)
            survivors = block["next_states"][~block["dones"].astype(bool)]
            done_at.append(size - len(survivors))
            pos, size = pos + size, len(survivors)
        expect_equal(len(new["states"]), batch * k - sum(n * (k - 1 - t) for t, n in enumerate(done_at)),
                     what=f"new transitions (batch {batch}, k {k})",
                     how="batch * k - sum_t n_done(t) * (k - 1 - t): nothing after a terminal, nothing beyond k steps")
        ref = _reference_rollouts(real["states"], batch, k, seed)
        expect(ref["dones"].any(), "the check's own data produced no terminal")


def test_error_grows_with_k(ex, rng):
    real = _buffer(rng, 200, v_scale=0.3)
    real["states"][:, 0] *= 0.3
    a_cl = np.array([[1.0, DT], [-DT * GAIN_P, 1.0 - DT * GAIN_V]])
    growth, eps = np.linalg.norm(a_cl, 2), max(np.hypot(*b) for b in BIASES)
    errors = []
    for k in range(1, 9):
        new = _new_rows(ex.branched_rollouts(real, _empty(), 200, k, 100 + k), 0)
        expect_equal(len(new["states"]), 200 * k, what=f"new transitions for k = {k} (no terminal near the origin)",
                     how="batch * k")
        p, v = new["states"][:200, 0].copy(), new["states"][:200, 1].copy()
        for _ in range(k):
            p, v = _true_step(p, v, -(GAIN_P * p + GAIN_V * v))
        errors.append(float(np.mean(np.hypot(new["next_states"][-200:, 0] - p, new["next_states"][-200:, 1] - v))))
        bound = eps * sum(growth ** j for j in range(k))
        expect(errors[-1] <= bound + 1e-9, f"after k = {k} model steps the mean state error {errors[-1]:.4g} exceeds "
               f"the compounding bound sum_j ||A_cl||^j eps_m = {bound:.4g}", errors=np.array(errors))
    expect(bool(np.all(np.diff(errors) > 0)) and errors[-1] > 3 * errors[0],
           "the mean state error of the k-th model step against the TRUE dynamics (same starts, same policy) must "
           "grow with k, and be > 3x the one-step error at k = 8 (Janner et al. 2019, Theorem 4.3: the model term "
           "grows with k)", errors_k1_to_8=np.array(errors))


def test_mixed_batch(ex, rng):
    real, model = _buffer(rng, 37), _buffer(rng, 300, offset=100.0)
    for size, ratio, seed in [(256, 0.05, 1), (100, 0.29, 2), (10, 0.5, 3), (7, 1.0, 4), (5, 0.0, 5), (1, 0.05, 6)]:
        got = ex.mixed_batch(real, model, size, ratio, seed)
        n_real = int(size * ratio)
        r = np.random.default_rng(seed)
        real_rows, model_rows = r.integers(0, 37, size=n_real), r.integers(0, 300, size=size - n_real)
        for key in KEYS:
            want = np.concatenate([real[key][real_rows], model[key][model_rows]])
            expect_close(np.asarray(got[key]).astype(float), want.astype(float),
                         what=f"mixed_batch['{key}'] (batch_size {size}, real_ratio {ratio}, seed {seed})",
                         how=f"n_real = int(batch_size * real_ratio) = {n_real} rows real_buffer[rng.integers(0, "
                             "N_real, n_real)] drawn FIRST, then the rest from the model buffer", rtol=0, atol=0)
