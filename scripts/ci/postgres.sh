#!/usr/bin/env bash
# PostgreSQL 15 for the store's tests, on 127.0.0.1, started and stopped by its PID.
#   scripts/ci/postgres.sh start   # prints: export STORYFOLD_TEST_PG=postgresql://...
#   scripts/ci/postgres.sh stop
set -euo pipefail
BIN=/usr/lib/postgresql/15/bin
RUN=${STORYFOLD_PG_DIR:-${TMPDIR:-/tmp}/storyfold-pg}
PORT=${STORYFOLD_PG_PORT:-54329}

case "${1:-}" in
start)
  if [ ! -x "$BIN/postgres" ]; then
    sudo -n true 2>/dev/null && SUDO=sudo || SUDO=
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq postgresql-15 >/dev/null
  fi
  rm -rf "$RUN" && mkdir -p "$RUN"
  AS=()
  if [ "$(id -u)" = 0 ]; then  # initdb and postgres refuse to run as root
    chown postgres "$RUN"
    AS=(runuser -u postgres --)
  fi
  "${AS[@]}" "$BIN/initdb" -D "$RUN/data" -U storyfold --auth=trust >/dev/null
  "${AS[@]}" "$BIN/postgres" -D "$RUN/data" -h 127.0.0.1 -p "$PORT" -k "$RUN" >"$RUN/log" 2>&1 &
  echo $! >"$RUN/pid"
  for _ in $(seq 60); do
    "$BIN/pg_isready" -h 127.0.0.1 -p "$PORT" -q && break
    sleep 0.5
  done
  "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U storyfold storyfold_test
  echo "export STORYFOLD_TEST_PG=postgresql://storyfold@127.0.0.1:$PORT/storyfold_test"
  ;;
stop)
  # The postmaster's own PID (the one in $RUN/pid may be runuser's, which waits on it).
  for f in "$RUN/data/postmaster.pid" "$RUN/pid"; do
    [ -f "$f" ] && kill "$(head -1 "$f")" 2>/dev/null || true
  done
  rm -f "$RUN/pid"
  ;;
*)
  echo "usage: $0 start|stop" >&2
  exit 2
  ;;
esac
