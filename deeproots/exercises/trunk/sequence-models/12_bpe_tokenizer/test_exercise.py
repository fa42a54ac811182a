"""Checks for byte-pair encoding (references: merges worked out by hand for Wikipedia's
"aaabdaaabac", a slow independent BPE trainer/encoder written here from the statement's rule,
Python's own str.encode / bytes.decode for round trips, and Tiny Shakespeare excerpts)."""
from collections import Counter

import numpy as np

from deeproots.data.text import tiny_shakespeare
from deeproots.grading.checks import expect, expect_equal

RULE = ("overlapping pairs counted, most frequent pair first, ties -> the lowest pair (a, b), "
        "replaced left to right without overlap, new ids 256, 257, ...")


def _plain(merges):
    """The learner's merges as a list of ((int, int), int), whatever sequence types came back."""
    return [((int(pair[0]), int(pair[1])), int(new_id)) for pair, new_id in merges]


def _slow_replace(ids, pair, new_id):
    """Independent left-to-right replacement: a pending-token scan instead of an index walk."""
    out, skip = [], False
    for j, token in enumerate(ids):
        if skip:
            skip = False
            continue
        if j + 1 < len(ids) and (token, ids[j + 1]) == pair:
            out.append(new_id)
            skip = True
        else:
            out.append(token)
    return out


def _slow_train(text, num_merges):
    ids, merges = list(text.encode("utf-8")), []
    for i in range(num_merges):
        counts = Counter((ids[j], ids[j + 1]) for j in range(len(ids) - 1))
        if not counts:
            break
        pair = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0]
        ids = _slow_replace(ids, pair, 256 + i)
        merges.append((pair, 256 + i))
    return merges


def _slow_encode(text, merges):
    ids = list(text.encode("utf-8"))
    for pair, new_id in merges:
        ids = _slow_replace(ids, pair, new_id)
    return ids


def _random_unicode(rng, length):
    """Code points from ASCII, Latin-1, Greek, CJK and emoji (1- to 4-byte UTF-8), no surrogates."""
    ranges = [(32, 127), (160, 256), (0x391, 0x3C9), (0x4E00, 0x4E40), (0x1F600, 0x1F610)]
    picks = rng.integers(0, len(ranges), size=length)
    return "".join(chr(int(rng.integers(*ranges[k]))) for k in picks)


def _excerpt(rng, length):
    text = tiny_shakespeare()
    start = int(rng.integers(0, len(text) - length))
    return text[start:start + length]


def test_merge_pair_by_hand(ex, rng):
    cases = [([97, 97, 97], [256, 97]), ([97, 97, 97, 97], [256, 256]), ([98, 97, 97], [98, 256]),
             ([97, 98, 97], [97, 98, 97]), ([97], [97]), ([], [])]
    for ids, expected in cases:
        got = [int(t) for t in ex.merge_pair(list(ids), (97, 97), 256)]
        expect_equal(got, expected, what=f"merge_pair({ids}, (97, 97), 256)",
                     how="by hand: replace (97, 97) left to right; after a match skip BOTH ids, "
                         "so 'aaa' becomes [256, 97], never [256, 256]")


def test_wikipedia_example_by_hand(ex, rng):
    # a=97 b=98 c=99 d=100. Counts: (a,a) 4 overlapping, (a,b) 2 -> (97,97)->256 'Z': Z a b d Z a b a c.
    # Counts: (Z,a) 2, (a,b) 2 tie -> min is (97,98)->257 'Y': Z Y d Z Y a c. Then (Z,Y) 2 -> 258.
    expected = [((97, 97), 256), ((97, 98), 257), ((256, 257), 258)]
    got = _plain(ex.train_bpe("aaabdaaabac", 3))
    expect_equal(got, expected, what='train_bpe("aaabdaaabac", 3)',
                 how="worked by hand (Wikipedia 'Byte pair encoding'): aa -> Z, then the tie between (Z, a) "
                     "and (a, b) goes to the lowest pair (97, 98) -> Y, then ZY -> X")
    ids = [int(t) for t in ex.encode("aaabdaaabac", expected)]
    expect_equal(ids, [258, 100, 258, 97, 99], what='encode("aaabdaaabac", merges)',
                 how="by hand: X d X a c with X = 258")
    expect_equal(ex.decode([258, 100, 258, 97, 99], expected), "aaabdaaabac",
                 what="decode([258, 100, 258, 97, 99], merges)", how="by hand: X = ZY = aa + ab")


