# Shared by the environment scripts: paths, logging, idempotent installs. Source it; do not run it.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENV_DIR="$ROOT/environment"
OUT_DIR="${METALORA_OUT:-$ROOT/out}"
export DJL_OFFLINE=true OPT_OUT_TRACKING=true

log() { printf '\033[1m[metalora]\033[0m %s\n' "$*" >&2; }
die() { printf '[metalora] error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root or sudo to run: $*"; fi
}

# ensure_apt PKG...: install the Debian packages that are missing (no-op when all are present).
ensure_apt() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
}

# Maven in batch mode, quiet transfers, from the repository root.
mvn_root() { (cd "$ROOT" && mvn -B -ntp "$@"); }

# The library's run-time class path (jar plus dependencies), written by environment/setup.
lib_classpath() {
  local cp_file="$ROOT/lib/target/classpath.txt"
  [ -f "$cp_file" ] || die "library class path missing: run ./environment/setup first"
  printf '%s:%s' "$ROOT/lib/target/classes" "$(cat "$cp_file")"
}

JAVA_FLAGS=(--add-modules=jdk.incubator.vector -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1
            -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error)
