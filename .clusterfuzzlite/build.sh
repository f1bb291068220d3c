#!/bin/bash -eu
# Build the six httpcts fuzz targets in the OSS-Fuzz base-builder-python layout.
#
# Strategy: install the package, then for each target write a small wrapper
# ($SRC/fuzz_<target>.py) so every fuzzer is named fuzz_<target> and runs in
# stand-alone mode (a finding is an uncaught exception, as libFuzzer expects), and
# hand it to compile_python_fuzzer (PyInstaller). Beside each fuzzer in $OUT: its
# seed corpus (<fuzzer>_seed_corpus.zip, written by httpcts.fuzz.corpus), its
# dictionary (<fuzzer>.dict) and libFuzzer options (<fuzzer>.options). The same
# script serves OSS-Fuzz (projects/httpcts/build.sh) and ClusterFuzzLite.
cd "$SRC/httpcts"
pip3 install .

PYTHON=${PYTHON:-python3}
TARGETS=$($PYTHON -c 'from httpcts.fuzz import targets; print(" ".join(targets.NAMES))')
for target in $TARGETS; do
  fuzzer="fuzz_${target}"
  wrapper="$SRC/${fuzzer}.py"
  cat > "$wrapper" <<PY
#!/usr/bin/env python3
"""OSS-Fuzz entry point of the httpcts ${target} target (see httpcts.fuzz.targets.${target})."""
import os
import sys

# the differential target compares the parsers whose disagreements are findings here
os.environ.setdefault("HTTPCTS_FUZZ_PARSERS", "reference,h11,httptools")
from httpcts.fuzz._runtime import fuzz_main, launch_test

if __name__ == "__main__":
    fuzz_main(launch_test("${target}"), sys.argv, "${target}")
PY
  compile_python_fuzzer "$wrapper" \
    --hidden-import httpcts.reference --hidden-import http.client \
    --hidden-import h11 --hidden-import httptools --collect-submodules httpcts

  seeds="$WORK/seeds-${target}"
  rm -rf "$seeds"
  $PYTHON -c "import sys; from pathlib import Path; from httpcts.fuzz import corpus; corpus.write_seeds(sys.argv[1], Path(sys.argv[2]))" "$target" "$seeds"
  (cd "$seeds" && zip -q -r "$OUT/${fuzzer}_seed_corpus.zip" .)
  cp "$($PYTHON -c "import sys; from httpcts.fuzz import corpus; print(corpus.dictionary(sys.argv[1]))" "$target")" "$OUT/${fuzzer}.dict"
  cat > "$OUT/${fuzzer}.options" <<OPTIONS
[libfuzzer]
dict = ${fuzzer}.dict
max_len = 8192
timeout = 10
rss_limit_mb = 2048
OPTIONS
done
