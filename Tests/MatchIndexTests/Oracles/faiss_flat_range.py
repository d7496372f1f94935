#!/usr/bin/env python3
"""Oracle for MatchIndexTests: exact Hamming range search with faiss IndexBinaryFlat.

stdin: JSON {"bank": [hex...], "queries": [hex...], "threshold": int}
stdout: JSON [[[id, distance], ...] per query], ids being positions in "bank".
faiss returns distances strictly below the radius, so radius = threshold + 1.
Exit status 3 when faiss is not installed (pip install faiss-cpu numpy).
"""
import json
import sys

try:
    import faiss
    import numpy as np
except ImportError:
    sys.exit(3)


def to_array(hexes):
    return np.array([list(bytes.fromhex(h)) for h in hexes], dtype=np.uint8).reshape(-1, 32)


def main():
    request = json.load(sys.stdin)
    faiss.omp_set_num_threads(1)
    index = faiss.IndexBinaryFlat(256)
    index.add(to_array(request["bank"]))
    lims, distances, labels = index.range_search(to_array(request["queries"]), request["threshold"] + 1)
    out = []
    for q in range(len(request["queries"])):
        out.append([[int(labels[i]), int(distances[i])] for i in range(lims[q], lims[q + 1])])
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
