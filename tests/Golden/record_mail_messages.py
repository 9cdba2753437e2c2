#!/usr/bin/env python3
"""Records the e-mail CPython 3.13's SMTPHandler sends (EmailMessage: From, To, Subject, Date, set_content of
the formatted record), for FuncLog's tests: a generated corpus of bodies — short and long lines, ASCII and
not, '=' and whitespace at the places quoted-printable breaks lines, line ends of every kind — and subjects.

Run with CPython 3.13:  PYENV_VERSION=3.13.0 python3.13 tests/Golden/record_mail_messages.py
It writes tests/Golden/mail_messages.json (the message as BytesGenerator flattens it, with "\\n" line ends
and the Date of the case); the suite replays it without Python.
"""
import datetime, email.generator, io, json, os, random, sys
from email.message import EmailMessage

assert sys.version_info[:2] == (3, 13), "record with CPython 3.13"

rng = random.Random(112526)
DATE = datetime.datetime(2025, 6, 1, 10, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
PIECES = ["x", "y" * 10, "=", " ", "\t", "é", "€", "😀", "a=b", "end ", ".", "-" * 30, "Größe", "  "]

def line():
    n = rng.choice([0, 1, 5, 20, 40, 76, 77, 78, 79, 80, 120, 160, 250])
    s = ""
    while len(s) < n:
        s += rng.choice(PIECES)
    return s[:n] if rng.random() < 0.7 else s

def body():
    sep = rng.choice(["\n", "\n", "\r\n", "\r"])
    text = sep.join(line() for _ in range(rng.randint(1, 14)))
    return text + (sep if rng.random() < 0.3 else "")

def build(subject, text):
    msg = EmailMessage()
    msg["From"] = "app@example.org"
    msg["To"] = ",".join(["ops@example.org", "dev@example.org"])
    msg["Subject"] = subject
    msg["Date"] = DATE
    msg.set_content(text)
    b = io.BytesIO()
    email.generator.BytesGenerator(b).flatten(msg, linesep="\n")
    return b.getvalue().decode("utf-8")

fixed = ["short", "caf\u00e9", "x" * 100, ("y" * 90 + "\n") * 12, "\u00e9" * 100, "line1\nline2 with trailing space \n",
         "", "a" * 77 + " ", "a" * 78 + " ", "a" * 79 + "\t", "b" * 76 + "=c" * 3, "\r\n".join(["z" * 85] * 3)]
cases = []
for text in fixed + [body() for _ in range(300)]:
    subject = rng.choice(["Disk full", "Fehler: Größe überschritten", "emoji 😀 alert", "A" * 90])
    cases.append({"subject": subject, "body": text, "message": build(subject, text)})

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mail_messages.json")
with open(out, "w", encoding="utf-8") as f:
    json.dump({"date": DATE.isoformat(), "cases": cases}, f, indent=0, ensure_ascii=False)
    f.write("\n")
print(out, len(cases), "cases")
