#!/usr/bin/env python3
"""Records golden outputs of python-json-logger's JsonFormatter and colorlog's ColoredFormatter.

Run with CPython 3.13 and Debian's packages (python3-pythonjsonlogger 2.0.1, python3-colorlog 6.7.0):
    apt-get install python3-pythonjsonlogger python3-colorlog
    PYENV_VERSION=3.13.0 python3.13 tests/Golden/record_structured.py
It writes tests/Golden/jsonlogger.json and tests/Golden/colorlog.json: for each case the formatter's
keyword arguments, the record (a dict for logging.makeLogRecord) and what format() returned. Values that
JSON cannot carry are tagged: {"$int": "…"} (beyond 2**53), {"$float": repr}, {"$bytes": hex},
{"$tuple": [...]} and {"$dict": [[key, value], ...]} (every dict, so that non-string keys and order survive).
The suite replays each case through FuncLog and compares byte for byte.
"""
import importlib.metadata, json, logging, os, random, sys, time

assert sys.version_info[:2] == (3, 13), "record with CPython 3.13"
sys.path.append("/usr/lib/python3/dist-packages")  # Debian's packages, after CPython 3.13's own
import colorlog  # noqa: E402
from pythonjsonlogger import jsonlogger  # noqa: E402

assert importlib.metadata.version("python-json-logger") == "2.0.1"
assert importlib.metadata.version("colorlog") == "6.7.0"

os.environ["TZ"] = "UTC"
time.tzset()


