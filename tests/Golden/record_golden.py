#!/usr/bin/env python3
"""Records golden outputs from CPython's logging for FuncLog's tests.

Run with CPython 3.13:  PYENV_VERSION=3.13.0 python3.13 tests/Golden/record_golden.py
It writes tests/Golden/formatting.json. Each case names a record (logger name, level, msg, args,
extra, creation time in ns, time zone), a Formatter (fmt, datefmt, style, defaults, converter) and the
text CPython produced, or the exception type and message CPython raised. The test suite replays every
case through FuncLog and compares byte for byte; it never needs Python.
"""
import json, logging, os, sys, time

assert sys.version_info[:2] == (3, 13), "record with CPython 3.13"

T0 = 1292154102_612_345_600      # 2010-12-12 11:41:42.6123456 UTC (the HOWTO's asctime; .NET ticks are 100 ns)
T_SUMMER = 1751371505_007_000_000  # 2025-07-01 12:05:05.007 UTC
T_EDGE = 1677903920_999_999_900   # ns that round up to the next second as a float (msecs -> 0)
T_NEWYEAR = 1104537599_000_000_000  # 2004-12-31 23:59:59 UTC (ISO week-year edge)
RELATIVE_NS = 1_500_000_000       # every record is made 1.5 s after logging started

def enc(v):
    if v is None: return {"t": "none"}
    if isinstance(v, bool): return {"t": "bool", "v": v}
    if isinstance(v, int): return {"t": "int", "v": str(v)}
    if isinstance(v, float): return {"t": "float", "v": repr(v)}
    if isinstance(v, str): return {"t": "str", "v": v}
    if isinstance(v, dict): return {"t": "dict", "v": [[k, enc(x)] for k, x in v.items()]}
    if isinstance(v, list): return {"t": "list", "v": [enc(x) for x in v]}
    raise TypeError(v)

def run(case):
    tz = case.get("tz", "UTC")
    os.environ["TZ"] = tz
    time.tzset()
    created = case.get("created", T0)
    saved = time.time_ns
    time.time_ns = lambda: created
    logging._startTime = created - RELATIVE_NS
    try:
        r = logging.LogRecord(case.get("name", "app.db"), case.get("level", logging.INFO),
                              "/src/app/main.py", 42, case["msg"], tuple(case.get("args", ())), None,
                              func="handler")
    finally:
        time.time_ns = saved
    for k, v in case.get("extra", {}).items():
        setattr(r, k, v)
    kw = {}
    if "defaults" in case: kw["defaults"] = case["defaults"]
    try:
        f = logging.Formatter(case.get("fmt"), case.get("datefmt"), case.get("style", "%"),
                              case.get("validate", True), **kw)
        if case.get("utc"): f.converter = time.gmtime
        if "time_format" in case: f.default_time_format = case["time_format"]
        if "msec_format" in case: f.default_msec_format = case["msec_format"]
        out = {"text": f.format(r)}
    except Exception as e:
        out = {"error": type(e).__name__, "message": str(e)}
    res = {"id": case["id"], "name": case.get("name", "app.db"), "level": case.get("level", logging.INFO),
           "msg": case["msg"], "args": [enc(a) for a in case.get("args", ())],
           "extra": [[k, enc(v)] for k, v in case.get("extra", {}).items()],
           "created": str(created), "relative_ns": str(RELATIVE_NS), "tz": tz, "fmt": case.get("fmt"), "datefmt": case.get("datefmt"),
           "style": case.get("style", "%"), "validate": case.get("validate", True), "utc": case.get("utc", False)}
    if "defaults" in case: res["defaults"] = [[k, enc(v)] for k, v in case["defaults"].items()]
    for k in ("time_format", "msec_format"):
        if k in case: res[k] = case[k]
    res.update(out)
    return res

M = "%(message)s"
cases = []
def msg(id, m, *args, **kw): cases.append(dict(id="msg-" + id, msg=m, args=args, fmt=M, **kw))
def fmt(id, f, **kw): cases.append(dict(id="fmt-" + id, fmt=f, **{"msg": "hello", **kw}))

