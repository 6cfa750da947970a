#!/bin/sh
# Build apgluxe (the soup searcher behind Catagolue) for b3s23/C1 into benchmarks/apgluxe/, where
# benchmarks/census.py finds it and runs it beside this package's census.
#
# Source, first that works: $APGLUXE_SOURCE (a local directory, a git directory or a git URL), then
# https://gitlab.com/apgoucher/apgmera (the current apgluxe), then https://github.com/AlephAlpha/apgluxe_offline
# (an older apgluxe, v4.2 with lifelib ll1.2, networking removed; it writes its census to a log file).
# Needs git, g++ and make (and python3); without them, or without a source, it says why and exits 0 (the
# benchmark then skips apgluxe). The code is only patched inside the build directory, never copied into the project.
set -u
dest="$(cd "$(dirname "$0")" && pwd)/apgluxe"
if [ -x "$dest/apgluxe" ]; then
    echo "apgluxe is built: $dest/apgluxe"
    exit 0
fi
for tool in git g++ make python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "skipped: building apgluxe needs git, g++, make and python3 ($tool is missing)"
        exit 0
    fi
done

fetch() {  # fetch SOURCE into $dest; a plain directory is copied, anything else cloned with git
    rm -rf "$dest"
    if [ -d "$1" ] && ! git -C "$1" rev-parse --git-dir >/dev/null 2>&1; then
        cp -R "$1" "$dest"
    else
        git clone --depth 1 --recursive "$1" "$dest" >/dev/null 2>&1 || git clone "$1" "$dest" >/dev/null 2>&1
    fi
}

got=""
for src in ${APGLUXE_SOURCE:-} https://gitlab.com/apgoucher/apgmera.git https://github.com/AlephAlpha/apgluxe_offline.git; do
    if fetch "$src" && [ -f "$dest/recompile.sh" ]; then
        got="$src"
        break
    fi
done
if [ -z "$got" ]; then
    echo "skipped: cannot fetch apgluxe (from \$APGLUXE_SOURCE, gitlab.com or github.com; offline?)"
    rm -rf "$dest"
    exit 0
fi
echo "building apgluxe from $got"
cd "$dest" || exit 0
# recompile.sh runs `python`: make that python3 wherever it is missing
mkdir -p .shim && ln -sf "$(command -v python3)" .shim/python
# older apgluxe generates its kernels with Python 2 code: run it under Python 3 instead
if grep -q 'xrange(' lifelib/avxlife/rule2asm.py 2>/dev/null; then
    sed -i -e 's/\bxrange(/range(/g' -e 's|rowcount / \([0-9]\)|rowcount // \1|g' lifelib/avxlife/rule2asm.py
fi
if ! PATH="$dest/.shim:$PATH" bash ./recompile.sh --rule b3s23 --symmetry C1 >build.log 2>&1 </dev/null ||
        [ ! -x ./apgluxe ]; then
    echo "skipped: apgluxe did not build (see $dest/build.log)"
    exit 0
fi
echo "$got" >SOURCE
echo "apgluxe is built: $dest/apgluxe ($(grep -ao 'apgluxe v[0-9][-.a-z0-9]*' build.log | head -n 1))"
