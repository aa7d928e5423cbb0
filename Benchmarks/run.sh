#!/usr/bin/env bash
# Builds vdlc and the benchmarks in release mode and runs the code-generation benchmark:
# vdlc (in process and as a subprocess) on idl/ and on a generated 10,000-line package, side by
# side with protoc --cpp_out and protoc-c --c_out on the .proto files vdlc generates.
# The runtime benchmark (RPC and codec) has its own script: Benchmarks/run-rpc.sh.
#
#   Benchmarks/run.sh [BENCHMARK ARGUMENTS...]     e.g. Benchmarks/run.sh --runs 21 --lines 20000
#
# Environment: BUILD_TIMEOUT (seconds per build, default 1500), RUN_TIMEOUT (default 900),
# VDL_BENCH_NO_INSTALL=1 to never apt-get install the peers.
# The report is printed and kept in Benchmarks/.build/codegen-results.md.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
BUILD_TIMEOUT="${BUILD_TIMEOUT:-1500}"
RUN_TIMEOUT="${RUN_TIMEOUT:-900}"

# The peers (Debian's protobuf-compiler, protobuf-c-compiler) and GNU time (peak RSS).
missing=()
command -v protoc >/dev/null || missing+=(protobuf-compiler)
command -v protoc-c >/dev/null || missing+=(protobuf-c-compiler)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "${VDL_BENCH_NO_INSTALL:-0}" != 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "== installing ${missing[*]}"
        timeout 600 apt-get update -qq || true
        timeout 600 env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || \
            echo "warning: could not install ${missing[*]}; their rows are skipped"
    else
        echo "warning: ${missing[*]} not installed; their rows are skipped"
    fi
fi

echo "== building vdlc (release, $ROOT/.build-release)"
(cd "$ROOT" && timeout "$BUILD_TIMEOUT" swift build -c release --product vdlc --scratch-path "$ROOT/.build-release")
VDLC="$(cd "$ROOT" && swift build -c release --product vdlc --scratch-path "$ROOT/.build-release" --show-bin-path)/vdlc"

echo "== building the benchmarks (release, $BENCH_DIR/.build)"
# Only the code-generation benchmark: the runtime one (run-rpc.sh) builds gRPC and BoringSSL.
(cd "$BENCH_DIR" && timeout "$BUILD_TIMEOUT" swift build -c release --product VDLBenchmarks --scratch-path "$BENCH_DIR/.build")
BENCH="$(cd "$BENCH_DIR" && swift build -c release --product VDLBenchmarks --scratch-path "$BENCH_DIR/.build" --show-bin-path)/VDLBenchmarks"

REPORT="$BENCH_DIR/.build/codegen-results.md"
protoc_version="$(protoc --version 2>/dev/null)" || protoc_version="protoc missing"
protoc_c_version="$(protoc-c --version 2>/dev/null)" || protoc_c_version="protoc-c missing"
{
    echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //' || uname -m)), $(uname -sr)"
    echo "Toolchain: $(swift --version 2>&1 | head -1)"
    echo "Peers: ${protoc_version%%$'\n'*}; ${protoc_c_version%%$'\n'*}"
    echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
    echo "Command: Benchmarks/run.sh $*"
    echo
    cd "$ROOT"
    timeout "$RUN_TIMEOUT" "$BENCH" --vdlc "$VDLC" --idl "$ROOT/idl" "$@"
    echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
} 2>&1 | tee "$REPORT"
