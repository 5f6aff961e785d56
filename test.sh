#!/usr/bin/env bash
# Runs WebInfra's whole test suite: unit tests and functional tests with real processes and a real MariaDB.
# Installs what the tests need (MariaDB and Prometheus from Debian's packages) when it is missing.
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

if [ ! -x /usr/bin/prometheus ]; then
  echo "test.sh: installing Prometheus (prometheus, with promtool) from Debian's packages" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  # Without systemd, the package's postinst starts a daemon through /etc/init.d on 0.0.0.0:9090, where a site's
  # monitor has its admin listener; the tests start their own Prometheus.
  $sudo_cmd /etc/init.d/prometheus stop >/dev/null 2>&1 || true
fi

./webinfra --help >/dev/null
dotnet test WebInfra.slnx -c Release --nologo "$@"
