#!/usr/bin/env bash
# Executes every tutorial notebook in quick mode and checks each ran without an error output and
# shows at least one image/png figure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
METALORA_QUICK=1 /usr/bin/python3 "$ENV_DIR/notebooks.py" --out "$out" --check --cell-timeout 1200
