#!/usr/bin/env python3
"""Records how CPython 3.13's email package folds a Subject header (what SMTPHandler sends), for FuncLog's
tests: a generated corpus of subjects — ASCII and non-ASCII words (Latin, CJK, emoji), words longer than a
line, runs of spaces and tabs, leading and trailing whitespace — each with the folded header
email.policy.default writes.

Run with CPython 3.13:  PYENV_VERSION=3.13.0 python3.13 tests/Golden/record_mail_headers.py
It writes tests/Golden/mail_headers.json; the suite replays it without Python.
"""
import email.policy, json, os, random, sys

assert sys.version_info[:2] == (3, 13), "record with CPython 3.13"

rng = random.Random(20261125)
ASCII = ["Disk", "full", "on", "db-01:", "ERROR", "the", "request", "/api/v1/orders", "(42)", "x=1;y=2", "a?b", "=?",
         "under_score", "quote\"d", "100%"]
NON_ASCII = ["Größe", "überschritten", "café", "naïve", "日本語", "中文", "😀", "émoji😀x", "Ünïcödé", "ß", "€5",
             "Привет", "ελληνικά"]
SPACES = [" ", " ", " ", "  ", "\t", " \t "]

def word():
    r = rng.random()
    if r < 0.45:
        return rng.choice(ASCII)
    if r < 0.85:
        return rng.choice(NON_ASCII)
    if r < 0.95:
        return rng.choice("abcxyz") * rng.randint(20, 95)         # longer than what is left of a line
    return "".join(rng.choice(NON_ASCII) for _ in range(rng.randint(3, 12)))  # a long non-ASCII run

def subject():
    n = rng.randint(1, 16)
    s = "".join(word() + rng.choice(SPACES) for _ in range(n))
    if rng.random() < 0.5:
        s = s.rstrip()
    if rng.random() < 0.1:
        s = rng.choice(SPACES) + s
    return s

cases = []
fixed = ["Disk full", "Fehler: Größe überschritten", "emoji 😀 alert", "A" * 30 + " " + "B" * 30 + " " + "C" * 30 + " end",
         "Ünïcödé " * 15, "plain words then ünïcode at the end", "x" * 100, "", " ", "a\tb"]
for s in fixed + [subject() for _ in range(800)]:
    h = email.policy.default.header_factory("Subject", s)
    cases.append({"subject": s, "folded": h.fold(policy=email.policy.default)})

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mail_headers.json")
with open(out, "w", encoding="utf-8") as f:
    json.dump(cases, f, indent=0, ensure_ascii=False)
    f.write("\n")
print(out, len(cases), "cases")
