#!/usr/bin/env bash
# Install what the end-to-end browser tests need: Debian's Chromium and CJK fonts
# (so Chinese text renders in screenshots). Idempotent: quick when already present.
# Run as root:  sudo scripts/install_browser.sh
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)

if [ ${#need[@]} -eq 0 ]; then
    echo "install_browser: chromium and fonts-noto-cjk already installed"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install_browser: must run as root to install: ${need[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${need[@]}"
echo "install_browser: installed ${need[*]}"
