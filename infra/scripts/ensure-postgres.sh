#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 (installs and starts it when needed).
set -euo pipefail
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then exit 0; fi
if ! command -v pg_ctlcluster >/dev/null; then
  echo "Installing PostgreSQL"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q -o DPkg::Lock::Timeout=600 >/dev/null
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q postgresql >/dev/null
fi
ver=$(ls /etc/postgresql | sort -V | tail -n1)
$SUDO pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null || true
for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
pg_isready -h 127.0.0.1 -p 5432
# Trust auth on loopback is how this machine's cluster is set up; a fresh install uses peer/md5,
# so tests connect as the postgres superuser through the socket-free TCP path set up here.
if ! psql -h 127.0.0.1 -U postgres -Atc 'select 1' >/dev/null 2>&1; then
  hba=$(ls /etc/postgresql/"$ver"/main/pg_hba.conf)
  $SUDO sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$ver" main reload
fi