def tag(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v if abs(v) < 2 ** 53 else {"$int": str(v)}
    if isinstance(v, float):
        return {"$float": repr(v)}
    if isinstance(v, bytes):
        return {"$bytes": v.hex()}
    if isinstance(v, tuple):
        return {"$tuple": [tag(x) for x in v]}
    if isinstance(v, list):
        return [tag(x) for x in v]
    if isinstance(v, dict):
        return {"$dict": [[tag(k), tag(x)] for k, x in v.items()]}
    raise TypeError(type(v))


BASE_NS = 1748772000_123456789  # 2025-06-01 10:00:00.123456789 UTC


def record(i, msg="request %s took %d ms", args=("GET /index.html", 42), level=20, extra=None, **attrs):
    ns = BASE_NS + i * 1_000_003_001
    d = dict(name="app.module.component", msg=msg, args=args, levelno=level,
             levelname=logging.getLevelName(level), pathname="/srv/app/module.py", filename="module.py",
             module="module", exc_info=None, exc_text=None, stack_info=None, lineno=100 + i, funcName="handle",
             created=ns / 1e9, msecs=(ns % 1_000_000_000) // 1_000_000 + 0.0, relativeCreated=1234.5 + i,
             thread=140000000 + i, threadName="MainThread", processName="MainProcess", process=4242,
             taskName=None)
    d.update(attrs)
    if extra:
        d.update(extra)
    return d


rnd = random.Random(17)
STRINGS = ["", "plain", "quote \" and \\ backslash", "tab\tnew\nline\rcr", "\x00\x01\x1f\x7f", "é ü ß",
           "日本語", "emoji 😀 astral", "/path/with/slash", "<html>&amp;</html>", "\u2028\u2029", "ÿ\u0100"]


def value(depth=0):
    kinds = ["none", "bool", "int", "big", "float", "str", "bytes"]
    if depth < 3:
        kinds += ["list", "tuple", "dict", "keys"]
    k = rnd.choice(kinds)
    if k == "none":
        return None
    if k == "bool":
        return rnd.choice([True, False])
    if k == "int":
        return rnd.choice([0, 1, -1, 42, 2 ** 31, -2 ** 40, rnd.randint(-10 ** 6, 10 ** 6)])
    if k == "big":
        return rnd.choice([2 ** 64, -3 ** 50, 10 ** 30 + 7])
    if k == "float":
        return rnd.choice([0.0, -0.0, 0.1, 1.5, 1e16, 1e-7, 123456.789, float("nan"), float("inf"),
                           float("-inf"), 2.5e-310, rnd.uniform(-1e6, 1e6)])
    if k == "str":
        return rnd.choice(STRINGS)
    if k == "bytes":
        return rnd.choice([b"", b"abc", b"\x00\xff'\"\\", b"it's"])
    if k == "list":
        return [value(depth + 1) for _ in range(rnd.randint(0, 3))]
    if k == "tuple":
        return tuple(value(depth + 1) for _ in range(rnd.randint(0, 3)))
    if k == "dict":
        return {rnd.choice(STRINGS[:6]) + str(j): value(depth + 1) for j in range(rnd.randint(0, 3))}
    return rnd.choice([{1: "one", 2: "two"}, {1.5: "x", -0.25: "y"}, {False: 0}])


JSON_FORMATTERS = [
    {},
    {"fmt": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    {"fmt": "%(asctime)s %(levelname)s %(message)s", "datefmt": "%Y-%m-%dT%H:%M:%S"},
    {"fmt": "%(levelname)s %(message)s", "rename_fields": {"levelname": "level", "message": "text"}},
    {"fmt": "%(message)s", "json_indent": 2},
    {"fmt": "%(message)s %(levelname)s", "json_indent": "\t", "json_ensure_ascii": False},
    {"fmt": "%(message)s", "json_ensure_ascii": False, "prefix": "JSON: "},
    {"fmt": "%(message)s", "reserved_attrs": ["msg", "args", "exc_info", "taskName", "message"]},
    {"fmt": "%(message)s", "timestamp": True},
    {"fmt": "%(message)s", "timestamp": "ts"},
    {"fmt": "%(name)s %(lineno)d %(funcName)s %(created)f %(msecs)d %(relativeCreated)d %(thread)d "
            "%(threadName)s %(process)d %(processName)s %(module)s %(filename)s %(pathname)s %(levelno)s "
            "%(message)s %(missing)s"},
    {"fmt": "{levelname} {message}", "style": "{"},
    {"fmt": "%(message)s", "json_indent": 0},
    {"fmt": "%(args)s %(msg)s %(message)s"},
]


def json_records():
    rs = [
        record(0),
        record(1, msg="no args", args=()),
        record(2, msg={"event": "login", "user": "ann", "n": 3}, args=()),
        record(3, extra={"order_id": 42, "amount": 9.99, "tags": ["a", "b"], "meta": {"k": None}}),
        record(4, exc_text="Traceback (most recent call last):\n  File \"x\", line 1\nValueError: bad"),
        record(5, stack_info="Stack (most recent call last):\n  File \"y\", line 2, in f"),
        record(6, level=40, extra={"_private": 1, "visible": True}),
        record(7, msg="unicode %s", args=("é😀\u2028",)),
        record(8, level=5, levelname="Level 5"),
    ]
    for i in range(9, 69):
        rs.append(record(i, extra={"x%d" % j: value() for j in range(rnd.randint(1, 4))}))
    return rs


def json_cases():
    cases = []
    for kw in JSON_FORMATTERS:
        f = jsonlogger.JsonFormatter(**kw)
        for r in json_records():
            out = f.format(logging.makeLogRecord(r))
            cases.append({"kwargs": tag(kw), "record": tag(r), "output": out})
    return cases


COLOR_FORMATTERS = [
    {},
    {"fmt": "%(log_color)s%(levelname)-8s%(reset)s %(blue)s%(message)s"},
    {"fmt": "%(log_color)s%(levelname)s %(message_log_color)s%(message)s",
     "secondary_log_colors": {"message": {"ERROR": "red", "CRITICAL": "bold_red,bg_white"}}},
    {"fmt": "{log_color}{levelname}:{name}:{message}", "style": "{"},
    {"fmt": "${log_color}${levelname}:${name}:${message}", "style": "$"},
    {"fmt": "%(log_color)s%(message)s", "log_colors": {"DEBUG": "cyan", "INFO": "fg_123,bg_45",
                                                        "WARNING": "thin_yellow", "ERROR": "light_red",
                                                        "CRITICAL": "bold_purple,bg_light_white", "TRACE": "purple"}},
    {"fmt": "%(log_color)s%(message)s", "reset": False},
    {"fmt": "%(log_color)s%(message)s%(reset)s"},
    {"fmt": "%(log_color)s%(message)s", "no_color": True},
    {"fmt": "%(log_color)s%(message)s", "no_color": True, "force_color": True},
    {"fmt": "%(log_color)s%(levelname)s %(user)s %(message)s", "defaults": {"user": "-"}},
    {"fmt": "%(bold)s%(thin)s%(fg_bold_green)s%(fg_thin_cyan)s%(bg_bold_red)s%(light_black)s%(bg_0)s%(fg_255)s%(message)s"},
    {"fmt": "%(asctime)s %(log_color)s%(levelname)s%(reset)s %(message)s", "datefmt": "%H:%M:%S"},
]


def color_records():
    return [record(0, level=10), record(1), record(2, level=30), record(3, level=40), record(4, level=50),
            record(5, level=5, levelname="TRACE"), record(6, level=25, levelname="Level 25"),
            record(7, level=40, exc_text="Traceback (most recent call last):\nValueError: bad"),
            record(8, extra={"user": "ann"}), record(9, extra={"red": "not a color"})]


def color_cases():
    cases = []
    for env in [{}, {"NO_COLOR": "1"}, {"FORCE_COLOR": "1", "NO_COLOR": "1"}]:
        for kw in COLOR_FORMATTERS:
            saved = dict(os.environ)
            os.environ.update(env)
            try:
                f = colorlog.ColoredFormatter(**kw)
                for r in color_records():
                    try:
                        out = f.format(logging.makeLogRecord(r))
                    except Exception as e:  # a record without a field the format names
                        out = {"error": type(e).__name__}
                    cases.append({"env": env, "kwargs": tag(kw), "record": tag(r), "output": out})
            finally:
                os.environ.clear()
                os.environ.update(saved)
    return cases


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    for name, cases, package in [("jsonlogger.json", json_cases(), "python-json-logger 2.0.1"),
                                 ("colorlog.json", color_cases(), "colorlog 6.7.0")]:
        with open(os.path.join(here, name), "w", encoding="utf-8") as f:
            json.dump({"python": sys.version.split()[0], "package": package, "cases": cases}, f,
                      indent=0, ensure_ascii=True)
            f.write("\n")
        print("recorded %d cases in %s" % (len(cases), name))
