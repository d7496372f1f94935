"""Reference side of `bulwark bench vpdq`: Meta's vPDQ through the `vpdq` package from PyPI.

Usage: vpdq_reference.py MANIFEST ROUNDS
MANIFEST lines: one video path each. Every video is hashed with one frame per second and one
hashing thread (`seconds_per_hash=1.0, thread_count=1`); run it pinned to one core.
Prints one JSON object: the features of each video (frame, quality, hex, timestamp) and the
total seconds for ROUNDS passes over all videos.
"""
import json
import sys
import time

import vpdq


def main() -> None:
    manifest, rounds = sys.argv[1], int(sys.argv[2])
    paths = [line.strip() for line in open(manifest) if line.strip()]
    videos = []
    for path in paths:
        features = vpdq.computeHash(path, seconds_per_hash=1.0, thread_count=1)
        videos.append([[f.frame_number, f.quality, f.hex, f.timestamp] for f in features])
    start = time.perf_counter()
    for _ in range(rounds):
        for path in paths:
            vpdq.computeHash(path, seconds_per_hash=1.0, thread_count=1)
    seconds = time.perf_counter() - start
    print(json.dumps({"videos": videos, "seconds": seconds}))


if __name__ == "__main__":
    main()
