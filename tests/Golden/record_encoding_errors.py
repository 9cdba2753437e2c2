#!/usr/bin/env python3
"""Records what CPython 3.13's FileHandler writes for characters its encoding cannot represent, under each of
open()'s error handlers, for FuncLog's tests.

Run with CPython 3.13:  PYENV_VERSION=3.13.0 python3.13 tests/Golden/record_encoding_errors.py
It writes tests/Golden/encoding_errors.json: for each encoding and errors value, the file's bytes (base64)
after logging every message, and how many records went to handleError (errors='strict' writes nothing of
a record it cannot encode). The suite replays the cases without Python.
"""
import base64, json, logging, os, sys, tempfile

assert sys.version_info[:2] == (3, 13), "record with CPython 3.13"

MESSAGES = ["plain ascii", "caf\u00e9", "5 \u20ac", "emoji \U0001F600!", "lone \udcff surrogate",
            "\u00e9\u20ac\U0001F600 mixed", "tab\tand \u4e2d\u6587", "\u0301 combining"]
ENCODINGS = ["utf-8", "latin-1", "ascii"]
ERRORS = [None, "strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace", "namereplace"]

class Counting(logging.FileHandler):
    failures = 0
    def handleError(self, record):
        self.failures += 1

cases = []
with tempfile.TemporaryDirectory() as d:
    for enc in ENCODINGS:
        for err in ERRORS:
            path = os.path.join(d, "out.log")
            h = Counting(path, mode="w", encoding=enc, errors=err)
            h.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
            for m in MESSAGES:
                h.handle(logging.makeLogRecord({"msg": m, "levelno": 30, "levelname": "WARNING"}))
            h.close()
            with open(path, "rb") as f:
                data = f.read()
            cases.append({"encoding": enc, "errors": err, "bytes": base64.b64encode(data).decode(),
                          "failures": h.failures})

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "encoding_errors.json")
with open(out, "w", encoding="utf-8") as f:
    # messages as code points: JSON readers refuse the lone surrogate
    json.dump({"messages": [[ord(c) for c in m] for m in MESSAGES], "cases": cases}, f, indent=1, ensure_ascii=True)
    f.write("\n")
print(out, len(cases), "cases")
