"""Checks for RND (references: np.mean / np.var of every row seen for the running
statistics; a NumPy forward pass of both MLPs built from their parameters for the
normalisation, the bonus, the loss and the normalised intrinsic reward; torch.optim.Adam run
here on a copy of f_hat for train_step; Burda et al. 2019 §2.2's claim that the error falls on
visited states and stays higher on novel ones, on a seeded setup with stated margins)."""
import numpy as np
import torch

from deeproots.grading.checks import expect, expect_close

OBS, FEAT, HID = 3, 5, 16


def _t(array):
    return torch.as_tensor(np.asarray(array, dtype=np.float64))


def _np(params):
    return {name: np.asarray(value, dtype=np.float64) for name, value in params.items()}


def _mlp_np(params, x):
    """relu(x W0^T + b0) -> relu(. W2^T + b2) -> . W4^T + b4 (nn.Sequential indices 0, 2, 4)."""
    h = np.maximum(x @ params["0.weight"].T + params["0.bias"], 0.0)
    h = np.maximum(h @ params["2.weight"].T + params["2.bias"], 0.0)
    return h @ params["4.weight"].T + params["4.bias"]


def _normalise_np(obs, seen):
    return np.clip((obs - seen.mean(axis=0)) / np.sqrt(seen.var(axis=0) + 1e-8), -5.0, 5.0)


def _bonus_np(rnd, x):
    pred, targ = _np(rnd.parameters_of("predictor")), _np(rnd.parameters_of("target"))
    return ((_mlp_np(pred, x) - _mlp_np(targ, x)) ** 2).sum(axis=1)


def test_running_stats_hand_example(ex, rng):
    rms = ex.RunningMeanStd(())
    rms.update(np.array([1.0, 3.0]))
    rms.update(np.array([5.0]))
    expect_close(rms.mean, 3.0, what="mean after [1, 3] then [5]", how="by hand: (1 + 3 + 5) / 3",
                 rtol=1e-12, atol=1e-12)
    expect_close(rms.var, 8.0 / 3.0, what="var after [1, 3] then [5]", how="by hand: (4 + 0 + 4) / 3 (ddof 0)",
                 rtol=1e-12, atol=1e-12)
    expect_close(rms.count, 3, what="count after [1, 3] then [5]", how="2 + 1 rows", rtol=0, atol=0)


def test_running_stats_against_numpy(ex, rng):
    rms = ex.RunningMeanStd((4,))
    seen = []
    for n, shift in [(7, 0.0), (1, 3.0), (20, -5.0), (2, 10.0), (50, 1.0)]:
        batch = rng.normal(loc=shift, scale=rng.uniform(0.5, 3.0, size=4), size=(n, 4))
        seen.append(batch)
        rms.update(batch)
        allrows = np.concatenate(seen)
        expect_close(rms.mean, allrows.mean(axis=0), what=f"running mean after {len(allrows)} rows",
                     how="np.mean of every row seen, axis 0", rtol=1e-10, atol=1e-10, inputs={"batch": batch})
        expect_close(rms.var, allrows.var(axis=0), what=f"running var after {len(allrows)} rows",
                     how="np.var (ddof 0) of every row seen, axis 0", rtol=1e-10, atol=1e-10,
                     inputs={"batch": batch})


def test_normalise_and_clip(ex, rng):
    rnd = ex.RND(OBS, FEAT, HID, seed=1)
    seen = rng.normal(loc=2.0, scale=[0.5, 1.0, 3.0], size=(40, OBS))
    rnd.obs_rms.update(seen)
    obs = np.concatenate([rng.normal(loc=2.0, size=(6, OBS)), [[50.0, -50.0, 2.0], [-1.0, 2.0, 1e4]]])
    expect_close(rnd.normalise(_t(obs)), _normalise_np(obs, seen),
                 what="normalise(obs), two rows far outside the data",
                 how="np.clip((obs - np.mean(seen, 0)) / np.sqrt(np.var(seen, 0) + 1e-8), -5, 5)",
                 rtol=1e-9, atol=1e-9, inputs={"obs": obs})


def test_bonus_per_state(ex, rng):
    for b, seed in [(1, 2), (4, 3), (9, 4)]:
        rnd = ex.RND(OBS, FEAT, HID, seed=seed)
        seen = rng.normal(size=(30, OBS))
        rnd.obs_rms.update(seen)
        obs = rng.normal(scale=2.0, size=(b, OBS))
        got = rnd.bonus(_t(obs))
        want = _bonus_np(rnd, _normalise_np(obs, seen))
        expect_close(got, want, what=f"bonus for B = {b} states (feature_dim {FEAT})",
                     how="NumPy MLPs from parameters_of: sum over the feature axis of (f_hat(x) - f(x))^2, "
                         "one value per state", rtol=1e-9, atol=1e-12, inputs={"obs": obs})
        expect(not got.requires_grad, "bonus(obs) requires grad: compute it under torch.no_grad() (it is a "
               "reward, not something to differentiate)", requires_grad=got.requires_grad)
        expect_close(rnd.loss(_t(obs)), want.mean(), what=f"loss for B = {b}",
                     how="np.mean over the batch of the per-state bonus", rtol=1e-9, atol=1e-12)


