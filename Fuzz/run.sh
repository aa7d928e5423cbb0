#!/usr/bin/env bash
# Builds the libFuzzer targets (AddressSanitizer + coverage) and fuzzes each of them for a while
# over a copy of its committed corpus (Fuzz/Corpus/<Target>/).
#
#   Fuzz/run.sh [SECONDS]        fuzz each target SECONDS (default 30); exit 1 on any crash, hang
#                                (-timeout=5), memory blow-up (-rss_limit_mb=2048) or failed invariant
#   Fuzz/run.sh --replay         run each target once over its committed corpus (libFuzzer -runs=0)
#   Fuzz/run.sh --crashes        run each reproducer of Fuzz/Crashes/<Target>/ (known bugs): which still fail
#   Fuzz/run.sh --seeds          (re)write the seed inputs into Fuzz/Corpus/<Target>/ (existing files stay)
#   Fuzz/run.sh --merge SECONDS  fuzz, then minimise corpus + findings into Fuzz/Corpus/<Target>/ (-merge=1)
#
# Environment: FUZZ_TARGETS (default "FuzzFrameDecoder FuzzCodec FuzzParser"), FUZZ_CONFIG (release
# or debug, default release), FUZZ_BUILD_TIMEOUT (seconds, default 2400), FUZZ_WORK (a directory
# for the run's corpora, logs and crash files; default a new temporary directory),
# FUZZ_JOBS (libFuzzer -jobs/-workers per target, default 1).
# Crashing inputs are kept in FUZZ_WORK/<Target>/artifacts/ (printed with their hex);
# Fuzz/Crashes/<Target>/ holds the reproducers of known bugs (see Fuzz/README.md).
set -euo pipefail

FUZZ_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$FUZZ_DIR/.." && pwd)"
TARGETS=(${FUZZ_TARGETS:-FuzzFrameDecoder FuzzCodec FuzzParser})
CONFIG="${FUZZ_CONFIG:-release}"
BUILD_TIMEOUT="${FUZZ_BUILD_TIMEOUT:-2400}"
JOBS="${FUZZ_JOBS:-1}"

mode=fuzz
seconds=30
case "${1:-}" in
    --replay) mode=replay ;;
    --crashes) mode=crashes ;;
    --seeds) mode=seeds ;;
    --merge) mode=merge; seconds="${2:-30}" ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    "") ;;
    *) seconds="$1" ;;
esac
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "run.sh: SECONDS must be a number, got '$seconds'" >&2; exit 2; }

# Every Swift module is compiled with ASan and libFuzzer's coverage; the fuzzers alone link
# libFuzzer (Package.swift). -enable-testing lets FuzzFrameDecoder import VDLTransport @testable.
BUILD_FLAGS=(
    -c "$CONFIG" --scratch-path "$FUZZ_DIR/.build"
    -Xswiftc -sanitize=address
    -Xswiftc -sanitize-coverage=edge,indirect-calls,trace-cmp,inline-8bit-counters,pc-table
    -Xswiftc -parse-as-library
    -Xswiftc -enable-testing
)
WORK="${FUZZ_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/vdl-fuzz.XXXXXX")}"
mkdir -p "$WORK"

echo "== building the fuzzers ($CONFIG, ASan + libFuzzer coverage, $FUZZ_DIR/.build)"
start=$(date +%s)
# (ld.gold warns "Cannot export local symbol" for each ASan helper: noise, filtered out.)
if ! (cd "$FUZZ_DIR" && timeout "$BUILD_TIMEOUT" swift build "${BUILD_FLAGS[@]}") >"$WORK/build.log" 2>&1; then
    grep -v "Cannot export local symbol" "$WORK/build.log" | tail -60
    echo "!! the fuzz build failed; log: $WORK/build.log"
    exit 1
fi
BIN="$(cd "$FUZZ_DIR" && swift build "${BUILD_FLAGS[@]}" --show-bin-path)"
echo "== built in $(( $(date +%s) - start )) s"

