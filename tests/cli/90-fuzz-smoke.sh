#!/usr/bin/env bash
# Every libFuzzer target for three seconds (300 with CUPPA_SOAK=1), so a
# parser change that crashes on odd input fails the suite.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=3
[[ "${CUPPA_SOAK:-0}" == 1 ]] && secs=300
scripts/fuzz "$secs"
