#!/usr/bin/env bash
# System packages the tests need that npm cannot provide: Debian's Chromium for the browser test
# (playwright-core drives it; `npx playwright install` cannot download browsers on these machines).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  echo "chromium already installed: $(command -v chromium)"
  exit 0
fi
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium
command -v chromium