# --- the message % operator ---
msg("s-basic", "%s before you %s", "Look", "leap!")
msg("no-args-percent", "100% sure")
msg("none-bool-float", "%s %s %s %s", None, True, False, 1.0)
msg("floats-repr", "%s|%s|%s|%s|%s|%s", 1e16, 1e15, 0.0001, 1e-05, 0.1, -2.5e-300)
msg("float-r", "%r %r", 1.5, "it's")
msg("d-i-u", "%d %i %u", 42, -7, 3)
msg("d-float-trunc", "%d %d", 3.99, -3.99)
msg("d-bool", "%d %d", True, False)
msg("width-flags-int", "[%5d][%-5d][%05d][%+d][% d][%+05d][%-+6d]", 42, 42, 42, 42, 42, -42, 5)
msg("zero-space", "[% 05d][%0-5d]", 5, 5)
msg("hex-oct", "%x %X %o %#x %#X %#o %#5x %#05x", 255, 255, 8, 255, 255, 8, 255, 255)
msg("neg-hex", "%x %o", -255, -8)
msg("int-precision", "[%.3d][%8.3d][%-8.3x]", 5, -5, 10)
msg("f-default", "%f %f %f", 3.14159265, -0.0, 1e20)
msg("f-precision", "%.2f %.0f %.10f %#.0f", 2.675, 2.5, 1/3, 3.0)
msg("f-width", "[%10.3f][%-10.3f][%010.3f][%+.1f]", 3.14159, 3.14159, -3.14159, 2.0)
msg("e-formats", "%e %E %.2e %.0e %#.0e", 12345.678, 0.000123, 0.0, 5.5, 5.0)
msg("g-formats", "%g|%g|%g|%#g|%G|%g|%.3g|%.10g", 0.0001, 1e-05, 123456789.0, 1.0, 1e-10, 100000.0, 3.14159, 1/3)
msg("inf-nan", "%f %F %e %g %s %05f %+f", float("inf"), float("inf"), float("-inf"), float("nan"), float("nan"), float("inf"), float("inf"))
msg("s-width-precision", "[%10s][%-10s][%.3s][%5.1s]", "abc", "abc", "abcdef", "abc")
msg("star-width", "[%*d][%-*s][%.*f]", 6, 42, 5, "ab", 2, 3.14159)
msg("star-negative", "[%*d]", -6, 42)
msg("c-conv", "%c%c%c", 72, "i", 0x1F600)
msg("r-strings", "%r %r %r %r", "plain", "it's", 'say "hi"', "tab\there\n")
msg("r-unicode", "%r %a", "café ☕", "café")
msg("r-list-dict", "%r %s", [1, "a", None], {"k": 1.5})
msg("mapping", "%(user)s logged in from %(ip)s", {"user": "sheila", "ip": "10.0.0.1"})
msg("mapping-flags", "[%(n)05d][%(s)-6s]", {"n": 42, "s": "ab"})
msg("mapping-s-whole", "%s", {"a": 1})
msg("mapping-no-specs", "no specs", {"a": 1})
msg("long-modifiers", "%ld %hd %Lf", 5, 6, 1.5)
msg("big-int", "%d %x", 2**70, 2**70)
msg("err-too-many", "x %s", "a", "b")
msg("err-too-few", "x %s %s", "a")
msg("err-d-str", "%d", "a")
msg("err-x-float", "%x", 3.5)
msg("err-f-str", "%f", "a")
msg("err-unsupported", "abc %y", 1)
msg("err-incomplete", "abc %", 1)
msg("err-incomplete-key", "%(abc", {"a": 1})
msg("err-missing-key", "%(b)s", {"a": 1})
msg("err-needs-mapping", "%(a)s", 1)
msg("err-c", "%c", "ab")
msg("err-c-range", "%c", 0x110000)
msg("err-star", "%*d", "a", 1)
msg("err-nan-d", "%d", float("nan"))
msg("err-order", "%s %y")
msg("empty", "")
msg("huge", "x" * 5000 + "%s", "y")

