#!/usr/bin/env python3
"""Writes a small seed corpus for the JUMBF+CBOR fuzz target into the given directory:
hand-built C2PA-shaped JUMBF stores and CBOR items (no binary of unknown origin)."""
import os
import struct
import sys


def box(kind, payload):
    return struct.pack(">I", len(payload) + 8) + kind + payload


def jumd(four_cc, label):
    uuid = four_cc + bytes.fromhex("0011001080000 0aa00389b71".replace(" ", ""))
    return box(b"jumd", uuid + b"\x03" + label.encode() + b"\x00")


def superbox(four_cc, label, children):
    return box(b"jumb", jumd(four_cc, label) + b"".join(children))


def cbor_head(major, value):
    if value < 24:
        return bytes([major << 5 | value])
    if value < 256:
        return bytes([major << 5 | 24, value])
    return bytes([major << 5 | 25]) + struct.pack(">H", value)


def cbor_text(text):
    data = text.encode()
    return cbor_head(3, len(data)) + data


def cbor_map(pairs):
    return cbor_head(5, len(pairs)) + b"".join(cbor_text(key) + value for key, value in pairs)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    claim = cbor_map([
        ("dc:title", cbor_text("abc")),
        ("alg", cbor_text("sha256")),
        ("created_assertions", cbor_head(4, 1) + cbor_map([
            ("url", cbor_text("self#jumbf=c2pa.assertions/c2pa.actions.v2")),
            ("hash", cbor_head(2, 32) + bytes(32)),
        ])),
    ])
    actions = cbor_map([("actions", cbor_head(4, 1) + cbor_map([("action", cbor_text("c2pa.created"))]))])
    cose = bytes.fromhex("d28443a10126a0f64400010203")
    store = superbox(b"c2pa", "c2pa", [superbox(b"c2ma", "urn:c2pa:seed", [
        superbox(b"c2as", "c2pa.assertions", [superbox(b"cbor", "c2pa.actions.v2", [box(b"cbor", actions)])]),
        superbox(b"c2cl", "c2pa.claim.v2", [box(b"cbor", claim)]),
        superbox(b"c2cs", "c2pa.signature", [box(b"cbor", cose)]),
    ])])
    seeds = {
        "store.jumbf": store,
        "extended.jumbf": struct.pack(">I", 1) + b"jumb" + struct.pack(">Q", 16 + len(jumd(b"c2pa", "c2pa"))) + jumd(b"c2pa", "c2pa"),
        "claim.cbor": claim,
        "cose.cbor": cose,
        "indefinite.cbor": bytes.fromhex("bf61610161629f0203ffff5f42010243030405ff7f657374726561646d696e67ff"),
        "floats.cbor": bytes.fromhex("83f93c00fa47c35000fb3ff199999999999a"),
        "tags.cbor": bytes.fromhex("c11a514b67b0"),
    }
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
