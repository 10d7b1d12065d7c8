#!/usr/bin/env bash
# Jupyter kernel suite: conformance (jupyter_kernel_test), signatures, binding, interrupts, output
# (nothing lost, in order, before idle), and notebooks (ours and one written for IJava) run
# headlessly with nbconvert, all against the installed 'java' kernelspec.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

case "${1:-}" in -h|--help)
  cat <<USAGE
Usage: environment/tests/kernel.sh [--help] [TEST...]

Runs the Python tests in environment/kernel/tests against the installed 'java' kernel (install
it with environment/setup or environment/kernel/install-kernelspec). TEST names a module, class
or method (e.g. test_protocol.InterruptsAndErrors); default: all of them. Needs Debian's
python3-jupyter-kernel-test and python3-nbclient, and the library in ~/.m2 (mvn install).
USAGE
  exit 0;;
esac

# Debian's Jupyter packages live in the system Python, which another python3 on PATH may hide.
PY=/usr/bin/python3
"$PY" -c 'import jupyter_kernel_test, nbclient, nbformat' 2>/dev/null || PY=python3
"$PY" -c 'import jupyter_kernel_test, nbclient, nbformat' \
  || die "jupyter_kernel_test/nbclient missing: run environment/setup"
jupyter --data-dir >/dev/null 2>&1 || die "jupyter missing: run environment/setup"
[ -f "$(jupyter --data-dir)/kernels/java/kernel.json" ] \
  || die "no 'java' kernelspec: run environment/kernel/install-kernelspec"

unset DISPLAY  # headless, as in CI
cd "$ROOT/environment/kernel/tests"
if [ $# -eq 0 ]; then
  set -- test_conformance test_protocol test_output test_notebook
fi
PATH="/usr/bin:$PATH" "$PY" -m unittest -v "$@"
