#!/usr/bin/env python3
"""Writes core/Resources/unicode-names.gz: the Unicode character names of CPython 3.13's unicodedata (Unicode
15.1), for the 'namereplace' encoding error handler (\\N{EURO SIGN}). Run with the reference interpreter:

    PYENV_VERSION=3.13.0 python3.13 core/Resources/make_unicode_names.py

Format (UTF-8 text, gzip): one line per name. 'R;FIRST;LAST;PREFIX' (hex) is a range whose names are
PREFIX-XXXX (the code point in hex, four digits at least); any other line is 'DELTA;NAME', DELTA the distance in
hex from the previous named code point ('' for 1, the first counted from -1)."""
import gzip
import os
import sys
import unicodedata

assert sys.version_info[:2] == (3, 13), "record with CPython 3.13"
ranges, lines, previous = [], [], -1
for cp in range(0x110000):
    name = unicodedata.name(chr(cp), None)
    if name is None:
        continue
    suffix = "-%04X" % cp
    if name.endswith(suffix):
        prefix = name[: -len(suffix)]
        if ranges and ranges[-1][1] == cp - 1 and ranges[-1][2] == prefix:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp, prefix])
        continue
    delta = cp - previous
    previous = cp
    lines.append(("" if delta == 1 else "%x" % delta) + ";" + name)
text = "\n".join(["R;%x;%x;%s" % tuple(r) for r in ranges] + lines) + "\n"
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "unicode-names.gz")
with open(out, "wb") as f:
    # mtime 0: the same bytes on every run
    f.write(gzip.compress(text.encode("utf-8"), 9, mtime=0))
print(out, unicodedata.unidata_version, len(ranges), "ranges", len(lines), "names")
