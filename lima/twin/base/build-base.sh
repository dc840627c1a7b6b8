#!/usr/bin/env bash
# Builds a minimal Debian bookworm root filesystem with debootstrap and writes it as a tar archive, trimmed the
# way debian:bookworm-slim is (no docs, man pages or locales; no recommends). Needs root and debootstrap.
# Usage: build-base.sh OUT.tar [MIRROR]
set -euo pipefail
out=${1:?usage: build-base.sh OUT.tar [MIRROR]}
mirror=${2:-http://deb.debian.org/debian}
root=$(mktemp -d /tmp/gjallarhorn-rootfs.XXXXXX)
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
       "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/*
find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
cat >"$root/etc/dpkg/dpkg.cfg.d/01-slim" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
CFG
printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$root/etc/apt/apt.conf.d/01-norecommends"
echo "deb $mirror bookworm main" >"$root/etc/apt/sources.list"
tar -C "$root" -cf "$out" .
