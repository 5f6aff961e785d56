#!/usr/bin/env bash
# Runs WebInfra's whole test suite: unit tests and functional tests with real processes and a real MariaDB.
# Installs what the tests need from Debian's packages when it is missing: MariaDB and mariadb-backup, Prometheus (the exported
# configuration is scraped by a real one), Chromium (the dashboard's browser test), and nftables and iproute2 (the
# exported firewall rules are checked by the kernel, in network namespaces of the tests' own), OpenSSH's server and
# systemd-nspawn (the SSH lab's hosts, which boot systemd), keepalived (VIPs),
# etcd (the monitors' election), Knot DNS (the site's DNS server) with knotc, dig and named-checkzone (the exported zone is checked and queried by BIND's
# tools), and what the two example applications run on: Python with pymysql, Node.js with the mysqljs driver.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
missing=()
[ -x /usr/sbin/mariadbd ] || command -v mariadbd >/dev/null 2>&1 || missing+=(mariadb-server)
command -v mariadb-backup >/dev/null 2>&1 || missing+=(mariadb-backup)
[ -n "${WEBINFRA_CHROMIUM:-}" ] || [ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/nft ] || missing+=(nftables)
[ -x /usr/sbin/ip ] || missing+=(iproute2)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
[ -x /usr/bin/systemd-nspawn ] || missing+=(systemd-container)
[ -x /usr/sbin/knotd ] || missing+=(knot)
[ -x /usr/sbin/keepalived ] || missing+=(keepalived)
[ -x /usr/bin/etcd ] || missing+=(etcd-server)
[ -x /usr/bin/apt-ftparchive ] || missing+=(apt-utils)
[ -x /usr/bin/kdig ] || missing+=(knot-dnsutils)
[ -x /usr/bin/dig ] || missing+=(bind9-dnsutils)
[ -x /usr/bin/named-checkzone ] || missing+=(bind9-utils)
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import pymysql' 2>/dev/null || missing+=(python3-pymysql)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
[ -d /usr/share/nodejs/mysql ] || missing+=(node-mysql)
announced=("${missing[@]}")
[ -x /usr/bin/prometheus ] || announced=("${missing[@]}" prometheus)
if [ ${#announced[@]} -gt 0 ]; then
  echo "test.sh: installing ${announced[*]} from Debian's packages" >&2
  $sudo_cmd apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# The tests run knotd, keepalived, etcd and sshd themselves, each with a configuration of its own; the system's services are not
# among them.
for service in knot keepalived etcd ssh; do
  if [[ " ${missing[*]} " == *" $service "* ]]; then
    $sudo_cmd /etc/init.d/$service stop >/dev/null 2>&1 || true
  fi
done
if [ ! -x /usr/bin/prometheus ]; then
  # Its recommended exporters would start daemons of their own. Without systemd, the postinst may start Prometheus
  # through /etc/init.d on 0.0.0.0:9090, where a site's monitor has its admin listener; the tests start their own.
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  $sudo_cmd /etc/init.d/prometheus stop >/dev/null 2>&1 || true
fi

./webinfra --help >/dev/null
dotnet test WebInfra.slnx -c Release --nologo "$@"
