#!/usr/bin/env python3
"""Oracle for the per-scalar fold: for every code point in [FIRST, LAST] (hex) that is a letter
or number and whose NFKD form without combining marks, case-folded, is 1 to 3 ASCII letters or
digits, prints "XXXX<TAB>folded". Uses only the standard library (unicodedata)."""
import sys
import unicodedata

first, last = int(sys.argv[1], 16), int(sys.argv[2], 16)
for code in range(first, last + 1):
    char = chr(code)
    if unicodedata.category(char)[0] not in "LN":
        continue
    decomposed = unicodedata.normalize("NFKD", char)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c) and unicodedata.category(c) != "Mn")
    folded = stripped.casefold()
    if 1 <= len(folded) <= 3 and all(c.isascii() and c.isalnum() for c in folded):
        print("%04X\t%s" % (code, folded))
