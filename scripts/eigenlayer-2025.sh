#!/bin/sh
# Rebuilds scenarios/eigenlayer-2025.json from published aggregates (docs/DATA.md):
# writes the Dune-format inputs, then imports them over the oracle-cascade template.
# Usage: scripts/eigenlayer-2025.sh [restake binary]
set -eu
RESTAKE=${1:-target/release/restake}
python3 scripts/eigenlayer-2025.py scenarios/eigenlayer-2025
"$RESTAKE" import \
  --mapping scenarios/eigenlayer-2025/mapping.csv \
  --avs-metrics scenarios/eigenlayer-2025/avs_metrics.csv \
  --operator-metrics scenarios/eigenlayer-2025/operator_metrics.csv \
  --tvl-unit usd --eth-price 2690 \
  --template oracle-cascade \
  --name eigenlayer-2025 \
  --description "EigenLayer around Sept 2024 - Feb 2025 from published aggregates (docs/DATA.md): 258 operators (7 hold 75% of the stake), eoracle, EigenDA, Witness Chain and Lagrange with their published operator counts and TVL; operator identities and registrations synthesised; everything else from oracle-cascade." \
  -o scenarios/eigenlayer-2025.json 2> scenarios/eigenlayer-2025/import-report.txt
tail -n 1 scenarios/eigenlayer-2025/import-report.txt
