"""Reference side of `bulwark bench pdq`: Meta's C++ PDQ through the `pdqhash` binding.

Usage: pdq_reference.py MANIFEST ROUNDS
MANIFEST lines: path width height (raw interleaved RGB files).
Prints one JSON object: hashes (hex per image), total seconds for pdqhash.compute, and the
seconds spent in the binding's own NumPy RGB-to-luma step (so the C++ core can be isolated).
"""
import json
import sys
import time

import numpy as np
import pdqhash


def main() -> None:
    manifest, rounds = sys.argv[1], int(sys.argv[2])
    images = []
    for line in open(manifest):
        path, width, height = line.split()
        pixels = np.fromfile(path, dtype=np.uint8).reshape(int(height), int(width), 3)
        images.append(pixels)
    hashes = []
    for image in images:
        bits, quality = pdqhash.compute(image)
        hashes.append(["%064x" % int("".join(str(int(b)) for b in bits), 2), int(quality)])
    start = time.perf_counter()
    for _ in range(rounds):
        for image in images:
            pdqhash.compute(image)
    total = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(rounds):
        for image in images:
            (image[:, :, 0] * 0.299 + image[:, :, 1] * 0.587 + image[:, :, 2] * 0.114).astype("float32")
    luma = time.perf_counter() - start
    print(json.dumps({"hashes": hashes, "seconds": total, "luma_seconds": luma, "count": rounds * len(images)}))


if __name__ == "__main__":
    main()
