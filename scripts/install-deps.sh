#!/usr/bin/env bash
# Installs the Debian packages EslKit needs that this machine lacks (as root through apt; otherwise prints
# the one apt command to run). Sourced by run.sh and test.sh: "runtime" for the controller, "test" for the
# test suites (runtime plus what only tests use).
set -euo pipefail

eslkit_packages() {
  local runtime=(postgresql pocketsphinx pocketsphinx-en-us libpocketsphinx3 espeak-ng libespeak-ng1)
  local test=(sox chromium chromium-driver)
  case "${1:-runtime}" in
    runtime) printf '%s\n' "${runtime[@]}" ;;
    test) printf '%s\n' "${runtime[@]}" "${test[@]}" ;;
  esac
}

eslkit_install_deps() {
  local missing=()
  local pkg
  while read -r pkg; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done < <(eslkit_packages "${1:-runtime}")

  if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET 10 SDK is not installed (https://dot.net); EslKit needs it to build" >&2
    return 1
  fi

  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: missing Debian packages; install them with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi

  echo "Installing ${missing[*]} ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null || true
  apt-get install -y -q "${missing[@]}" >/dev/null
}
