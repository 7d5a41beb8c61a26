#!/usr/bin/python3
"""The README's examples run exactly as written (journey 5).

Takes every ```sh block of the README's "Using cuppa" section (up to
"Decisions"), in order, and runs them as one bash script with `set -e`
from the repository root: the blocks themselves build cuppa, put
build/cuppa on PATH (so they work before `make install`), move to a fresh
directory and write their own files.  Two commands run until stopped,
`cuppa serve` and `cuppa mail run`; a `cuppa` shell function (the only
thing the test adds) starts those for three seconds and requires that
they were still running (exit 124), and runs every command with the
ASan+UBSan build when CUPPA_SAN_BIN is set, after checking that `cuppa`
on PATH is the repository's build/cuppa.  Blocks that install system-wide
(a line starting with sudo) are not run.
"""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from cuppatest import ROOT, check, finish  # noqa: E402

readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
section = readme[readme.index("## Using cuppa"):readme.index("## Decisions")]
blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
# A block that installs system-wide (sudo make install, systemctl) is the
# one thing not run here: a test must not change the machine.
system = [b for b in blocks if re.search(r"^\s*sudo ", b, re.M)]
blocks = [b for b in blocks if b not in system]
print("not run (system-wide install): %d block(s)" % len(system))
check(len(blocks) >= 6, "found %d sh blocks in 'Using cuppa'" % len(blocks))
check(any("people set leeds-coffee-trial ann@x.org --status paused" in b
          for b in blocks), "the pause-then-outcome example is there")

prelude = r'''
set -euo pipefail
SAN=${CUPPA_SAN_BIN:-}
cuppa() {
  local real
  real=$(type -P cuppa) || { echo "cuppa is not on PATH" >&2; return 1; }
  [[ $real == "$CUPPA_ROOT/build/cuppa" ]] || { echo "cuppa on PATH is $real" >&2; return 1; }
  [[ -n $SAN && -x $SAN ]] && real=$SAN
  if [[ ${1:-} == serve || "${1:-} ${2:-}" == "mail run" ]]; then
    local rc=0
    timeout 3 "$real" "$@" > long-running.log 2>&1 || rc=$?
    [[ $rc -eq 124 ]] || { echo "cuppa $*: exited $rc, not still running" >&2; cat long-running.log >&2; return 1; }
    echo "README: cuppa $1 ${2:-} ran for 3 s (stopped by the test)"
    return 0
  fi
  "$real" "$@"
}
'''
tmp = tempfile.mkdtemp(prefix="cuppa-readme-")
env = dict(os.environ, CUPPA_ROOT=ROOT, TMPDIR=tmp)
for k in ("CUPPA_DB", "CUPPA_NOW", "CUPPA_SMTP_URL", "CUPPA_KEYS_FILE"):
    env.pop(k, None)
script = prelude + "\n".join("# ---- block %d\n%s" % (i + 1, b)
                             for i, b in enumerate(blocks))
script += '\necho "README-DONE in $PWD"\n'
p = subprocess.run(["bash", "-c", script], cwd=ROOT, env=env,
                   capture_output=True, text=True, timeout=600)
out = p.stdout + p.stderr
check(p.returncode == 0 and "README-DONE" in p.stdout,
      "every example ran (exit %d)\n%s" % (p.returncode, out[-3000:]))
check('"met"' in p.stdout or "met" in p.stdout, "stats printed")
check("Organisers see" in p.stdout or "admin grant" in p.stdout,
      "programme add says how to grant an organiser")
work = re.search(r"README-DONE in (\S+)", p.stdout)
if work:
    d = work.group(1)
    for f in ("cuppa.db", "people-export.csv", "cards.html", "network.svg",
              "report.html"):
        check(os.path.exists(os.path.join(d, f)), "the examples made " + f)
    check(d.startswith(tmp), "the examples worked in their own directory")
subprocess.run(["rm", "-rf", tmp])
finish()
