# Records what CPython writes when an argument logs while its record is formatted (HandlerTests:
# A_record_whose_argument_logs_while_it_is_formatted_is_written_whole_as_CPython_writes_it).
# Run: PYENV_VERSION=3.13.0 python3.13 reentrant.py (in a scratch directory)
import logging, os
for f in ("same.log","other.log"):
    if os.path.exists(f): os.remove(f)
class Chatty:
    def __init__(s, log, text): s.log=log; s.text=text
    def __str__(s):
        s.log.info("inside %s", s.text); return s.text
fh=logging.FileHandler("same.log"); fh.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
other=logging.FileHandler("other.log")
outer=logging.getLogger("outer"); outer.addHandler(fh); outer.addHandler(other); outer.propagate=False; outer.setLevel(logging.INFO)
inner=logging.getLogger("inner"); inner.addHandler(fh); inner.propagate=False; inner.setLevel(logging.INFO)
io=logging.getLogger("innerOther"); io.addHandler(other); io.propagate=False; io.setLevel(logging.INFO)
outer.info("outer %s and %s", Chatty(inner,"first"), Chatty(io,"second"))
outer.info("next %d", 1)
fh.close(); other.close()
print(repr(open("same.log").read())); print(repr(open("other.log").read()))
