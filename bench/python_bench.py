#!/usr/bin/env python3
"""S1, S2, S3, S5 and S8 of FuncLog's benchmark suite through CPython's logging, in the same units (ns per call).

Run:  PYENV_VERSION=3.13.0 python3.13 bench/python_bench.py
S1: logger.debug("value %d", i) on a logger whose WARNING level is set three levels up.
S2: logger.info("request %s took %d ms", ...) formatted with "%(asctime)s %(name)s %(levelname)s %(message)s", discarded.
S3: the same records to a FileHandler (each record written before the call returns).
S5: the same to a RotatingFileHandler of 1 MB with 5 backups.
S8: JSON lines with python-json-logger 2.0.1 (Debian's python3-pythonjsonlogger, found in /usr/lib/python3/dist-packages)
    to a FileHandler, the values also in extra, as bench/Scenarios2.cs's S8 (FuncLog buffers 64 KB; CPython's
    FileHandler flushes each record, so this row is an upper bound of CPython's cost).
"""
import logging, logging.handlers, os, shutil, sys, tempfile, time
sys.path.append("/usr/lib/python3/dist-packages")
try:
    from pythonjsonlogger import jsonlogger
except ImportError:
    jsonlogger = None

FMT = "%(asctime)s %(name)s %(levelname)s %(message)s"

def per_call(n, fn):
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter_ns()
        fn(n)
        best = min(best, (time.perf_counter_ns() - t) / n)
    return best

class Discard(logging.Handler):
    def emit(self, record):
        self.format(record)

def fresh(name):
    lg = logging.getLogger(name)
    lg.handlers.clear()
    lg.propagate = False
    return lg

def main():
    logging.getLogger("s1app").setLevel(logging.WARNING)
    logging.getLogger("s1app.module")
    s1 = logging.getLogger("s1app.module.component")
    s1.addHandler(logging.NullHandler())
    def run_s1(n):
        for i in range(n): s1.debug("value %d", i)
    s2 = fresh("s2app.module.component"); s2.setLevel(logging.INFO)
    h = Discard(); h.setFormatter(logging.Formatter(FMT)); s2.addHandler(h)
    def run_s2(n):
        for i in range(n): s2.info("request %s took %d ms", "GET /index.html", i)
    d = tempfile.mkdtemp()
    try:
        s3 = fresh("s3app.module.component"); s3.setLevel(logging.INFO)
        fh = logging.FileHandler(os.path.join(d, "s3.log")); fh.setFormatter(logging.Formatter(FMT)); s3.addHandler(fh)
        def run_s3(n):
            for i in range(n): s3.info("request %s took %d ms", "GET /index.html", i)
        s5 = fresh("s5app.module.component"); s5.setLevel(logging.INFO)
        rh = logging.handlers.RotatingFileHandler(os.path.join(d, "s5.log"), maxBytes=1024 * 1024, backupCount=5)
        rh.setFormatter(logging.Formatter(FMT)); s5.addHandler(rh)
        def run_s5(n):
            for i in range(n): s5.info("request %s took %d ms", "GET /index.html", i)
        if jsonlogger is not None:
            s8 = fresh("s8app.module.component"); s8.setLevel(logging.INFO)
            jh = logging.FileHandler(os.path.join(d, "s8.log")); jh.setFormatter(jsonlogger.JsonFormatter(FMT)); s8.addHandler(jh)
            def run_s8(n):
                for i in range(n): s8.info("request %s took %d ms", "GET /index.html", i, extra={"Path": "GET /index.html", "Ms": i})
        print("CPython %s" % sys.version.split()[0])
        print("S1 disabled       %10.1f ns" % per_call(1_000_000, run_s1))
        print("S2 enabled, null  %10.1f ns" % per_call(100_000, run_s2))
        print("S3 file, safe     %10.1f ns" % per_call(100_000, run_s3))
        print("S5 rotating       %10.1f ns" % per_call(100_000, run_s5))
        if jsonlogger is not None:
            print("S8 JSON lines     %10.1f ns" % per_call(100_000, run_s8))
        else:
            print("S8 JSON lines     (python-json-logger not installed)")
        fh.close(); rh.close()
    finally:
        shutil.rmtree(d)

main()
