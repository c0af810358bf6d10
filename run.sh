#!/usr/bin/env bash
# Runs the call controller on embedded defaults (the README's run command). It installs what this machine lacks
# (Debian's postgresql …; as root, else it prints the one apt command to run), builds the controller, and runs
# its demo: with no connection string (ESLKIT_Storage__ConnectionString) a private PostgreSQL cluster under
# ./.data, with no FreeSWITCH configured (ESLKIT_Nodes__0__Host …) the EslKit.Testing emulator as its switch; a
# trial and a pro tenant's campaigns with a live progress display, the call-log summary with cost and revenue,
# then exit 0. "./run.sh --serve" keeps the controller running after the demo (Ctrl+C stops it).
set -euo pipefail
cd "$(dirname "$0")"

serve=()
for arg in "$@"; do
  case "$arg" in
    --serve) serve=(--serve) ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$arg' (use --serve, or nothing)" >&2; exit 2 ;;
  esac
done

. scripts/install-deps.sh
eslkit_install_deps runtime

# As root the embedded PostgreSQL runs as the postgres user, who must be able to reach ./.data.
if [ "$(id -u)" -eq 0 ] && [ -z "${ESLKIT_Storage__ConnectionString:-}" ] && id postgres >/dev/null 2>&1 \
   && ! runuser -u postgres -- test -x "$PWD"; then
  echo "run.sh: as root, the embedded PostgreSQL runs as the postgres user, who cannot reach $PWD" >&2
  echo "  (e.g. a checkout under /root): move the checkout, or set ESLKIT_Storage__ConnectionString" >&2
  exit 1
fi

echo "Building the controller ..." >&2
dotnet build src/EslKit.Controller -c Release --nologo -v quiet -clp:ErrorsOnly >&2
exec dotnet src/EslKit.Controller/bin/Release/net10.0/EslKit.Controller.dll --demo "${serve[@]}"
