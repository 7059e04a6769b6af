#!/usr/bin/env bash
# Local PostgreSQL and RabbitMQ as plain processes on private ports (no systemd, no Docker).
#   scripts/infra.sh start|stop|status|restart-broker|block-publishers|restart-rabbitmq|restart-postgres
# Idempotent: 'start' reuses servers that are already up, and brings servers and a state folder left by an older
# version of this script to the safe defaults: passwords instead of trust, a generated broker user instead of guest,
# the data moved out of the private state folder (README, "Local servers and their credentials"). Needs root.
set -euo pipefail
. "$(dirname "$0")/state.sh"

PG_USER=${PG_USER:-provtest}
PG_DATABASES=${PG_DATABASES:-"provtest provtest_test"}
# Databases only tests use: their commits do not wait for the WAL flush (see start_postgres).
PG_TEST_DATABASES=${PG_TEST_DATABASES:-provtest_test}
RMQ_NODE=${RMQ_NODE:-provtest@localhost}
RMQ_USER=${RMQ_USER:-provtest}
RMQ_VHOSTS=${RMQ_VHOSTS:-"/ provtest-test"}
EXTRA_PACKAGES=${EXTRA_PACKAGES:-}

# The Debian rabbitmq wrappers switch to user rabbitmq and keep these variables.
export RABBITMQ_NODENAME=$RMQ_NODE
export RABBITMQ_NODE_PORT=$RMQ_PORT
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_DIST_PORT=$RMQ_DIST_PORT
export RABBITMQ_MNESIA_BASE=$RMQ_BASE/mnesia
export RABBITMQ_LOG_BASE=$RMQ_BASE/log
export RABBITMQ_ENABLED_PLUGINS_FILE=$RMQ_BASE/enabled_plugins
export RABBITMQ_CONFIG_FILE=$RMQ_BASE/rabbitmq.conf
# Erlang distribution (the node's and the CLI tools') and the port mapper a node starts listen on loopback only.
export ERL_EPMD_PORT=$RMQ_EPMD_PORT
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"

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

# The pid of the postmaster running from a data folder, or nothing.
pg_pid() { # data
  local pid
  [ -s "$1/postmaster.pid" ] || return 0
  pid=$(head -1 "$1/postmaster.pid")
  if kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
}

# Fast shutdown by signal: works whatever folder the server was started from (the path may no longer be reachable
# by the postgres user).
pg_stop() { # data
  local pid
  pid=$(pg_pid "$1")
  [ -n "$pid" ] || return 0
  kill -INT "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  echo "infra: postgres stopped"
}

# psql as the superuser: peer authentication of the postgres OS user over the socket in a folder only that user can
# enter. Values reach psql as variables or through the environment, never in an argument.
pg_super() {
  (cd / && runuser -u postgres -- "$(pg_bin)/psql" -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -d postgres \
    -qAt -v ON_ERROR_STOP=1 "$@")
}

write_pg_hba() {
  cat > "$PG_DATA/pg_hba.conf" <<'HBA'
# Written by scripts/infra.sh at every start (edits are lost): no trust anywhere.
# The postgres OS user administers over the private socket folder; every role connects with a password over TCP.
# TYPE  DATABASE  USER      ADDRESS        METHOD
local   all       postgres                 peer
host    all       all       127.0.0.1/32   scram-sha-256
host    all       all       ::1/128        scram-sha-256
HBA
  chown postgres:postgres "$PG_DATA/pg_hba.conf"
  chmod 600 "$PG_DATA/pg_hba.conf"
}

# An older infra.sh kept the data inside the state folder, which is now private to its owner.
migrate_pg_layout() {
  local old=$STATE_DIR/pg
  [ -s "$old/PG_VERSION" ] || return 0
  if [ -e "$PG_DATA" ]; then
    echo "infra: both $old (left by an older infra.sh) and $PG_DATA exist; move or remove one of them" >&2
    exit 1
  fi
  if [ -n "$(pg_pid "$old")" ]; then
    echo "infra: stopping the postgres an older infra.sh started from $old, to move its data"
    pg_stop "$old"
  fi
  mv "$old" "$PG_DATA"
  echo "infra: moved the PostgreSQL data from $old to $PG_DATA"
}

