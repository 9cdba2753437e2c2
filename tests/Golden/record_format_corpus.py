#!/usr/bin/env python3
"""A differential corpus of Python's formatting for FuncLog's tests, recorded from CPython 3.13:

- percent: the % operator (what a log message's args go through, and the % style of Formatter) — every
  conversion with flags, widths and precisions (fixed and '*'), over values of every kind: int, big int,
  negative zero, nan and inf, bool, None, str with astral, combining and CJK characters, a dict argument;
- brace: format(value, spec), what the {} style applies to each field — fill (astral fill too), align, sign,
  'z', '#', '0', width, grouping, precision and type over the same values;
- strftime: time.strftime(fmt, time.localtime(t)) with TZ set to every IANA zone under /usr/share/zoneinfo
  (the '%Z' abbreviation at three instants each), and every directive with GNU flags in a few zones at
  instants around DST changes.

Run with CPython 3.13:  PYENV_VERSION=3.13.0 python3.13 tests/Golden/record_format_corpus.py
It writes tests/Golden/format_corpus.json; the suite replays it without Python. Cases are sampled with a
fixed seed, so the file is the same on every run (on the same tzdata).
"""
import json, os, random, sys, time

assert sys.version_info[:2] == (3, 13), "record with CPython 3.13"
rng = random.Random(2026_11_25)

def enc(v):
    if v is None: return {"t": "none"}
    if isinstance(v, bool): return {"t": "bool", "v": v}
    if isinstance(v, int): return {"t": "int", "v": str(v)}
    if isinstance(v, float): return {"t": "float", "v": repr(v)}
    if isinstance(v, str): return {"t": "str", "v": v}
    if isinstance(v, dict): return {"t": "dict", "v": [[k, enc(x)] for k, x in v.items()]}
    raise TypeError(v)

def outcome(f):
    try:
        return {"text": f()}
    except Exception as e:
        return {"error": type(e).__name__, "message": str(e)}

INTS = [0, 1, -1, 7, 42, -42, 255, -255, 1000, -1000, 65, 0x1F600, 1234567, -1234567, 2**31, 2**63, -2**63, 2**70, -2**70, 10**30]
FLOATS = [0.0, -0.0, 1.0, -1.5, 3.14159, 2.5, 0.5, 1e16, 1e-5, 123456.789, -0.000123, 1e100, float("nan"), float("inf"), float("-inf"), 1/3, 9.9999, 0.05]
STRS = ["", "a", "abc", "😀", "😀x", "a😀b😀c", "e\u0301", "中文字", "日本語テキスト", "x" * 12, " pad ", "\u00e9t\u00e9", "%s", "{}"]
OTHER = [True, False, None]
VALUES = INTS + FLOATS + STRS + OTHER

# ---- percent
percent = []
CONVS = "sraciduoxXeEfFgG"
FLAGS = ["", "-", "+", " ", "#", "0", "-0", "+0", "#0", " 0", "-+", "#-", "+#0"]
WIDTHS = ["", "1", "3", "6", "12", "*"]
PRECS = ["", ".0", ".1", ".2", ".5", ".12", ".*"]
for _ in range(6000):
    conv, flags, width, prec = rng.choice(CONVS), rng.choice(FLAGS), rng.choice(WIDTHS), rng.choice(PRECS)
    v = rng.choice(VALUES)
    fmt = "[%" + flags + width + prec + conv + "]"
    args = []
    if width == "*": args.append(rng.choice([5, -5, 0, 9]))
    if prec == ".*": args.append(rng.choice([0, 2, -1, 4]))
    args.append(v)
    t = tuple(args)
    percent.append({"fmt": fmt, "args": [enc(a) for a in t], **outcome(lambda: fmt % t)})
# mappings, multiple conversions, errors of the operator itself
MAPPED = [("%(a)s-%(b)05d", {"a": "😀", "b": 42}), ("%(a)-6s|", {"a": "é😀"}), ("%(missing)s", {"a": 1}),
          ("%s %s", ("x",)), ("%s", ("a", "b")), ("%d", ("x",)), ("%(a)s %s", {"a": 1}), ("%", ()), ("%z", (1,)),
          ("%.3s|%-5c|%5c", ("😀😀😀😀", 0x1F600, "😀")), ("%c", (0x110000,)), ("%c", ("ab",)), ("%s", ({"k": 1},)),
          ("%(a)s", ({"a": "z"},)), ("%*.*s", (8, 3, "a😀bcdef")), ("%-*s|", (-4, "😀"))]
