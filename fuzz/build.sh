#!/usr/bin/env bash
# Builds the libFuzzer binary: the library's Swift sources, the C shims and fuzz/Targets.swift in one
# module with coverage instrumentation, then one symbolic link per target (fuzz-<target>; the
# binary picks its target from its name).
#
#   FUZZ_SANITIZE=address (default)  libFuzzer + AddressSanitizer: .build/fuzz/
#   FUZZ_SANITIZE=none               libFuzzer only, for long counting runs: .build/fuzz-fast/
set -euo pipefail
cd "$(dirname "$0")/.."
san=${FUZZ_SANITIZE:-address}
case "$san" in
  address) out=.build/fuzz; swiftsan=fuzzer,address; csan=fuzzer-no-link,address ;;
  none)    out=.build/fuzz-fast; swiftsan=fuzzer; csan=fuzzer-no-link ;;
  *) echo "FUZZ_SANITIZE must be address or none" >&2; exit 2 ;;
esac
mkdir -p "$out"
CLANG=${CLANG:-$(dirname "$(command -v swiftc)")/clang}
for shim in CPCRE2 CICU; do
  "$CLANG" -c -O1 -g -fsanitize=$csan -I Sources/$shim/include Sources/$shim/shim.c -o "$out/$shim.o"
done
sources=$(find Sources/DigestLint -name '*.swift' | sort)
swiftc -sanitize=$swiftsan -parse-as-library -O -g -module-name DigestLintFuzz -D FUZZ \
  -Xcc -fmodule-map-file=Sources/CPCRE2/include/module.modulemap \
  -Xcc -fmodule-map-file=Sources/CICU/include/module.modulemap \
  -Xcc -fmodule-map-file=Sources/CYAML/module.modulemap \
  $sources fuzz/FuzzChecks.swift fuzz/Targets.swift "$out/CPCRE2.o" "$out/CICU.o" \
  -lpcre2-8 -licui18n -licuuc -licudata -lyaml -o "$out/digestlint-fuzz"
for target in "$@"; do
  ln -sf digestlint-fuzz "$out/fuzz-$target"
  echo "built $out/fuzz-$target"
done
