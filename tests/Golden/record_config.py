#!/usr/bin/env python3
"""Records golden outputs of CPython's logging.config for FuncLog's tests.

Run with CPython 3.13:  PYENV_VERSION=3.13.0 python3.13 tests/Golden/record_config.py
It writes tests/Golden/config.json. Each scenario creates some loggers, applies one or more configurations
(a dictConfig dict, or fileConfig INI text) in a fresh directory on a fixed clock, logs some records, and
records what reached stdout, stderr and each file. FILE in a configuration stands for the scenario's
directory. The test suite replays each scenario through FuncLog and compares byte for byte.
"""
import io, json, logging, logging.config, os, shutil, sys, tempfile, time

assert sys.version_info[:2] == (3, 13), "record with CPython 3.13"
# python-json-logger 2.0.1 and colorlog 6.7.0 from Debian (apt-get install python3-pythonjsonlogger
# python3-colorlog), after CPython 3.13's own packages
sys.path.append("/usr/lib/python3/dist-packages")
for name in ("NO_COLOR", "FORCE_COLOR"):
    os.environ.pop(name, None)

T0 = 1111250335_977_000_000  # 2005-03-19 16:38:55.977 UTC

HOWTO_INI = """[loggers]
keys=root,simpleExample

[handlers]
keys=consoleHandler

[formatters]
keys=simpleFormatter

[logger_root]
level=DEBUG
handlers=consoleHandler

[logger_simpleExample]
level=DEBUG
handlers=consoleHandler
qualname=simpleExample
propagate=0

[handler_consoleHandler]
class=StreamHandler
level=DEBUG
formatter=simpleFormatter
args=(sys.stdout,)

[formatter_simpleFormatter]
format=%(asctime)s - %(name)s - %(levelname)s - %(message)s
datefmt=
"""

HOWTO_DICT = {
    "version": 1,
    "formatters": {"simple": {"format": "%(asctime)s - %(name)s - %(levelname)s - %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "level": "DEBUG", "formatter": "simple",
                             "stream": "ext://sys.stdout"}},
    "loggers": {"simpleExample": {"level": "DEBUG", "handlers": ["console"], "propagate": False}},
    "root": {"level": "DEBUG", "handlers": ["console"]},
}

HOWTO_CALLS = [["simpleExample", 10, "debug message"], ["simpleExample", 20, "info message"],
               ["simpleExample", 30, "warn message"], ["simpleExample", 40, "error message"],
               ["simpleExample", 50, "critical message"]]