# --- formatter styles ---
fmt("howto-simple", "%(asctime)s - %(name)s - %(levelname)s - %(message)s")
fmt("basic-format", "%(levelname)s:%(name)s:%(message)s", level=logging.WARNING)
fmt("widths", "%(name)-12s: %(levelname)-8s %(message)s")
fmt("cookbook-adapter", "%(asctime)-15s %(name)-5s %(levelname)-8s IP: %(ip)-15s User: %(user)-8s %(message)s",
    name="a.b.c", extra={"ip": "123.231.231.123", "user": "sheila"})
fmt("numeric-fields", "%(levelno)d %(levelno)s %(lineno)d %(msecs)d %(msecs)03d %(created)f", level=logging.ERROR)
fmt("file-fields", "%(pathname)s %(filename)s %(module)s %(funcName)s %(lineno)s")
fmt("repr-fields", "%(name)r %(levelname)r %(exc_info)s %(stack_info)s")
fmt("args-field", "%(args)s|%(msg)s|%(message)s", msg="%s and %d", args=("x", 5))
fmt("args-one", "%(args)s", msg="%s", args=("x",))
fmt("custom-level", "%(levelname)s %(levelno)s", level=25)
fmt("percent-literal", "%(message)s 100%%")
fmt("missing-field", "%(nope)s")
fmt("defaults", "%(message)s [%(tenant)s]", defaults={"tenant": "acme"})
fmt("defaults-overridden", "%(tenant)s", defaults={"tenant": "acme"}, extra={"tenant": "globex"})
fmt("invalid-percent", "no fields here")
fmt("invalid-percent-novalidate", "no fields here", validate=False)
fmt("brace-basic", "{asctime} {name} {levelname:<8} {message}", style="{")
fmt("brace-align", "[{levelname:>10}][{levelname:^10}][{name:*<10}][{levelno:05d}]", style="{")
fmt("brace-numbers", "{msecs:03.0f} {created:.3f} {levelno:x} {levelno:#b} {lineno:,} {relativeCreated:.0f}", style="{")
fmt("brace-conv", "{name!r} {message!s:>8}", style="{")
fmt("brace-escape", "{{literal}} {message}", style="{")
fmt("brace-nested", "[{message:>{width}}]", style="{", extra={"width": 9})
fmt("brace-missing", "{nope}", style="{")
fmt("brace-invalid-nofields", "plain text", style="{")
fmt("brace-invalid-spec", "{message:zz}", style="{")
fmt("brace-invalid-conv", "{message!x}", style="{")
fmt("brace-unbalanced", "{message", style="{")
fmt("brace-none-spec", "{exc_info:>5}", style="{")
fmt("brace-unbalanced-novalidate", "{message", style="{", validate=False)
fmt("brace-float-general", "{created} {x:.3} {y:g} {z:%}", style="{", extra={"x": 1234.5, "y": 1e-7, "z": 0.25})
fmt("brace-int-grouping", "{x:,d} {x:_x} {y:+d} {y: d}", style="{", extra={"x": 1234567, "y": 5})
fmt("brace-str-precision", "[{message:.3}][{message:10.2}]", style="{")
fmt("dollar-basic", "$asctime $name ${levelname}: $message", style="$")
fmt("dollar-escape", "$$ ${message}$$", style="$")
fmt("dollar-missing", "$nope", style="$")
fmt("dollar-bare", "$ $message", style="$")
fmt("dollar-novalidate-bare", "$ $message", style="$", validate=False)
fmt("dollar-nofields", "just text", style="$")
fmt("default-fmt", None)
fmt("default-brace", None, style="{")
fmt("bad-style", "%(message)s", style="x")

