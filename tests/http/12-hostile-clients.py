#!/usr/bin/python3
"""The server stays up for everyone under hostile clients (loopback only,
bounded in count and time):
  - a slow-client attack: 1,100 connections from one address (127.0.0.2)
    each sending a header line every 2 s, while a visitor from another
    address (127.0.0.1) keeps getting the sign-up page within 100 ms; the
    attacker holds at most --max-per-address connections, and every one
    is closed within the request deadline however it trickles;
  - a Content-Length of 1 GB with 10 bytes sent is answered 413 at once;
  - beyond --max-connections a request is answered 503 and the server
    serves again when connections go."""
import select
import socket
import sys
import threading
import time
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from cuppahttp import Server, SLUG, check, done

ATTACKERS = 1100          # the attack: more than MHD's old limit
TRICKLE_S = 2.0           # one header line per connection every 2 s
DEADLINE_S = 10           # serve's default --request-timeout
PAGE = "/p/" + SLUG


def visit(port, path=PAGE, timeout=5.0):
    """One visitor's GET on a fresh connection: (status, seconds)."""
    t0 = time.monotonic()
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                   % path).encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    finally:
        s.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, time.monotonic() - t0


def open_from(addr, port, n):
    """n idle connections from source address addr (loopback)."""
    socks = []
    for _ in range(n):
        s = socket.socket()
        s.bind((addr, 0))
        s.settimeout(5)
        s.connect(("127.0.0.1", port))
        socks.append(s)
    return socks


def closed_by_server(s):
    """True when the server has closed s (EOF or reset), without blocking."""
    try:
        p = select.poll()
        p.register(s, select.POLLIN)
        if not p.poll(0):
            return False
        return s.recv(1) == b""
    except OSError:
        return True


srv = Server()
port = srv.port
for _ in range(3):  # warm up
    visit(port)

# ---- slow clients ----
socks, state = [], {"stop": False, "sent": 0}
t_open = time.monotonic()
for _ in range(ATTACKERS):
    s = socket.socket()
    s.bind(("127.0.0.2", 0))
    s.setblocking(False)
    try:
        s.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    socks.append(s)


def trickle():
    line = 0
    while not state["stop"]:
        for s in socks:
            try:
                s.send(b"GET / HTTP/1.1\r\n" if line == 0 else
                       b"X-Slow-%d: x\r\n" % line)
            except OSError:
                pass
        line += 1
        state["sent"] = line
        time.sleep(TRICKLE_S)


attacker = threading.Thread(target=trickle, daemon=True)
attacker.start()
time.sleep(1.0)
held = sum(not closed_by_server(s) for s in socks)
check(held <= 64, "the attacking address holds at most 64 connections (%d)" % held)

lat, bad = [], 0
end = t_open + DEADLINE_S + 3
while time.monotonic() < end:
    try:
        st, dt = visit(port)
    except OSError:
        st, dt = 0, 5.0
    bad += st != 200
    lat.append(dt)
    time.sleep(0.05)
state["stop"] = True
attacker.join()
lat.sort()
check(bad == 0, "every visit during the attack answered 200 (%d failed)" % bad)
check(lat and lat[-1] < 0.100,
      "%d visits during the attack, slowest %.1f ms, median %.1f ms (< 100 ms)"
      % (len(lat), lat[-1] * 1000 if lat else 0, lat[len(lat) // 2] * 1000 if lat else 0))
still = sum(not closed_by_server(s) for s in socks)
check(still == 0, "all trickling connections closed by the %d s deadline (%d open after %.0f s, %d lines each)"
      % (DEADLINE_S, still, time.monotonic() - t_open, state["sent"]))
for s in socks:
    s.close()

# ---- 1 GB announced, 10 bytes sent: 413 at once ----
s = socket.create_connection(("127.0.0.1", port), timeout=5)
t0 = time.monotonic()
s.sendall(("POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/"
           "x-www-form-urlencoded\r\nContent-Length: 1000000000\r\n\r\n"
           "csrf=xxxxx" % PAGE).encode())
try:
    head = s.recv(4096)
except OSError:
    head = b""
dt = time.monotonic() - t0
s.close()
check(head.startswith(b"HTTP/1.1 413"), "1 GB Content-Length: %r" % head[:40])
check(dt < 2.0, "answered without waiting for the body (%.2f s)" % dt)
check(visit(port)[0] == 200, "the server still serves")
srv.cleanup()

# ---- the total limit: 503 beyond it, then service again ----
srv = Server(args=["--max-connections", "20", "--max-per-address", "8"])
port = srv.port
idle = (open_from("127.0.0.3", port, 8) + open_from("127.0.0.4", port, 8)
        + open_from("127.0.0.5", port, 4))
time.sleep(0.3)
st, _ = visit(port)
check(st == 503, "beyond --max-connections 20: 503 (%d)" % st)
s = socket.create_connection(("127.0.0.1", port), timeout=5)
s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\nAccept-Language: cy\r\n"
           "Connection: close\r\n\r\n" % PAGE).encode())
busy = b""
try:
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        busy += chunk
except OSError:
    pass
s.close()
check(busy.startswith(b"HTTP/1.1 503") and "Mae'r gwasanaeth yn brysur" in busy.decode("utf-8", "replace"),
      "the busy 503 in the reader's language (Welsh): %r" % busy[-80:])
more = open_from("127.0.0.6", port, 9)
time.sleep(0.3)
check(closed_by_server(more[-1]) and not closed_by_server(more[0]),
      "the 9th connection from one address is refused, the 1st kept")
for s in idle + more:
    s.close()
time.sleep(0.5)
st, _ = visit(port)
check(st == 200, "once they go, the server serves again (%d)" % st)
srv.cleanup()
done()
