#!/usr/bin/env python3
"""Reference side of `bulwark bench match`: faiss on the same PDQ bank and queries.

Reads raw 32-byte hashes (bank and queries) written by the Swift side, then times
range searches on one thread with
  * IndexBinaryMultiHash(256, 16, 16) with nflip=1 -- the index python-threatexchange
    and HMA use for PDQ (fast but not exact at radius 31), and
  * IndexBinaryFlat -- brute force, the exact ground truth, on the first --flat-queries.
faiss range_search returns distances strictly below the radius, so radius = threshold + 1.
Search time is measured both by wall clock and by the thread's CPU time (the machine
may be shared). Writes a JSON report: timings and, per query, the [id, distance] pairs found.
Requires: pip install faiss-cpu numpy
"""
import argparse
import json
import sys
import time

import numpy as np

try:
    import faiss
except ImportError:
    sys.exit("faiss is not installed: pip install faiss-cpu numpy")


def range_results(index, queries, radius):
    start = time.perf_counter()
    cpu_start = time.thread_time()
    lims, distances, labels = index.range_search(queries, radius)
    seconds = time.perf_counter() - start
    cpu_seconds = time.thread_time() - cpu_start
    results = []
    for q in range(len(queries)):
        lo, hi = lims[q], lims[q + 1]
        results.append([[int(labels[i]), int(distances[i])] for i in range(lo, hi)])
    return seconds, cpu_seconds, results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bank", required=True)
    parser.add_argument("--queries", required=True)
    parser.add_argument("--threshold", type=int, default=31)
    parser.add_argument("--flat-queries", type=int, default=50)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    faiss.omp_set_num_threads(1)
    bank = np.fromfile(args.bank, dtype=np.uint8).reshape(-1, 32)
    queries = np.fromfile(args.queries, dtype=np.uint8).reshape(-1, 32)
    radius = args.threshold + 1
    report = {"count": int(len(bank)), "queries": int(len(queries)), "faiss_version": faiss.__version__}

    start = time.perf_counter()
    multihash = faiss.IndexBinaryMultiHash(256, 16, 16)
    multihash.nflip = 1
    multihash.add(bank)
    build = time.perf_counter() - start
    seconds, cpu_seconds, results = range_results(multihash, queries, radius)
    report["multihash"] = {"build_seconds": build, "search_seconds": seconds,
                           "qps": len(queries) / seconds, "cpu_qps": len(queries) / cpu_seconds,
                           "results": results}
    del multihash

    flat_queries = queries[: args.flat_queries]
    flat = faiss.IndexBinaryFlat(256)
    flat.add(bank)
    seconds, cpu_seconds, results = range_results(flat, flat_queries, radius)
    report["flat"] = {"search_seconds": seconds, "qps": len(flat_queries) / seconds,
                      "cpu_qps": len(flat_queries) / cpu_seconds, "results": results}

    with open(args.out, "w") as handle:
        json.dump(report, handle)


if __name__ == "__main__":
    main()
