#!/usr/bin/env bash
# Fetches the model files that EslKit's optional engines load from disk, at set-up time only: the controller
# never downloads anything at run time. Idempotent (a file already in place with the right SHA-256 is kept) and
# checked (a file whose SHA-256 differs is refused, and nothing is written). ./test.sh runs it; run it yourself
# before configuring Speech:Vad:Detector=Silero.
#
# Models go to .models/ beside EslKit.sln (ESLKIT_MODELS overrides), a folder git ignores.
#
#   Silero VAD v5 (MIT, Silero Team): silero_vad_v5.onnx from the npm package @ricky0123/vad-web 0.0.31 (ISC),
#   which ships the model file unchanged. It is fetched with "npm pack" (the tarball only: no install, no
#   package scripts run). ESLKIT_SILERO_VAD_PACKAGE replaces the package spec (a mirror, a local tarball or
#   folder: anything "npm pack" takes); the SHA-256 check is the same whatever the source.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
models="${ESLKIT_MODELS:-$root/.models}"

# name in the models folder | npm package spec | path inside the package tarball | SHA-256 of the file
silero_vad=(silero_vad_v5.onnx "${ESLKIT_SILERO_VAD_PACKAGE:-@ricky0123/vad-web@0.0.31}" package/dist/silero_vad_v5.onnx
  2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f)

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

ensure_npm() {
  command -v npm >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: npm is needed to fetch the model files; install it with: sudo apt-get install -y npm" >&2
    return 1
  fi
  echo "Installing npm ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null || true
  apt-get install -y -q npm >/dev/null
}

fetch_from_npm() {
  local name="$1" package="$2" member="$3" sha="$4"
  local target="$models/$name"

  if [ -f "$target" ] && [ "$(sha256_of "$target")" = "$sha" ]; then
    echo "$name: present ($sha)"
    return 0
  fi

  ensure_npm
  local work
  work="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: the trap must remove this call's folder
  trap "rm -rf '$work'; trap - RETURN" RETURN
  echo "$name: fetching $package with npm pack ..." >&2
  (cd "$work" && npm pack "$package" --silent --ignore-scripts >/dev/null)
  local tarball
  tarball="$(find "$work" -maxdepth 1 -name '*.tgz' -print -quit)"
  if [ -z "$tarball" ]; then
    echo "error: npm pack $package produced no tarball" >&2
    return 1
  fi
  if ! tar -xzf "$tarball" -C "$work" "$member" 2>/dev/null; then
    echo "error: $package holds no $member" >&2
    return 1
  fi

  local actual
  actual="$(sha256_of "$work/$member")"
  if [ "$actual" != "$sha" ]; then
    echo "error: $member in $package has SHA-256 $actual, expected $sha: refusing it" >&2
    return 1
  fi

  mkdir -p "$models"
  # Copy beside the target, then rename: a reader never sees half a file.
  cp "$work/$member" "$target.partial"
  mv -f "$target.partial" "$target"
  echo "$name: fetched ($sha)"
}

fetch_from_npm "${silero_vad[@]}"
