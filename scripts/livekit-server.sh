#!/usr/bin/env bash
# Provides livekit-server at the pinned version and prints its path on stdout.
# Order: $LIVEKIT_SERVER_BIN, then the one on PATH, then the cache, then a build from the Go module
# proxy (its go.mod has replace directives, so `go install …@v` refuses it: build it as the main module).
set -euo pipefail
VERSION="${LIVEKIT_SERVER_VERSION:-1.13.5}"
CACHE_DIR="${LIVEKIT_SERVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/voice-console/livekit-server}/v$VERSION"
log() { printf 'livekit-server: %s\n' "$*" >&2; }

version_of() { "$1" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1; }

for candidate in "${LIVEKIT_SERVER_BIN:-}" "$(command -v livekit-server 2>/dev/null || true)" "$CACHE_DIR/livekit-server"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    if [ "$(version_of "$candidate")" = "$VERSION" ]; then
      printf '%s\n' "$candidate"
      exit 0
    fi
    log "$candidate is not version $VERSION; looking further"
  fi
done

if ! command -v go >/dev/null 2>&1; then
  log "no livekit-server $VERSION found and no Go toolchain to build one."
  log "Install LiveKit's server (https://docs.livekit.io/home/self-hosting/local/) and set LIVEKIT_SERVER_BIN,"
  log "or install Go 1.26+ so this script can build it from the Go module proxy."
  exit 1
fi

log "building v$VERSION from the Go module proxy (first time only; cached in $CACHE_DIR)"
started=$(date +%s)
module_dir=$(go mod download -json "github.com/livekit/livekit-server@v$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$module_dir" ] || { log "go mod download gave no module directory"; exit 1; }
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -r "$module_dir/." "$work/"
chmod -R u+w "$work"
mkdir -p "$CACHE_DIR"
(cd "$work" && CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$CACHE_DIR/livekit-server.partial" ./cmd/server)
mv "$CACHE_DIR/livekit-server.partial" "$CACHE_DIR/livekit-server"
log "built in $(( $(date +%s) - started )) s"
printf '%s\n' "$CACHE_DIR/livekit-server"
