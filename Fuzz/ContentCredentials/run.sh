#!/usr/bin/env bash
# Builds and runs the libFuzzer target for the ContentCredentials parsers (JUMBF, CBOR,
# manifest-store layout, claims, COSE_Sign1 structure, assertions); cryptography is left out.
# Usage: Fuzz/ContentCredentials/run.sh [SECONDS]   (default 300). Not run in CI.
# Needs a Swift toolchain with -sanitize=fuzzer (the Linux toolchains have it) and python3.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sources="$here/../../Sources/ContentCredentials"
work="${FUZZ_WORK:-$(mktemp -d)}"
seconds="${1:-300}"
mkdir -p "$work/corpus" "$work/artifacts"
python3 "$here/make_seeds.py" "$work/corpus"
swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
    "$here/FuzzJUMBFAndCBOR.swift" \
    "$sources/JUMBF.swift" "$sources/JUMBFParser.swift" \
    "$sources/CBORValue.swift" "$sources/CBORDecoder.swift" \
    "$sources/ContentCredentialsError.swift" "$sources/C2PALimits.swift" \
    "$sources/CBOREncoder.swift" "$sources/COSESign1.swift" "$sources/C2PAManifestStore.swift" \
    "$sources/C2PAClaim.swift" "$sources/C2PAAssertionReading.swift" "$sources/C2PADataHash.swift" \
    "$sources/C2PAAction.swift" "$sources/C2PAIngredient.swift" \
    -o "$work/fuzz-jumbf-cbor"
"$work/fuzz-jumbf-cbor" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$work/artifacts/" "$work/corpus"
echo "corpus and any crash artifacts: $work"
