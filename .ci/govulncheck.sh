#!/usr/bin/env bash
# Scans the module with govulncheck against the offline database that
# .ci/vulndb.sh builds, with the Go release the Dockerfile ships, so the
# standard-library findings are those of the binary we deploy. Fails on any
# vulnerability the code calls unless .ci/govulncheck-allow names it, with why.
set -euo pipefail
cd "$(dirname "$0")/.."

GOVULNCHECK_VERSION=v1.9.0
# keep in step with the FROM line of the Dockerfile
GO_RELEASE=$(sed -n 's/^FROM golang:\([0-9][0-9.]*\)-.* AS build$/\1/p' Dockerfile)
if [ -z "$GO_RELEASE" ]; then
  echo "Dockerfile: no pinned 'FROM golang:X.Y.Z-… AS build' line" >&2
  exit 1
fi

db=$(.ci/vulndb.sh | tail -n 1)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
GOTOOLCHAIN=go$GO_RELEASE go run "golang.org/x/vuln/cmd/govulncheck@$GOVULNCHECK_VERSION" \
  -db "file://$db" -format json ./... >"$out"

allowed=$(sed 's/#.*//' .ci/govulncheck-allow | tr -s ' \t' '\n' | grep . | sort -u || true)
# a vulnerability is called when one of its findings ends in a function of ours
called=$(jq -r 'select(.finding) | .finding | select(.trace[0].function) | .osv' "$out" | sort -u)
imported=$(jq -r 'select(.finding) | .finding.osv' "$out" | sort -u)

echo "govulncheck $GOVULNCHECK_VERSION, go$GO_RELEASE, database $(basename "$(dirname "$db")"):" \
  "$(grep -c . <<<"$called" || true) called, $(comm -13 <(echo "$called") <(echo "$imported") | grep -c . || true) only in required modules"
failed=0
for id in $called; do
  summary=$(jq -r --arg id "$id" 'select(.osv.id == $id) | .osv.summary' "$out" | sed -n 1p)
  where=$(jq -r --arg id "$id" 'select(.finding.osv == $id and .finding.trace[0].function) | .finding
    | "\(.trace[0].module)@\(.trace[0].version // "") \(.trace[0].package).\(.trace[0].function) (fixed: \(.fixed_version // "none"))"' "$out" | sort -u | sed -n 1,3p)
  if grep -qx "$id" <<<"$allowed"; then
    echo "  allowed  $id  $summary"
  else
    echo "  CALLED   $id  $summary"
    sed 's/^/           /' <<<"$where"
    failed=1
  fi
done
for id in $allowed; do
  if ! grep -qx "$id" <<<"$called"; then
    echo "  note: $id is in .ci/govulncheck-allow but no longer reported; remove it"
  fi
done
if [ "$failed" = 1 ]; then
  echo "govulncheck: vulnerabilities above are called and not in .ci/govulncheck-allow" >&2
  exit 1
fi