SCENARIOS = [
    dict(name="howto_ini", configs=[{"ini": HOWTO_INI}], calls=HOWTO_CALLS),
    dict(name="howto_dict", configs=[{"dict": HOWTO_DICT}], calls=HOWTO_CALLS),
    dict(name="styles_levels_filters_files", configs=[{"dict": {
        "version": 1,
        "formatters": {
            "brace": {"format": "{levelname:<8}|{name}|{message}", "style": "{"},
            "dollar": {"format": "$levelname $name: $message [$app]", "style": "$", "defaults": {"app": "demo"}},
            "dated": {"format": "%(asctime)s %(message)s", "datefmt": "%Y/%m/%d %H:%M"},
        },
        "filters": {"only_db": {"name": "app.db"}},
        "handlers": {
            "out": {"class": "logging.StreamHandler", "formatter": "brace", "stream": "ext://sys.stdout"},
            "err": {"class": "logging.StreamHandler", "formatter": "dollar", "level": "ERROR", "stream": "ext://sys.stderr"},
            "db": {"class": "logging.FileHandler", "filename": "FILE/db.log", "formatter": "dated", "filters": ["only_db"],
                   "mode": "w"},
        },
        "loggers": {
            "app": {"level": "INFO", "handlers": ["out", "db"]},
            "app.db": {"level": "DEBUG", "handlers": ["err"]},
            "app.quiet": {"level": "WARNING", "propagate": False, "handlers": ["err"]},
        },
        "root": {"level": "CRITICAL"},
    }}], calls=[["app", 10, "hidden"], ["app", 20, "app info"], ["app.db", 10, "db debug"], ["app.db", 40, "db error"],
                ["app.quiet", 30, "quiet warning"], ["app.quiet", 50, "quiet critical"], ["other", 40, "root is critical"],
                ["other", 50, "root critical"]]),
    dict(name="disable_existing_loggers", before=["old", "app.child", "app", "apple"], configs=[{"dict": {
        "version": 1,
        "handlers": {"out": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}},
        "loggers": {"app": {"handlers": ["out"], "level": "DEBUG"}},
    }}], calls=[["old", 30, "old is disabled"], ["app.child", 30, "child of app kept"], ["apple", 30, "apple is not a child"],
                ["app", 30, "app itself"], ["new", 30, "created after: not disabled, but root has no handler"]]),
    dict(name="disable_existing_false", before=["old"], configs=[{"dict": {
        "version": 1, "disable_existing_loggers": False,
        "handlers": {"out": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "f"}},
        "formatters": {"f": {"format": "%(name)s:%(message)s"}},
        "root": {"handlers": ["out"], "level": "INFO"},
    }}], calls=[["old", 20, "old still works"], ["x.y", 10, "below INFO"], ["x.y", 20, "x.y info"]]),
    dict(name="incremental_levels", configs=[
        {"dict": {"version": 1,
                  "handlers": {"out": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "level": "DEBUG"}},
                  "loggers": {"a": {"handlers": ["out"], "level": "DEBUG", "propagate": False}}}},
        {"dict": {"version": 1, "incremental": True, "handlers": {"out": {"level": "WARNING"}},
                  "loggers": {"a": {"level": "INFO"}}}},
    ], calls=[["a", 20, "info is below the handler now"], ["a", 30, "warning passes"]]),
    dict(name="cfg_references", configs=[{"dict": {
        "version": 1,
        "custom": {"fmt": "<%(levelname)s> %(message)s", "levels": ["DEBUG", "ERROR"]},
        "formatters": {"f": {"format": "cfg://custom.fmt"}},
        "handlers": {"out": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "f",
                             "level": "cfg://custom.levels[1]"}},
        "root": {"handlers": ["out"], "level": "cfg://custom.levels[0]"},
    }}], calls=[["r", 30, "warning filtered by the handler"], ["r", 40, "error shown"]]),
    dict(name="ini_defaults_interpolation_kwargs", ini_defaults={"logdir": "FILE"}, configs=[{"ini": """[loggers]
keys=root,app,app_sub

[handlers]
keys=file,console

[formatters]
keys=plain,timed

[logger_root]
level=WARNING
handlers=console

[logger_app]
level=DEBUG
handlers=file
qualname=app

[logger_app_sub]
level=INFO
handlers=
qualname=app.sub
propagate=1

[handler_file]
class=handlers.RotatingFileHandler
formatter=timed
args=('%(logdir)s/app.log', 'a')
kwargs={'maxBytes': 100, 'backupCount': 2}

[handler_console]
class=StreamHandler
level=INFO
formatter=plain
args=(sys.stdout,)

[formatter_plain]
format=%(levelname)s:%(name)s:%(message)s

[formatter_timed]
format=%(asctime)s %(levelname)-8s %(message)s
datefmt=%H:%M:%S
"""}], calls=[["app", 10, "debug to the file"], ["app.sub", 10, "below app.sub's level"], ["app.sub", 20, "sub info"],
               ["app", 30, "a warning goes to the file and the console"], ["x", 20, "below root"], ["x", 40, "x error"]]),
]

JSON_DICT = {
    "version": 1,
    "formatters": {
        "json": {"()": "pythonjsonlogger.jsonlogger.JsonFormatter",
                 "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
                 "rename_fields": {"levelname": "level", "asctime": "@timestamp"}, "timestamp": True},
        "plain_json": {"class": "pythonjsonlogger.jsonlogger.JsonFormatter", "format": "%(levelname)s %(message)s",
                       "datefmt": "%H:%M:%S"},
        "indented": {"()": "pythonjsonlogger.jsonlogger.JsonFormatter", "fmt": "%(message)s", "json_indent": 2,
                     "json_ensure_ascii": False, "prefix": "> ",
                     "reserved_attrs": ["msg", "args", "exc_info", "exc_text", "stack_info", "pathname", "filename",
                                        "module", "lineno", "funcName", "relativeCreated", "thread", "threadName",
                                        "processName", "process", "taskName", "message", "asctime"]},
    },
    "handlers": {
        "out": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
        "file": {"class": "logging.FileHandler", "formatter": "plain_json", "filename": "FILE/app.jsonl"},
        "err": {"class": "logging.StreamHandler", "formatter": "indented", "level": "ERROR"},
    },
    "root": {"level": "DEBUG", "handlers": ["out", "file", "err"]},
}

