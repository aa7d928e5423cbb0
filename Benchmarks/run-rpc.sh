#!/usr/bin/env bash
# Builds and runs the runtime benchmark (Benchmarks/Sources/RPCBenchmarks) in release mode:
#   1. unary echo calls/s and p50/p99 latency at 1 and 64 concurrent calls, payloads 16 B and
#      4 KiB: swift-vdl (RPCServer/RPCClient) vs grpc-swift-2 (HTTP/2, plaintext) vs a raw
#      SwiftNIO length-prefixed echo (the floor);
#   2. server streaming, 100,000 x 16 B and 10,000 x 4 KiB: swift-vdl vs grpc-swift-2;
#   3. the codec: bench.Order encoded and decoded by VDLWire and by swift-protobuf;
#   4. server memory per idle connection (1,000 connections, RSS of the server process);
#   5. TLS (the security scenario): time, rate and CPU of a new connection's handshake plus its
#      first call (200 fresh clients each), unary calls/s over TLS at 1 and 64 concurrent calls,
#      swift-vdl (TLS 1.3 + blessings) vs grpc-swift-2 (TLS and mutual TLS), plaintext for
#      reference, and the cryptographic primitives behind them.
# Every server runs in its own process on 127.0.0.1; every case is bounded in count and time.
#
#   Benchmarks/run-rpc.sh [SCENARIO...] [BENCHMARK ARGUMENTS...]
#       e.g. Benchmarks/run-rpc.sh --rounds 5 --seconds 5
#            Benchmarks/run-rpc.sh tls                  (the TLS scenario alone, about 2.5 minutes)
#            Benchmarks/run-rpc.sh unary codec          (SCENARIO: unary, stream, codec, memory, tls)
#       (RPCBenchmarks --help lists the arguments)
#
# Environment: BUILD_TIMEOUT (seconds for the build, default 3000: a first build compiles gRPC,
# swift-nio-http2 and BoringSSL, about 11 minutes on 2 cores), RUN_TIMEOUT (default 900),
# BUILD_NICE (default 15: the build runs under nice; the benchmark itself does not).
# The report is printed and kept in Benchmarks/.build/rpc-results.md; each round's figures are in
# Benchmarks/.build/rpc-rounds.log.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
BUILD_TIMEOUT="${BUILD_TIMEOUT:-3000}"
RUN_TIMEOUT="${RUN_TIMEOUT:-900}"
BUILD_NICE="${BUILD_NICE:-15}"

# 1,000 client and 1,000 server sockets, plus the rest.
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 8192 ]; then
    ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fi

echo "== building RPCBenchmarks (release, $BENCH_DIR/.build)"
build_start=$(date +%s)
(cd "$BENCH_DIR" && timeout "$BUILD_TIMEOUT" nice -n "$BUILD_NICE" \
    swift build -c release --product RPCBenchmarks --scratch-path "$BENCH_DIR/.build")
build_seconds=$(( $(date +%s) - build_start ))
BENCH="$(cd "$BENCH_DIR" && swift build -c release --product RPCBenchmarks --scratch-path "$BENCH_DIR/.build" --show-bin-path)/RPCBenchmarks"

REPORT="$BENCH_DIR/.build/rpc-results.md"
{
    echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //' || uname -m)), $(uname -sr)"
    echo "Toolchain: $(swift --version 2>&1 | head -1)"
    echo "Tree: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- Sources 2>/dev/null || echo ' (with uncommitted changes under Sources/)')"
    echo "Build: ${build_seconds} s (release, RPCBenchmarks and its dependencies)"
    echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
    echo "Command: Benchmarks/run-rpc.sh $*"
    echo
    start=$(date +%s)
    # Progress (each round's figures) goes to stderr and to rpc-rounds.log, the report to stdout.
    timeout "$RUN_TIMEOUT" "$BENCH" "$@" 2> >(tee "$BENCH_DIR/.build/rpc-rounds.log" >&2)
    echo "Run time: $(( $(date +%s) - start )) s. Load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
} | tee "$REPORT"
