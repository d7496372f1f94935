#!/usr/bin/env python3
"""Reference text-check pipeline for `bulwark bench text`: Python + pyahocorasick + regex over
the SAME lexicon files as Bulwark's TextSafety (Resources/lexicon/*.tsv, confusables.tsv).

Pipeline per prompt: NFKD + case folding, one str.translate that drops combining marks and
zero-width characters and maps TR39 confusables to ASCII, a leetspeak regex, a regex that turns
every non-alphanumeric run into one space, a regex that squeezes repeated letters, then a
pyahocorasick automaton over " term " keys (spaces give word boundaries).

Usage: text_reference.py --resources DIR --prompts FILE [--rounds N]
Prints one JSON object: bytes, seconds, mb_per_s, p50_us, p99_us, matches.
Needs: pip install pyahocorasick
"""
import argparse
import json
import os
import re
import sys
import time
import unicodedata

try:
    import ahocorasick
except ImportError:
    sys.stderr.write("pyahocorasick is not installed (pip install pyahocorasick)\n")
    sys.exit(3)

LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
        "@": "a", "$": "s", "|": "i"}
LEET_RE = re.compile(r"(?<=[a-z])[0134579@$|]+(?=[a-z])")
SEPARATORS_RE = re.compile(r"[^a-z0-9]+")
REPEATS_RE = re.compile(r"([a-z])\1+")


def build_table(resources):
    table = {}
    with open(os.path.join(resources, "confusables.tsv"), encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            code, target = line.rstrip("\n").split("\t")
            table[int(code, 16)] = target
    for code in range(0x300, 0x370):
        table[code] = None
    for code in (0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x180E):
        table[code] = None
    return table


def normalizer(table):
    def normalize(text):
        text = unicodedata.normalize("NFKD", text).casefold().translate(table)
        text = LEET_RE.sub(lambda m: "".join(LEET[c] for c in m.group(0)), text)
        text = SEPARATORS_RE.sub(" ", text)
        return REPEATS_RE.sub(r"\1", text)
    return normalize


def build_automaton(resources, normalize):
    automaton = ahocorasick.Automaton()
    folder = os.path.join(resources, "lexicon")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".tsv"):
            continue
        category = name[:-4]
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            for line in handle:
                if not line.strip() or line.startswith("#"):
                    continue
                fields = line.rstrip("\n").split("\t")
                term = normalize(fields[1]).strip()
                if term:
                    automaton.add_word(" " + term + " ", (category, term))
    automaton.make_automaton()
    return automaton


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--resources", required=True)
    parser.add_argument("--prompts", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    table = build_table(args.resources)
    normalize = normalizer(table)
    automaton = build_automaton(args.resources, normalize)
    with open(args.prompts, encoding="utf-8") as handle:
        prompts = [line.rstrip("\n") for line in handle if line.strip()]
    total_bytes = sum(len(p.encode("utf-8")) for p in prompts)
    latencies = []
    cpu_latencies = []
    matches = 0
    started = time.perf_counter()
    started_cpu = time.thread_time()
    for _ in range(max(1, args.rounds)):
        for prompt in prompts:
            c0 = time.thread_time_ns()
            t0 = time.perf_counter_ns()
            text = " " + normalize(prompt) + " "
            found = [value for _, value in automaton.iter(text)]
            t1 = time.perf_counter_ns()
            c1 = time.thread_time_ns()
            latencies.append(t1 - t0)
            cpu_latencies.append(c1 - c0)
            matches += len(found)
    seconds = time.perf_counter() - started
    cpu_seconds = time.thread_time() - started_cpu
    latencies.sort()
    cpu_latencies.sort()
    rounds = max(1, args.rounds)

    def percentile(values, p):
        return values[min(len(values) - 1, len(values) * p // 100)] / 1000

    print(json.dumps({
        "bytes": total_bytes * rounds,
        "seconds": seconds,
        "mb_per_s": total_bytes * rounds / seconds / 1e6,
        "p50_us": percentile(latencies, 50),
        "p99_us": percentile(latencies, 99),
        "cpu_mb_per_s": total_bytes * rounds / cpu_seconds / 1e6,
        "cpu_p50_us": percentile(cpu_latencies, 50),
        "cpu_p99_us": percentile(cpu_latencies, 99),
        "matches": matches // rounds,
    }))


if __name__ == "__main__":
    main()
