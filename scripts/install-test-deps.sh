#!/usr/bin/env bash
# Installs the system packages the test suite uses, only those missing: kcat (manual Kafka checks),
# ripser and GUDHI (reference oracles for the topology engine), PostgreSQL (AdoNet clustering, storage and
# reminders), Chromium (the pipeline page), docker-compose, yamllint and kubectl (offline checks of deploy/).
# Safe to run again.
set -euo pipefail

packages=(kcat ripser python3-gudhi python3-numpy postgresql chromium docker-compose yamllint kubectl)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
