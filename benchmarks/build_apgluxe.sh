#!/bin/sh
# Build apgluxe (the soup searcher behind Catagolue, https://gitlab.com/apgoucher/apgmera) for b3s23/C1 into
# benchmarks/apgluxe/, where benchmarks/census.py finds it and runs it beside this package's census.
# Needs git, g++ and the network; without any of them it says why and exits 0 (the benchmark then skips it).
set -u
dest="$(cd "$(dirname "$0")" && pwd)/apgluxe"
if [ -x "$dest/apgluxe" ]; then
    echo "apgluxe is built: $dest/apgluxe"
    exit 0
fi
if ! command -v git >/dev/null 2>&1 || ! command -v g++ >/dev/null 2>&1; then
    echo "skipped: building apgluxe needs git and g++"
    exit 0
fi
rm -rf "$dest"
if ! git clone --depth 1 --recursive https://gitlab.com/apgoucher/apgmera.git "$dest" >/dev/null 2>&1; then
    echo "skipped: cannot fetch apgmera from gitlab.com (offline?)"
    rm -rf "$dest"
    exit 0
fi
if ! (cd "$dest" && ./recompile.sh --rule b3s23 --symmetry C1 >build.log 2>&1); then
    echo "skipped: apgluxe did not build (see $dest/build.log)"
    exit 0
fi
echo "apgluxe is built: $dest/apgluxe"
