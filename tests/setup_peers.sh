#!/bin/sh
# Installs the interoperability peers of the test suite (Debian's NUT 2.8.0, socat, strace, the USB rig's
# umockdev and libusb) when they are missing and this machine can install them (root + apt-get). Tests that
# need a peer skip, saying why, when it is absent. The product itself never needs them.
need=""
[ -x /lib/nut/upsd ] || need="$need nut-server"
command -v upsc >/dev/null 2>&1 || need="$need nut-client"
[ -e /usr/lib/python3/dist-packages/PyNUT.py ] || need="$need python3-nut"
command -v socat >/dev/null 2>&1 || need="$need socat"
command -v strace >/dev/null 2>&1 || need="$need strace"   # tests/offline_test.ts, with ip:
command -v ip >/dev/null 2>&1 || need="$need iproute2"
# The emulated USB HID UPS (tests/rigs/): umockdev, its Python binding through /usr/bin/python3, real libusb.
command -v umockdev-wrapper >/dev/null 2>&1 || need="$need umockdev"
ls /usr/lib/*/girepository-1.0/UMockdev-1.0.typelib >/dev/null 2>&1 || need="$need gir1.2-umockdev-1.0"
[ -d /usr/lib/python3/dist-packages/gi ] || need="$need python3-gi"
ls /usr/lib/*/libusb-1.0.so.0 /lib/*/libusb-1.0.so.0 >/dev/null 2>&1 || need="$need libusb-1.0-0"
[ -n "$need" ] || exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup_peers: cannot install$need (needs root and apt-get); interoperability tests will be skipped" >&2
  exit 0
fi
echo "setup_peers: installing$need" >&2
export DEBIAN_FRONTEND=noninteractive
(apt-get update -qq && apt-get install -y -qq --no-install-recommends $need) >/tmp/nut-setup-peers.log 2>&1 ||
  echo "setup_peers: apt-get failed (see /tmp/nut-setup-peers.log); interoperability tests will be skipped" >&2
# The packages start services on some systems: stop them so they never hold port 3493 during tests.
(systemctl stop nut-server nut-monitor nut-driver.target) >/dev/null 2>&1 || true
exit 0
