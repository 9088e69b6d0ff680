#!/bin/sh
# Install the Debian 12 packages frontdesk needs to build, run and test,
# and only those that are missing. Safe to run again; a no-op when all present.
set -eu

PKGS="build-essential pkg-config libfcgi-dev libfcgi-bin spawn-fcgi multiwatch
lighttpd libjson-c-dev libpq-dev libsqlite3-dev sqlite3 libcurl4-openssl-dev
libxml2-dev libssl-dev libcrypt-dev libcriterion-dev libical-dev postgresql curl wrk
apache2 ca-certificates"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

[ -z "$missing" ] && exit 0

echo "deps: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
# Debian starts lighttpd/apache2 on install; frontdesk runs its own instances.
for s in lighttpd apache2; do
	if [ -x /usr/sbin/service ] && pgrep -x "$s" >/dev/null 2>&1; then
		$SUDO service "$s" stop >/dev/null 2>&1 || true
	fi
done
exit 0
