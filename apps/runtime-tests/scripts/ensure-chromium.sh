#!/bin/sh
# Makes sure Debian's chromium is at /usr/bin/chromium for the headless browser test
# (playwright-core drives it; `playwright install` cannot download here). Installs it with apt
# when missing; fails loudly when that is impossible, so the browser test never skips silently.
set -eu
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
echo "ensure-chromium: $CHROMIUM is missing; installing Debian's chromium package (~25 s, +414 MB)" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
  echo "ensure-chromium: FAILED: not root and no sudo; install it yourself: apt-get install -y chromium" >&2
  exit 1
fi
# Several engineers may run the suite at once: one apt at a time.
exec 9>/tmp/ensure-chromium.lock
flock 9
if [ ! -x "$CHROMIUM" ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2 && $SUDO apt-get install -y -qq --no-install-recommends chromium >&2 || {
    echo "ensure-chromium: FAILED: apt-get install chromium did not succeed (see above)" >&2
    exit 1
  }
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: FAILED: $CHROMIUM still missing after install" >&2
  exit 1
fi
"$CHROMIUM" --version >&2