def test_train_step_matches_adam_and_target_is_fixed(ex, rng):
    rnd = ex.RND(OBS, FEAT, HID, lr=1e-2, seed=5)
    obs = rng.normal(size=(16, OBS))
    rnd.obs_rms.update(obs)
    x = torch.as_tensor(_normalise_np(obs, obs))
    target0, pred0 = rnd.parameters_of("target"), rnd.parameters_of("predictor")
    # The reference: torch.optim.Adam on copies of the two networks, f excluded and frozen.
    nets = {}
    for which, params in [("target", target0), ("predictor", pred0)]:
        net = torch.nn.Sequential(torch.nn.Linear(OBS, HID), torch.nn.ReLU(), torch.nn.Linear(HID, HID),
                                  torch.nn.ReLU(), torch.nn.Linear(HID, FEAT)).double()
        net.load_state_dict(params)
        nets[which] = net
    opt = torch.optim.Adam(nets["predictor"].parameters(), lr=1e-2)
    for step in range(3):
        ref_loss = ((nets["predictor"](x) - nets["target"](x).detach()) ** 2).sum(dim=1).mean()
        opt.zero_grad()
        ref_loss.backward()
        opt.step()
        got = rnd.train_step(_t(obs))
        expect_close(got, ref_loss.item(), what=f"train_step's returned loss at step {step + 1}",
                     how="the same loss on copies of the networks trained here with torch.optim.Adam(lr=1e-2)",
                     rtol=1e-9, atol=1e-12)
    for name, value in rnd.parameters_of("predictor").items():
        expect_close(value, nets["predictor"].state_dict()[name], what=f"f_hat's {name} after 3 train_steps",
                     how="torch.optim.Adam(lr=1e-2) on a copy, zero_grad before every backward",
                     rtol=1e-8, atol=1e-10)
    for name, value in rnd.parameters_of("target").items():
        expect_close(value, target0[name], what=f"the target network's {name} after 3 train_steps",
                     how="f is a fixed random network: it must never change", rtol=0, atol=0)
    for name, grad in rnd.gradients_of("target").items():
        expect(grad is None, f"the target network's {name} received a gradient: f is fixed, so turn its "
               "gradients off (target.requires_grad_(False), or detach its output)", grad=grad)


def test_intrinsic_reward_normalised_by_running_std(ex, rng):
    rnd = ex.RND(OBS, FEAT, HID, seed=6)
    seen = rng.normal(size=(50, OBS))
    rnd.obs_rms.update(seen)
    bonuses = []
    for b, scale in [(5, 1.0), (1, 3.0), (12, 0.5)]:
        obs = rng.normal(scale=scale, size=(b, OBS))
        bonus = _bonus_np(rnd, _normalise_np(obs, seen))
        bonuses.append(bonus)
        want = bonus / np.sqrt(np.concatenate(bonuses).var() + 1e-8)
        expect_close(rnd.intrinsic_reward(_t(obs)), want, what=f"intrinsic_reward, batch {len(bonuses)} (B = {b})",
                     how="NumPy bonus / sqrt(np.var(every bonus so far, this batch included) + 1e-8)",
                     rtol=1e-8, atol=1e-12, inputs={"obs": obs})


def test_training_lowers_the_bonus_on_visited_states_only(ex, rng):
    data = np.random.default_rng(2019)
    visited = data.normal(size=(256, 4))
    novel = 4.0 + 0.3 * data.normal(size=(64, 4))
    rnd = ex.RND(4, 8, 32, lr=1e-3, seed=0)
    rnd.obs_rms.update(visited)
    before_visited = float(rnd.bonus(_t(visited)).mean())
    for _ in range(200):
        rnd.train_step(_t(visited))
    after_visited = float(rnd.bonus(_t(visited)).mean())
    after_novel = float(rnd.bonus(_t(novel)).mean())
    expect(after_visited < 0.1 * before_visited,
           "200 Adam steps (lr 1e-3) on the visited states should cut their mean bonus at least tenfold "
           "(Burda et al. 2019 §2.2: f_hat learns f where it has data)",
           before=before_visited, after=after_visited)
    expect(after_novel > 5.0 * after_visited,
           "after training, novel states (4 standard deviations away) should keep a mean bonus at least "
           "5 times that of the visited ones: the bonus measures novelty",
           visited=after_visited, novel=after_novel)