JSON_INI = """[loggers]
keys=root

[handlers]
keys=out

[formatters]
keys=json

[logger_root]
level=INFO
handlers=out

[handler_out]
class=StreamHandler
formatter=json
args=(sys.stdout,)

[formatter_json]
class=pythonjsonlogger.jsonlogger.JsonFormatter
format=%(asctime)s %(name)s %(levelname)s %(message)s
"""

COLOR_DICT = {
    "version": 1,
    "formatters": {
        "color": {"()": "colorlog.ColoredFormatter",
                  "format": "%(log_color)s%(levelname)-8s%(reset)s %(message_log_color)s%(message)s",
                  "log_colors": {"DEBUG": "cyan", "INFO": "green", "WARNING": "yellow", "ERROR": "red",
                                 "CRITICAL": "red,bg_white"},
                  "secondary_log_colors": {"message": {"ERROR": "red", "CRITICAL": "bold_red"}}},
        "by_class": {"class": "colorlog.ColoredFormatter", "format": "{log_color}{levelname}:{name}:{message}",
                     "style": "{"},
        "no_color": {"()": "colorlog.ColoredFormatter", "no_color": True},
    },
    "handlers": {
        "out": {"class": "logging.StreamHandler", "formatter": "color", "stream": "ext://sys.stdout"},
        "err": {"class": "logging.StreamHandler", "formatter": "by_class"},
        "file": {"class": "logging.FileHandler", "formatter": "no_color", "filename": "FILE/plain.log"},
    },
    "root": {"level": "DEBUG", "handlers": ["out", "err", "file"]},
}

STRUCTURED_CALLS = [["app", 10, "debug"], ["app.db", 20, "connected in 12 ms"], ["app", 30, "disk at 91%"],
                    ["app.web", 40, "request failed: \"quotes\" and é"], ["app", 50, "down"]]

SCENARIOS += [
    dict(name="jsonlogger_dict", configs=[{"dict": JSON_DICT}], calls=STRUCTURED_CALLS),
    dict(name="jsonlogger_ini", configs=[{"ini": JSON_INI}], calls=STRUCTURED_CALLS),
    dict(name="colorlog_dict", configs=[{"dict": COLOR_DICT}], calls=STRUCTURED_CALLS),
]

def fill(v, d):
    if isinstance(v, str): return v.replace("FILE", d)
    if isinstance(v, dict): return {k: fill(x, d) for k, x in v.items()}
    if isinstance(v, list): return [fill(x, d) for x in v]
    return v

def reset():
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h); h.close()
    root.setLevel(logging.WARNING)
    logging.Logger.manager.loggerDict.clear()
    logging._handlers.clear()
    del logging._handlerList[:]

def run(sc):
    os.environ["TZ"] = "Europe/London"
    time.tzset()
    reset()
    d = tempfile.mkdtemp()
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr, time.time_ns
    sys.stdout, sys.stderr = out, err
    time.time_ns = lambda: T0
    try:
        for name in sc.get("before", []):
            logging.getLogger(name)
        for c in sc["configs"]:
            if "dict" in c:
                logging.config.dictConfig(fill(json.loads(json.dumps(c["dict"])), d))
            else:
                p = os.path.join(d, "logging.conf")
                with open(p, "w") as f:
                    f.write(c["ini"])
                logging.config.fileConfig(p, defaults=fill(sc.get("ini_defaults"), d))
        for name, level, msg in sc["calls"]:
            logging.getLogger(name).log(level, msg)
        logging.shutdown()
    finally:
        sys.stdout, sys.stderr, time.time_ns = saved
    files = {}
    for n in sorted(os.listdir(d)):
        if n != "logging.conf":
            with open(os.path.join(d, n), encoding="utf-8") as f:
                files[n] = f.read()
    shutil.rmtree(d)
    reset()
    r = dict(sc)
    r.update(stdout=out.getvalue(), stderr=err.getvalue(), files=files)
    return r

if __name__ == "__main__":
    results = [run(sc) for sc in SCENARIOS]
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "config.json"), "w", encoding="utf-8") as f:
        json.dump({"python": sys.version.split()[0], "scenarios": results}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("recorded %d scenarios" % len(results))
