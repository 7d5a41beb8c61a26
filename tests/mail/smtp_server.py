"""A test SMTP server on aiosmtpd with faults on demand (run with
/usr/bin/python3, not executable itself so scripts/test skips it).

  smtp_server.py --port P --dir MAILDIR [--reject ADDR]... [--sink]
                 [--cert PEM --key PEM [--implicit-tls]] [--auth USER:PASS]

--reject ADDR answers "550 5.1.1 mailbox unavailable" to RCPT TO:<ADDR>;
--tempfail ADDR:N answers "451 4.3.0 try again later" to its first N tries;
every other message is stored in MAILDIR (or dropped with --sink).
--cert/--key: STARTTLS required before MAIL (or, with --implicit-tls,
TLS from the first byte, as smtps://).  --auth: AUTH PLAIN/LOGIN with
these credentials required.
"""
import argparse
import asyncio
import mailbox
import signal
import ssl

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler(Mailbox):
    def __init__(self, path, reject, sink, tempfail=()):
        self.sink = sink
        self.reject = {r.lower() for r in reject}
        self.tempfail = {}
        for t in tempfail:
            addr, n = t.rsplit(":", 1)
            self.tempfail[addr.lower()] = int(n)
        if not sink:
            super().__init__(path)

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.lower() in self.reject:
            return "550 5.1.1 mailbox unavailable"
        if self.tempfail.get(address.lower(), 0) > 0:
            self.tempfail[address.lower()] -= 1
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def handle_message(self, message):
        if not self.sink:
            super().handle_message(message)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--reject", action="append", default=[])
    ap.add_argument("--sink", action="store_true")
    ap.add_argument("--tempfail", action="append", default=[])
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--implicit-tls", action="store_true")
    ap.add_argument("--auth")
    a = ap.parse_args()
    if not a.sink:
        mailbox.Maildir(a.dir, create=True)
    kw = {}
    if a.cert:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.cert, a.key)
        if a.implicit_tls:
            kw["ssl_context"] = ctx
        else:
            kw["tls_context"] = ctx
            kw["require_starttls"] = True
    if a.auth:
        user, pw = a.auth.encode().split(b":", 1)

        def check(server, session, envelope, mechanism, data):
            ok = (isinstance(data, LoginPassword) and data.login == user
                  and data.password == pw)
            return AuthResult(success=ok)
        kw["authenticator"] = check
        kw["auth_required"] = True
        # with implicit TLS the session is encrypted from the start
        kw["auth_require_tls"] = bool(a.cert) and not a.implicit_tls
    ctl = Controller(Handler(a.dir, a.reject, a.sink, a.tempfail), hostname="127.0.0.1",
                     port=a.port, server_hostname="localhost", **kw)
    ctl.start()
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for s in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(s, stop.set)
    loop.run_until_complete(stop.wait())
    ctl.stop()


if __name__ == "__main__":
    main()