start_postgres() {
  local bin pid
  bin=$(pg_bin)
  pid=$(pg_pid "$PG_DATA")
  if [ -z "$pid" ] && "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
    echo "infra: 127.0.0.1:$PG_PORT answers but is not the postgres of $PG_DATA; stop it or set PG_PORT" >&2
    exit 1
  fi
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    install -d -o postgres -g postgres -m 700 "$PG_DATA"
    (cd / && runuser -u postgres -- "$bin/initdb" -D "$PG_DATA" -U postgres --auth-local=peer \
      --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null)
  fi
  install -d -o postgres -g postgres -m 700 "$PG_SOCKET_DIR"
  write_pg_hba
  # A server started with other settings (an older infra.sh: socket in /tmp, fsync off) is restarted with these.
  if [ -n "$pid" ] && [ "$(sed -n 5p "$PG_DATA/postmaster.pid")" != "$PG_SOCKET_DIR" ]; then
    echo "infra: restarting postgres, started with other settings"
    pg_stop "$PG_DATA"
    pid=""
  fi
  if [ -n "$pid" ] && [ "${PG_STAT_STATEMENTS:-0}" = 1 ] \
      && ! pg_super -c "show shared_preload_libraries" | grep -q pg_stat_statements; then
    echo "infra: restarting postgres to load pg_stat_statements"
    pg_stop "$PG_DATA"
    pid=""
  fi
  if [ -n "$pid" ]; then
    (cd / && runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DATA" reload >/dev/null)
    echo "infra: postgres already up on 127.0.0.1:$PG_PORT"
  else
    # fsync, full_page_writes and synchronous_commit keep their safe defaults: a crash of the machine cannot
    # corrupt the cluster. Only the test databases skip waiting for the WAL flush (below).
    # PG_STAT_STATEMENTS=1 loads pg_stat_statements, for bench/costs.sh's count of statements per provider call
    # (off by default: it hashes every statement; the setting takes effect only when postgres starts, and a server
    # started with it keeps it until restarted without it: scripts/infra.sh restart-postgres).
    local preload=""
    [ "${PG_STAT_STATEMENTS:-0}" != 1 ] || preload="-c shared_preload_libraries=pg_stat_statements"
    (cd / && runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='$PG_SOCKET_DIR' \
          -c max_connections=300 $preload" \
      start >/dev/null)
    echo "infra: postgres started on 127.0.0.1:$PG_PORT"
  fi
  chmod 600 "$PG_DATA/server.log"

  PROVTEST_PG_PASSWORD=$(cred "$PG_CREDENTIALS" password) pg_super -v app_user="$PG_USER" >/dev/null <<'SQL'
\getenv app_password PROVTEST_PG_PASSWORD
SELECT format('CREATE ROLE %I', :'app_user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user')\gexec
ALTER ROLE :"app_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
SQL
  for db in $PG_DATABASES; do
    pg_super -v app_user="$PG_USER" -v db="$db" >/dev/null <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'app_user')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db')\gexec
SQL
  done
  # A commit in a test database returns before its WAL is flushed: the last commits may be lost if the machine
  # crashes, never the consistency of the cluster, and no other database is affected.
  for db in $PG_TEST_DATABASES; do
    pg_super -v db="$db" >/dev/null <<'SQL'
ALTER DATABASE :"db" SET synchronous_commit = off;
SQL
  done
}

rabbit_up() { rabbitmqctl -q await_startup --timeout 5 >/dev/null 2>&1; }
rabbit_ready() { rabbit_up && rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1; }

# The port mapper listens wherever the first Erlang node that started it asked; one left without nodes is stopped
# so that the next node starts it on loopback.
epmd_kill_if_idle() {
  if command -v epmd >/dev/null 2>&1 && ! epmd -names 2>/dev/null | grep -q '^name '; then
    epmd -kill >/dev/null 2>&1 || true
  fi
}

# An older infra.sh kept the node's data inside the state folder, which is now private to its owner.
migrate_rabbit_layout() {
  local old=$STATE_DIR/rabbitmq
  [ -d "$old" ] || return 0
  if [ -e "$RMQ_BASE" ]; then
    echo "infra: both $old (left by an older infra.sh) and $RMQ_BASE exist; move or remove one of them" >&2
    exit 1
  fi
  if rabbit_up; then
    echo "infra: stopping the RabbitMQ node $RMQ_NODE an older infra.sh started from $old, to move its data"
    rabbitmqctl -q stop >/dev/null
    while epmd -names 2>/dev/null | grep -q "^name ${RMQ_NODE%@*} "; do sleep 0.2; done
  fi
  mv "$old" "$RMQ_BASE"
  echo "infra: moved the RabbitMQ data from $old to $RMQ_BASE"
}

write_rabbit_config() { # fresh (1: the node has no data yet)
  {
    echo "listeners.tcp.default = 127.0.0.1:$RMQ_PORT"
    echo "management.tcp.port = $RMQ_MGMT_PORT"
    echo "management.tcp.ip = 127.0.0.1"
    if [ "$1" = 1 ]; then
      # Read only when the node initialises its database: the first user is ours, so guest never exists.
      echo "default_user = $(cred "$RMQ_CREDENTIALS" username)"
      echo "default_pass = $(cred "$RMQ_CREDENTIALS" password)"
      echo "default_user_tags.administrator = true"
    fi
  } > "$RABBITMQ_CONFIG_FILE.new"
  chown rabbitmq:rabbitmq "$RABBITMQ_CONFIG_FILE.new"
  chmod 600 "$RABBITMQ_CONFIG_FILE.new"
  mv "$RABBITMQ_CONFIG_FILE.new" "$RABBITMQ_CONFIG_FILE"
}

start_rabbitmq() {
  local fresh=0
  install -d -o rabbitmq -g rabbitmq -m 700 "$RMQ_BASE"
  chmod -R go-rwx "$RMQ_BASE"
  if rabbit_ready; then
    echo "infra: rabbitmq already up on 127.0.0.1:$RMQ_PORT"
  else
    [ -d "$RABBITMQ_MNESIA_BASE" ] || fresh=1
    write_rabbit_config "$fresh"
    echo '[rabbitmq_management].' > "$RABBITMQ_ENABLED_PLUGINS_FILE"
    chown rabbitmq:rabbitmq "$RABBITMQ_ENABLED_PLUGINS_FILE"
    epmd_kill_if_idle
    rabbitmq-server -detached
    local deadline=$((SECONDS + 120))
    until rabbit_ready; do
      [ $SECONDS -lt $deadline ] || { echo "infra: rabbitmq not up after 120 s, see $RABBITMQ_LOG_BASE" >&2; exit 1; }
      sleep 0.5
    done
    # the password is in the credentials file only
    [ "$fresh" = 0 ] || write_rabbit_config 0
    echo "infra: rabbitmq started on 127.0.0.1:$RMQ_PORT (management 127.0.0.1:$RMQ_MGMT_PORT)"
  fi
  configure_rabbit_user
}

# Our user with the password of the credentials file (read by rabbitmqctl from its standard input), administrator for
# the management UI, with every vhost we use; guest removed.
configure_rabbit_user() {
  local users vhosts granted
  users=$(rabbitmqctl -q list_users --no-table-headers)
  if awk '{print $1}' <<<"$users" | grep -qxF "$RMQ_USER"; then
    cred "$RMQ_CREDENTIALS" password | rabbitmqctl -q change_password "$RMQ_USER" >/dev/null
  else
    cred "$RMQ_CREDENTIALS" password | rabbitmqctl -q add_user "$RMQ_USER" >/dev/null
  fi
  if ! awk -v u="$RMQ_USER" '$1 == u' <<<"$users" | grep -q administrator; then
    rabbitmqctl -q set_user_tags "$RMQ_USER" administrator >/dev/null
  fi
  vhosts=$(rabbitmqctl -q list_vhosts --no-table-headers)
  granted=$(rabbitmqctl -q list_user_permissions --no-table-headers "$RMQ_USER" 2>/dev/null | awk '{print $1}')
  for vhost in $RMQ_VHOSTS; do
    grep -qxF -- "$vhost" <<<"$vhosts" || rabbitmqctl -q add_vhost "$vhost" >/dev/null
    grep -qxF -- "$vhost" <<<"$granted" || rabbitmqctl -q set_permissions -p "$vhost" "$RMQ_USER" '.*' '.*' '.*' >/dev/null
  done
  if awk '{print $1}' <<<"$users" | grep -qx guest; then
    rabbitmqctl -q delete_user guest >/dev/null
    echo "infra: removed the RabbitMQ user guest"
  fi
}

stop_all() {
  local data
  for data in "$PG_DATA" "$STATE_DIR/pg"; do
    pg_stop "$data"
  done
  if command -v rabbitmqctl >/dev/null 2>&1 && rabbit_up; then
    rabbitmqctl -q stop >/dev/null 2>&1 || true
    echo "infra: rabbitmq stopped"
  fi
  epmd_kill_if_idle
}

# The servers outlive this script: they must not inherit its open files. Run as
# `flock /tmp/provtest-build.lock scripts/test.sh`, a started server would otherwise keep the build lock's descriptor
# and hold the lock until it stops. (255 is bash's own descriptor for reading this script.)
drop_inherited_fds() {
  local fd
  for fd in /proc/$$/fd/*; do
    fd=${fd##*/}
    if [ "$fd" -gt 2 ] && [ "$fd" -lt 255 ]; then eval "exec $fd>&-"; fi
  done
}