export VDL_FUZZ_IDL_ROOT="$ROOT/idl"
# Sanitizer reports must end the run with a crash file, and leaks are not what these fuzz.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:symbolize=1}"

if [ "$mode" = seeds ]; then
    for target in "${TARGETS[@]}"; do
        VDL_FUZZ_WRITE_SEEDS="$FUZZ_DIR/Corpus/$target" "$BIN/$target"
    done
    exit 0
fi

echo "== work directory: $WORK"

dict_args() {
    case "$1" in
        FuzzParser) echo "-dict=$FUZZ_DIR/Dictionaries/vdl.dict" ;;
        *) echo "-dict=$FUZZ_DIR/Dictionaries/proto.dict" ;;
    esac
}

failed=()
for target in "${TARGETS[@]}"; do
    corpus="$FUZZ_DIR/Corpus/$target"
    out="$WORK/$target"
    mkdir -p "$out/corpus" "$out/artifacts"
    [ -d "$corpus" ] && cp -R "$corpus/." "$out/corpus/"
    log="$out/fuzz.log"
    if [ "$mode" = crashes ]; then
        # Each known reproducer on its own: say which still fail.
        for input in "$FUZZ_DIR/Crashes/$target"/*; do
            [ -f "$input" ] || continue
            if (cd "$out" && "$BIN/$target" -timeout=5 -rss_limit_mb=2048 "$input") >"$out/$(basename "$input").log" 2>&1; then
                echo "   fixed: $input"
            else
                echo "   still fails: $input (log: $out/$(basename "$input").log)"
                failed+=("$target/$(basename "$input")")
            fi
        done
        continue
    elif [ "$mode" = replay ]; then
        echo "== $target: replaying $(find "$out/corpus" -type f | wc -l) inputs"
        args=(-runs=0 -timeout=5 -rss_limit_mb=2048 "-artifact_prefix=$out/artifacts/" "$out/corpus")
    else
        echo "== $target: fuzzing for $seconds s over $(find "$out/corpus" -type f | wc -l) inputs"
        args=(-max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1
              "-artifact_prefix=$out/artifacts/" $(dict_args "$target") "$out/corpus")
        if [ "$JOBS" -gt 1 ]; then args=(-jobs="$JOBS" -workers="$JOBS" "${args[@]}"); fi
    fi
    status=0
    (cd "$out" && "$BIN/$target" "${args[@]}") >"$log" 2>&1 || status=$?
    grep -E "^#[0-9]+[[:space:]]+(INITED|DONE)|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb" "$log" | sed 's/^/   /' || true
    if [ "$status" -ne 0 ]; then
        failed+=("$target")
        echo "!! $target failed (exit $status); log: $log"
        grep -E "ERROR: libFuzzer|ERROR: AddressSanitizer|FUZZ INVARIANT|Fatal error|SUMMARY|Test unit written|artifact_prefix" "$log" | head -20 | sed 's/^/   /' || true
        for crash in "$out/artifacts"/*; do
            [ -f "$crash" ] || continue
            echo "   crashing input: $crash"
            echo "   reproduce: $BIN/$target $crash"
            echo "   hex: $(od -An -tx1 -v "$crash" | tr -d ' \n' | head -c 2000)"
        done
        continue
    fi
    if [ "$mode" = merge ]; then
        merged="$out/merged"
        mkdir -p "$merged"
        args=(-merge=1 -timeout=5 -rss_limit_mb=2048 "$merged" "$out/corpus")
        [ -d "$corpus" ] && args+=("$corpus")
        (cd "$out" && "$BIN/$target" "${args[@]}") >"$out/merge.log" 2>&1
        rm -rf "$corpus" && mkdir -p "$corpus" && cp "$merged"/* "$corpus/"
        echo "   minimised corpus: $(ls "$corpus" | wc -l) files, $(du -sk "$corpus" | cut -f1) KiB in $corpus"
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "== FAILED: ${failed[*]} (inputs and logs under $WORK)"
    exit 1
fi
echo "== fuzzing passed: ${TARGETS[*]}"
