# CPython's SMTPHandler sending one record: python3.13 smtp_send.py PORT SUBJECT MESSAGE
import logging, logging.handlers, sys

h = logging.handlers.SMTPHandler(("127.0.0.1", int(sys.argv[1])), "app@example.org", ["ops@example.org"], sys.argv[2])
h.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
h.handle(logging.makeLogRecord({"msg": sys.argv[3], "levelname": "ERROR", "levelno": 40}))
