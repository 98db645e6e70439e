#!/usr/bin/env bash
# The public base images the deployment names (node:24-bookworm-slim, redis:7-alpine and
# postgres:17-alpine today), pulled when the registry answers; where it does not, stand-ins are built
# under the same names from Debian's packages and the npm registry, so the Dockerfile and the
# Compose file run unchanged. Stand-ins carry the label car-platform.stand-in; `--remove` removes
# them (and never a real image), as the container test does when it ends. Needs root
# (debootstrap, chroot).
set -euo pipefail

cd "$(dirname "$0")/../.."
# The names as the Dockerfile and the Compose file give them.
NODE_IMAGE=$(sed -n 's/^FROM \(node:[^ ]*\).*/\1/p' Dockerfile | head -n 1)
REDIS_IMAGE=$(sed -n 's/^ *image: *\(redis:[^ ]*\)/\1/p' docker-compose.yml)
POSTGRES_IMAGE=$(sed -n 's/^ *image: *\(postgres:[^ ]*\)/\1/p' docker-compose.yml)
NODE_LINE=$(echo "$NODE_IMAGE" | sed 's/^node:\([0-9]*\).*/\1/')
NPM_LINE=11
MIRROR=http://deb.debian.org/debian
LABEL=car-platform.stand-in=true

if [ "${1:-}" = --remove ]; then
  for image in "$NODE_IMAGE" "$REDIS_IMAGE" "$POSTGRES_IMAGE"; do
    if [ "$(docker image inspect --format '{{index .Config.Labels "car-platform.stand-in"}}' "$image" 2>/dev/null)" = true ]; then
      docker image rm --force "$image" >/dev/null
    fi
  done
  exit 0
fi

missing=()
for image in "$NODE_IMAGE" "$REDIS_IMAGE" "$POSTGRES_IMAGE"; do
  if docker image inspect "$image" >/dev/null 2>&1 || docker pull -q "$image" >/dev/null 2>&1; then
    echo "base image $image: present"
  else
    missing+=("$image")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "building stand-ins for ${missing[*]} (the registry does not answer)"

if ! command -v debootstrap >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

wants() { [[ " ${missing[*]} " == *" $1 "* ]]; }

# A root of `debootstrap --variant=minbase bookworm`, copied for each image.
debootstrap --variant=minbase bookworm "$work/base" "$MIRROR" >"$work/debootstrap.log" 2>&1 ||
  { tail -n 20 "$work/debootstrap.log"; exit 1; }
# Packages installed in a chroot must not start their services.
printf '#!/bin/sh\nexit 101\n' >"$work/base/usr/sbin/policy-rc.d"
chmod +x "$work/base/usr/sbin/policy-rc.d"

new_root() {
  cp -a "$work/base" "$work/$1"
  echo "$work/$1"
}

apt_install() {
  local root=$1
  shift
  {
    chroot "$root" apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -qq --no-install-recommends "$@"
  } >"$root.log" 2>&1 || { tail -n 20 "$root.log"; return 1; }
}

import_root() {
  local root=$1 image=$2
  shift 2
  rm -f "$root/usr/sbin/policy-rc.d"
  chroot "$root" apt-get clean
  rm -rf "$root"/var/lib/apt/lists/* "$root"/tmp/* "$root"/root/.npm
  tar -C "$root" -c . | docker import --change "LABEL $LABEL" "$@" - "$image" >/dev/null
  echo "stand-in $image built"
}

build_node() {
  local root arch package
  root=$(new_root node)
  arch=$(uname -m | sed -e 's/^x86_64$/x64/' -e 's/^aarch64$/arm64/')
  (cd "$work" && npm pack --silent "node-linux-$arch@$NODE_LINE" "npm@$NPM_LINE" >/dev/null)
  mkdir -p "$work/node-package" "$root/usr/local/lib/node_modules/npm"
  tar -xzf "$work"/node-linux-"$arch"-*.tgz -C "$work/node-package" --strip-components=1
  tar -xzf "$work"/npm-*.tgz -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
  package="$work/node-package"
  install -m 755 "$package/bin/node" "$root/usr/local/bin/node"
  cp -a "$package/include/." "$root/usr/local/include/"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  # node-gyp takes the headers installed beside node instead of downloading them.
  mkdir -p "$root/usr/local/etc"
  echo "nodedir=/usr/local" >"$root/usr/local/etc/npmrc"
  chroot "$root" groupadd --gid 1000 node
  chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  local ca=()
  # Registry traffic may pass a TLS-inspecting proxy whose CA only this host trusts.
  if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
    cp "$NODE_EXTRA_CA_CERTS" "$root/usr/local/etc/host-ca-certificates.crt"
    ca=(--change "ENV NODE_EXTRA_CA_CERTS=/usr/local/etc/host-ca-certificates.crt")
  fi
  import_root "$root" "$NODE_IMAGE" \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    "${ca[@]}" --change 'CMD ["node"]'
}

build_redis() {
  local root
  root=$(new_root redis)
  apt_install "$root" redis-server
  mkdir -p "$root/data" "$root/usr/local/etc/redis"
  import_root "$root" "$REDIS_IMAGE" --change "WORKDIR /data" --change "EXPOSE 6379" \
    --change 'CMD ["redis-server", "--protected-mode", "no"]'
}

build_postgres() {
  local root
  root=$(new_root postgres)
  # The entrypoint makes the cluster in the data volume, as the official image does.
  mkdir -p "$root/etc/postgresql-common"
  echo "create_main_cluster = false" >"$root/etc/postgresql-common/createcluster.conf"
  apt_install "$root" postgresql-15
  install -m 755 test/containers/postgres-entrypoint.sh "$root/usr/local/bin/docker-entrypoint.sh"
  import_root "$root" "$POSTGRES_IMAGE" \
    --change "ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV LANG=C.UTF-8" --change "ENV PGDATA=/var/lib/postgresql/data" \
    --change "EXPOSE 5432" \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' --change 'CMD ["postgres"]'
}

pids=()
wants "$NODE_IMAGE" && { build_node & pids+=($!); }
wants "$REDIS_IMAGE" && { build_redis & pids+=($!); }
wants "$POSTGRES_IMAGE" && { build_postgres & pids+=($!); }
for pid in "${pids[@]}"; do wait "$pid"; done
