#!/usr/bin/env bash
# Installs what the local stack and its tests need on a fresh Debian machine: uv, the workspace,
# nginx (the local gateway), libmagic (upload type sniffing), Tesseract's English data (OCR),
# libsndfile (audio decoding), fonts (the OCR tests and benchmark render their images), wrk
# (benchmarks), chromium (the docs page test), and Postgres, Redis and RabbitMQ when they are not
# running. Safe to run again: it installs only what is missing.
#
#   deploy/local/bootstrap.sh            # what `make run` needs
#   deploy/local/bootstrap.sh --test     # also what `make test` needs
#   deploy/local/bootstrap.sh --bench    # also what `make bench` needs
set -euo pipefail
cd "$(dirname "$0")/../.."

want_test=false want_bench=false
for arg in "$@"; do
  case "$arg" in
    --test) want_test=true ;;
    --bench) want_bench=true ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
is_root_on_debian() { [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ]; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

apt_updated=false
apt_install() {
  if ! is_root_on_debian; then
    echo "missing: $* — install it with your package manager (Debian: apt-get install $*)" >&2
    exit 1
  fi
  if [ "$apt_updated" = false ]; then
    apt-get update -qq
    apt_updated=true
  fi
  say "installing $* from Debian's packages"
  # Packages must not start their own daemons (nginx on :80): the stack starts what it needs.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  rm -f /usr/sbin/policy-rc.d
}

# uv, from PyPI, when it is not on the PATH.
if ! command -v uv >/dev/null 2>&1; then
  say "installing uv"
  python3 -m pip install --quiet uv || python3 -m pip install --quiet --user --break-system-packages uv
  export PATH="$HOME/.local/bin:$PATH"
fi

say "syncing the workspace"
uv sync --all-packages --locked --quiet

packages=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || packages+=(nginx)
command -v psql >/dev/null 2>&1 || packages+=(postgresql-client)
# libmagic: uploads' types are judged from their bytes (python-magic loads it on import). Debian 13
# renamed its package in the 64-bit time_t transition.
if ! uv run --no-sync python -c 'import magic' >/dev/null 2>&1; then
  if [ "$(. /etc/os-release 2>/dev/null; echo "${VERSION_ID%%.*}")" -ge 13 ] 2>/dev/null; then
    packages+=(libmagic1t64)
  else
    packages+=(libmagic1)
  fi
fi
# OCR: tesserocr's wheel carries libtesseract; the language data comes from Debian
# (tesseract-ocr-<lang> adds a language), and the tesseract CLI for the pytesseract comparison.
command -v tesseract >/dev/null 2>&1 || packages+=(tesseract-ocr)
[ -f /usr/share/tesseract-ocr/5/tessdata/eng.traineddata ] || packages+=(tesseract-ocr-eng)
# The OCR tests draw their images in DejaVu Sans; the benchmark in five fonts.
fonts=()
if [ "$want_test" = true ] || [ "$want_bench" = true ]; then
  fonts+=("fonts-dejavu-core:/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
fi
if [ "$want_bench" = true ]; then
  fonts+=("fonts-liberation2:/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
  fonts+=("fonts-lato:/usr/share/fonts/truetype/lato/Lato-Regular.ttf")
  fonts+=("fonts-open-sans:/usr/share/fonts/truetype/open-sans/OpenSans-Regular.ttf")
  fonts+=("fonts-freefont-ttf:/usr/share/fonts/truetype/freefont/FreeSans.ttf")
fi
for font in ${fonts[@]+"${fonts[@]}"}; do
  [ -f "${font#*:}" ] || packages+=("${font%%:*}")
done
# libsndfile: the audio service decodes WAV, AIFF, FLAC, OGG and MP3 with it (soundfile's wheel
# carries a copy on x86_64; other machines load Debian's, which links mpg123 for MP3).
if ! ldconfig -p 2>/dev/null | grep -q 'libsndfile\.so\.1'; then
  if apt-cache show libsndfile1t64 >/dev/null 2>&1; then packages+=(libsndfile1t64); else packages+=(libsndfile1); fi
fi
if [ "$want_test" = true ]; then
  command -v chromium >/dev/null 2>&1 || packages+=(chromium)
  # promtool checks the rendered Prometheus config and the dashboards' queries.
  command -v promtool >/dev/null 2>&1 || packages+=(prometheus)
fi
if [ "$want_bench" = true ]; then
  command -v wrk >/dev/null 2>&1 || packages+=(wrk)
fi
[ ${#packages[@]} -eq 0 ] || apt_install "${packages[@]}"

# The linters `make lint` runs (Spectral for OpenAPI, the AsyncAPI parser for the event catalog;
# pinned in deploy/lint/package-lock.json), from npm.
if [ "$want_test" = true ] && { [ ! -x deploy/lint/node_modules/.bin/spectral ] ||
  [ ! -f deploy/lint/node_modules/@asyncapi/parser/package.json ]; }; then
  command -v npm >/dev/null 2>&1 || apt_install npm
  say "installing Spectral and the AsyncAPI parser (the contract linters)"
  npm ci --prefix deploy/lint --no-audit --no-fund
fi
# The typed clients' generators (`make clients`, checked fresh by `make lint`): @hey-api/openapi-ts
# and TypeScript (pinned in clients/typescript/package-lock.json); openapi-python-client, pinned in
# deploy/local/clients.py, which `uv tool run` fetches once into uv's cache.
if [ "$want_test" = true ] && [ ! -x clients/typescript/node_modules/.bin/tsc ]; then
  command -v npm >/dev/null 2>&1 || apt_install npm
  say "installing the TypeScript client's generator and compiler"
  npm ci --prefix clients/typescript --no-audit --no-fund
fi
if [ "$want_test" = true ]; then
  uv tool run --from "$(sed -n 's/^PYTHON_GENERATOR = "\(.*\)"$/\1/p' deploy/local/clients.py)" \
    openapi-python-client --version >/dev/null
fi

# The backends: used where they already run, else installed and started from Debian's packages.
if ! port_open 5432; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then apt_install postgresql; fi
  say "starting PostgreSQL"
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then pg_createcluster "$(ls /usr/lib/postgresql | sort -n | tail -1)" main; fi
  cluster_version=$(ls /etc/postgresql | sort -n | tail -1)
  pg_ctlcluster --skip-systemctl-redirect "$cluster_version" main start
  # A fresh cluster refuses passwordless TCP logins: give the postgres user the password the
  # default settings use (a server with trust auth, like CI's, ignores it).
  su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\""
fi
if ! port_open 6379; then
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  say "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/cadence.log
fi
if ! port_open 5672; then
  command -v rabbitmq-server >/dev/null 2>&1 || apt_install rabbitmq-server
  say "starting RabbitMQ"
  rabbitmq-server -detached
fi

deadline=$((SECONDS + 90))
for port in 5432 6379 5672; do
  until port_open "$port"; do
    if [ $SECONDS -ge $deadline ]; then
      echo "nothing answers on 127.0.0.1:$port (PostgreSQL 5432, Redis 6379, RabbitMQ 5672)." >&2
      echo "Start it, or point the *_DATABASE_URL / *_REDIS_URL / *_AMQP_URL settings elsewhere." >&2
      exit 1
    fi
    sleep 0.5
  done
done
say "ready: uv, nginx, PostgreSQL, Redis and RabbitMQ"
