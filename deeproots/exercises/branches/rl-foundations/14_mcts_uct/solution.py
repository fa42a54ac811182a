"""Monte Carlo tree search with UCT on tic-tac-toe.

Source: Kocsis & Szepesvari, "Bandit based Monte-Carlo Planning" (ECML 2006), UCT;
Browne et al., "A Survey of Monte Carlo Tree Search Methods" (IEEE TCIAIG 2012), §3
(Algorithm 2, UCT with the negamax backup, Algorithm 3); David Silver's UCL RL course,
lecture 8 "Integrating Learning and Planning" (simulation-based search, MCTS).
https://www.davidsilver.uk/teaching/

UCT grows a search tree one node per iteration. Each iteration, from the root:
  1. selection: in each node, choose the move whose child has the largest UCB1 score
         UCB1 = W / N + c sqrt(ln N_parent / N)        (c = sqrt(2))
     where N is the child's visit count and W its total reward; a child with N = 0 (or
     not yet in the tree) scores +inf, so untried moves are tried first; ties go to the
     lowest move. Stop when the chosen child is not yet in the tree (add it with N = W = 0:
     expansion) or the board is over.
  2. simulation: from the reached board play uniformly random moves to the end;
     the result is +1 (X won), -1 (O won) or 0 (draw).
  3. backup: on every node of the path, leaf up to root, N += 1 and W += value, where
     value is the reward for the player who made the node's last move: +1 win, -1 loss,
     0 draw. Parent and child were entered by different players, so value flips sign
     at each step up (negamax). Then W / N is how good the node's move looks to the
     player choosing it at the parent, which is what UCB1 needs.
After the iterations, play the root's most visited move (the robust child; ties: lowest).

Board: a string of 9 characters 'X', 'O', '.', row by row (index 3 * row + col); X moves
first, so X is to move when both counts are equal. Moves are cell indices 0..8. Given:
legal_moves, play, winner (+1, -1, 0 draw, None if not over) and to_move (+1 X, -1 O).
The tree is a dict mapping a path (the moves from the root as digits, "" the root, "40"
root move 4 then 0) to a list [N, W]. The root's player does not matter to its own W.

Functions:
  ucb1(w, n, parent_n, c)                   -> float (+inf when n == 0)
  select_move(tree, path, board, c)         -> int, the legal move of best UCB1
  rollout(board, rng)                       -> +1, -1 or 0; each random move is
      moves[rng.integers(len(moves))] with moves = legal_moves(board) (no draw when over)
  backup(tree, path, value)                 -> tree; value for the player of path's last move
  mcts_iteration(tree, board, c, rng)       -> tree (selection, expansion, rollout, backup)
  search(board, iterations, rng, c)         -> tree, from {"": [0, 0.0]}
  best_move(tree, board)                    -> int, the most visited root move
The tree functions may update the tree in place; return it.

Tiny example: ucb1(3, 4, 10, sqrt(2)) = 0.75 + sqrt(2 ln 10 / 4) = 1.823 (3 d.p.).
backup on path "40" with value +1 (the player of move 0 won): W["40"] += 1,
W["4"] -= 1 (the player of move 4 lost), W[""] += 1, and N += 1 on all three.
"""
import math

import numpy as np

SQRT2 = math.sqrt(2.0)
LINES = ((0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6))


def to_move(board: str) -> int:
    """Given: +1 if X is to move, -1 if O is."""
    return 1 if board.count("X") == board.count("O") else -1


def legal_moves(board: str) -> list[int]:
    """Given: the empty cells, in increasing order."""
    return [i for i, ch in enumerate(board) if ch == "."]


def play(board: str, move: int) -> str:
    """Given: the board after the player to move takes cell `move`."""
    return board[:move] + ("X" if to_move(board) == 1 else "O") + board[move + 1:]


