#!/usr/bin/env bash
# A standalone Spark cluster on this machine's loopback, from the Spark jars of the Maven build (what a Spark
# distribution's sbin/start-master.sh and sbin/start-worker.sh start): a Master and WORKERS Workers, each its own JVM,
# with a SPARK_HOME holding only Spark's jars, so executors see none of Dante's classes unless the application sends them.
# Usage: bench/spark-cluster.sh start [WORKERS=1] [CORES_PER_WORKER=1] [MEMORY_PER_WORKER=2g]   (prints the master URL)
#        bench/spark-cluster.sh stop
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
dante_find_jdk
home=${SPARK_CLUSTER_HOME:-/tmp/dante-spark-cluster}
case "${1:-}" in
  start)
    workers=${2:-1}; cores=${3:-1}; memory=${4:-2g}
    ./dante train --engine spark --help > /dev/null                 # builds the spark module and its class path file
    rm -rf "$home" && mkdir -p "$home/jars" "$home/work"
    tr ':' '\n' < spark/target/runtime-classpath.txt | grep '\.jar$' | grep -v '/dev/dante/' | while read -r j; do ln -s "$j" "$home/jars/"; done
    echo "Spark (the jars of the Maven build)" > "$home/RELEASE"
    mapfile -t flags < <("$JAVA_HOME/bin/java" -cp "$(ls spark/target/dante-spark-*[0-9T].jar | head -n 1):$(cat spark/target/runtime-classpath.txt)" dante.spark.SparkSetup --jvm-flags)
    export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    nohup "$JAVA_HOME/bin/java" -Xmx512m -cp "$home/jars/*" "${flags[@]}" org.apache.spark.deploy.master.Master \
      --host 127.0.0.1 --port "$port" --webui-port 0 > "$home/master.log" 2>&1 &
    echo $! > "$home/pids"
    for _ in $(seq 1 300); do grep -q "I have been elected leader" "$home/master.log" && break; sleep 0.2; done
    for w in $(seq 1 "$workers"); do
      nohup "$JAVA_HOME/bin/java" -Xmx512m -cp "$home/jars/*" "${flags[@]}" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
        --cores "$cores" --memory "$memory" --webui-port 0 --work-dir "$home/work" "spark://127.0.0.1:$port" > "$home/worker-$w.log" 2>&1 &
      echo $! >> "$home/pids"
      for _ in $(seq 1 300); do grep -q "Successfully registered with master" "$home/worker-$w.log" && break; sleep 0.2; done
    done
    echo "spark://127.0.0.1:$port"
    ;;
  stop)
    [ -f "$home/pids" ] && while read -r p; do pkill -9 -P "$p" 2>/dev/null || true; kill -9 "$p" 2>/dev/null || true; done < "$home/pids"
    rm -rf "$home"
    ;;
  *) echo "usage: bench/spark-cluster.sh start [WORKERS] [CORES_PER_WORKER] [MEMORY_PER_WORKER] | stop" >&2; exit 2 ;;
esac
