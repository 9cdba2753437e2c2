#!/usr/bin/env python3
"""Records golden file trees from CPython's rotating handlers for FuncLog's tests.

Run with CPython 3.13:  PYENV_VERSION=3.13.0 python3.13 tests/Golden/record_rotation.py
It writes tests/Golden/rotation.json. Each scenario names a handler (RotatingFileHandler or
TimedRotatingFileHandler) and its arguments, a time zone, files that exist before it starts (with
contents and modification times), and steps: log a message, or move the fake clock. CPython runs it in a
fresh directory with time.time()/time.time_ns() replaced by the fake clock; the script records the sorted
file names after every step and every file's final content (gzip files decompressed). The test suite
replays each scenario through FuncLog and compares byte for byte; it never needs Python.

One deliberate adjustment: CPython computes a timed handler's first rollover from the log file's mtime
when the file exists, and its own constructor has just created the file with the real mtime. FuncLog
uses the clock when the file did not exist before the handler, so the script does the same
(rolloverAt = computeRollover(now)) to keep the recording independent of the real time.
"""
import gzip, json, logging, logging.handlers, os, shutil, sys, tempfile, time
from datetime import datetime, time as dtime, timezone

assert sys.version_info[:2] == (3, 13), "record with CPython 3.13"

def ts(s):
    """'2025-06-01 12:00:00.250' UTC -> ns since the epoch"""
    d = datetime.strptime(s, "%Y-%m-%d %H:%M:%S.%f" if "." in s else "%Y-%m-%d %H:%M:%S")
    return int(d.replace(tzinfo=timezone.utc).timestamp()) * 10**9 + d.microsecond * 1000

def logs(*msgs, every=None):
    out = []
    for m in msgs:
        out.append({"log": m})
        if every is not None:
            out.append({"advance": every})
    return out

