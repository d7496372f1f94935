"""Oracle for Bulwark's vPDQ: benign test videos made with FFmpeg's own test sources, hashed by
Meta's reference (the `vpdq` package from PyPI), and compared by python-threatexchange's
brute-force vPDQ matcher (the rule HMA uses).

usage: vpdq_oracle.py OUTPUT_DIRECTORY
Writes OUTPUT_DIRECTORY/manifest.json describing every video, its reference features, and
reference match results for pairs of videos and for synthetic feature lists.
"""
import json
import os
import random
import subprocess
import sys

import vpdq
from threatexchange.extensions.vpdq.vpdq_brute_matcher import match_VPDQ_hash_brute
from threatexchange.extensions.vpdq.vpdq_util import (
    VpdqCompactFeature,
    VPDQ_DISTANCE_THRESHOLD,
    VPDQ_QUALITY_THRESHOLD,
    VPDQ_QUERY_MATCH_THRESHOLD_PERCENT,
    VPDQ_INDEX_MATCH_THRESHOLD_PERCENT,
)

# name, lavfi source, duration (s), extra encoder arguments, file extension
VIDEOS = [
    ("testsrc2_h264", "testsrc2=size=320x240:rate=25", 7, ["-c:v", "libx264", "-pix_fmt", "yuv420p"], "mp4"),
    ("testsrc2_h264_small", "testsrc2=size=320x240:rate=25,scale=160:120", 7, ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "30"], "mp4"),
    ("testsrc2_clip", "testsrc2=size=320x240:rate=25", 3, ["-c:v", "libx264", "-pix_fmt", "yuv420p"], "mkv"),
    ("mandelbrot_vp8", "mandelbrot=size=256x192:rate=30", 5, ["-c:v", "libvpx", "-b:v", "500k"], "webm"),
    ("smptebars_mpeg4", "smptebars=size=320x240:rate=30000/1001", 4, ["-c:v", "mpeg4", "-q:v", "4"], "avi"),
    ("testsrc_mjpeg", "testsrc=size=200x150:rate=24", 4, ["-c:v", "mjpeg", "-q:v", "5"], "mkv"),
    ("testsrc_ffv1_odd", "testsrc=size=131x97:rate=10", 5, ["-c:v", "ffv1", "-pix_fmt", "yuv444p"], "mkv"),
    ("testsrc2_64", "testsrc2=size=64x64:rate=15", 4, ["-c:v", "ffv1"], "mkv"),
    ("mandelbrot_mpeg2_ts", "mandelbrot=size=320x240:rate=25", 4, ["-c:v", "mpeg2video", "-q:v", "3"], "ts"),
    ("testsrc2_slow", "testsrc2=size=160x120:rate=1/2", 12, ["-c:v", "libx264", "-pix_fmt", "yuv420p"], "mp4"),
    ("color_flat", "color=c=0x336699:size=160x120:rate=10", 3, ["-c:v", "libx264", "-pix_fmt", "yuv420p"], "mp4"),
    ("testsrc2_gif", "testsrc2=size=120x90:rate=10", 3, [], "gif"),
    ("testsrc2_av1", "testsrc2=size=192x144:rate=12", 3, ["-c:v", "libaom-av1", "-cpu-used", "8", "-crf", "40"], "mkv"),
]
# (video, seconds_per_hash) pairs hashed besides the default of 1 second.
EXTRA_SAMPLINGS = [("testsrc2_h264", 0.0), ("testsrc2_h264", 0.5), ("smptebars_mpeg4", 2.5), ("testsrc_ffv1_odd", 0.25)]
# Pairs of videos compared with the matcher (query, compared).
PAIRS = [
    ("testsrc2_h264", "testsrc2_h264_small"),
    ("testsrc2_h264_small", "testsrc2_h264"),
    ("testsrc2_clip", "testsrc2_h264"),
    ("testsrc2_h264", "testsrc2_clip"),
    ("testsrc2_h264", "mandelbrot_vp8"),
    ("mandelbrot_vp8", "mandelbrot_mpeg2_ts"),
    ("testsrc_mjpeg", "testsrc_ffv1_odd"),
    ("color_flat", "testsrc2_h264"),
]