# --- dates ---
fmt("asctime-default", "%(asctime)s")
fmt("asctime-msecs-edge", "%(asctime)s %(msecs)d", created=T_EDGE)
fmt("datefmt-howto", "%(asctime)s %(message)s", datefmt="%m/%d/%Y %I:%M:%S %p")
fmt("datefmt-cookbook", "%(asctime)s %(name)-12s %(levelname)-8s %(message)s", datefmt="%m-%d %H:%M")
fmt("datefmt-names", "%(asctime)s", datefmt="%a %A %b %B %h|%c|%x|%X")
fmt("datefmt-numbers", "%(asctime)s", datefmt="%d %e %H %I %j %m %M %S %y %Y %C|%D|%F|%T|%R|%r")
fmt("datefmt-weeks", "%(asctime)s", datefmt="%U %W %V %G %g %u %w", created=T_NEWYEAR)
fmt("datefmt-weeks-2", "%(asctime)s", datefmt="%U %W %V %G %g %u %w")
fmt("datefmt-zone-utc", "%(asctime)s", datefmt="%z %Z %s")
fmt("datefmt-gnu-flags", "%(asctime)s", datefmt="%-d %-m %_H %^a %#b %-I%P %k %l")
fmt("datefmt-unknown", "%(asctime)s", datefmt="%f %q %Ex %Oy %% end%")
fmt("datefmt-pm", "%(asctime)s", datefmt="%I %p %l", created=T_SUMMER)
fmt("local-berlin-winter", "%(asctime)s", tz="Europe/Berlin")
fmt("local-berlin-summer", "%(asctime)s %(message)s", tz="Europe/Berlin", created=T_SUMMER, datefmt="%Y-%m-%d %H:%M:%S %z")
fmt("local-newyork", "%(asctime)s", tz="America/New_York", datefmt="%H:%M %z")
fmt("utc-converter", "%(asctime)s", tz="Europe/Berlin", utc=True)
fmt("empty-datefmt", "%(asctime)s", datefmt="")
fmt("msec-format-iso", "%(asctime)s", msec_format="%s.%03d")
fmt("time-format-no-msecs", "%(asctime)s", time_format="%H:%M:%S", msec_format=None)
fmt("msec-format-brace", "{asctime}", style="{", time_format="%Y%m%dT%H%M%S", msec_format="%s.%06d")
# --- code points, zone abbreviations (issue: the remaining differences) ---
fmt("width-astral-percent", "[%(message)-4s|%(message)5.1s]", msg="😀x")
fmt("width-astral-brace", "[{message:*>6.3}|{message:😀<5}|{message:^7}]", msg="a😀bc", style="{")
fmt("width-cjk-combining", "[%(message)8s]", msg="中文e\u0301")
msg("c-astral-width", "[%-3c|%3c]", 0x1F600, "😀")
msg("bool-as-int", "%.1f %e %x %o %05.2f %g", True, False, True, True, False, True)
fmt("grouping-zero-pad", "{n:+012,}|{n:_>+12_}|{f:012,.2f}", style="{", extra={"n": -1000, "f": -1234.5})
fmt("zone-berlin-winter", "%(asctime)s", datefmt="%Z %z", tz="Europe/Berlin")
fmt("zone-berlin-summer", "%(asctime)s", datefmt="%Z %z", tz="Europe/Berlin", created=T_SUMMER)
fmt("zone-gmtime", "%(asctime)s", datefmt="%Z %z", tz="Europe/Berlin", utc=True)
fmt("zone-kolkata", "%(asctime)s", datefmt="%Z %z", tz="Asia/Kolkata")
fmt("zone-numeric-abbreviation", "%(asctime)s", datefmt="%Z %z", tz="America/Sao_Paulo")
fmt("zone-new-york-summer", "%(asctime)s", datefmt="%a %Z", tz="America/New_York", created=T_SUMMER)

out = [run(c) for c in cases]
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "formatting.json")
with open(path, "w", encoding="utf-8") as f:
    json.dump({"python": sys.version.split()[0], "cases": out}, f, ensure_ascii=False, indent=1)
print(f"{len(out)} cases written to {path}")
