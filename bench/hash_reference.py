"""Reference side of `bulwark bench hash`: the path Meta's HMA uses to hash a file.

Usage:
  hash_reference.py generate DIR COUNT WIDTH HEIGHT   write COUNT JPEG and COUNT PNG benign photos
  hash_reference.py run DIR ROUNDS                    time PIL decode + pdqhash + hashlib per file

`run` prints one JSON object: per-file PDQ hex and quality, total seconds and file count.
"""
import hashlib
import io
import json
import os
import sys
import time

import numpy as np
import pdqhash
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from images import synthetic_photo  # noqa: E402


def generate(directory: str, count: int, width: int, height: int) -> None:
    os.makedirs(directory, exist_ok=True)
    for index in range(count):
        image = Image.fromarray(synthetic_photo(width, height, index))
        image.save(os.path.join(directory, f"photo{index:04d}.jpg"), quality=90)
        image.save(os.path.join(directory, f"photo{index:04d}.png"), compress_level=6)


def hash_file(path: str):
    data = open(path, "rb").read()
    digests = (hashlib.md5(data).hexdigest(), hashlib.sha1(data).hexdigest(), hashlib.sha256(data).hexdigest())
    image = Image.open(io.BytesIO(data)).convert("RGB")
    bits, quality = pdqhash.compute(np.asarray(image))
    return digests, bits, quality


def run(directory: str, rounds: int) -> None:
    files = sorted(os.path.join(directory, name) for name in os.listdir(directory))
    results = {}
    for path in files:
        _, bits, quality = hash_file(path)
        results[os.path.basename(path)] = ["%064x" % int("".join(str(int(b)) for b in bits), 2), int(quality)]
    start = time.perf_counter()
    for _ in range(rounds):
        for path in files:
            hash_file(path)
    seconds = time.perf_counter() - start
    print(json.dumps({"hashes": results, "seconds": seconds, "count": rounds * len(files)}))


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    else:
        run(sys.argv[2], int(sys.argv[3]))
