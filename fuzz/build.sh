#!/usr/bin/env bash
# Builds one libFuzzer binary per target: the library's Swift sources and C shims compiled with
# coverage instrumentation (and ASan) into one module with the target's entry point.
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build/fuzz
mkdir -p "$out"
CLANG=${CLANG:-$(dirname "$(command -v swiftc)")/clang}
for shim in CPCRE2 CICU; do
  "$CLANG" -c -O1 -g -fsanitize=fuzzer-no-link,address -I Sources/$shim/include Sources/$shim/shim.c -o "$out/$shim.o"
done
sources=$(find Sources/DigestLint -name '*.swift' | sort)
for target in "$@"; do
  upper=$(echo "$target" | tr a-z A-Z)
  swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name DigestLintFuzz -D "FUZZ_$upper" \
    -Xcc -fmodule-map-file=Sources/CPCRE2/include/module.modulemap \
    -Xcc -fmodule-map-file=Sources/CICU/include/module.modulemap \
    -Xcc -fmodule-map-file=Sources/CYAML/module.modulemap \
    $sources fuzz/Targets.swift "$out/CPCRE2.o" "$out/CICU.o" \
    -lpcre2-8 -licui18n -licuuc -licudata -lyaml -o "$out/fuzz-$target"
  echo "built $out/fuzz-$target"
done