def test_short_texts(ex, rng):
    for text, num, expected in [("", 3, []), ("a", 3, []), ("ab", 5, [((97, 98), 256)]),
                                ("abab", 5, [((97, 98), 256), ((256, 256), 257)])]:
        expect_equal(_plain(ex.train_bpe(text, num)), expected, what=f"train_bpe({text!r}, {num})",
                     how="by hand: a pair seen once is still merged; stop early when fewer than 2 ids remain")
    expect_equal([int(t) for t in ex.encode("", [])], [], what='encode("", [])', how="no bytes, no ids")
    expect_equal(ex.decode([], []), "", what="decode([], [])", how="no ids, no text")


def test_train_matches_slow_reference(ex, rng):
    cases = [("".join(rng.choice(list("ab c"), size=300)), 30),   # a small alphabet: many ties
             (_random_unicode(rng, 150), 25), (_excerpt(rng, 3000), 40)]
    for text, num in cases:
        expected = _slow_train(text, num)
        got = _plain(ex.train_bpe(text, num))
        expect_equal(got, expected, what=f"train_bpe(text of {len(text)} characters, {num})",
                     how=f"a slow BPE trainer written in the check ({RULE})", inputs={"text": text[:200]})


def test_encode_shrinks_with_each_merge(ex, rng):
    text = _excerpt(rng, 2000)
    merges = _slow_train(text, 30)
    lengths = []
    for k in range(0, len(merges) + 1, 3):
        ids = [int(t) for t in ex.encode(text, merges[:k])]
        expect_equal(ids, _slow_encode(text, merges[:k]), what=f"encode(Shakespeare excerpt, first {k} merges)",
                     how="a slow encoder written in the check: the UTF-8 bytes, then each merge in learned order")
        lengths.append(len(ids))
    expect(all(b < a for a, b in zip(lengths, lengths[1:])),
           "each batch of merges learned from a text must make that text's encoding strictly shorter",
           lengths_every_3_merges=lengths)


def test_encode_applies_merges_in_learned_order(ex, rng):
    merges = [((97, 97), 256), ((256, 97), 257), ((257, 98), 258)]
    expect_equal([int(t) for t in ex.encode("aaabaaa", merges)], [258, 257],
                 what='encode("aaabaaa", [aa->256, (256,a)->257, (257,b)->258])',
                 how="by hand: aa a b aa a -> (aa)a b (aa)a -> ((aa)a b) ((aa)a); a later merge uses earlier ids")
    expect_equal(ex.decode([258, 257], merges), "aaabaaa", what="decode([258, 257], merges)",
                 how="by hand: 258 = 257 + b = (256 + a) + b = aa + a + b")


def test_round_trip_random_unicode(ex, rng):
    train = _random_unicode(rng, 400) + _excerpt(rng, 400)
    merges = _slow_train(train, 40)
    for length in (0, 1, 2, 7, 50, 200):
        text = _random_unicode(rng, length)
        ids = [int(t) for t in ex.encode(text, merges)]
        expect_equal(ids, _slow_encode(text, merges), what=f"encode(random unicode, {length} characters)",
                     how="the slow encoder written in the check", inputs={"text": text})
        expect_equal(ex.decode(ids, merges), text, what="decode(encode(text, merges), merges)",
                     how="the round trip must give the text back", inputs={"text": text})
    for text in (train, _excerpt(rng, 1000)):
        back = ex.decode(ex.encode(text, merges), merges)
        expect(back == text, "decode(encode(text)) must give the text back (a Shakespeare/unicode text)",
               text=text[:120], got=str(back)[:120])


def test_decode_cut_character_uses_replacement(ex, rng):
    merges = [((0xE2, 0x82), 256)]  # the first two bytes of the euro sign (e2 82 ac)
    for ids in ([0xE2, 0x82], [256], [0x61, 256, 0x62]):
        raw = b"".join(bytes([0xE2, 0x82]) if t == 256 else bytes([t]) for t in ids)
        expect_equal(ex.decode(ids, merges), raw.decode("utf-8", errors="replace"), what=f"decode({ids}, merges)",
                     how="bytes.decode('utf-8', errors='replace') of the bytes these ids stand for")
    expect_equal(ex.decode([256, 0xAC], merges), "\u20ac", what="decode([256, 0xAC], [((0xE2, 0x82), 256)])",
                 how="by hand: e2 82 ac is the UTF-8 of the euro sign")