H = 3600
D = 86400
SCENARIOS = [
    # ---- size ----
    dict(name="seed_example", kind="size", args=dict(maxBytes=20, backupCount=5),
         steps=logs(*["i = %d" % i for i in range(20)])),
    dict(name="exact_limit_rolls_below_does_not", kind="size", args=dict(maxBytes=12, backupCount=3),
         steps=logs("aaaaa", "aaaa", "b", "ccccc", "ddddd", "eeee", "f")),
    dict(name="record_longer_than_maxBytes", kind="size", args=dict(maxBytes=10, backupCount=2),
         steps=logs("x" * 25, "y" * 25, "z" * 25, "w")),
    dict(name="maxBytes_0_never_rolls", kind="size", args=dict(maxBytes=0, backupCount=3),
         steps=logs(*["line %d" % i for i in range(10)])),
    dict(name="backupCount_0_never_renames", kind="size", args=dict(maxBytes=30, backupCount=0),
         steps=logs(*["line %d" % i for i in range(10)])),
    dict(name="existing_files_and_extra_backups", kind="size", args=dict(maxBytes=40, backupCount=2),
         setup=[dict(name="app.log", content="old line\n"), dict(name="app.log.1", content="one\n"),
                dict(name="app.log.2", content="two\n"), dict(name="app.log.3", content="three\n")],
         steps=logs("first new record", "second new record", "third new record", "fourth")),
    dict(name="unicode_counts_characters_against_bytes", kind="size", args=dict(maxBytes=16, backupCount=4),
         steps=logs("\u00e9\u00e9\u00e9\u00e9\u00e9", "\u20acuro", "\U0001F600 ok", "abc", "\u00e9" * 7, "z")),
    dict(name="delay_creates_on_first_record", kind="size", args=dict(maxBytes=20, backupCount=2, delay=True),
         steps=[{"log": "alpha"}, {"log": "beta gamma delta"}, {"log": "epsilon"}]),
    dict(name="mode_w_with_maxBytes_appends", kind="size", args=dict(mode="w", maxBytes=100, backupCount=1),
         setup=[dict(name="app.log", content="kept\n")], steps=logs("added")),
    dict(name="mode_w_without_maxBytes_truncates", kind="size", args=dict(mode="w", maxBytes=0, backupCount=1),
         setup=[dict(name="app.log", content="gone\n")], steps=logs("only")),
    dict(name="gzip_rotator", kind="size", args=dict(maxBytes=20, backupCount=3), gzip=True,
         steps=logs(*["gz %d" % i for i in range(14)])),
    dict(name="twelve_backups_sort_numerically", kind="size", args=dict(maxBytes=10, backupCount=12),
         steps=logs(*["n%02d" % i for i in range(30)])),
    dict(name="asctime_in_size_rotation", kind="size", args=dict(maxBytes=70, backupCount=2),
         fmt="%(asctime)s %(levelname)s %(message)s", tz="Europe/Berlin", start=ts("2025-03-30 00:59:58.5"),
         steps=logs("a", "b", "c", "d", every=0.75)),
    # ---- time ----
    dict(name="seconds", kind="timed", args=dict(when="S", backupCount=3), start=ts("2025-06-01 12:00:00.250"),
         steps=[{"log": "a"}, {"advance": 0.5}, {"log": "b"}, {"advance": 1}, {"log": "c"}, {"advance": 1},
                {"log": "d"}, {"advance": 3}, {"log": "e"}, {"advance": 1}, {"log": "f"}, {"advance": 1}, {"log": "g"}]),
    dict(name="minutes_interval_5_lowercase", kind="timed", args=dict(when="m", interval=5, backupCount=2),
         start=ts("2025-06-01 12:03:10"),
         steps=logs("a", "b", "c", "d", "e", "f", "g", every=170)),
    dict(name="hours_interval_2_utc_names", kind="timed", args=dict(when="H", interval=2, backupCount=3, utc=True),
         tz="Europe/Berlin", start=ts("2025-06-01 22:30:00"),
         steps=logs(*"abcdefgh", every=3000)),
    dict(name="hours_local_across_dst_start", kind="timed", args=dict(when="H", backupCount=0),
         tz="America/New_York", start=ts("2025-03-09 05:30:00"),
         steps=logs(*"abcdef", every=1900)),
    dict(name="hours_local_across_dst_end", kind="timed", args=dict(when="H", backupCount=0),
         tz="America/New_York", start=ts("2025-11-02 04:30:00"),
         steps=logs(*"abcdef", every=1900)),
    dict(name="days_local", kind="timed", args=dict(when="D", backupCount=2), tz="Europe/Berlin",
         start=ts("2025-06-01 08:00:00"), steps=logs(*"abcdef", every=D // 2 + 600)),
    dict(name="midnight_local_across_dst_start", kind="timed", args=dict(when="midnight", backupCount=2),
         tz="America/New_York", start=ts("2025-03-07 15:00:00"), steps=logs(*"abcdefg", every=D // 2)),
    dict(name="midnight_local_across_dst_end", kind="timed", args=dict(when="MIDNIGHT", backupCount=2),
         tz="America/New_York", start=ts("2025-10-31 15:00:00"), steps=logs(*"abcdefg", every=D // 2)),
    dict(name="midnight_atTime_0230_across_dst_start", kind="timed",
         args=dict(when="midnight", backupCount=5, atTime="02:30:00"),
         tz="America/New_York", start=ts("2025-03-07 15:00:00"), steps=logs(*"abcdefgh", every=D // 3)),
    dict(name="midnight_atTime_utc", kind="timed", args=dict(when="midnight", utc=True, atTime="13:45:00"),
         tz="Asia/Kolkata", start=ts("2025-06-01 10:00:00"), steps=logs(*"abcdef", every=H * 9)),
    dict(name="midnight_interval_2", kind="timed", args=dict(when="midnight", interval=2, backupCount=2),
         start=ts("2025-06-01 10:00:00"), steps=logs(*"abcdefgh", every=D // 2)),
    dict(name="silence_across_several_intervals", kind="timed", args=dict(when="H", backupCount=5),
         start=ts("2025-06-01 10:15:00"),
         steps=[{"log": "before"}, {"advance": 5 * H + 600}, {"log": "after five hours"},
                {"advance": 30}, {"log": "right after"}, {"advance": H}, {"log": "next hour"}]),
    dict(name="backup_deletion_ignores_other_names", kind="timed", args=dict(when="D", backupCount=2),
         start=ts("2025-06-01 10:00:00"),
         setup=[dict(name="app.log.2025-05-27", content="27\n"), dict(name="app.log.2025-05-28", content="28\n"),
                dict(name="app.log.2025-05-29", content="29\n"), dict(name="app.log.bak", content="bak\n"),
                dict(name="app.log.2025-05-30.old", content="old\n"), dict(name="app.log.2025-5-31", content="odd\n"),
                dict(name="other.log.2025-05-20", content="other\n"), dict(name="app.log.12025-05-30", content="five digits\n")],
         steps=logs("a", "b", "c", every=D)),
    dict(name="first_rollover_from_existing_mtime", kind="timed", args=dict(when="midnight", backupCount=3),
         tz="Europe/Berlin", start=ts("2025-06-02 08:00:00"),
         setup=[dict(name="app.log", content="written yesterday\n", mtime=ts("2025-06-01 20:00:00"))],
         steps=logs("today", "still today", every=H)),
    dict(name="gzip_rotator_timed", kind="timed", args=dict(when="H", backupCount=2), gzip=True,
         start=ts("2025-06-01 10:15:00"), steps=logs(*"abcdef", every=H)),
    dict(name="delay_timed", kind="timed", args=dict(when="M", backupCount=1, delay=True),
         start=ts("2025-06-01 10:15:30"), steps=[{"advance": 200}, {"log": "late first"}, {"advance": 60}, {"log": "second"}]),
]
for day in range(7):
    SCENARIOS.append(dict(name="weekly_W%d" % day, kind="timed", args=dict(when="W%d" % day, backupCount=3),
                          tz="Europe/Berlin", start=ts("2025-06-04 09:00:00"),  # a Wednesday
                          steps=logs(*["day %d" % i for i in range(16)], every=D)))
SCENARIOS.append(dict(name="weekly_W4_atTime_interval_2", kind="timed",
                      args=dict(when="w4", interval=2, atTime="06:00:00", backupCount=2),
                      tz="America/New_York", start=ts("2025-10-20 12:00:00"),
                      steps=logs(*["day %d" % i for i in range(24)], every=D)))

def gz_namer(name):
    return name + ".gz"

def gz_rotator(source, dest):
    with open(source, "rb") as sf, gzip.open(dest, "wb") as df:
        df.write(sf.read())
    os.remove(source)

def tree(d):
    return sorted(os.listdir(d))

def run(sc):
    os.environ["TZ"] = sc.get("tz", "UTC")
    time.tzset()
    now = [sc.get("start", ts("2025-06-01 12:00:00"))]
    saved = time.time, time.time_ns
    time.time = lambda: now[0] / 1e9
    time.time_ns = lambda: now[0]
    d = tempfile.mkdtemp()
    try:
        for f in sc.get("setup", []):
            p = os.path.join(d, f["name"])
            with open(p, "w", encoding="utf-8", newline="") as fh:
                fh.write(f["content"])
            m = f.get("mtime", now[0] - 10**9 * 3600)
            os.utime(p, ns=(m, m))
        path = os.path.join(d, "app.log")
        existed = os.path.exists(path)
        a = dict(sc["args"])
        a["encoding"] = "utf-8"
        if sc["kind"] == "size":
            h = logging.handlers.RotatingFileHandler(path, **a)
        else:
            if "atTime" in a:
                a["atTime"] = dtime.fromisoformat(a["atTime"])
            h = logging.handlers.TimedRotatingFileHandler(path, **a)
            if not existed:
                h.rolloverAt = h.computeRollover(int(time.time()))
        if sc.get("gzip"):
            h.namer = gz_namer
            h.rotator = gz_rotator
        h.setFormatter(logging.Formatter(sc.get("fmt", "%(message)s" if sc["kind"] == "size" else "%(asctime)s %(message)s")))
        lg = logging.getLogger("rot." + sc["name"])
        lg.handlers.clear()
        lg.propagate = False
        lg.setLevel(logging.DEBUG)
        lg.addHandler(h)
        snaps = []
        for st in sc["steps"]:
            if "log" in st:
                lg.info(st["log"])
            else:
                now[0] += int(st["advance"] * 10**9)
            snaps.append(tree(d))
        h.close()
        files = {}
        for n in tree(d):
            p = os.path.join(d, n)
            if n.endswith(".gz"):
                with gzip.open(p, "rb") as fh:
                    files[n] = fh.read().decode("utf-8")
            else:
                with open(p, "rb") as fh:
                    files[n] = fh.read().decode("utf-8")
        out = dict(sc)
        out["snapshots"] = snaps
        out["files"] = files
        return out
    finally:
        time.time, time.time_ns = saved
        shutil.rmtree(d)

if __name__ == "__main__":
    results = [run(sc) for sc in SCENARIOS]
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "rotation.json"), "w", encoding="utf-8") as f:
        json.dump({"python": sys.version.split()[0], "scenarios": results}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("recorded %d scenarios" % len(results))
