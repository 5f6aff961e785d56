#!/usr/bin/env bash
# Jepsen-style check of the database under random faults: see chaos/jepsen.py (its docstring, or --help) and
# chaos/README.md. Runs it with Debian's /usr/bin/python3, which has pymysql and yaml (python3-pymysql, python3-yaml).
#   chaos/jepsen.sh --faults 10 --seed 7      # as root; exit 0 passed, 3 a check failed, 1 could not run, 2 bad arguments
#   chaos/jepsen.sh --self-test               # the checkers on fabricated histories
set -euo pipefail
if [ "$(id -u)" -ne 0 ] && [[ " $* " != *" --self-test "* ]] && [[ " $* " != *" --help "* ]] && [[ " $* " != *" -h "* ]]; then
  echo "jepsen: run it as root: the site's servers are network namespaces" >&2
  exit 1
fi
exec /usr/bin/python3 "$(dirname "$0")/jepsen.py" "$@"
