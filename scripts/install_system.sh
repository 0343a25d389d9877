#!/usr/bin/env bash
# Install the Debian tools the reader calls: antiword (legacy Word 97–2003 .doc files).
# Idempotent: quick when already present. Run as root:  sudo scripts/install_system.sh
set -euo pipefail

need=()
command -v antiword >/dev/null 2>&1 || need+=(antiword)

if [ ${#need[@]} -eq 0 ]; then
    echo "install_system: antiword already installed"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install_system: must run as root to install: ${need[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${need[@]}"
echo "install_system: installed ${need[*]}"
