#!/usr/bin/env bash
# A Spark standalone master and two workers on 127.0.0.1 for the tests
# (STORYFOLD_SPARK_MASTER=spark://127.0.0.1:7077), stopped by the PIDs recorded at start.
#
#   scripts/ci/spark.sh start    # needs pyspark in $PYTHON (default .venv/bin/python)
#   scripts/ci/spark.sh stop
#
# Spark comes from the pyspark package (the `spark` extra); Java 17 must be on PATH
# (installed here with apt-get when missing). PID files and logs live in $SPARK_CI_DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON=${PYTHON:-.venv/bin/python}
SPARK_CI_DIR=${SPARK_CI_DIR:-${TMPDIR:-/tmp}/storyfold-ci-spark}
PORT=${SPARK_MASTER_PORT:-7077}
MASTER="spark://127.0.0.1:$PORT"

start() {
    if ! command -v java >/dev/null; then
        apt-get update && apt-get install -y openjdk-17-jre-headless
    fi
    if [ -e "$SPARK_CI_DIR/master.pid" ]; then
        echo "spark.sh: $SPARK_CI_DIR/master.pid exists; run stop first" >&2
        exit 1
    fi
    local home
    home=$("$PYTHON" -c 'import pyspark,os;print(os.path.dirname(pyspark.__file__))')
    mkdir -p "$SPARK_CI_DIR"
    export SPARK_HOME="$home" SPARK_LOCAL_IP=127.0.0.1 SPARK_LOG_DIR="$SPARK_CI_DIR"
    # The daemons themselves need little memory; executors get theirs from the workers.
    export SPARK_DAEMON_MEMORY=512m
    # spark-class execs java, so $! is the JVM's PID.
    "$home/bin/spark-class" org.apache.spark.deploy.master.Master --host 127.0.0.1 \
        --port "$PORT" --webui-port "${SPARK_MASTER_WEBUI_PORT:-8080}" \
        >"$SPARK_CI_DIR/master.log" 2>&1 &
    echo $! >"$SPARK_CI_DIR/master.pid"
    wait_for "$SPARK_CI_DIR/master.log" "I have been elected leader" 1
    for n in 1 2; do
        "$home/bin/spark-class" org.apache.spark.deploy.worker.Worker "$MASTER" \
            --host 127.0.0.1 --cores 1 --memory 2g --work-dir "$SPARK_CI_DIR/work$n" \
            >"$SPARK_CI_DIR/worker$n.log" 2>&1 &
        echo $! >"$SPARK_CI_DIR/worker$n.pid"
    done
    wait_for "$SPARK_CI_DIR/master.log" "Registering worker" 2
    echo "spark.sh: master and 2 workers at $MASTER (logs in $SPARK_CI_DIR)"
}

# Wait (up to 120 s) until `file` holds `count` lines matching `pattern`.
wait_for() {
    local file=$1 pattern=$2 count=$3
    for _ in $(seq 240); do
        if [ "$(grep -c "$pattern" "$file" 2>/dev/null || true)" -ge "$count" ]; then
            return 0
        fi
        sleep 0.5
    done
    echo "spark.sh: timed out waiting for '$pattern' in $file:" >&2
    tail -20 "$file" >&2 || true
    stop
    exit 1
}

stop() {
    local pidfile pid
    for pidfile in "$SPARK_CI_DIR"/worker1.pid "$SPARK_CI_DIR"/worker2.pid \
                   "$SPARK_CI_DIR"/master.pid; do
        [ -e "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 20); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$pidfile"
    done
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
