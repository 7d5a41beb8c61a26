#!/usr/bin/python3
"""Oversized and malformed requests are refused with 4xx and change
nothing; the server keeps serving."""
import socket
import sys
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from cuppahttp import Server, check, done, people, SLUG

srv = Server()
c = srv.client()
tok = c.csrf("/p/" + SLUG)
hdr = {"Content-Type": "application/x-www-form-urlencoded"}

r = c.request("POST", "/p/" + SLUG, "csrf=%s&name=%%zz&email=a%%40b.org" % tok, hdr)
check(r.status == 400, "bad percent-encoding: 400")
r = c.request("POST", "/p/" + SLUG, b"csrf=" + tok.encode() + b"&name=\xff\xfe", hdr)
check(r.status == 400, "invalid UTF-8: 400")
r = c.request("POST", "/p/" + SLUG, "csrf=%s&name=a%%00b" % tok, hdr)
check(r.status == 400, "NUL byte: 400")
r = c.request("POST", "/p/" + SLUG, "&".join("f%d=x" % i for i in range(1000)), hdr)
check(r.status == 400, "too many fields: 400")
r = c.request("POST", "/p/" + SLUG, "csrf=" + tok + "&name=" + "x" * (2 << 20), hdr)
check(r.status == 413, "2 MiB form: 413")
big = "x" * (9 << 20)
r = c.request("POST", "/admin/login", big, hdr)
check(r.status == 413, "9 MiB body: 413")
r = c.request("POST", "/p/" + SLUG, "{}", {"Content-Type": "application/json"})
check(r.status == 400, "JSON to a form: 400")
r = c.request("POST", "/p/" + SLUG, "x", {"Content-Type": "multipart/form-data; boundary=zz"})
check(r.status == 400, "multipart where not allowed: 400")
r = c.request("DELETE", "/p/" + SLUG)
check(r.status == 405, "DELETE: 405")
r = c.get("/../../etc/passwd")
check(r.status == 404, "path traversal: 404")
r = c.get("/p/" + "a" * 5000)
check(r.status in (404, 414, 431), "very long URL refused (%d)" % r.status)
r = srv.api("GET", "/api/v1/programmes/%s/rounds/abc" % SLUG)
check(r.status == 404, "non-numeric round: 404")
r = srv.api("POST", "/api/v1/programmes", "[1,2]")
check(r.status == 400 and r.json["error"]["code"] == "invalid", "JSON array body: 400")
r = srv.api("POST", "/api/v1/programmes", {"name": 5})
check(r.status == 400 and r.json["error"]["field"] == "name", "wrong JSON type names the field")
r = srv.api("POST", "/api/v1/programmes", b'{"name": "\xff"}')
check(r.status == 400, "invalid UTF-8 JSON: 400")

# Raw garbage on the socket, and a slow client, do not hurt.
s = socket.create_connection(("127.0.0.1", srv.port))
s.sendall(b"\x00\x01garbage\r\n\r\n")
s.settimeout(5)
try:
    data = s.recv(100)
except OSError:
    data = b""
s.close()
check(data == b"" or data.startswith(b"HTTP/1.1 4"), "garbage request: 4xx or closed")
s = socket.create_connection(("127.0.0.1", srv.port))
s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"y" * 100000 + b"\r\n\r\n")
s.settimeout(5)
try:
    data = s.recv(100)
except OSError:
    data = b""
s.close()
check(data == b"" or data.startswith(b"HTTP/1.1 4"), "huge header: 4xx or closed")

check(people(srv) == [], "nothing was stored")
r = c.get("/p/" + SLUG)
check(r.status == 200, "server still serves")
check(srv.stop() == 0, "clean shutdown")
srv.cleanup()
done()
