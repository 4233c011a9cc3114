#!/usr/bin/env bash
# Real-browser check of the weekly email: installs Debian's chromium when missing, then
# renders the email at 600/375/320 px, fails on horizontal overflow, and leaves PNG
# screenshots in artifacts/email/.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -x /usr/bin/chromium ]; then
  echo "40-email-browser: installing chromium (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
/usr/bin/chromium --version 2>/dev/null || true

npm run test:browser
echo "40-email-browser: screenshots in artifacts/email/"
