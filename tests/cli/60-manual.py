#!/usr/bin/python3
"""The manual page man/cuppa.1 and the program never disagree: for every
command `cuppa --help` lists, the page's section for it (.Ss NAME) names
exactly the options `cuppa NAME --help` names; the global options match
`cuppa --help`; every environment variable the source reads and every
configuration key `cuppa config check` prints is documented; and
`mandoc -T lint` and `man --warnings` find nothing.  Generic: a new
command or option fails here until the page describes it."""
import os, re, subprocess, sys

ROOT = os.environ.get("CUPPA_ROOT") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("CUPPA_SAN_BIN") or os.environ.get("CUPPA_BIN") or \
    os.path.join(ROOT, "build", "cuppa")
PAGE = os.path.join(ROOT, "man", "cuppa.1")
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


OPT = re.compile(r"(?<![\w-])(--?[a-zA-Z][\w-]*)")
IMPLICIT = {"-h", "--help"}


def help_options(text):
    return set(OPT.findall(text)) - IMPLICIT


def page_sections(src):
    """{name: set of options} for each .Ss, plus '' for .Sh OPTIONS."""
    out, cur = {}, None
    for line in src.splitlines():
        if line.startswith(".Sh "):
            cur = "" if line.strip() == ".Sh OPTIONS" else None
            if cur is not None:
                out[cur] = set()
            continue
        if line.startswith(".Ss "):
            cur = line[4:].strip()
            out[cur] = set()
            continue
        if cur is None or not line.startswith("."):
            continue
        words = line[1:].split()
        for i, w in enumerate(words[:-1]):
            if w == "Fl":
                out[cur].add("-" + words[i + 1])
    return {k: v - IMPLICIT for k, v in out.items()}


env = dict(os.environ)
env.pop("CUPPA_CONFIG", None)
src = open(PAGE).read()
sections = page_sections(src)
top = subprocess.run([BIN, "--help"], capture_output=True, text=True, env=env).stdout
commands = re.findall(r"^  (\S+)\s", top, re.M)
check(len(commands) >= 15, "cuppa --help lists %d commands" % len(commands))
check(sections.get("") == help_options(top),
      "global options: page %s, --help %s" % (sorted(sections.get("", ())),
                                             sorted(help_options(top))))
for c in commands:
    h = subprocess.run([BIN, c, "--help"], capture_output=True, text=True, env=env)
    want = help_options(h.stdout)
    got = sections.get(c)
    if got is None:
        check(False, "the page has a section for `%s` (.Ss %s)" % (c, c))
        continue
    check(got == want, "%s: options agree%s" % (
        c, "" if got == want else " (only in --help: %s; only on the page: %s)"
        % (sorted(want - got), sorted(got - want))))
extra = set(sections) - set(commands) - {""}
check(not extra, "no section for a command that does not exist (%s)" % sorted(extra))

# Environment variables read anywhere in the source, and configuration keys.
names = set()
for d, _, files in os.walk(os.path.join(ROOT, "src")):
    for f in files:
        if f.endswith(".c"):
            names |= set(re.findall(r'getenv\("([A-Z_]+)"\)', open(os.path.join(d, f)).read()))
for n in sorted(names):
    check(re.search(r"\bEv %s\b" % n, src) is not None, "environment: %s documented" % n)
cfg = subprocess.run([BIN, "--db", "/nonexistent.db", "config", "check"],
                     capture_output=True, text=True, env=env)
keys = re.findall(r"^([a-z_]+)\s+=", cfg.stdout, re.M)
check(len(keys) >= 10, "config check prints %d keys" % len(keys))
for k in keys:
    check(re.search(r"^\.It %s Ta Ev CUPPA_" % k, src, re.M) is not None,
          "configuration key %s documented with its variable" % k)

lint = subprocess.run(["mandoc", "-T", "lint", "-W", "warning", PAGE],
                      capture_output=True, text=True)
check(lint.returncode == 0 and not lint.stdout.strip() and not lint.stderr.strip(),
      "mandoc -T lint: clean %s" % (lint.stdout + lint.stderr).strip())
man = subprocess.run(["man", "--warnings", "-l", PAGE], capture_output=True,
                     text=True, env=dict(env, MANWIDTH="80", MANPAGER="cat", PAGER="cat"))
check(man.returncode == 0 and not man.stderr.strip() and "cuppa serve" in man.stdout,
      "man -l renders it without warnings %s" % man.stderr.strip())

if failures:
    print("%d failure(s)" % len(failures))
    sys.exit(1)
print("all passed")
