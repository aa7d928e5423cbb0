#!/usr/bin/env bash
# Instructions and cycles per unary call, server and client apart, with perf stat (hardware
# counters), and optionally a perf record profile of each side. Valgrind 3.19 (Debian 12) cannot
# run these binaries: it rejects Swift 6.3's DWARF 5 and, with the debug info stripped, crashes in
# the async server, so this uses perf; `perf stat -e instructions true` tells whether it works.
#
#   Benchmarks/profile-rpc.sh [--record] KIND CONCURRENCY SIZE CALLS     e.g. vdl 64 4096 100000
#   Benchmarks/profile-rpc.sh --stream KIND COUNT SIZE                  e.g. --stream vdl 100000 16
#
# KIND is vdl, grpc or nio. The server runs under its own perf in a separate process; the
# client is RPCBenchmarks --external-server. A run with 0 calls is subtracted, so start-up and
# connection set-up do not count. Needs the release build of Benchmarks/run-rpc.sh. Output in
# $PROFILE_DIR (default /tmp/vdl-profile); with --record, read the profiles with e.g.
#   perf report -i /tmp/vdl-profile/server.data --children --stdio | swift demangle --simplified
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH="$BENCH_DIR/.build/release/RPCBenchmarks"
OUT="${PROFILE_DIR:-/tmp/vdl-profile}"
mkdir -p "$OUT"
[ -x "$BENCH" ] || { echo "build first: Benchmarks/run-rpc.sh (or swift build -c release --product RPCBenchmarks in Benchmarks/)"; exit 1; }
command -v perf >/dev/null || { echo "perf is missing (apt-get install linux-perf)"; exit 1; }

record=0; stream=0
while [ $# -gt 0 ]; do
    case "$1" in
        --record) record=1; shift ;;
        --stream) stream=1; shift ;;
        *) break ;;
    esac
done
KIND="${1:?KIND}"
if [ "$stream" = 1 ]; then
    COUNT="${2:?COUNT}"; SIZE="${3:?SIZE}"
else
    CONCURRENCY="${2:?CONCURRENCY}"; SIZE="${3:?SIZE}"; CALLS="${4:?CALLS}"
fi

# One side under perf: "stat" counts, "record" samples (call graphs through DWARF).
perf_cmd() {  # perf_cmd NAME -- COMMAND...
    local name="$1"; shift; shift
    if [ "$record" = 1 ]; then
        perf record -q -F 999 --call-graph dwarf,16384 -o "$OUT/$name.data" -- "$@"
    else
        perf stat -x, -e instructions,cycles,task-clock -o "$OUT/$name.stat" -- "$@"
    fi
}

# run TAG CLIENT-ARGUMENTS...: a server under perf, then a client under perf against it.
run() {
    local tag="$1"; shift
    rm -f "$OUT/in.$tag" && mkfifo "$OUT/in.$tag"
    exec 3<>"$OUT/in.$tag"
    perf_cmd "server.$tag" -- "$BENCH" serve "$KIND" --lifetime 900 <"$OUT/in.$tag" >"$OUT/server.$tag.out" 2>&1 3>&- &
    local server=$!
    for _ in $(seq 1 600); do grep -q LISTENING "$OUT/server.$tag.out" 2>/dev/null && break; sleep 0.1; done
    local port; port="$(grep -m1 LISTENING "$OUT/server.$tag.out" | cut -d' ' -f2)"
    perf_cmd "client.$tag" -- timeout 600 "$BENCH" --external-server "$KIND=$port" --systems "$KIND" --warmup 0 "$@" \
        >"$OUT/client.$tag.out" 2>&1 || echo "client failed: see $OUT/client.$tag.out"
    exec 3>&-
    wait "$server" || true
    rm -f "$OUT/in.$tag"
}

connect_only=(--only unary --concurrency 1 --sizes 16 --rounds 1 --max-calls 0)
if [ "$stream" = 1 ]; then
    measured=(--only stream --stream-rounds 1 --streams "${COUNT}x${SIZE}")
    CALLS="$COUNT"; unit="message"
else
    measured=(--only unary --concurrency "$CONCURRENCY" --sizes "$SIZE" --rounds 1 --seconds 600 --max-calls "$CALLS")
    unit="call"
fi

counter() { grep ",$2," "$OUT/$1.stat" | head -1 | cut -d, -f1; }

if [ "$record" = 1 ]; then
    run run "${measured[@]}"
    echo "profiles: $OUT/server.run.data $OUT/client.run.data"
    exit 0
fi
run base "${connect_only[@]}"
run run "${measured[@]}"
for side in server client; do
    for event in instructions cycles; do
        base=$(counter "$side.base" "$event"); total=$(counter "$side.run" "$event")
        if [ -n "$base" ] && [ -n "$total" ]; then
            echo "$KIND $side: $(( (total - base) / CALLS )) $event per $unit ($(( total - base )) for $CALLS)"
        fi
    done
done
grep '^|' "$OUT/client.run.out" | sed -n 3p || true
