#!/usr/bin/python3
"""STARTTLS (smtp://...?starttls) and implicit TLS (smtps://) with SMTP
AUTH, against aiosmtpd with a throwaway self-signed certificate: mail
goes through with the right password, and with a wrong one nothing is
lost (the rows stay queued for later) and nothing is marked failed.
(aiosmtpd never answers a wrong AUTH PLAIN, so the bad login ends in
the client's timeout: CUPPA_SMTP_TIMEOUT=2 keeps that short.)"""
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailtest import Cuppa, Smtp, check, programme, publish, tmpdir

d = tmpdir()
cert, key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key, "-out", cert, "-days", "2", "-subj",
                "/CN=localhost"], check=True, capture_output=True)
tls = ["--cert", cert, "--key", key, "--auth", "cuppa:s3cret"]

starttls = Smtp(d, extra=tls).start()
implicit = Smtp(d, extra=tls + ["--implicit-tls"]).start()
c = Cuppa(d, None, CUPPA_SMTP_INSECURE=1, CUPPA_SMTP_USER="cuppa",
          CUPPA_SMTP_TIMEOUT=2)
c.run("init")
slug = programme(c, 10)
publish(c, slug, 1)
# The imported people's welcomes stay unsent: the round was published
# first, so the introductions welcome them (tests/mail/42-welcome.py).
total = c.sql("SELECT COUNT(*) FROM mail_outbox WHERE kind = 'intro'")[0][0]

url = "smtp://127.0.0.1:%d?starttls" % starttls.port
r = c.run("mail", "run", "--once", CUPPA_SMTP_URL=url,
          CUPPA_SMTP_PASSWORD="wrong")
check("sent 0" in r.stdout and "failed 0" in r.stdout, "bad login: " + r.stdout)
check(c.sql("SELECT COUNT(*) FROM mail_outbox WHERE state = 'queued'"
            " AND kind = 'intro'")[0][0]
      == total, "a bad login must keep every message queued")
check(starttls.count() == 0, "mail went through without a login")

# No login at all: the server answers 530 to MAIL FROM; that is the
# operator's problem, so nothing may be marked failed either.
c.sql("UPDATE mail_outbox SET due_at = 0")
r = c.run("mail", "run", "--once", CUPPA_SMTP_URL=url, CUPPA_SMTP_USER="")
check("sent 0" in r.stdout and "failed 0" in r.stdout, "no login: " + r.stdout)

# The rows that met the bad login wait for their backoff: make them due.
c.sql("UPDATE mail_outbox SET due_at = 0")
r = c.run("mail", "run", "--once", CUPPA_SMTP_URL=url,
          CUPPA_SMTP_PASSWORD="s3cret")
check("sent %d," % total in r.stdout, "STARTTLS + AUTH: " + r.stdout + r.stderr)
check(starttls.count() == total, "delivered %d of %d" % (starttls.count(), total))

# smtps:// for the next round's mail (welcome messages for new people).
c.sql("UPDATE mail_outbox SET state = 'queued', due_at = 0")
r = c.run("mail", "run", "--once",
          CUPPA_SMTP_URL="smtps://127.0.0.1:%d" % implicit.port,
          CUPPA_SMTP_PASSWORD="s3cret")
check("sent %d," % total in r.stdout, "smtps + AUTH: " + r.stdout + r.stderr)
check(implicit.count() == total, "smtps delivered %d" % implicit.count())
print("STARTTLS+AUTH and smtps+AUTH deliver; a wrong password loses nothing")
