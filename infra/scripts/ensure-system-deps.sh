#!/usr/bin/env bash
# Installs the Debian packages a profile needs, only those missing. Profiles: run, test.
set -euo pipefail
profile="${1:-run}"
pkgs_run=(libmagic1 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1
          fonts-dejavu-core mat2 poppler-utils age ffmpeg)
pkgs_test=("${pkgs_run[@]}" clamav clamav-daemon libimage-exiftool-perl chromium zip nodejs npm libreoffice-writer-nogui haproxy)
if [ "$profile" = test ]; then pkgs=("${pkgs_test[@]}"); else pkgs=("${pkgs_run[@]}"); fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs/npm may come from elsewhere than Debian: a working binary is enough.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -ra missing <<<"${missing[*]}"
[ "${#missing[@]}" -eq 0 ] && exit 0
echo "Installing system packages: ${missing[*]}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q -o DPkg::Lock::Timeout=600 >/dev/null
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}" >/dev/null
