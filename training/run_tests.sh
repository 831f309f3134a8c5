#!/bin/sh
# Runs the Python training/export test suite quietly (parity, smoke, units).
# Usage: training/run_tests.sh [pytest args]   e.g. -m "not slow" to skip the 320x320 parity run
set -e
cd "$(dirname "$0")/.."
exec nice /usr/bin/python3 -m pytest training/tests -q "$@"
