#!/usr/bin/env python3
"""Reference side of `bulwark bench dataset`: a Python dataset scan doing the same work as
`bulwark dataset scan` on WebDataset shards, the way a dataset builder would write it:
tarfile (streaming) + hashlib (MD5, SHA-1, SHA-256) + PIL decode + pdqhash + a bank lookup
(digest sets, PDQ Hamming distance with numpy) + the same caption lexicon with pyahocorasick
(normalizer and automaton from text_reference.py).

Usage:
  dataset_reference.py generate DIR SHARDS PER_SHARD WIDTH HEIGHT
      write SHARDS WebDataset shards of benign generated photos (JPEG) with benign captions
      and img2dataset-style key.json metadata
  dataset_reference.py run DIR RESOURCES BANK_FILE [THRESHOLD]
      scan every shard in DIR on one core; print JSON: items, seconds (wall), cpu_seconds, undecodable, and flagged
      (items with a bank hit or any lexicon term hit, context terms included)

BANK_FILE lines are "<type> <hex>" with type md5, sha1, sha256 or pdq.
Needs: pip install pillow numpy pdqhash pyahocorasick
"""
import hashlib
import io
import json
import os
import sys
import tarfile
import time

import numpy as np
import pdqhash
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from images import synthetic_photo  # noqa: E402
from text_reference import build_automaton, build_table, normalizer  # noqa: E402

SUBJECTS = ["a red bicycle", "a bowl of fruit", "a mountain lake", "an old lighthouse", "a city street at dusk",
            "a field of sunflowers", "a wooden bridge", "a cup of coffee", "a sailing boat", "a snowy forest"]
STYLES = ["photo", "watercolour painting", "sketch", "postcard", "aerial view", "close-up"]


def caption(index: int) -> str:
    return f"{STYLES[index % len(STYLES)]} of {SUBJECTS[(index * 7) % len(SUBJECTS)]}, item {index}"


def add_member(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 0
    archive.addfile(info, io.BytesIO(data))


def generate(directory: str, shards: int, per_shard: int, width: int, height: int) -> None:
    os.makedirs(directory, exist_ok=True)
    index = 0
    for shard in range(shards):
        with tarfile.open(os.path.join(directory, f"{shard:05d}.tar"), "w", format=tarfile.USTAR_FORMAT) as archive:
            for _ in range(per_shard):
                key = f"{shard:05d}{index:04d}"
                buffer = io.BytesIO()
                Image.fromarray(synthetic_photo(width, height, index)).save(buffer, format="JPEG", quality=90)
                text = caption(index)
                add_member(archive, key + ".jpg", buffer.getvalue())
                add_member(archive, key + ".txt", text.encode())
                add_member(archive, key + ".json", json.dumps({"key": key, "caption": text, "width": width,
                                                               "height": height, "status": "success"}).encode())
                index += 1


def load_bank(path: str):
    exact = {"md5": set(), "sha1": set(), "sha256": set()}
    pdq = []
    with open(path) as handle:
        for line in handle:
            kind, value = line.split()
            if kind == "pdq":
                pdq.append(np.frombuffer(bytes.fromhex(value), dtype=np.uint8))
            else:
                exact[kind].add(value)
    return exact, (np.stack(pdq) if pdq else np.zeros((0, 32), np.uint8))


def run(directory: str, resources: str, bank_path: str, threshold: int) -> None:
    normalize = normalizer(build_table(resources))
    automaton = build_automaton(resources, normalize)
    exact, pdq_bank = load_bank(bank_path)
    popcount = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint16)
    shards = sorted(os.path.join(directory, name) for name in os.listdir(directory) if name.endswith(".tar"))
    items = flagged = undecodable = 0

    def scan(parts):
        nonlocal items, flagged, undecodable
        items += 1
        reasons = []
        data = parts.get("jpg")
        if data is not None:
            digests = {"md5": hashlib.md5(data).hexdigest(), "sha1": hashlib.sha1(data).hexdigest(),
                       "sha256": hashlib.sha256(data).hexdigest()}
            reasons += [kind for kind, value in digests.items() if value in exact[kind]]
            try:
                image = Image.open(io.BytesIO(data)).convert("RGB")
                bits, quality = pdqhash.compute(np.asarray(image))
                packed = np.packbits(bits.astype(np.uint8))
                if len(pdq_bank) and quality >= 50:
                    distances = popcount[np.bitwise_xor(pdq_bank, packed)].sum(axis=1)
                    if distances.min() <= threshold:
                        reasons.append("pdq")
            except Exception:
                undecodable += 1
        text = parts.get("txt")
        if text is not None:
            normalized = " " + normalize(text.decode("utf-8", "replace")) + " "
            if any(True for _ in automaton.iter(normalized)):
                reasons.append("text")
        if reasons:
            flagged += 1

    started = time.perf_counter()
    started_cpu = time.process_time()
    for shard in shards:
        current_key, parts = None, {}
        with tarfile.open(shard, "r|") as archive:
            for member in archive:
                if not member.isfile():
                    continue
                key, _, ext = member.name.partition(".")
                if key != current_key:
                    if current_key is not None:
                        scan(parts)
                    current_key, parts = key, {}
                parts[ext] = archive.extractfile(member).read()
        if current_key is not None:
            scan(parts)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - started_cpu
    print(json.dumps({"items": items, "seconds": seconds, "cpu_seconds": cpu_seconds, "flagged": flagged, "undecodable": undecodable}))


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    else:
        run(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]) if len(sys.argv) > 5 else 31)
