"""Huffman coding: the optimal prefix code, built with a heap.

Source: MacKay, Information Theory, Inference, and Learning Algorithms §5.4-5.5 ("Optimal
source coding with symbol codes: Huffman coding"); Cover & Thomas, Elements of Information
Theory §5.2 (Kraft inequality), §5.4 (bounds on the optimal code length) and §5.6-5.8
(Huffman codes and their optimality); Huffman (1952). Builds on 01_entropy: the entropy
in bits is the yardstick for the expected codeword length.
https://www.inference.org.uk/itila/book.html

A binary symbol code gives symbol i (probability p_i) a codeword c_i of l_i bits. It is
PREFIX-FREE when no codeword is the beginning of another, so a stream of bits decodes
left to right without separators. Every prefix code obeys the Kraft inequality
sum_i 2^(-l_i) <= 1, and its expected length L = sum_i p_i l_i is at least the entropy
H(p) = -sum_i p_i log2 p_i. Huffman's algorithm finds a prefix code of minimal L, with

    H(p) <= L < H(p) + 1        (L = H exactly when every p_i is a power of 1/2)

and its Kraft sum is exactly 1 (the code tree is full: no codeword could be shortened).

Huffman's algorithm (a greedy bottom-up merge):
  1. Put every symbol in a min-heap as a one-symbol group, keyed by its probability.
  2. While more than one group is left: pop the two least probable groups; prepend "0"
     to the codeword of every symbol in the first and "1" to every symbol in the second;
     push the merged group back with the sum of the two probabilities.
Each merge adds one bit to every symbol below it, so L = the sum of all merged
probabilities. With heapq, entries (probability, counter, symbols) keep ties in order:
the counter (itertools.count()) stops Python from comparing the lists of symbols.
When probabilities tie, different choices give different codes with the same optimal L.

Edge case: with a single symbol the algorithm merges nothing; give it the codeword "0"
(length 1) so that a message can still be written down. (Then L = 1 > H + 1 = 1 fails by
a hair: the bound H <= L < H + 1 is for two or more symbols.)

Shapes:
  huffman_code(probs)    probs: K >= 1 nonnegative floats summing to 1 (a list or (K,)
                         array; zeros allowed, they still get a codeword) -> list of K
                         strings of "0"/"1", codes[i] is the codeword of symbol i
  encode(symbols, code)  symbols: sequence of ints in 0..K-1; code: list of K codewords
                         -> one string, the codewords concatenated
  decode(bits, code)     bits: a string of whole codewords -> list of ints (the symbols)

Tiny example: probs = [0.5, 0.25, 0.125, 0.125]
    merge 0.125 + 0.125 -> 0.25; merge 0.25 + 0.25 -> 0.5; merge 0.5 + 0.5 -> 1
    codes, e.g. ["0", "10", "110", "111"]: lengths [1, 2, 3, 3]
    L = 0.5 + 0.5 + 0.75 = 1.75 = 0.25 + 0.5 + 1 (the merged probabilities) = H(p), Kraft sum 1
    encode([0, 2, 1], codes) = "0" + "110" + "10" = "011010";  decode("011010", codes) = [0, 2, 1]
"""
import heapq
import itertools


def huffman_code(probs):
    """Return the list of Huffman codewords (strings of '0'/'1') for the symbols 0..K-1."""
    # TODO: a heap of (p, counter, [symbol]); pop two, prepend "0"/"1" to their symbols' codes, push the merge.
    ### BEGIN SOLUTION
    probs = [float(p) for p in probs]
    if len(probs) == 1:
        return ["0"]
    codes = [""] * len(probs)
    counter = itertools.count()
    heap = [(p, next(counter), [symbol]) for symbol, p in enumerate(probs)]
    heapq.heapify(heap)
    while len(heap) > 1:
        p0, _, group0 = heapq.heappop(heap)
        p1, _, group1 = heapq.heappop(heap)
        for symbol in group0:
            codes[symbol] = "0" + codes[symbol]
        for symbol in group1:
            codes[symbol] = "1" + codes[symbol]
        heapq.heappush(heap, (p0 + p1, next(counter), group0 + group1))
    return codes
    ### END SOLUTION


def encode(symbols, code):
    """Return the bit string of the codewords of symbols, concatenated."""
    # TODO: "".join of the codewords.
    ### BEGIN SOLUTION
    return "".join(code[symbol] for symbol in symbols)
    ### END SOLUTION


def decode(bits, code):
    """Return the list of symbols whose codewords concatenate to bits (read left to right)."""
    # TODO: a dict codeword -> symbol; grow a buffer bit by bit and emit (and reset) on a match.
    ### BEGIN SOLUTION
    lookup = {word: symbol for symbol, word in enumerate(code)}
    symbols, current = [], ""
    for bit in bits:
        current += bit
        if current in lookup:
            symbols.append(lookup[current])
            current = ""
    return symbols
    ### END SOLUTION
