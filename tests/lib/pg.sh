# Sourced by test scripts: starts a throwaway PostgreSQL 15 cluster on
# 127.0.0.1 and a free port, sets PG_URL, and stops it on exit.
#   pg_start NAME   -> PG_URL=postgresql://postgres@127.0.0.1:PORT/NAME
PGBIN=/usr/lib/postgresql/15/bin

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_stop() {
  [[ -n "${PG_DIR:-}" && -d "$PG_DIR" ]] || return 0
  as_pg "$PGBIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}

pg_start() {
  local name=$1
  PG_DIR=$(mktemp -d /tmp/cuppa-pg-XXXXXX)
  chmod 755 "$PG_DIR"
  [[ $(id -u) -eq 0 ]] && chown postgres "$PG_DIR"
  PG_PORT=$(free_port)
  trap pg_stop EXIT
  as_pg "$PGBIN/initdb" -D "$PG_DIR/data" --auth=trust -U postgres >/dev/null || return 1
  as_pg "$PGBIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null || {
      cat "$PG_DIR/log" >&2; return 1; }
  as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$name" || return 1
  PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT/$name"
  export PG_URL
}