def winner(board: str) -> int | None:
    """Given: +1 if X has a line, -1 if O has, 0 for a full board (draw), None otherwise."""
    for i, j, k in LINES:
        if board[i] != "." and board[i] == board[j] == board[k]:
            return 1 if board[i] == "X" else -1
    return 0 if "." not in board else None


def ucb1(w: float, n: int, parent_n: int, c: float = SQRT2) -> float:
    """Return W / N + c sqrt(ln parent_n / N), or +inf for an unvisited child."""
    # TODO: +inf when n == 0; otherwise mean reward plus the exploration bonus.
    ### BEGIN SOLUTION
    if n == 0:
        return math.inf
    return w / n + c * math.sqrt(math.log(parent_n) / n)
    ### END SOLUTION


def select_move(tree: dict, path: str, board: str, c: float = SQRT2) -> int:
    """Return the legal move whose child has the largest UCB1 (missing child: N = W = 0)."""
    # TODO: for each legal move (increasing), score its child path + str(move); keep the first best.
    ### BEGIN SOLUTION
    parent_n = tree[path][0]
    best, best_score = None, -math.inf
    for m in legal_moves(board):
        n, w = tree.get(path + str(m), (0, 0.0))
        score = ucb1(w, n, parent_n, c)
        if best is None or score > best_score:
            best, best_score = m, score
    return best
    ### END SOLUTION


def rollout(board: str, rng: np.random.Generator) -> int:
    """Play uniformly random moves to the end; return winner(final board)."""
    # TODO: while winner(board) is None: moves = legal_moves(board); play moves[rng.integers(len(moves))].
    ### BEGIN SOLUTION
    while (result := winner(board)) is None:
        moves = legal_moves(board)
        board = play(board, moves[int(rng.integers(len(moves)))])
    return result
    ### END SOLUTION


def backup(tree: dict, path: str, value: float) -> dict:
    """Add a visit and the reward, flipping its sign each level, from path up to the root."""
    # TODO: for k = len(path), ..., 0: tree[path[:k]] gets N += 1, W += value; then value = -value.
    ### BEGIN SOLUTION
    for k in range(len(path), -1, -1):
        node = tree[path[:k]]
        node[0] += 1
        node[1] += value
        value = -value
    return tree
    ### END SOLUTION


def mcts_iteration(tree: dict, board: str, c: float = SQRT2,
                   rng: np.random.Generator | None = None) -> dict:
    """One UCT iteration from the root board: select, expand one node, roll out, back up."""
    # TODO: descend with select_move until the board is over or the child is new (add it);
    # TODO: result = rollout(...); value for the player who made the leaf's last move; backup.
    ### BEGIN SOLUTION
    path = ""
    while winner(board) is None:
        m = select_move(tree, path, board, c)
        path, board = path + str(m), play(board, m)
        if path not in tree:
            tree[path] = [0, 0.0]
            break
    result = rollout(board, rng)
    mover = -to_move(board)
    return backup(tree, path, result * mover)
    ### END SOLUTION


def search(board: str, iterations: int, rng: np.random.Generator, c: float = SQRT2) -> dict:
    """Run `iterations` UCT iterations from a fresh tree {"": [0, 0.0]}; return the tree."""
    # TODO: tree = {"": [0, 0.0]}; call mcts_iteration `iterations` times.
    ### BEGIN SOLUTION
    tree = {"": [0, 0.0]}
    for _ in range(iterations):
        tree = mcts_iteration(tree, board, c, rng)
    return tree
    ### END SOLUTION


def best_move(tree: dict, board: str) -> int:
    """Return the root move with the most visits (ties: the lowest move)."""
    # TODO: max over legal moves of tree[str(m)][0] (0 when missing), first best kept.
    ### BEGIN SOLUTION
    moves = legal_moves(board)
    visits = [tree.get(str(m), (0, 0.0))[0] for m in moves]
    return moves[int(np.argmax(visits))]
    ### END SOLUTION
