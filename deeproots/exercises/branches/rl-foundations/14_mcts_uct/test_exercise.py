"""Checks for MCTS with UCT on tic-tac-toe (references: UCB1 written out with math.log and
math.sqrt, c = sqrt(2) (Kocsis & Szepesvari 2006); selection, rollout, negamax backup and one
iteration written out again below from Browne et al. 2012, Algorithms 2-3, replayed with
the same random stream; visit-count identities of the tree; exact minimax values by negamax
with memoisation over all tic-tac-toe positions)."""
import copy
import math
from functools import lru_cache

import numpy as np

from deeproots.grading.checks import expect, expect_close, expect_equal

C = math.sqrt(2.0)
LINES = ((0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6))


def _to_move(b):
    return 1 if b.count("X") == b.count("O") else -1


def _moves(b):
    return [i for i in range(9) if b[i] == "."]


def _play(b, m):
    return b[:m] + ("X" if _to_move(b) == 1 else "O") + b[m + 1:]


def _winner(b):
    for i, j, k in LINES:
        if b[i] != "." and b[i] == b[j] == b[k]:
            return 1 if b[i] == "X" else -1
    return 0 if "." not in b else None


def _ucb1(w, n, parent_n, c):
    return math.inf if n == 0 else w / n + c * math.sqrt(math.log(parent_n) / n)


def _select(tree, path, b, c):
    scores = []
    for m in _moves(b):
        n, w = tree.get(path + str(m), (0, 0.0))
        scores.append(_ucb1(w, n, tree[path][0], c))
    return _moves(b)[scores.index(max(scores))]


def _rollout(b, rng):
    while _winner(b) is None:
        moves = _moves(b)
        b = _play(b, moves[int(rng.integers(len(moves)))])
    return _winner(b)


def _backup(tree, path, value):
    for k in range(len(path), -1, -1):
        tree[path[:k]][0] += 1
        tree[path[:k]][1] += value
        value = -value
    return tree


def _iteration(tree, b, c, rng):
    path = ""
    while _winner(b) is None:
        m = _select(tree, path, b, c)
        path, b = path + str(m), _play(b, m)
        if path not in tree:
            tree[path] = [0, 0.0]
            break
    leaf_mover = -_to_move(b)  # the player who made the leaf's last move
    return _backup(tree, path, _rollout(b, rng) * leaf_mover)


def _board_of(root, path):
    for ch in path:
        root = _play(root, int(ch))
    return root


@lru_cache(maxsize=None)
def _negamax(b):
    """Exact game value for the player to move (+1 win, 0 draw, -1 loss)."""
    w = _winner(b)
    if w is not None:
        return w * _to_move(b)
    return max(-_negamax(_play(b, m)) for m in _moves(b))


def _optimal_moves(b):
    best = _negamax(b)
    return [m for m in _moves(b) if -_negamax(_play(b, m)) == best]


def _random_board(rng, filled):
    """A position with `filled` random moves, not over."""
    while True:
        b = "." * 9
        for _ in range(filled):
            if _winner(b) is not None:
                break
            b = _play(b, int(rng.choice(_moves(b))))
        if _winner(b) is None:
            return b


def _as_tree(got):
    return {str(k): [int(v[0]), float(v[1])] for k, v in dict(got).items()}


def test_hand_example(ex, rng):
    expected = 0.75 + math.sqrt(2.0) * math.sqrt(math.log(10) / 4)
    expect_close(ex.ucb1(3.0, 4, 10, C), expected, what="ucb1(w=3, n=4, parent_n=10, c=sqrt 2)",
                 how="by hand: 3/4 + sqrt(2) sqrt(ln 10 / 4)", rtol=1e-12, atol=0)
    expect(ex.ucb1(0.0, 0, 5, C) == math.inf, "ucb1 of an unvisited child (n = 0) must be +inf",
           got=ex.ucb1(0.0, 0, 5, C))
    tree = {"": [5, 1.0], "4": [3, -1.0], "40": [1, 1.0]}
    got = _as_tree(ex.backup(copy.deepcopy(tree), "40", 1.0))
    expect_equal(got, {"": [6, 2.0], "4": [4, -2.0], "40": [2, 2.0]},
                 what="backup(path '40', value +1)", how="by hand: N += 1 everywhere, W += +1 at "
                 "'40', -1 at '4' (that player lost), +1 at the root", inputs={"tree": tree})


def test_best_move_is_robust_child(ex, rng):
    board = "X...O...."
    tree = {"": [12, 0.0], "1": [8, 2.0], "2": [3, 2.0], "3": [1, 1.0]}
    expect_equal(int(ex.best_move(tree, board)), 1, what="best_move on a hand-made root",
                 how="the most visited root move (Browne et al. 2012, 'robust child'): move 1 with "
                     "N = 8, although moves 2 and 3 have larger W / N", inputs={"tree": tree})
    tree = {"": [4, 0.0], "5": [2, 0.0], "7": [2, 1.0]}
    expect_equal(int(ex.best_move(tree, board)), 5, what="best_move with tied visits",
                 how="ties go to the lowest move", inputs={"tree": tree})


