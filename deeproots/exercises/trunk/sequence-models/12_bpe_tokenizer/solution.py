"""Byte-pair encoding: learn merges from text, encode and decode with them.

Source: Sennrich, Haddow & Birch, "Neural Machine Translation of Rare Words with Subword
Units", ACL 2016, Algorithm 1 (learn BPE operations); Karpathy's minbpe (byte-level BPE over
UTF-8, as in GPT-2). https://arxiv.org/abs/1508.07909

A language model reads integers. Byte-level BPE starts from the UTF-8 bytes of the text
(ids 0..255, so ANY string can be encoded) and repeatedly replaces the most frequent
adjacent pair of ids by a new id: common chunks ("the", " and") become single tokens and
sequences get shorter, while rare text still falls back to bytes.

train_bpe(text, num_merges) -> merges, a list of ((a, b), new_id):
    ids = list(text.encode("utf-8"))
    for i in range(num_merges):
        count every adjacent pair (ids[j], ids[j+1]), j = 0..len(ids)-2, overlapping pairs
            included ("aaa" holds the pair (a, a) twice); stop early if there is no pair;
        the pair with the largest count wins; TIE RULE: among the pairs with that count, the
            lowest pair in tuple order ((97, 98) < (97, 99) < (256, 97)), i.e. min(tied pairs);
        new_id = 256 + i; replace its occurrences left to right, without overlap (after a
            match skip both ids: "aaa" -> [Z, a], never [Z, Z]); append ((a, b), new_id).
    A pair seen only once is still merged (stop only when fewer than 2 ids are left).
encode(text, merges) -> list[int]: the UTF-8 bytes, then every merge applied to the whole
    sequence in the order it was learned (merge 0 first, the same left-to-right replacement).
decode(ids, merges) -> str: each id stands for a byte string, bytes([i]) for i < 256 and
    bytes(a) + bytes(b) for a merged id (build the table in learned order: a later merge may
    use an earlier one), joined and decoded as UTF-8 with errors="replace" (an id sequence
    that cuts a multi-byte character in half gives U+FFFD instead of an exception).
    decode(encode(s, merges), merges) == s for every string s.

Tiny example (Wikipedia "Byte pair encoding"): "aaabdaaabac", three merges.
    bytes a=97 b=98 c=99 d=100. Pair counts: (a, a) 4 (overlapping), (a, b) 2, the rest 1.
    Merge 0: (97, 97) -> 256 = Z:  Z a b d Z a b a c
    Counts: (Z, a) 2 and (a, b) 2 tie; min((97, 98), (256, 97)) = (97, 98).
    Merge 1: (97, 98) -> 257 = Y:  Z Y d Z Y a c
    Merge 2: (256, 257) -> 258 = X:  X d X a c = [258, 100, 258, 97, 99]
"""
from __future__ import annotations


def merge_pair(ids: list[int], pair: tuple[int, int], new_id: int) -> list[int]:
    """Replace each occurrence of pair in ids, left to right without overlap, by new_id."""
    # TODO: walk i over ids; on a match append new_id and skip two ids, else copy ids[i].
    ### BEGIN SOLUTION
    merged = []
    i = 0
    while i < len(ids):
        if i + 1 < len(ids) and ids[i] == pair[0] and ids[i + 1] == pair[1]:
            merged.append(new_id)
            i += 2
        else:
            merged.append(ids[i])
            i += 1
    return merged
    ### END SOLUTION


def train_bpe(text: str, num_merges: int) -> list[tuple[tuple[int, int], int]]:
    """Learn up to num_merges merges ((a, b), 256 + i) from the UTF-8 bytes of text."""
    # TODO: count adjacent pairs (a dict), pick the most frequent (ties: the lowest pair),
    # TODO: merge it with merge_pair, record ((a, b), 256 + i); stop early when no pair is left.
    ### BEGIN SOLUTION
    ids = list(text.encode("utf-8"))
    merges = []
    for i in range(num_merges):
        counts: dict[tuple[int, int], int] = {}
        for pair in zip(ids, ids[1:]):
            counts[pair] = counts.get(pair, 0) + 1
        if not counts:
            break
        best = max(counts.values())
        pair = min(p for p, c in counts.items() if c == best)
        new_id = 256 + i
        ids = merge_pair(ids, pair, new_id)
        merges.append((pair, new_id))
    return merges
    ### END SOLUTION


def encode(text: str, merges: list[tuple[tuple[int, int], int]]) -> list[int]:
    """The UTF-8 bytes of text with every merge applied in learned order."""
    # TODO: start from list(text.encode("utf-8")) and apply merge_pair for each merge in order.
    ### BEGIN SOLUTION
    ids = list(text.encode("utf-8"))
    for pair, new_id in merges:
        ids = merge_pair(ids, pair, new_id)
    return ids
    ### END SOLUTION


def decode(ids: list[int], merges: list[tuple[tuple[int, int], int]]) -> str:
    """The text that ids stand for (UTF-8, errors="replace")."""
    # TODO: vocab = {i: bytes([i]) for i in range(256)}, then vocab[new] = vocab[a] + vocab[b]
    # TODO: in learned order; join the byte strings of ids and decode them.
    ### BEGIN SOLUTION
    vocab = {i: bytes([i]) for i in range(256)}
    for (a, b), new_id in merges:
        vocab[new_id] = vocab[a] + vocab[b]
    return b"".join(vocab[i] for i in ids).decode("utf-8", errors="replace")
    ### END SOLUTION
