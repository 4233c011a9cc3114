#!/usr/bin/env bash
# Infra gate: the real `npx cdk synth` offline (no AWS credentials, no telemetry, cdk-nag
# as a validation plugin: any unacknowledged finding fails the synth), cfn-lint on the
# synthesized template, and the slow real-app synth test (every Lambda bundled).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v cfn-lint >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check 'cfn-lint>=1,<2'
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# No credentials, no region lookups: synth must work on a fresh clone.
export CDK_DISABLE_CLI_TELEMETRY=1 AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
start=$(date +%s%N)
npx cdk synth --quiet --no-notices --output "$out"
echo "cdk synth: $(( ($(date +%s%N) - start) / 1000000 )) ms"

cfn-lint --version
cfn-lint "$out"/*.template.json
echo "cfn-lint: clean"

for asset in "$out"/asset.*/index.mjs; do
  printf '%s %s bytes\n' "$(basename "$(dirname "$asset")")" "$(stat -c %s "$asset")"
done

# The real-app synth test (every Lambda bundled), skipped by `npm test`; the other infra, adapter
# and handler tests ran in `npm test` above, on moto_server too (installed by .ci/run).
FUNNEL_SLOW_TESTS=1 npx vitest run test/infra/synth.test.ts
