# What the setup scripts need on the machine before they build, checked in one place, each
# failure saying what to install and which version. Sourced by scripts/setup-pulumi.sh,
# setup-influxd.sh and setup-languages.sh just before a build (a cached build needs none of it):
#
#   source scripts/prerequisites.sh
#   pit_require <script name> go|rust|pkg-config|cc|flock|python ...
#
# or run it to check everything at once:  bash scripts/prerequisites.sh
#
#   Go          >= the `go` line of tools/pulumi/cli/go.mod (1.26.6)  the CLI, influxd, the YAML host, sdkgen
#   Rust        cargo and rustup with the stable toolchain              influxd (Flux's Rust core)
#   pkg-config  any version                                             influxd
#   C compiler  the one `go env CC` names (gcc or clang)                influxd (cgo: Flux, SQLite)
#   flock       util-linux                                              every setup script
#   Python      >= 3.10 with the venv module (Debian: python3-venv)     setup-languages.sh
#
# The lines that source this file in setup-pulumi.sh and setup-influxd.sh end with
# "# prerequisites" and are left out of those scripts' cache keys: checking the machine
# does not change what gets built, so adding a check rebuilds nothing.

pit_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The Go release the modules under tools/ declare (their `go` line): older toolchains refuse them.
pit_go_needed() { sed -n 's/^go \([0-9.]*\).*/\1/p' "$pit_repo/tools/pulumi/cli/go.mod"; }

# "1.26.6" >= "1.26.6"? (sort -V orders versions)
pit_version_ge() { [[ $(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1) == "$2" ]]; }

# Prints why a tool is missing or too old, with what to install; prints nothing when it is fine.
pit_check() {
  case $1 in
  go)
    local need have
    need=$(pit_go_needed)
    if ! command -v go >/dev/null; then
      echo "Go >= $need is not installed (no 'go' on PATH): install it from https://go.dev/dl/ (go$need or newer) and put its bin folder on PATH"
      return
    fi
    # GOTOOLCHAIN=local: the Go that is installed, not one it might fetch for a module.
    have=$(GOTOOLCHAIN=local go env GOVERSION 2>/dev/null | sed 's/^go//')
    if [[ -z $have ]] || ! pit_version_ge "$have" "$need"; then
      # An older Go switches to the newer toolchain by itself when GOTOOLCHAIN allows it (the default).
      local toolchain
      toolchain=$(go env GOTOOLCHAIN 2>/dev/null)
      [[ $toolchain == local* ]] &&
        echo "Go $need or newer is needed (tools/pulumi/cli/go.mod), found go${have:-?} at $(command -v go) with GOTOOLCHAIN=$toolchain: install go$need or newer from https://go.dev/dl/, or unset GOTOOLCHAIN=local so go can fetch go$need"
    fi
    ;;
  rust)
    if ! command -v cargo >/dev/null || ! command -v rustup >/dev/null; then
      echo "Rust is needed to build influxd (Flux's Rust core): install rustup from https://rustup.rs (it brings cargo), then 'rustup toolchain install stable'"
    elif ! RUSTUP_TOOLCHAIN=stable rustc --version >/dev/null 2>&1; then
      echo "Rust's stable toolchain is not installed: run 'rustup toolchain install stable'"
    fi
    ;;
  pkg-config)
    command -v pkg-config >/dev/null ||
      echo "pkg-config is needed to build influxd: install it (Debian/Ubuntu: apt-get install pkg-config; Fedora: dnf install pkgconf-pkg-config; macOS: brew install pkg-config)"
    ;;
  cc)
    local cc
    cc=$(go env CC 2>/dev/null)
    cc=${cc:-${CC:-cc}}
    command -v "${cc%% *}" >/dev/null ||
      echo "a C compiler ('$cc', as go env CC names it) is needed to build influxd (cgo): install gcc or clang (Debian/Ubuntu: apt-get install build-essential; macOS: xcode-select --install)"
    ;;
  flock)
    command -v flock >/dev/null ||
      echo "flock is needed to serialise parallel setup runs: install util-linux (macOS: brew install flock)"
    ;;
  python)
    local python=${PIT_PYTHON:-python3} out
    if ! command -v "$python" >/dev/null; then
      echo "Python >= 3.10 with the venv module is needed for the Python SDK tests: install python3 and python3-venv (or set PIT_PYTHON to a python3.10+)"
      return
    fi
    # ensurepip is what `python -m venv` needs and what Debian's python3-venv adds.
    out=$("$python" -c 'import sys, venv, ensurepip
assert sys.version_info >= (3, 10), "Python %s is older than 3.10" % sys.version.split()[0]' 2>&1) ||
      echo "$python: ${out##*$'\n'}: Python >= 3.10 with the venv module is needed (Debian/Ubuntu: apt-get install python3-venv; or set PIT_PYTHON to another python3.10+)"
    ;;
  *) echo "pit_check: unknown prerequisite '$1'" ;;
  esac
}

# First builds as measured on the project's 2-core machines, printed before a build starts.
# Go's module and build caches decide most of it: "cold" is an empty build cache.
pit_build_note() {
  case $1 in
  pulumi) echo "$2: first build only: the Pulumi CLI and its Node.js language host take 5 min on 2 cores with little else running, up to 14 min on a busy machine (measured; the language host alone: 93 s cold); later runs reuse them in under a second" >&2 ;;
  influxd) echo "$2: first build only: influxd (Go, Flux's Rust core, SQLite) takes about 9.5 min on 2 cores from an empty Go build cache, 4.5 min when only this script changed; later runs reuse it in under a second" >&2 ;;
  esac
}

# pit_require <who> <tool>...: every missing tool in one message, then exit 1.
pit_require() {
  local who=$1 tool problem problems=()
  shift
  for tool in "$@"; do
    problem=$(pit_check "$tool")
    [[ -z $problem ]] || problems+=("$problem")
  done
  ((${#problems[@]} == 0)) && return 0
  echo "$who: ERROR: cannot build yet; install these first (the list: scripts/prerequisites.sh):" >&2
  printf '  - %s\n' "${problems[@]}" >&2
  exit 1
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -uo pipefail
  pit_require prerequisites go rust pkg-config cc flock python
  echo "prerequisites: all present (Go >= $(pit_go_needed), Rust stable, pkg-config, a C compiler, flock, Python >= 3.10 with venv)"
fi
