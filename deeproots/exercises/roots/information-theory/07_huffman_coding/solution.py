"""Reference solution: Huffman coding with a heap, and prefix-code encoding/decoding."""
import heapq
import itertools


def huffman_code(probs):
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


def encode(symbols, code):
    return "".join(code[symbol] for symbol in symbols)


def decode(bits, code):
    lookup = {word: symbol for symbol, word in enumerate(code)}
    symbols, current = [], ""
    for bit in bits:
        current += bit
        if current in lookup:
            symbols.append(lookup[current])
            current = ""
    return symbols
