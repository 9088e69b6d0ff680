#!/bin/sh
# Install the Debian 12 packages frontdesk needs to build, run and test,
# and only those that are missing; then the docs page's swagger-ui-dist from
# npm when it is missing. Safe to run again; a no-op when all present.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)

PKGS="build-essential pkg-config libfcgi-dev libfcgi-bin spawn-fcgi multiwatch
lighttpd libjson-c-dev libpq-dev libsqlite3-dev sqlite3 libcurl4-openssl-dev
libxml2-dev libssl-dev libcrypt-dev libcriterion-dev libical-dev postgresql curl wrk
apache2 ca-certificates python3"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
apt_updated=0
apt_install() {
	echo "deps: installing: $*" >&2
	if [ "$apt_updated" = 0 ]; then
		$SUDO apt-get update -qq
		apt_updated=1
	fi
	$SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ -n "$missing" ]; then
	# shellcheck disable=SC2086
	apt_install $missing
	# Debian starts lighttpd/apache2 on install; frontdesk runs its own instances.
	for s in lighttpd apache2; do
		if [ -x /usr/sbin/service ] && pgrep -x "$s" >/dev/null 2>&1; then
			$SUDO service "$s" stop >/dev/null 2>&1 || true
		fi
	done
fi

# The docs page (GET /docs, public/docs/index.html) runs Swagger UI, which the
# web server serves as static files from public/docs/vendor/ (not committed:
# see .gitignore). Pinned; changing the pin installs the new version.
SWAGGER_UI_VERSION=5.35.0
vendor=$root/public/docs/vendor
if [ ! -s "$vendor/swagger-ui-bundle.js" ] ||
    [ "$(cat "$vendor/VERSION" 2>/dev/null)" != "$SWAGGER_UI_VERSION" ]; then
	command -v npm >/dev/null 2>&1 || apt_install nodejs npm
	echo "deps: installing swagger-ui-dist@$SWAGGER_UI_VERSION into public/docs/vendor" >&2
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-deps.XXXXXX")
	if npm install --no-save --no-audit --no-fund --no-package-lock --loglevel=error \
	    --prefix "$tmp" "swagger-ui-dist@$SWAGGER_UI_VERSION" >&2; then
		mkdir -p "$vendor"
		for f in swagger-ui.css swagger-ui-bundle.js swagger-ui-standalone-preset.js \
		    favicon-16x16.png favicon-32x32.png; do
			cp "$tmp/node_modules/swagger-ui-dist/$f" "$vendor/$f"
		done
		echo "$SWAGGER_UI_VERSION" > "$vendor/VERSION"
	else
		# the API works without it; only /docs does not render
		echo "deps: npm could not install swagger-ui-dist; /docs will not render" >&2
	fi
	rm -rf "$tmp"
fi
exit 0
