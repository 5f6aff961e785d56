#!/usr/bin/env bash
# Runs WebInfra's whole test suite: unit tests and functional tests with real processes and a real MariaDB.
# Installs what the tests need (MariaDB from Debian's packages) when it is missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
  echo "test.sh: installing MariaDB (mariadb-server) from Debian's packages" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq mariadb-server >/dev/null
fi

./webinfra --help >/dev/null
dotnet test WebInfra.slnx -c Release --nologo "$@"
