#!/usr/bin/env bash
# bench/run.sh — Ferry against its peers, side by side on loopback, in interleaved rounds (A B C A B C ...).
# Each round starts each server fresh, runs the same FtpBench workloads against it and stops it; the table
# at the end shows medians [min-max] and Ferry's ratio to the best peer (ferry-inplace: Ferry's STOR with
# --atomic-uploads false, no fsync before the rename, as the peers store). Then, once per run: FTPS throughput
# (curl, explicit TLS, PROT P) against the peers that speak it, the scaling curve of Ferry (10 to 10,000
# sessions), and the machine's limits (raw loopback TCP, sendfile file->socket).
#
# Usage: bench/run.sh [-s "ferry vsftpd pureftpd proftpd pyftpdlib apache"] [-r ROUNDS] [-o OUTDIR] [--quick]
#                     [--only retr,stor,conc,churn,list]   (those passive workloads alone: no idle, active,
#                                                           FTPS, scaling curve or machine limits)
# Set-up first (root, once): bench/setup.sh. Not part of the test command: about 30 minutes for 3 rounds.
# ProFTPD is never the best peer on any workload here (see BENCHMARKS.md), so it runs only when named in -s.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
. "$repo/scripts/find-java.sh"
ferry_find_jdk
JAVA="$JAVA_HOME/bin/java"
WORK="${BENCH_WORK:-/tmp/ferry-bench}"
FTPROOT=/srv/ftpbench; FTPUSER=benchuser; FTPPASS=benchpass
PUREFTPD="$WORK/root/pureftpd/usr/sbin/pure-ftpd"; PROFTPD="$WORK/root/proftpd/usr/sbin/proftpd"
VSFTPD=/usr/sbin/vsftpd; PYTHON=/usr/bin/python3
PASV=30000-30999
SERVERS="ferry vsftpd pureftpd pyftpdlib apache"
ROUNDS=3
OUT="$here/results/$(date +%Y%m%d-%H%M%S)"
IDLE_ARGS="--tests idle --idle 5000"
PASV_ARGS="--tests retr,stor,conc,churn,list --conc 50,1000 --duration 4 --warmup 1 --reps 3"
PORT_ARGS="--mode port --tests retr,conc --conc 1000 --duration 4 --warmup 1 --reps 3"
STOR_ARGS="--tests stor --reps 3"
TLS_SERVERS="ferry vsftpd pureftpd"
ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    -s) SERVERS="$2"; shift 2;;
    -r) ROUNDS="$2"; shift 2;;
    -o) OUT="$2"; shift 2;;
    --quick) ROUNDS=1; IDLE_ARGS="--tests idle --idle 1000"
      PASV_ARGS="--tests retr,stor,conc,churn,list --conc 200 --duration 2 --warmup 1 --reps 1"
      PORT_ARGS="--mode port --tests retr,conc --conc 200 --duration 2 --warmup 1 --reps 1"; STOR_ARGS="--tests stor --reps 1"; shift;;
    --only) ONLY="$2"; shift 2;;
    -h|--help) sed -n 2,12p "$0"; exit 0;;
    *) echo "bench/run.sh: unknown argument $1" >&2; exit 2;;
  esac
done
if [ -n "$ONLY" ]; then
  PASV_ARGS=$(echo "$PASV_ARGS" | sed "s/--tests [^ ]*/--tests $ONLY/")
  IDLE_ARGS=""; PORT_ARGS=""; STOR_ARGS=""; TLS_SERVERS=""
fi
[ -s "$WORK/ferry-users.yml" ] && [ -s /srv/ftpbench/pub/big1g.bin ] || { echo "bench/run.sh: run bench/setup.sh first (as root)" >&2; exit 1; }
mkdir -p "$OUT" "$WORK/run"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
"$repo/ferry" --version >/dev/null || exit 1   # builds the jar now, not inside a timed start

port_of() { case "$1" in ferry) echo 21060;; vsftpd) echo 21010;; pureftpd) echo 21020;; proftpd) echo 21030;;
  pyftpdlib) echo 21040;; apache) echo 21050;; esac; }

