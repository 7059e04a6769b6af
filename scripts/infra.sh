#!/usr/bin/env bash
# Local PostgreSQL and RabbitMQ as plain processes on private ports (no systemd, no Docker).
#   scripts/infra.sh start|stop|status|restart-broker
# Idempotent: 'start' reuses servers that are already up. Needs root (installs Debian packages when missing).
set -euo pipefail

STATE_DIR=${PROVTEST_STATE_DIR:-/var/tmp/provtest}
PG_PORT=${PG_PORT:-55432}
PG_USER=${PG_USER:-provtest}
PG_PASSWORD=${PG_PASSWORD:-provtest}
PG_DATABASES=${PG_DATABASES:-"provtest provtest_test"}
RMQ_PORT=${RMQ_PORT:-5673}
RMQ_DIST_PORT=${RMQ_DIST_PORT:-25673}
RMQ_MGMT_PORT=${RMQ_MGMT_PORT:-15673}
RMQ_NODE=${RMQ_NODE:-provtest@localhost}
RMQ_VHOSTS=${RMQ_VHOSTS:-"provtest-test"}
EXTRA_PACKAGES=${EXTRA_PACKAGES:-}

# The Debian rabbitmq wrappers switch to user rabbitmq and keep these variables.
export RABBITMQ_NODENAME=$RMQ_NODE
export RABBITMQ_NODE_PORT=$RMQ_PORT
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_DIST_PORT=$RMQ_DIST_PORT
export RABBITMQ_MNESIA_BASE=$STATE_DIR/rabbitmq/mnesia
export RABBITMQ_LOG_BASE=$STATE_DIR/rabbitmq/log
export RABBITMQ_ENABLED_PLUGINS_FILE=$STATE_DIR/rabbitmq/enabled_plugins
export RABBITMQ_CONFIG_FILE=$STATE_DIR/rabbitmq/rabbitmq.conf

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

ensure_packages() {
  local need=()
  [ -n "$(pg_bin)" ] || need+=(postgresql)
  command -v rabbitmq-server >/dev/null 2>&1 || need+=(rabbitmq-server)
  for p in $EXTRA_PACKAGES; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  if [ ${#need[@]} -gt 0 ]; then
    echo "infra: installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

start_postgres() {
  local bin data
  bin=$(pg_bin)
  data=$STATE_DIR/pg
  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
    echo "infra: postgres already up on 127.0.0.1:$PG_PORT"
  else
    install -d -m 755 "$STATE_DIR"
    if [ ! -s "$data/PG_VERSION" ]; then
      install -d -o postgres -g postgres -m 700 "$data"
      runuser -u postgres -- "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null
    echo "infra: postgres started on 127.0.0.1:$PG_PORT"
  fi
  "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE "$PG_USER" LOGIN PASSWORD '$PG_PASSWORD';
  END IF;
END \$\$;
SQL
  for db in $PG_DATABASES; do
    "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 >/dev/null <<SQL
SELECT 'CREATE DATABASE "$db" OWNER "$PG_USER"' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db')\gexec
SQL
  done
}

rabbit_up() { rabbitmqctl -q await_startup --timeout 5 >/dev/null 2>&1; }

start_rabbitmq() {
  if rabbit_up && rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1; then
    echo "infra: rabbitmq already up on 127.0.0.1:$RMQ_PORT"
  else
    install -d -o rabbitmq -g rabbitmq "$STATE_DIR/rabbitmq"
    cat > "$RABBITMQ_CONFIG_FILE" <<CONF
listeners.tcp.default = 127.0.0.1:$RMQ_PORT
management.tcp.port = $RMQ_MGMT_PORT
management.tcp.ip = 127.0.0.1
CONF
    echo '[rabbitmq_management].' > "$RABBITMQ_ENABLED_PLUGINS_FILE"
    chown rabbitmq:rabbitmq "$RABBITMQ_CONFIG_FILE" "$RABBITMQ_ENABLED_PLUGINS_FILE"
    rabbitmq-server -detached
    local deadline=$((SECONDS + 120))
    until rabbit_up && rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1; do
      [ $SECONDS -lt $deadline ] || { echo "infra: rabbitmq not up after 120 s, see $RABBITMQ_LOG_BASE" >&2; exit 1; }
      sleep 0.5
    done
    echo "infra: rabbitmq started on 127.0.0.1:$RMQ_PORT (management 127.0.0.1:$RMQ_MGMT_PORT)"
  fi
  for vhost in $RMQ_VHOSTS; do
    rabbitmqctl -q add_vhost "$vhost" >/dev/null 2>&1 || true
    rabbitmqctl -q set_permissions -p "$vhost" guest '.*' '.*' '.*' >/dev/null
  done
}

stop_all() {
  local bin
  bin=$(pg_bin)
  if [ -n "$bin" ] && [ -s "$STATE_DIR/pg/postmaster.pid" ]; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$STATE_DIR/pg" -m fast -w stop >/dev/null || true
    echo "infra: postgres stopped"
  fi
  if command -v rabbitmqctl >/dev/null 2>&1 && rabbit_up; then
    rabbitmqctl -q stop >/dev/null 2>&1 || true
    echo "infra: rabbitmq stopped"
  fi
  if command -v epmd >/dev/null 2>&1 && ! epmd -names 2>/dev/null | grep -q '^name '; then
    epmd -kill >/dev/null 2>&1 || true
  fi
}

case "${1:-start}" in
  start) ensure_packages; start_postgres; start_rabbitmq ;;
  stop) stop_all ;;
  restart-broker)  # for the recovery test: the broker goes away and comes back, the services stay up
    rabbitmqctl -q stop_app
    sleep "${BROKER_DOWN_SECONDS:-3}"
    rabbitmqctl -q start_app
    until rabbit_up && rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1; do sleep 0.2; done ;;
  status)
    "$(pg_bin)/pg_isready" -h 127.0.0.1 -p "$PG_PORT" || true
    rabbitmq-diagnostics -q check_port_connectivity || true ;;
  *) echo "usage: $0 start|stop|status|restart-broker" >&2; exit 2 ;;
esac
