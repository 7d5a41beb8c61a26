#!/usr/bin/python3
"""make install lays out the files (binary, man page, unit, example
configuration) under DESTDIR and PREFIX, make uninstall removes them but
the administrator's configuration; the example configuration passes
`config check`; systemd-analyze verifies the unit (with its man page);
and `cuppa serve` speaks the sd_notify protocol: READY=1 when listening,
RELOADING=1 then READY=1 on SIGHUP, STOPPING=1 on SIGTERM."""
import os, re, shutil, signal, socket, subprocess, sys, tempfile, time

ROOT = os.environ.get("CUPPA_ROOT") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
SAN = os.environ.get("CUPPA_SAN_BIN") or os.path.join(ROOT, "build", "cuppa")
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


tmp = tempfile.mkdtemp(prefix="cuppa-install-")
try:
    stage = os.path.join(tmp, "stage")
    r = subprocess.run(["make", "-s", "-C", ROOT, "install", "DESTDIR=" + stage,
                        "PREFIX=/usr"], capture_output=True, text=True)
    check(r.returncode == 0, "make install DESTDIR=... PREFIX=/usr (%s)" % r.stderr.strip())
    files = {"usr/bin/cuppa": 0o755, "usr/share/man/man1/cuppa.1": 0o644,
             "usr/lib/systemd/system/cuppa.service": 0o644,
             "usr/share/doc/cuppa/cuppa.conf.example": 0o644,
             "etc/cuppa/cuppa.conf": 0o640}
    for f, mode in files.items():
        p = os.path.join(stage, f)
        check(os.path.isfile(p) and (os.stat(p).st_mode & 0o777) == mode,
              "installed %s mode %o" % (f, mode))
    unit = open(os.path.join(stage, "usr/lib/systemd/system/cuppa.service")).read()
    check("ExecStart=/usr/bin/cuppa serve" in unit and "@BINDIR@" not in unit,
          "the unit runs the installed binary")
    for d in ("Type=notify", "StateDirectory=cuppa", "User=cuppa",
              "ProtectSystem=strict", "NoNewPrivileges=yes", "PrivateTmp=yes",
              "SystemCallFilter=", "MemoryDenyWriteExecute=yes"):
        check(d in unit, "the unit has " + d)
    r = subprocess.run([os.path.join(stage, "usr/bin/cuppa"), "--config",
                        os.path.join(stage, "etc/cuppa/cuppa.conf"), "config", "check"],
                       capture_output=True, text=True)
    check(r.returncode == 0 and "/var/lib/cuppa/cuppa.db" in r.stdout,
          "the example configuration passes config check")

    # systemd-analyze verify: the unit with its binary and man page staged.
    udir = os.path.join(tmp, "units")
    os.makedirs(udir)
    with open(os.path.join(udir, "cuppa.service"), "w") as f:
        f.write(unit.replace("/usr/bin/cuppa", os.path.join(stage, "usr/bin/cuppa")))
    r = subprocess.run(["systemd-analyze", "verify", os.path.join(udir, "cuppa.service")],
                       capture_output=True, text=True,
                       env=dict(os.environ, MANPATH=os.path.join(stage, "usr/share/man")))
    check(r.returncode == 0 and not r.stderr.strip(),
          "systemd-analyze verify accepts the unit %s" % r.stderr.strip())
    r = subprocess.run(["systemd-analyze", "security", "--offline=true",
                        os.path.join(udir, "cuppa.service")], capture_output=True, text=True)
    m = re.search(r"Overall exposure level for cuppa.service: ([0-9.]+)", r.stdout)
    check(m and float(m.group(1)) <= 2.0,
          "systemd-analyze security: exposure %s (at most 2.0)" % (m and m.group(1)))

    # A second install keeps the administrator's configuration.
    conf = os.path.join(stage, "etc/cuppa/cuppa.conf")
    with open(conf, "a") as f:
        f.write("threads = 3\n")
    subprocess.run(["make", "-s", "-C", ROOT, "install", "DESTDIR=" + stage, "PREFIX=/usr"],
                   capture_output=True)
    check("threads = 3" in open(conf).read(), "reinstalling keeps cuppa.conf")
    r = subprocess.run(["make", "-s", "-C", ROOT, "uninstall", "DESTDIR=" + stage,
                        "PREFIX=/usr"], capture_output=True, text=True)
    left = sorted(os.path.relpath(os.path.join(d, f), stage)
                  for d, _, fs in os.walk(stage) for f in fs)
    check(r.returncode == 0 and left == ["etc/cuppa/cuppa.conf"],
          "make uninstall leaves only the configuration (%s)" % left)

    # sd_notify over a datagram socket, as systemd would listen.
    sock_path = os.path.join(tmp, "notify")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(sock_path)
    s.settimeout(30)
    env = dict(os.environ, NOTIFY_SOCKET=sock_path)
    env.pop("CUPPA_CONFIG", None)
    db = os.path.join(tmp, "n.db")
    p = subprocess.Popen([SAN, "--db", db, "serve", "--listen", "127.0.0.1:0", "--quiet"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    got = []
    try:
        got.append(s.recv(256).decode())
        p.send_signal(signal.SIGHUP)
        got.append(s.recv(256).decode())
        got.append(s.recv(256).decode())
        p.send_signal(signal.SIGTERM)
        got.append(s.recv(256).decode())
    except socket.timeout:
        pass
    rc = p.wait(30)
    err = p.stderr.read()
    check(got == ["READY=1", "RELOADING=1", "READY=1", "STOPPING=1"],
          "sd_notify: %s" % got)
    check(rc == 0 and "Sanitizer" not in err and "runtime error" not in err,
          "serve exits cleanly under the sanitizers (%d)" % rc)
finally:
    shutil.rmtree(tmp, ignore_errors=True)

if failures:
    print("%d failure(s)" % len(failures))
    sys.exit(1)
print("all passed")
