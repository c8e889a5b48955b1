#!/usr/bin/env bash
# Rebuild the gallery's Angular Material bundle (tests/gallery/README.md) into
# tests/gallery/built/angular-material/: npm ci at the pinned versions, the production build
# (no source maps, no output hashing, no fonts fetched), then main.js, polyfills.js, styles.css
# and the third-party licences are copied beside the host pages' links.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../built/angular-material"
cd "$here"
export NG_CLI_ANALYTICS=false NG_FORCE_TTY=false
npm ci --no-audit --no-fund
rm -rf dist
npx ng build --configuration production
mkdir -p "$out"
rm -f "$out"/*
cp dist/main.js dist/polyfills.js dist/styles.css dist/3rdpartylicenses.txt "$out"/
ls -l "$out"
