#!/usr/bin/env bash
# Builds and runs the libFuzzer targets for the Provenance parsers (not run in CI).
# Usage: Fuzz/Provenance/run.sh [SECONDS_PER_TARGET] [TARGET...]
#   targets: containers exif xmp generators (default: all), seconds default 180.
# Needs a Swift toolchain with -sanitize=fuzzer (Linux toolchains have it), zlib1g-dev,
# python3 with Pillow (for the seed corpus).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$here/../.."
work="${FUZZ_WORK:-$(mktemp -d)}"
seconds="${1:-180}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(containers exif xmp generators)
mkdir -p "$work/modules" "$work/artifacts"
python3 "$here/make_seeds.py" "$work/corpus"

flags=(-sanitize=fuzzer,address "${FUZZ_OPT:--O}" -g -parse-as-library)
swiftc "${flags[@]}" -wmo -module-name BulwarkCore -emit-module -emit-module-path "$work/modules/BulwarkCore.swiftmodule" \
    -c "$repo"/Sources/BulwarkCore/*.swift -o "$work/BulwarkCore.o"
sources=()
for file in "$repo"/Sources/Provenance/*.swift; do
    case "$(basename "$file")" in ProvenanceReport.swift|ProvenanceReader.swift) ;; *) sources+=("$file") ;; esac
done
for target in "${targets[@]}"; do
    define="FUZZ_$(echo "$target" | tr a-z A-Z)"
    swiftc "${flags[@]}" -module-name Provenance -D "$define" -I "$work/modules" -I "$repo/Sources/CLibraries/CZlib" \
        "$here/FuzzProvenance.swift" "${sources[@]}" "$work/BulwarkCore.o" -lz -o "$work/fuzz-$target"
    "$work/fuzz-$target" -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="$work/artifacts/$target-" "$work/corpus/$target" 2>&1 | tee "$work/$target.log" | grep -E "^#[0-9]+.*(DONE|pulse)|ERROR|SUMMARY" || true
    tail -n 3 "$work/$target.log"
done
echo "corpora, logs and any crash artifacts: $work"