def make_video(directory, name, source, duration, arguments, extension):
    path = os.path.join(directory, f"{name}.{extension}")
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", source,
         "-t", str(duration), *arguments, path],
        check=True,
    )
    return path


def features_json(features):
    return [
        {"frame": f.frame_number, "quality": f.quality, "hex": f.hex, "timestamp": f.timestamp}
        for f in features
    ]


def compact(features):
    return [VpdqCompactFeature(f["hex"], f["quality"], f["timestamp"]) for f in features]


def compare(query, compared):
    try:
        result = match_VPDQ_hash_brute(compact(query), compact(compared),
                                       VPDQ_QUALITY_THRESHOLD, VPDQ_DISTANCE_THRESHOLD)
    except ZeroDivisionError:
        return None
    return {
        "query_percent": result.query_match_percent,
        "compared_percent": result.compared_match_percent,
        "match": result.query_match_percent >= VPDQ_QUERY_MATCH_THRESHOLD_PERCENT
        and result.compared_match_percent >= VPDQ_INDEX_MATCH_THRESHOLD_PERCENT,
    }


def flip_bits(hex_hash, count, rng):
    value = int(hex_hash, 16)
    for bit in rng.sample(range(256), count):
        value ^= 1 << bit
    return f"{value:064x}"


def synthetic_cases(rng):
    """Feature lists built around the thresholds: distances 30..33, qualities 49..51, duplicates."""
    cases = []
    for _ in range(200):
        base = [f"{rng.getrandbits(256):064x}" for _ in range(rng.randint(1, 12))]
        query = [{"frame": i, "quality": rng.choice([40, 49, 50, 51, 90, 100, 100]), "hex": h, "timestamp": float(i)}
                 for i, h in enumerate(base)]
        if rng.random() < 0.5 and query:
            query.append(dict(query[rng.randrange(len(query))], frame=len(query)))  # exact duplicate
        compared = []
        for i, h in enumerate(base):
            if rng.random() < 0.9:
                compared.append({"frame": i, "quality": rng.choice([49, 50, 100, 100]),
                                 "hex": flip_bits(h, rng.choice([0, 5, 30, 31, 31, 32, 33, 120]), rng),
                                 "timestamp": float(i)})
        for j in range(rng.randint(0, 4)):
            compared.append({"frame": 100 + j, "quality": 80, "hex": f"{rng.getrandbits(256):064x}", "timestamp": 100.0 + j})
        result = compare(query, compared)
        if result is not None:
            cases.append({"query": query, "compared": compared, **result})
    return cases


def main():
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    videos = {}
    entries = []
    for name, source, duration, arguments, extension in VIDEOS:
        path = make_video(directory, name, source, duration, arguments, extension)
        videos[name] = path
        features = features_json(vpdq.computeHash(path, seconds_per_hash=1.0, thread_count=1))
        entries.append({"name": name, "path": path, "seconds_per_hash": 1.0, "features": features})
    for name, seconds in EXTRA_SAMPLINGS:
        features = features_json(vpdq.computeHash(videos[name], seconds_per_hash=seconds, thread_count=1))
        entries.append({"name": name, "path": videos[name], "seconds_per_hash": seconds, "features": features})
    by_name = {e["name"]: e["features"] for e in entries if e["seconds_per_hash"] == 1.0}
    pairs = []
    for query, compared in PAIRS:
        result = compare(by_name[query], by_name[compared])
        pairs.append({"query": query, "compared": compared, "result": result})
    manifest = {
        "thresholds": {"distance": VPDQ_DISTANCE_THRESHOLD, "quality": VPDQ_QUALITY_THRESHOLD,
                       "query_percent": VPDQ_QUERY_MATCH_THRESHOLD_PERCENT,
                       "compared_percent": VPDQ_INDEX_MATCH_THRESHOLD_PERCENT},
        "videos": entries,
        "pairs": pairs,
        "synthetic": synthetic_cases(random.Random(9)),
    }
    with open(os.path.join(directory, "manifest.json"), "w") as out:
        json.dump(manifest, out)


if __name__ == "__main__":
    main()
