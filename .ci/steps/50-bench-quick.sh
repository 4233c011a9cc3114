#!/usr/bin/env bash
# The quick benchmark (issue 8): proves `npm run bench -- --quick --json FILE` works on a clean
# clone and writes every part of the result. Its numbers are printed, never asserted: timing
# targets are for the benchmark to report, not for CI to gate on.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)/bench.json
timeout 600 npm run bench -- --quick --json "$out"
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const need = ["refresh", "report", "import", "connectors", "email", "bundles"];
  const missing = need.filter((k) => r[k] === undefined);
  if (missing.length) { console.error("bench JSON lacks " + missing.join(", ")); process.exit(1); }
  for (const k of ["seconds", "floorSeconds", "ratio", "peakRssMb"]) if (typeof r.refresh[k] !== "number") { console.error("refresh." + k + " missing"); process.exit(1); }
  for (const k of ["seconds", "fullSeconds", "ratio"]) if (typeof r.refresh.incremental?.[k] !== "number") { console.error("refresh.incremental." + k + " missing"); process.exit(1); }
  console.log("50-bench-quick: JSON complete (" + Object.keys(r.bundles).length + " bundles, " + Object.keys(r.connectors).length + " connectors)");
' "$out"
