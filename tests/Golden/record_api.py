#!/usr/bin/env python3
"""Records what CPython 3.13 answers to the API calls of 3.11-3.13 that FuncLog mirrors: getLevelName with a
name, basicConfig(level=<name>), getChildren, getHandlerByName/getHandlerNames, LoggerAdapter.manager, level
methods given a message that is not a string, and dictConfig's QueueHandler 'listener' key.

Run with CPython 3.13:  PYENV_VERSION=3.13.0 python3.13 tests/Golden/record_api.py
It writes tests/Golden/api.txt, one line per answer; tests/PythonApiTests.cs prints the same lines.
"""
import io, logging, logging.config, os, sys

assert sys.version_info[:2] == (3, 13), "record with CPython 3.13"
out = []
def say(*a): out.append(" ".join(str(x) for x in a))

def attempt(f):
    try:
        return repr(f())
    except Exception as e:
        return f"{type(e).__name__}: {e}"

say("getLevelName INFO", repr(logging.getLevelName("INFO")))
say("getLevelName NOPE", repr(logging.getLevelName("NOPE")))
say("getLevelName 20", repr(logging.getLevelName(20)))
logging.addLevelName(23, "AUDIT")
say("getLevelName AUDIT", repr(logging.getLevelName("AUDIT")))

for level in ["DEBUG", "AUDIT", 15, "NOPE", 1.5]:
    root = logging.getLogger()
    say("basicConfig level", repr(level), attempt(lambda: (logging.basicConfig(level=level, force=True, stream=io.StringIO()), root.level)[1]))

for name in ["a", "a.b", "a.b.c.d", "x.y", "a.e"]:
    logging.getLogger(name)
for name in ["", "a", "a.b", "a.b.c", "x"]:
    say("getChildren", repr(name), sorted(l.name for l in logging.getLogger(name).getChildren()))

stream = io.StringIO()
logging.config.dictConfig({"version": 1, "handlers": {
    "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
    "quiet": {"class": "logging.NullHandler"},
    "queued": {"class": "logging.handlers.QueueHandler", "handlers": ["console"], "listener": "logging.handlers.QueueListener"}},
    "root": {"handlers": ["quiet"]}})
say("getHandlerNames", sorted(logging.getHandlerNames()))
say("getHandlerByName console", type(logging.getHandlerByName("console")).__name__)
say("getHandlerByName queued", type(logging.getHandlerByName("queued")).__name__, type(logging.getHandlerByName("queued").listener).__name__)
say("getHandlerByName nope", logging.getHandlerByName("nope"))
logging.getHandlerByName("queued").listener.stop()

adapter = logging.LoggerAdapter(logging.getLogger("a.b"), {})
say("adapter.manager is the logger's", adapter.manager is logging.getLogger("a.b").manager)

logging.config.dictConfig({"version": 1, "disable_existing_loggers": False, "root": {"level": "DEBUG"}})
s = io.StringIO()
h = logging.StreamHandler(s)
h.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
logging.getLogger().addHandler(h)
log = logging.getLogger("objects")
log.info({"a": 1, "b": [1, 2.5, None]})
log.warning(42)
log.error(None)
log.critical((1, "two"))
adapter = logging.LoggerAdapter(log, {"k": "v"})
adapter.info([True, False])
adapter.warning(3.0)
logging.info({"root": 1})
logging.log(23, 7)
for line in s.getvalue().splitlines():
    say("record", line)

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "api.txt"), "w", encoding="utf-8") as f:
    f.write("\n".join(out) + "\n")
print("\n".join(out))
