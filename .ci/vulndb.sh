#!/usr/bin/env bash
# Builds the Go vulnerability database for govulncheck from a pinned
# golang.org/x/vulndb module (fetched through the module proxy, like any
# module), so the scan needs no other network access and gives the same answer
# on every run of the same pin. Prints the database folder on its last line.
#
# The module zip holds data/osv (one OSV file per advisory) but no git history,
# and vulndb's cmd/gendb reads data/osv from a git repository (it dates each
# entry by its commits). So the files go into a one-commit repository dated at
# the pin's own time, and gendb writes the database (index/ and ID/, as
# vuln.go.dev serves it) from there. Entries that carry no published date of
# their own show the pin's date instead of the upstream one; govulncheck only
# matches modules, versions and symbols, which are unchanged.
#
# Cached under $YDP1_VULNDB_CACHE (default ~/.cache/ydp1-vulndb), one folder
# per pin: bumping VULNDB_VERSION rebuilds, and older builds are removed.
set -euo pipefail

VULNDB_VERSION=v0.0.0-20261105234957-e22db6528018
cache=${YDP1_VULNDB_CACHE:-${HOME}/.cache/ydp1-vulndb}
db=$cache/$VULNDB_VERSION/db

if [ -f "$db/.complete" ]; then
  echo "$db"
  exit 0
fi

mkdir -p "$cache"
work=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$work"' EXIT

# outside any module, so nothing here touches the project's go.mod or go.sum
cd "$work"
# gendb is a main package of the same module
GOBIN=$work/bin go install "golang.org/x/vulndb/cmd/gendb@$VULNDB_VERSION" >&2
info=$(go mod download -json "golang.org/x/vulndb@$VULNDB_VERSION")
src=$(jq -r .Dir <<<"$info")
when=$(jq -r .Time "$(jq -r .Info <<<"$info")") # the pin's commit time

mkdir -p "$work/repo/data"
cp -R "$src/data/osv" "$work/repo/data/osv"
chmod -R u+w "$work/repo"
(
  cd "$work/repo"
  git init -q
  git add data/osv
  GIT_AUTHOR_DATE=$when GIT_COMMITTER_DATE=$when \
    git -c user.name=vulndb -c user.email=vulndb@localhost -c commit.gpgsign=false \
    commit -q -m "golang.org/x/vulndb $VULNDB_VERSION"
)
"$work/bin/gendb" -repo "$work/repo" -out "$work/db" >&2
touch "$work/db/.complete"

# swap in the new build and drop those of other pins
rm -rf "$cache/$VULNDB_VERSION"
mkdir -p "$cache/$VULNDB_VERSION"
mv "$work/db" "$db"
find "$cache" -mindepth 1 -maxdepth 1 -type d -name 'v*' ! -name "$VULNDB_VERSION" -exec rm -rf {} +
echo "$db"
