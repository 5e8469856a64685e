#!/usr/bin/env bash
# Makes the local base image `chaos-base:bookworm` from a Debian 12 rootfs, for machines that reach Debian's
# package mirror but no image registry: debootstrap (minbase, with every package the chaos image needs, so
# the Dockerfile's apt-get install has nothing left to fetch) → tar → `docker import`.
# Usage: scripts/docker-base-image.sh [IMAGE_TAG]   (as root; needs debootstrap and a running Docker engine)
set -euo pipefail
tag="${1:-chaos-base:bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
packages=postgresql-15,postgresql-client-15,patroni,python3-etcd3,etcd-server,etcd-client,pgpool2,prometheus-postgres-exporter,prometheus,iptables,iproute2,procps,curl,ca-certificates
if docker image inspect "$tag" >/dev/null 2>&1; then
  echo "docker-base-image: $tag exists already"
  exit 0
fi
command -v debootstrap >/dev/null || { echo "docker-base-image: debootstrap is missing: apt-get install debootstrap" >&2; exit 3; }
rootfs=$(mktemp -d /var/tmp/chaos-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
echo "docker-base-image: debootstrap bookworm into $rootfs (about a minute)"
debootstrap --variant=minbase --include="$packages" bookworm "$rootfs" "$mirror" >/dev/null
# The image's own apt sources, and no services started by package scripts inside a container.
echo "deb $mirror bookworm main" > "$rootfs/etc/apt/sources.list"
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb
tar -C "$rootfs" -c . | docker import --change 'CMD ["/bin/bash"]' - "$tag" >/dev/null
echo "docker-base-image: $tag ready"
