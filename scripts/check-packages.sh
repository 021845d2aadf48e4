#!/usr/bin/env bash
# Lints what each publishable package would publish: publint (manifest, files, exports) and
# attw --pack (types per resolution mode: node10, node16 CJS and ESM, bundler). Needs a build.
# Fails on any finding; both pack through npm, so the prepack/postpack hooks run as on publish.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for dir in packages/*/; do
  [ -f "$dir/package.json" ] || continue
  echo "== ${dir%/}"
  (cd "$dir" && npx --no-install publint --strict) || status=1
  (cd "$dir" && npx --no-install attw --pack . --format ascii) || status=1
  if [ -e "$dir/package.json.dev" ]; then
    echo "check-packages: ${dir}package.json.dev left behind by npm pack" >&2
    status=1
  fi
done
exit $status
