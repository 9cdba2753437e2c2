#!/usr/bin/env python3
"""Records pickled log records from CPython 3.13 for FuncLog's frame decoder tests.

Run with CPython 3.13:  PYENV_VERSION=3.13.0 python3.13 tests/Golden/record_pickles.py
It writes tests/Golden/pickles.json:
- "frames": what SocketHandler.makePickle sends for several records (base64), with the attributes the
  receiver must see (from pickle.loads), and the same dict pickled with protocols 0, 2, 3, 4 and 5;
- "dumps": plain data dicts and the exact bytes pickle.dumps(d, 1) writes (FuncLog's encoder must match);
- "refused": pickles that name or construct objects, which FuncLog's decoder must refuse.
The test suite replays them without Python.
"""
import base64, datetime, json, logging, logging.handlers, os, pickle, sys, time

assert sys.version_info[:2] == (3, 13), "record with CPython 3.13"

def b64(b): return base64.b64encode(b).decode("ascii")

def plain(v):
    if isinstance(v, (list, tuple)): return [plain(x) for x in v]
    if isinstance(v, dict): return {str(k): plain(x) for k, x in v.items()}
    return v

class Sys:  # an object whose pickle names os.system: never to be constructed by a receiver
    def __reduce__(self):
        return (os.system, ("echo owned",))

def main():
    h = logging.handlers.SocketHandler("localhost", 0)
    saved = time.time_ns
    time.time_ns = lambda: 1292154102_612_345_600
    try:
        records = [
            logging.LogRecord("myapp.area1", logging.INFO, "/src/app.py", 12, "Jackdaws love my %s of %s.",
                              ("big sphinx", "quartz"), None, func="main"),
            logging.LogRecord("root", logging.WARNING, "/src/app.py", 13, "unicode: \u00e9\u20ac\U0001F600", None, None),
            logging.LogRecord("x.y", 55, "/src/app.py", 14, "custom level %d", (5,), None),
        ]
        try:
            1 / 0
        except ZeroDivisionError:
            records.append(logging.LogRecord("err", logging.ERROR, "/src/app.py", 15, "failed", None, sys.exc_info()))
        r = logging.LogRecord("extra", logging.DEBUG, "/src/app.py", 16, "with extra", None, None)
        r.user = "sheila"
        r.count = 3
        r.ratio = 0.5
        r.flag = True
        r.nothing = None
        r.big = 2 ** 70
        r.items = [1, "two", 3.0]
        records.append(r)
    finally:
        time.time_ns = saved
    frames = []
    for rec in records:
        rec.thread = 140_000_000_000_000  # a 64-bit thread id as CPython has on Linux
        frame = h.makePickle(rec)
        body = frame[4:]
        d = pickle.loads(body)
        frames.append({
            "frame": b64(frame),
            "attributes": plain(d),
            "protocols": {str(p): b64(pickle.dumps(d, p)) for p in (0, 2, 3, 4, 5)},
        })
    dumps = []
    for d in [
        {"name": "a", "n": 0, "m": 255, "o": 256, "p": 65535, "q": 65536, "neg": -1, "big": 2 ** 40, "huge": -(2 ** 70),
         "f": 1.5, "t": True, "fa": False, "none": None, "lst": [1, 2], "one": [7], "tup": (1, "x"), "empty": [], "et": (),
         "d": {"k": "v"}, "u": "\u00e9\U0001F600"},
        {},
        {"only": "one"},
    ]:
        dumps.append({"value": plain(d), "types": {k: type(v).__name__ for k, v in d.items()}, "pickle": b64(pickle.dumps(d, 1))})
    refused = {
        "os.system via REDUCE": b64(pickle.dumps(Sys(), 0)),
        "os.system protocol 4": b64(pickle.dumps(Sys(), 4)),
        "datetime": b64(pickle.dumps(datetime.datetime(2020, 1, 1), 2)),
        "a class instance": b64(pickle.dumps(logging.Filter("x"), 2)),
    }
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "pickles.json"), "w", encoding="utf-8") as f:
        json.dump({"python": sys.version.split()[0], "frames": frames, "dumps": dumps, "refused": refused}, f, indent=1,
                  ensure_ascii=False)
        f.write("\n")
    print("recorded %d frames" % len(frames))

main()