for fmt, a in MAPPED:
    percent.append({"fmt": fmt, "args": [enc(a)] if isinstance(a, dict) else [enc(x) for x in a],
                    "mapping": isinstance(a, dict), **outcome(lambda: fmt % a)})

# ---- brace
brace = []
FILLS = ["", "", "*", "0", "😀", "é", " ", "中"]
ALIGNS = ["", "<", ">", "^", "="]
SIGNS = ["", "+", "-", " "]
TYPES = {"int": ["", "d", "b", "o", "x", "X", "c", "n", "e", "f", "g", "%", "s"],
         "float": ["", "e", "E", "f", "F", "g", "G", "n", "%", "d"],
         "str": ["", "s", "d"], "bool": ["", "d", "s", "f"], "NoneType": ["", "s"]}
for _ in range(6000):
    v = rng.choice(VALUES)
    fill, align = rng.choice(FILLS), rng.choice(ALIGNS)
    spec = (fill + align if align else "") + rng.choice(SIGNS) + rng.choice(["", "", "z"]) + rng.choice(["", "#"]) \
        + rng.choice(["", "", "0"]) + rng.choice(["", "1", "5", "8", "12", "16"]) + rng.choice(["", "", ",", "_"]) \
        + rng.choice(["", "", ".0", ".1", ".2", ".3", ".8"]) + rng.choice(TYPES[type(v).__name__])
    brace.append({"value": enc(v), "spec": spec, **outcome(lambda: format(v, spec))})

# ---- strftime
ZONEINFO = "/usr/share/zoneinfo"
zones = []
for root, dirs, files in os.walk(ZONEINFO):
    dirs[:] = [d for d in dirs if d not in ("posix", "right", "SystemV")]
    for f in files:
        path = os.path.join(root, f)
        name = os.path.relpath(path, ZONEINFO)
        try:
            with open(path, "rb") as fh:
                if fh.read(4) != b"TZif":
                    continue
        except OSError:
            continue
        if name in ("localtime", "posixrules", "Factory"):
            continue
        zones.append(name)
zones.sort()

def strf(zone, fmt, t):
    os.environ["TZ"] = zone
    time.tzset()
    return time.strftime(fmt, time.localtime(t))

strftime = []
INSTANTS = [1736942400, 1752580800, 946684800, -2208988800, 4102444800]   # 2025-01-15, 2025-07-15, 2000-01-01, 1900-01-01, 2100-01-01 (12:00/00:00 UTC)
for z in zones:
    for t in rng.sample(INSTANTS, 3):
        strftime.append({"zone": z, "t": t, "fmt": "%Z %z", "text": strf(z, "%Z %z", t)})
DIRECTIVES = "aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%"
FULL_ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "America/Sao_Paulo", "Pacific/Chatham", "Africa/Casablanca"]
DST_EDGES = [1743296400 - 1, 1743296400, 1761440400 - 1, 1761440400, 1741503600, 1762063200, 1104537599, 1230768000]
for _ in range(1500):
    z, t = rng.choice(FULL_ZONES), rng.choice(DST_EDGES + INSTANTS) + rng.choice([0, 1, 3599, 86399])
    d = rng.choice(DIRECTIVES)
    flag = rng.choice(["", "", "", "-", "_", "0", "^", "#"])
    fmt = "%" + flag + d if d != "%" else "%%"
    strftime.append({"zone": z, "t": t, "fmt": fmt, "text": strf(z, fmt, t)})
os.environ["TZ"] = "UTC"; time.tzset()
# time.gmtime, as Formatter's converter = time.gmtime gives it
for t in INSTANTS:
    strftime.append({"zone": "gmtime", "t": t, "fmt": "%Z %z %c", "text": time.strftime("%Z %z %c", time.gmtime(t))})

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "format_corpus.json")
with open(out, "w", encoding="utf-8") as f:
    json.dump({"python": sys.version.split()[0], "percent": percent, "brace": brace, "strftime": strftime,
               "zones": len(zones)}, f, indent=0, ensure_ascii=True)
    f.write("\n")
print(out, len(percent), "percent,", len(brace), "brace,", len(strftime), "strftime cases,", len(zones), "zones")