# start_server NAME [idle|tls|inplace] -> prints the PID. Every server: 127.0.0.1, passive ports 30000-30999, the same user.
start_server() {
  local s="$1" variant="${2:-}" p; p=$(port_of "$s")
  local log="$WORK/run/$s.log"
  case "$s" in
    ferry)
      local opts=(--tls off)
      [ "$variant" = tls ] && opts=(--tls on --tls-cert "$WORK/tls.crt" --tls-key "$WORK/tls.key")
      # uploads written in place without the fsync before the rename, as the peers write them
      [ "$variant" = inplace ] && opts+=(--atomic-uploads false)
      # the launcher's own JVM settings; the per-address cap (default 50) raised as for the peers: all
      # clients come from 127.0.0.1
      "$repo/ferry" serve --bind 127.0.0.1 --port "$p" --users "$WORK/ferry-users.yml" --passive-ports "$PASV" \
        --max-sessions 20000 --max-sessions-per-address 20000 "${opts[@]}" >"$log" 2>&1 & ;;
    vsftpd)
      local tls=()
      [ "$variant" = tls ] && tls=(-ossl_enable=YES -orsa_cert_file="$WORK/tls.crt" -orsa_private_key_file="$WORK/tls.key"
        -oforce_local_logins_ssl=YES -oforce_local_data_ssl=YES -orequire_ssl_reuse=NO -ossl_ciphers=HIGH)
      "$VSFTPD" "$here/peers/vsftpd.conf" -olisten_port="$p" -opasv_min_port=30000 -opasv_max_port=30999 "${tls[@]}" >"$log" 2>&1 & ;;
    pureftpd)
      # -p caps users at half the passive range, so the idle run (no data connections) goes without it
      local range=(-p 30000:30999) tls=()
      [ "$variant" = idle ] && range=()
      [ "$variant" = tls ] && tls=(-Y 2 -2 "$WORK/tls.pem")
      "$PUREFTPD" -S "127.0.0.1,$p" "${range[@]}" -P 127.0.0.1 -c 20000 -C 20000 -l unix -E -H -L 20000:5 \
        -m 1000 -I 600 -4 "${tls[@]}" >"$log" 2>&1 & ;;
    proftpd)
      sed -e "s#RUNDIR#$WORK/run#g" -e "s#^Port .*#Port $p#" "$here/peers/proftpd.conf" >"$WORK/run/proftpd.conf"
      "$PROFTPD" -n -c "$WORK/run/proftpd.conf" >"$log" 2>&1 & ;;
    pyftpdlib)
      "$PYTHON" "$here/peers/pyftpd_server.py" "$p" "$PASV" "$FTPUSER" "$FTPPASS" "$FTPROOT" >"$log" 2>&1 & ;;
    apache)
      "$JAVA" -cp "$WORK/apache/lib/*" "$here/peers/ApacheFtpMain.java" "$p" "$PASV" "$FTPUSER" "$FTPPASS" "$FTPROOT" >"$log" 2>&1 & ;;
  esac
  local pid=$!
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && break
    sleep 0.1
  done
  sleep 0.5
  echo "$pid"
}

descendants() { local c; for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do echo "$c"; descendants "$c"; done; }

# Stops the server we started, and the session processes it forked, by PID.
stop_server() {
  local pid="$1" kids
  kids=$(descendants "$pid")
  kill "$pid" 2>/dev/null
  [ -n "$kids" ] && kill $kids 2>/dev/null
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" $kids 2>/dev/null
  wait "$pid" 2>/dev/null
  sleep 1
}

bench() { # name pid outfile args...
  local s="$1" pid="$2" out="$3"; shift 3
  "$JAVA" -Xss256k "$here/FtpBench.java" --host 127.0.0.1 --port "$(port_of "$s")" --user "$FTPUSER" --pass "$FTPPASS" \
    --pids "$(echo "$pid" $(descendants "$pid") | tr ' ' ',')" "$@" >"$out" 2>"$out.err"
}

