#!/usr/bin/env python3
"""Independent oracle for Bulwark's audit chain (Python standard library only).

Reads one JSON object per line on stdin: {"actor", "action", "subject", "details", "at_millis"}.
Writes one line per event: the canonical JSON (RFC 8785 for an all-string object, time as
YYYY-MM-DDTHH:MM:SS.mmmZ in UTC), a tab, and the chain hash
SHA-256(previous hash bytes || canonical bytes), starting from 32 zero bytes.
"""
import datetime
import hashlib
import json
import sys


def timestamp(millis):
    moment = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(milliseconds=millis)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (
        moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second, moment.microsecond // 1000)


def dump(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def canonical(event):
    keys = sorted(event["details"], key=lambda key: key.encode("utf-16-be"))
    details = "{" + ",".join(dump(key) + ":" + dump(event["details"][key]) for key in keys) + "}"
    return (
        '{"action":' + dump(event["action"]) + ',"actor":' + dump(event["actor"])
        + ',"at":' + dump(timestamp(event["at_millis"])) + ',"details":' + details
        + ',"subject":' + dump(event["subject"]) + "}"
    )


def main():
    previous = bytes(32)
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        if not line.strip():
            continue
        text = canonical(json.loads(line))
        data = text.encode("utf-8")
        previous = hashlib.sha256(previous + data).digest()
        out.write(json.dumps(text, ensure_ascii=True).encode() + b"\t" + previous.hex().encode() + b"\n")


if __name__ == "__main__":
    main()
