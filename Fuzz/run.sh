#!/usr/bin/env bash
# Builds the libFuzzer targets (Package.swift here) against the project's libraries, with
# AddressSanitizer, and runs each for a while on its seed corpus (corpus/<target>/).
#
#   Fuzz/run.sh                      every target, 5 s each
#   Fuzz/run.sh -t 600 prometheus    one target for ten minutes
#   Fuzz/run.sh --build-only         only build (.build-fuzz/release/fuzz-<target>)
#
# A thrown error is bad input refused; a crash, a trap, a hang over 5 s, more than 2 GB of memory or
# a sanitizer report is a finding: the script prints the input in base64 with the command that
# replays it, and exits 1. Inputs that reach new code go to .build-fuzz/corpus/<target>/, findings
# to .build-fuzz/artifacts/<target>/, libFuzzer's output to .build-fuzz/logs/<target>.log
# (OPEXSIM_FUZZ_SCRATCH moves them all, with the build). Leaks are left to the AddressSanitizer
# test run (CONTRIBUTING.md): checking them after every input slows fuzzing twentyfold.
# Without libFuzzer (a toolchain without -sanitize=fuzzer), it prints "skipped: ..." and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=5
build_only=0
targets=()
while (($#)); do
  case "$1" in
    -t) seconds="$2"; shift 2 ;;
    --build-only) build_only=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if ((${#targets[@]} == 0)); then
  mapfile -t targets < <(ls Fuzz/corpus)
fi
for target in "${targets[@]}"; do
  if [[ ! -d "Fuzz/corpus/$target" ]]; then
    echo "unknown fuzz target $target (targets: $(ls Fuzz/corpus | tr '\n' ' '))" >&2
    exit 2
  fi
done
scratch="${OPEXSIM_FUZZ_SCRATCH:-$PWD/.build-fuzz}"
mkdir -p "$scratch"

# libFuzzer is there when a one-line target links with it.
probe="$scratch/probe"
mkdir -p "$probe"
printf '%s\n' '@_cdecl("LLVMFuzzerTestOneInput")' \
  'public func probe(_ data: UnsafeRawPointer?, _ size: Int) -> CInt { 0 }' > "$probe/probe.swift"
if ! swiftc -sanitize=fuzzer,address -parse-as-library "$probe/probe.swift" -o "$probe/probe" \
  >"$probe/log" 2>&1; then
  echo "skipped: fuzzing (this toolchain cannot link libFuzzer: $(head -n 1 "$probe/log"))"
  exit 0
fi

# --sanitize=fuzzer has SwiftPM link libFuzzer's main in place of the targets'; the Swift compiler
# keeps only the last -sanitize option, so a last one names both sanitizers.
build=(swift build -c release --package-path Fuzz --scratch-path "$scratch" --sanitize=fuzzer
  -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address)
if ! "${build[@]}" >"$scratch/build.log" 2>&1; then
  cat "$scratch/build.log"
  exit 1
fi
# ld.gold warns once per target about a symbol of the sanitizer runtime.
grep -v "Cannot export local symbol '__asan_extra_spill_area'" "$scratch/build.log" | tail -n 3
bin="$("${build[@]}" --show-bin-path)"
((build_only)) && exit 0

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$scratch/logs"
failed=0
for target in "${targets[@]}"; do
  corpus="$scratch/corpus/$target"
  artifacts="$scratch/artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  log="$scratch/logs/$target.log"
  # New inputs go to the first folder: the committed seeds are only read.
  if TMPDIR="$tmp" SWIFT_BACKTRACE=enable=no "$bin/fuzz-$target" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -detect_leaks=0 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" "Fuzz/corpus/$target" >"$log" 2>&1; then
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")"
    echo "fuzz $target: ${runs:-?} runs in ${seconds} s (${rate:-?}/s), no finding"
  else
    failed=1
    echo "fuzz $target: FINDING"
    grep -E 'ERROR:|SUMMARY:|Fatal error:|fuzz finding' "$log" | head -n 20 || tail -n 30 "$log"
    echo "log: ${log#"$PWD"/}"
    artifact="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)"
    if [[ -n "$artifact" && -f "$artifact" ]]; then
      echo "input (base64, $(wc -c <"$artifact") bytes): $(base64 -w 0 "$artifact")"
      echo "reproduce: echo '$(base64 -w 0 "$artifact")' | base64 -d > input.bin && Fuzz/run.sh --build-only && \\"
      echo "  SWIFT_BACKTRACE=enable=no ${bin#"$PWD"/}/fuzz-$target input.bin"
    fi
  fi
done
exit "$failed"
