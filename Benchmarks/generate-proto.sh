#!/usr/bin/env bash
# Regenerates the COMMITTED peer code of the runtime benchmark. Run it only after editing
# idl/bench/bench.vdl; the benchmark build never runs a protoc plugin.
#
#   1. proto/bench.proto      <- vdlc generate --proto-out of idl/bench (so both sides encode
#                                 the same schema, byte for byte)
#   2. Sources/RPCBenchmarks/Generated/bench.pb.swift   <- protoc + protoc-gen-swift (swift-protobuf)
#      Sources/RPCBenchmarks/Generated/bench.grpc.swift <- protoc + protoc-gen-grpc-swift-2
#
# The two plugins are built (debug) from grpc-swift-protobuf's package, at the version this
# package resolves, into a scratch clone (default /tmp/vdl-protoc-plugins). Needs protoc
# (Debian's protobuf-compiler).
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
TOOLS="${TOOLS_DIR:-/tmp/vdl-protoc-plugins}"
GRPC_PROTOBUF_VERSION="${GRPC_PROTOBUF_VERSION:-2.4.1}"

command -v protoc >/dev/null || { echo "protoc is missing (apt-get install protobuf-compiler)"; exit 1; }

if [ ! -d "$TOOLS/grpc-swift-protobuf" ]; then
    mkdir -p "$TOOLS"
    git clone -q -c advice.detachedHead=false -b "$GRPC_PROTOBUF_VERSION" \
        https://github.com/grpc/grpc-swift-protobuf "$TOOLS/grpc-swift-protobuf"
fi
(cd "$TOOLS/grpc-swift-protobuf" && nice -n 15 swift build --product protoc-gen-grpc-swift-2 \
    && nice -n 15 swift build --product protoc-gen-swift)
BIN="$(cd "$TOOLS/grpc-swift-protobuf" && swift build --show-bin-path)"

echo "== vdlc generate --proto-out (idl/bench)"
(cd "$ROOT" && nice -n 15 swift build -c release --product vdlc --scratch-path "$ROOT/.build-release")
VDLC="$(cd "$ROOT" && swift build -c release --product vdlc --scratch-path "$ROOT/.build-release" --show-bin-path)/vdlc"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$VDLC" generate --idl-root "$BENCH_DIR/idl" --proto-out "$OUT" bench
{
    echo "// The schema of idl/bench/bench.vdl for swift-protobuf and grpc-swift-2: the output of"
    echo "// \`vdlc generate --proto-out\`, so both sides encode the same messages byte for byte."
    echo "// Regenerate this file and the Swift made from it with Benchmarks/generate-proto.sh."
    grep -v '^// DO NOT EDIT' "$OUT/bench/bench.proto"
} > "$BENCH_DIR/proto/bench.proto"

echo "== protoc --swift_out --grpc-swift_out"
GEN="$BENCH_DIR/Sources/RPCBenchmarks/Generated"
mkdir -p "$GEN"
protoc --proto_path="$BENCH_DIR/proto" \
    --plugin=protoc-gen-swift="$BIN/protoc-gen-swift" \
    --plugin=protoc-gen-grpc-swift="$BIN/protoc-gen-grpc-swift-2" \
    --swift_out="$GEN" --swift_opt=Visibility=Internal \
    --grpc-swift_out="$GEN" --grpc-swift_opt=Visibility=Internal,Server=true,Client=true \
    bench.proto
ls -l "$GEN"
