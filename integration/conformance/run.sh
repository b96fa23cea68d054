#!/usr/bin/env bash
# Conformance run with an official Globus SDK: builds and starts the
# fakeglobus server command on a free port, runs a workflow against it, and
# fails if a step fails or the fake logged a spec violation.
#
#   ./run.sh          # the JavaScript SDK: npm ci (the pinned @globus/sdk), conformance.mjs
#   ./run.sh python   # the Python SDK (globus-sdk, importable by python3): python/conformance.py
#
# Without node and npm, or without an importable globus_sdk, it says so and
# skips.
set -euo pipefail
cd "$(dirname "$0")"

case "${1:-js}" in
js)
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "SKIPPED: node/npm not found, so the @globus/sdk conformance run did not happen"
    exit 0
  fi
  echo "node $(node --version), npm $(npm --version)"
  npm ci --no-audit --no-fund
  run=(node conformance.mjs)
  ;;
python)
  if ! python3 -c 'import globus_sdk' 2>/dev/null; then
    echo "SKIPPED: python3 cannot import globus_sdk, so the Python SDK conformance run did not happen"
    exit 0
  fi
  run=(python3 python/conformance.py)
  ;;
*)
  echo "usage: $0 [js|python]" >&2
  exit 2
  ;;
esac

work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/fakeglobus" ../cmd/fakeglobus
"$work/fakeglobus" -addr 127.0.0.1:0 >"$work/out" 2>"$work/err" &
pid=$!
url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/^  Auth: *//p' "$work/out")
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/err"; echo "fakeglobus exited"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "fakeglobus did not print its URL"; exit 1; }
echo "fakeglobus at $url"

status=0
FAKEGLOBUS_URL="$url" "${run[@]}" || status=$?
kill "$pid"; wait "$pid" || true; pid=""
if grep -q "spec violation" "$work/err"; then
  echo "the fake saw spec violations:"; grep "spec violation" "$work/err"; status=1
fi
exit "$status"
