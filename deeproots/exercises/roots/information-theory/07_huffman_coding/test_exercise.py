"""Checks for Huffman coding (references: the optimal expected length as the sum of merged
probabilities, computed here with heapq; the entropy from scipy.stats.entropy; exact Kraft
sums with fractions; dyadic distributions, where L = H exactly)."""
import heapq
from fractions import Fraction

import numpy as np
import scipy.stats

from deeproots.grading.checks import expect, expect_close, expect_equal


def _optimal_length(probs):
    """Minimal expected length of a binary prefix code: the sum of the probabilities that Huffman's
    merges create. The same for every way of breaking ties, so it judges any Huffman code."""
    heap = [float(p) for p in probs]
    heapq.heapify(heap)
    total = 0.0
    while len(heap) > 1:
        merged = heapq.heappop(heap) + heapq.heappop(heap)
        total += merged
        heapq.heappush(heap, merged)
    return total


def _check_prefix_code(codes, k, inputs):
    """codes must be k nonempty binary strings, none a prefix of another, with Kraft sum exactly 1."""
    expect(isinstance(codes, (list, tuple, np.ndarray)) and len(codes) == k,
           f"huffman_code should return a list of {k} strings", got=codes, **inputs)
    codes = list(codes)
    expect(all(isinstance(c, str) and c and set(c) <= {"0", "1"} for c in codes),
           "every codeword must be a nonempty string of '0' and '1'", got=codes, **inputs)
    ordered = sorted(codes)  # a codeword that is a prefix of another sorts right before one that extends it
    clashes = [(a, b) for a, b in zip(ordered, ordered[1:]) if b.startswith(a)]
    expect(not clashes, "the code is not prefix-free: a codeword is the beginning of another",
           clash=clashes[0] if clashes else None, codes=codes, **inputs)
    kraft = sum(Fraction(1, 2 ** len(c)) for c in codes)
    expect(kraft == 1, "a Huffman code has Kraft sum sum_i 2^-l_i exactly 1 (a full code tree)",
           Kraft_sum=str(kraft), codes=codes, **inputs)


def _check_optimal(ex, probs, what):
    probs = np.asarray(probs, dtype=float)
    inputs = {"input probs": probs}
    codes = ex.huffman_code(probs)
    _check_prefix_code(codes, probs.size, inputs)
    lengths = np.array([len(c) for c in codes])
    expected_length = float(probs @ lengths)
    expect_close(expected_length, _optimal_length(probs), what=f"expected length sum p_i l_i of {what}",
                 how="the optimal length: sum of the merged probabilities of a Huffman merge (heapq)",
                 rtol=1e-12, atol=1e-12, inputs={"probs": probs, "lengths": lengths})
    entropy = scipy.stats.entropy(probs, base=2)
    expect(entropy - 1e-12 <= expected_length < entropy + 1,
           f"the expected length of {what} must satisfy H <= L < H + 1",
           L=expected_length, H=entropy, probs=probs)
    return lengths


def _dyadic(rng, k):
    """k probabilities that are powers of 1/2, by splitting a random leaf of a binary tree k - 1 times."""
    probs = [Fraction(1)]
    for _ in range(k - 1):
        leaf = probs.pop(int(rng.integers(len(probs))))
        probs += [leaf / 2, leaf / 2]
    return np.array([float(p) for p in rng.permutation(np.array(probs, dtype=object))])


def test_hand_example(ex, rng):
    probs = np.array([0.5, 0.25, 0.125, 0.125])
    codes = ex.huffman_code(probs)
    _check_prefix_code(codes, 4, {"input probs": probs})
    expect_equal(np.array([len(c) for c in codes]), np.array([1, 2, 3, 3]),
                 what="codeword lengths for probs [1/2, 1/4, 1/8, 1/8]", how="by hand: l_i = -log2 p_i")
    expect_equal(ex.encode([0, 2, 1], codes), codes[0] + codes[2] + codes[1],
                 what="encode([0, 2, 1], codes)", how="the three codewords concatenated", inputs={"codes": codes})
    expect_equal(list(ex.decode(codes[0] + codes[2] + codes[1], codes)), [0, 2, 1],
                 what="decode(encode([0, 2, 1]))", how="by hand: the symbols back", inputs={"codes": codes})


