#!/usr/bin/env bash
# Refresh the vendored Shopify GraphQL introspection schemas used by the sandbox.
#
# Usage: scripts/refresh_schemas.sh [PACKAGE_VERSION] [API_FILE ...]
#   PACKAGE_VERSION  version of the npm package @shopify/dev-mcp (default: 1.16.0)
#   API_FILE         basenames under the package's dist/data/ to copy, for example
#                    admin_2026-07.json.gz (default: the set listed in DEFAULT_FILES)
#
# The files stay gzipped; src/shopbridge/sandbox/schemas/NOTICE.md is rewritten to
# name the package, version, licence and files, with their SHA-256 sums.
# Needs npm (to reach the npm registry), tar and sha256sum.
set -euo pipefail

cd "$(dirname "$0")/.."
package="@shopify/dev-mcp"
version=${1:-1.16.0}
shift || true
DEFAULT_FILES=(
  admin_2026-04.json.gz
  admin_2026-07.json.gz
  admin_2026-10.json.gz
  storefront-graphql_2026-07.json.gz
)
if [ "$#" -gt 0 ]; then
  files=("$@")
else
  files=("${DEFAULT_FILES[@]}")
fi
dest="src/shopbridge/sandbox/schemas"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "==> fetching ${package}@${version}"
(cd "$work" && npm pack --silent "${package}@${version}" >/dev/null)
tarball=$(ls "$work"/*.tgz)
tar -xzf "$tarball" -C "$work"

licence=$(node -e 'process.stdout.write(require(process.argv[1]).license || "")' \
  "$work/package/package.json" 2>/dev/null || true)
if [ -z "$licence" ]; then
  licence=$(sed -n 's/.*"license": *"\([^"]*\)".*/\1/p' "$work/package/package.json" | head -n1)
fi
if [ "$licence" != "ISC" ]; then
  echo "refusing: ${package}@${version} declares licence '${licence}', expected ISC" >&2
  exit 1
fi

mkdir -p "$dest"
for name in "${files[@]}"; do
  src="$work/package/dist/data/$name"
  if [ ! -f "$src" ]; then
    echo "missing in ${package}@${version}: dist/data/$name" >&2
    echo "available:" >&2
    ls "$work/package/dist/data" | grep -E '^(admin|storefront-graphql)_' >&2 || true
    exit 1
  fi
  # Refuse anything that is not gzipped introspection JSON.
  gzip -t "$src"
  cp "$src" "$dest/$name"
  echo "    $name"
done

copyright=$(grep -m1 -i '^copyright' "$work/package/LICENSE" || echo "Copyright Shopify Inc.")
{
  echo "# Vendored Shopify GraphQL schemas"
  echo
  echo "The \`*.json.gz\` files in this folder are GraphQL introspection results"
  echo "(\`{\"data\": {\"__schema\": ...}}\`), gzipped, copied unchanged from the npm package"
  echo "\`${package}@${version}\`, folder \`dist/data/\`."
  echo
  echo "- Package: \`${package}\` (Shopify's Dev MCP server), version \`${version}\`"
  echo "- Licence: ISC — ${copyright}"
  echo "- Refreshed with: \`scripts/refresh_schemas.sh ${version}\`"
  echo
  echo "| File | API | Version | SHA-256 |"
  echo "|---|---|---|---|"
  for name in "${files[@]}"; do
    base=${name%.json.gz}
    api=${base%_*}
    ver=${base##*_}
    sum=$(sha256sum "$dest/$name" | cut -d' ' -f1)
    echo "| \`$name\` | $api | $ver | \`$sum\` |"
  done
  echo
  echo "## Licence text (from the package's LICENSE file)"
  echo
  echo '```'
  cat "$work/package/LICENSE"
  echo '```'
} > "$dest/NOTICE.md"
echo "==> wrote $dest/NOTICE.md"