RES="$OUT/results.tsv"; : >"$RES"
record() { grep -E '^[a-zA-Z0-9_]+=' "$3" | sed "s/^/$1\t$2\t/; s/=/\t/" >>"$RES"; }
echo "bench: results in $OUT"
for r in $(seq 1 "$ROUNDS"); do
  for s in $SERVERS; do
    echo "round $r: $s"
    if [ -n "$IDLE_ARGS" ]; then
      pid=$(start_server "$s" idle); bench "$s" "$pid" "$OUT/$s.r$r.idle" $IDLE_ARGS; stop_server "$pid"
      record "$r" "$s" "$OUT/$s.r$r.idle"
    fi
    pid=$(start_server "$s")
    bench "$s" "$pid" "$OUT/$s.r$r.pasv" $PASV_ARGS; record "$r" "$s" "$OUT/$s.r$r.pasv"
    if [ -n "$PORT_ARGS" ]; then
      bench "$s" "$pid" "$OUT/$s.r$r.port" $PORT_ARGS; record "$r" "$s" "$OUT/$s.r$r.port"
    fi
    stop_server "$pid"
    if [ "$s" = ferry ] && [ -n "$STOR_ARGS" ]; then
      pid=$(start_server ferry inplace)
      bench ferry "$pid" "$OUT/ferry-inplace.r$r.stor" $STOR_ARGS; record "$r" ferry-inplace "$OUT/ferry-inplace.r$r.stor"
      stop_server "$pid"
    fi
  done
done

# FTPS: one 1 GiB download and one upload per server and round, by curl (OpenSSL), explicit TLS with PROT P
for r in $(seq 1 "$ROUNDS"); do
  for s in $TLS_SERVERS; do
    case " $SERVERS " in *" $s "*) ;; *) continue;; esac
    pid=$(start_server "$s" tls); p=$(port_of "$s")
    down=$(curl -s --ssl-reqd -k -o /dev/null -w '%{speed_download}' "ftp://$FTPUSER:$FTPPASS@127.0.0.1:$p/pub/big1g.bin")
    up=$(curl -s --ssl-reqd -k -T /srv/ftpbench/pub/big1g.bin -w '%{speed_upload}' "ftp://$FTPUSER:$FTPPASS@127.0.0.1:$p/upload/tls.bin")
    curl -s --ssl-reqd -k -Q "DELE upload/tls.bin" "ftp://$FTPUSER:$FTPPASS@127.0.0.1:$p/" -o /dev/null 2>/dev/null
    printf '%s\t%s\ttls_retr_MBps\t%s\n%s\t%s\ttls_stor_MBps\t%s\n' "$r" "$s" "$(echo "$down/1000000" | bc -l)" \
      "$r" "$s" "$(echo "$up/1000000" | bc -l)" >>"$RES"
    stop_server "$pid"
  done
done

if [ -n "$ONLY" ]; then
  "$PYTHON" "$here/table.py" "$RES" | tee "$OUT/table.txt"
  exit 0
fi

# Ferry's scaling curve: memory from 10 to 10,000 idle sessions, transfers/s from 10 to 1,000 clients
case " $SERVERS " in *" ferry "*)
  pid=$(start_server ferry idle)
  bench ferry "$pid" "$OUT/ferry.scale.idle" --tests idle --idle 10,100,1000,10000 --idle-open-concurrency 128
  stop_server "$pid"
  pid=$(start_server ferry)
  bench ferry "$pid" "$OUT/ferry.scale.conc" --tests conc --conc 10,100,1000 --duration 4 --warmup 1
  stop_server "$pid"
  grep -E '^[a-zA-Z0-9_]+=' "$OUT/ferry.scale.idle" "$OUT/ferry.scale.conc" | sed 's/^[^:]*://' >"$OUT/scale.txt";;
esac

"$JAVA" "$here/LoopLimit.java" >"$OUT/looplimit.txt" 2>&1
"$PYTHON" "$here/table.py" "$RES" "$OUT/looplimit.txt" | tee "$OUT/table.txt"