case "${1:-start}" in
  start)
    drop_inherited_fds
    ensure_packages
    check_owner "$STATE_DIR"
    own_dir "$SERVERS_DIR" 711
    migrate_pg_layout
    migrate_rabbit_layout
    ensure_state_dir
    ensure_credentials "$PG_CREDENTIALS" "$PG_USER"
    ensure_credentials "$RMQ_CREDENTIALS" "$RMQ_USER"
    # the files decide: the services and tests read them
    PG_USER=$(cred "$PG_CREDENTIALS" username)
    RMQ_USER=$(cred "$RMQ_CREDENTIALS" username)
    start_postgres
    start_rabbitmq ;;
  stop) stop_all ;;
  restart-postgres)  # for bench/faults.sh: a fast shutdown (sessions cut) and a start; the services stay up
    drop_inherited_fds
    check_owner "$STATE_DIR"
    PG_USER=$(cred "$PG_CREDENTIALS" username)
    pg_stop "$PG_DATA"
    start_postgres ;;
  restart-rabbitmq)  # for bench/faults.sh: the whole node stops and starts (restart-broker keeps the Erlang node)
    drop_inherited_fds
    check_owner "$STATE_DIR"
    RMQ_USER=$(cred "$RMQ_CREDENTIALS" username)
    rabbitmqctl -q stop >/dev/null
    while epmd -names 2>/dev/null | grep -q "^name ${RMQ_NODE%@*} "; do sleep 0.2; done
    echo "infra: rabbitmq stopped"
    start_rabbitmq ;;
  restart-broker)  # for the recovery tests: the broker goes away and comes back, the services stay up
    rabbitmqctl -q stop_app
    sleep "${BROKER_DOWN_SECONDS:-3}"
    rabbitmqctl -q start_app
    rabbitmqctl -q set_vm_memory_high_watermark 0.4 >/dev/null  # the default, in case block-publishers set it
    until rabbit_ready; do sleep 0.2; done ;;
  block-publishers)  # for the events recovery test: a memory alarm; messages published are neither routed nor
    # confirmed until restart-broker (a busy broker's backlog of unconfirmed messages when it goes away)
    rabbitmqctl -q set_vm_memory_high_watermark 0 >/dev/null ;;
  status)
    "$(pg_bin)/pg_isready" -h 127.0.0.1 -p "$PG_PORT" || true
    rabbitmq-diagnostics -q check_port_connectivity || true ;;
  *) echo "usage: $0 start|stop|status|restart-broker|block-publishers|restart-rabbitmq|restart-postgres" >&2; exit 2 ;;
esac