def test_ucb1_values(ex, rng):
    for c in (C, 0.5, 0.0, 3.0):
        for _ in range(20):
            n = int(rng.integers(1, 50))
            parent_n = n + int(rng.integers(0, 200))
            w = float(rng.uniform(-n, n))
            expect_close(ex.ucb1(w, n, parent_n, c), _ucb1(w, n, parent_n, c),
                         what=f"ucb1(w={w:.3f}, n={n}, parent_n={parent_n}, c={c:.3f})",
                         how="w / n + c * math.sqrt(math.log(parent_n) / n)", rtol=1e-12, atol=1e-12)
    expect_close(ex.ucb1(2.0, 2, 1, C), 1.0, what="ucb1 with parent_n = 1", how="ln 1 = 0: just w / n",
                 rtol=1e-12, atol=1e-12)


def _random_tree(rng, board, iterations):
    tree = {"": [0, 0.0]}
    for _ in range(iterations):
        _iteration(tree, board, C, rng)
    return tree


def test_select_move(ex, rng):
    for filled, its in ((0, 30), (2, 12), (3, 3), (4, 40), (5, 100)):
        board = _random_board(rng, filled)
        tree = _random_tree(rng, board, its)
        for c in (C, 0.3):
            expect_equal(int(ex.select_move(tree, "", board, c)), _select(tree, "", board, c),
                         what=f"select_move at the root, {its} iterations, c={c:.3f}",
                         how="argmax of UCB1 over legal moves, missing children +inf, ties lowest",
                         inputs={"board": board, "tree": tree})


def test_backup_alternates_signs(ex, rng):
    for _ in range(10):
        board = _random_board(rng, int(rng.integers(0, 4)))
        tree = _random_tree(rng, board, 25)
        path = max(tree, key=len)
        value = float(rng.choice([1.0, -1.0, 0.0]))
        expected = _backup(copy.deepcopy(tree), path, value)
        got = _as_tree(ex.backup(copy.deepcopy(tree), path, value))
        expect_equal(got, expected, what=f"tree after backup along '{path}' with value {value}",
                     how="N += 1 on each prefix of the path, W += value at the leaf, -value one "
                         "level up, and so on (negamax)", inputs={"board": board})


def test_iteration_matches_reference(ex, rng):
    for filled, its in ((0, 0), (0, 9), (1, 50), (3, 20), (5, 40)):
        board = _random_board(rng, filled)
        tree = _random_tree(rng, board, its)
        seed = int(rng.integers(2**31))
        expected = _iteration(copy.deepcopy(tree), board, C, np.random.default_rng(seed))
        got = _as_tree(ex.mcts_iteration(copy.deepcopy(tree), board, C,
                                         np.random.default_rng(seed)))
        expect_equal(got, expected, what=f"tree after one more iteration (tree of {its})",
                     how="select by UCB1 until a new child (added) or the end, random rollout "
                         "moves[rng.integers(len(moves))], negamax backup",
                     inputs={"board": board, "seed": seed})


def test_visit_counts(ex, rng):
    board = "XX.OO...."
    iterations = 400
    tree = _as_tree(ex.search(board, iterations, np.random.default_rng(1), C))
    expect_equal(tree[""][0], iterations, what="root visit count", how="one visit per iteration")
    for path, (n, w) in tree.items():
        children = sum(tree[path + str(m)][0] for m in range(9) if path + str(m) in tree)
        if _winner(_board_of(board, path)) is not None:
            expect(children == 0, f"node '{path}' is a finished game but has children")
            continue
        expect_equal(n, children + (0 if path == "" else 1), what=f"N of node '{path}'",
                     how="the root: the sum of its children's N; any other node: 1 (the rollout "
                         "when it was added) + its children's N")
        expect(abs(w) <= n, f"node '{path}': |W| = {abs(w)} exceeds N = {n}")
    expect_equal(tree["2"], [tree["2"][0], float(tree["2"][0])],
                 what="[N, W] of the root's move 2 (X completes the top row)",
                 how="every visit ends in X's win: W = +N for the player who moved (sign of the "
                     "backup)")
    expect(tree["2"][0] > iterations / 2, "the winning move 2 should get most of the visits",
           visits={m: tree.get(str(m), [0])[0] for m in _moves(board)})


POSITIONS = [
    ("XX.OO....", "X can win at once (2); O also threatens 5"),
    ("XX..O....", "O must block at 2"),
    ("X...O...X", "O must take an edge: a corner loses to a fork"),
    ("X.O.X....", "O must block the diagonal at 8"),
    ("O.X.X..O.", "X wins with 3, 5, 6 or 8 but not with 1"),
]


def test_plays_minimax_optimal(ex, rng):
    for board, why in POSITIONS:
        optimal = _optimal_moves(board)
        for seed in (0, 1):
            move = int(ex.best_move(ex.search(board, 1500, np.random.default_rng(seed), C), board))
            expect(move in optimal, f"{why}: after 1500 iterations the most visited move should "
                   f"be minimax-optimal", board=board, got=move, optimal_moves=optimal,
                   how="exact negamax with memoisation over the game tree", seed=seed)
