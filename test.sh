#!/usr/bin/env bash
# The tests, with the real tools they use installed first: Debian's chromium (the HTML report is opened in headless
# Chromium), npm (the build restores the report's charting library with npm ci), prometheus (promtool checks and
# unit-tests the generated rules and backfills a night; the server answers the rules' and the dashboard's queries) and
# ffmpeg (the generated encoder ladder is run on a synthetic source). Then dotnet test; extra arguments go to it
# (e.g. ./test.sh --filter Browser).
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(npm)
{ command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1; } || need+=(prometheus)
{ command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1; } || need+=(ffmpeg)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]} (apt-get)" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

exec dotnet test Matchday.slnx "$@"