def test_random_distributions_are_coded_optimally(ex, rng):
    for k in (2, 3, 5, 8, 20, 60):
        _check_optimal(ex, rng.dirichlet(np.ones(k)), f"a random distribution over {k} symbols")
    _check_optimal(ex, rng.dirichlet(np.full(12, 0.2)), "a skewed random distribution over 12 symbols")


def test_dyadic_distributions_reach_the_entropy(ex, rng):
    for k in (2, 3, 6, 11, 25):
        probs = _dyadic(rng, k)
        lengths = _check_optimal(ex, probs, f"a dyadic distribution over {k} symbols")
        expect_equal(lengths, np.round(-np.log2(probs)).astype(int), what=f"codeword lengths, {k} dyadic probs",
                     how="l_i = -log2 p_i: the only lengths with L = H", inputs={"probs": probs})
        expect_close(float(probs @ lengths), scipy.stats.entropy(probs, base=2),
                     what="expected length of a dyadic distribution", how="L = H(p): scipy.stats.entropy(p, base=2)",
                     rtol=1e-12, atol=1e-12, inputs={"probs": probs})


def test_ties_zeros_and_deep_trees(ex, rng):
    _check_optimal(ex, np.full(5, 0.2), "the uniform distribution over 5 symbols (L = 2.4)")
    lengths = _check_optimal(ex, np.full(8, 0.125), "the uniform distribution over 8 symbols")
    expect_equal(lengths, np.full(8, 3), what="codeword lengths, uniform over 8", how="3 bits each, like binary")
    _check_optimal(ex, np.array([2, 2, 1, 1, 1, 1, 2, 2]) / 12, "probabilities with many ties")
    _check_optimal(ex, np.array([0.5, 0.0, 0.3, 0.0, 0.2]), "a distribution with zero probabilities")
    codes = ex.huffman_code(np.array([1.0, 0.0]))
    _check_prefix_code(codes, 2, {"input probs": [1.0, 0.0]})
    fibonacci = np.array([1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377], dtype=float)
    lengths = _check_optimal(ex, rng.permutation(fibonacci / fibonacci.sum()), "Fibonacci-like probabilities")
    expect(lengths.max() == 13, "Fibonacci-like probabilities make the deepest tree: 13 bits for the rarest",
           lengths=lengths)


def test_single_symbol(ex, rng):
    expect_equal(list(ex.huffman_code(np.array([1.0]))), ["0"], what="huffman_code([1.0])",
                 how="the docstring's convention: one symbol gets the codeword '0' (length 1)")


def test_encode_and_decode_round_trip(ex, rng):
    probs = rng.dirichlet(np.ones(9))
    codes = ex.huffman_code(probs)
    _check_prefix_code(codes, 9, {"input probs": probs})
    message = rng.choice(9, size=3000, p=probs)
    bits = ex.encode(message, codes)
    expected_bits = "".join(codes[s] for s in message)
    expect_equal(bits, expected_bits, what="encode(message, codes) (3000 symbols)",
                 how="the codewords of the message concatenated", inputs={"codes": codes})
    expect_equal(list(ex.decode(expected_bits, codes)), [int(s) for s in message], what="decode(bits, codes)",
                 how="the 3000-symbol message that was encoded", inputs={"codes": codes})
    # A prefix code that is not a Huffman code, and an empty message.
    other = ["10", "0", "1110", "110", "1111"]
    message = rng.integers(0, 5, size=200)
    expect_equal(list(ex.decode("".join(other[s] for s in message), other)), [int(s) for s in message],
                 what="decode(bits, code) for the prefix code ['10', '0', '1110', '110', '1111']",
                 how="the 200-symbol message that was encoded", inputs={"code": other})
    expect_equal(list(ex.decode("", other)), [], what="decode('', code)", how="no bits, no symbols")
