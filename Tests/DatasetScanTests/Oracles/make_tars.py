#!/usr/bin/env python3
"""Oracle for the tar reader: Python's tarfile writes the same members in ustar, GNU and pax
formats (long names, non-ASCII names, empty and block-sized files, a directory, a symlink) and
prints a JSON listing of the regular files it wrote: name, size and SHA-256.

Usage: make_tars.py OUT_DIR
"""
import hashlib
import io
import json
import os
import sys
import tarfile

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
members = [
    ("000001.jpg", bytes(range(256)) * 3),
    ("000001.txt", "a lighthouse on a cliff".encode()),
    ("000002.jpg", b""),
    ("000003.jpg", b"\x07" * 512),
    ("deep/" + "d" * 90 + "/000004.jpg", b"\x01" * 1000),
    ("caf\u00e9/000005.txt", "un caf\u00e9 au soleil".encode()),
]
listing = {}
for name, fmt in (("ustar", tarfile.USTAR_FORMAT), ("gnu", tarfile.GNU_FORMAT), ("pax", tarfile.PAX_FORMAT)):
    files = []
    with tarfile.open(os.path.join(out, name + ".tar"), "w", format=fmt) as archive:
        directory = tarfile.TarInfo("deep")
        directory.type = tarfile.DIRTYPE
        archive.addfile(directory)
        link = tarfile.TarInfo("link.jpg")
        link.type = tarfile.SYMTYPE
        link.linkname = "000001.jpg"
        archive.addfile(link)
        for member, data in members:
            if fmt == tarfile.USTAR_FORMAT and len(member.encode()) > 100 and "/" not in member[-100:]:
                continue
            long_name = member + ("-" + "x" * 120 if fmt != tarfile.USTAR_FORMAT and member.endswith(".txt") else "")
            info = tarfile.TarInfo(long_name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            files.append({"name": long_name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    listing[name] = files
print(json.dumps(listing))
