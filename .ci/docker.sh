# Source this file (`. .ci/docker.sh`) for the container test (test/containers): `docker_ready`
# makes sure a Docker engine and Compose v2 answer, installing and starting them where it can as
# root on Debian (docker.io from Debian; Compose v2 from the docker-compose package of Debian's
# trixie suite, which bookworm lacks; dockerd started by hand, as no init system runs it here).
# It returns 1 after one line saying why when it cannot. `docker_stop` stops a dockerd it started.

_docker_log=$(mktemp)
_docker_started=

_docker_skip() {
  echo "container test skipped: $*"
  return 1
}

_docker_install_compose() {
  local trixie
  trixie=$(mktemp -d)
  echo "deb http://deb.debian.org/debian trixie main" >"$trixie/sources.list"
  mkdir -p "$trixie/lists/partial"
  local apt_trixie=(-o "Dir::Etc::SourceList=$trixie/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$trixie/lists")
  (cd "$trixie" && apt-get "${apt_trixie[@]}" update && apt-get "${apt_trixie[@]}" download docker-compose) &&
    dpkg -i "$trixie"/docker-compose_*.deb
  local status=$?
  rm -rf "$trixie"
  return $status
}

docker_ready() {
  if ! docker info >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] || { _docker_skip "no Docker engine answers, and starting one needs root"; return 1; }
    if ! command -v dockerd >/dev/null 2>&1; then
      command -v apt-get >/dev/null 2>&1 || { _docker_skip "no Docker engine, and no apt-get to install one"; return 1; }
      echo "installing docker.io"
      { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y docker.io; } >>"$_docker_log" 2>&1 ||
        { _docker_skip "apt-get install docker.io failed: $(tail -n 1 "$_docker_log")"; return 1; }
    fi
    if ! docker info >/dev/null 2>&1; then
      dockerd >>"$_docker_log" 2>&1 &
      _docker_started=$!
      for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
      docker info >/dev/null 2>&1 || { _docker_skip "dockerd did not start: $(tail -n 1 "$_docker_log")"; return 1; }
    fi
  fi
  if ! docker compose version >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] || { _docker_skip "Docker Compose v2 is missing, and installing it needs root"; return 1; }
    echo "installing Docker Compose v2 (docker-compose from Debian trixie)"
    _docker_install_compose >>"$_docker_log" 2>&1 && docker compose version >/dev/null 2>&1 ||
      { _docker_skip "Docker Compose v2 could not be installed: $(tail -n 1 "$_docker_log")"; return 1; }
  fi
  docker compose version
}

docker_stop() {
  if [ -n "$_docker_started" ]; then
    kill "$_docker_started" 2>/dev/null && wait "$_docker_started" 2>/dev/null
    _docker_started=
  fi
  return 0
}
