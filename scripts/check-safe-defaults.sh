#!/usr/bin/env bash
# Checks what scripts/infra.sh promises about the local servers and the state folder, as another user of the machine
# would probe them: no database login without a password, no guest on the broker, private credential files and logs,
# listeners on loopback only, fsync on, no secret in any process's command line or in a log. With the services
# running (scripts/run.sh), their ports are checked too. One line per check; exit status 1 if any failed.
#   scripts/check-safe-defaults.sh [--quiet]   (--quiet: failures and the summary only)
# Same variables as infra.sh: PROVTEST_STATE_DIR, PG_PORT, RMQ_PORT, RMQ_MGMT_PORT, RMQ_DIST_PORT, RMQ_EPMD_PORT.
# Run by scripts/test.sh after infra.sh start. Needs root (it reads the 600 files and switches to other users).
set -uo pipefail
. "$(dirname "$0")/state.sh"

failed=0
quiet=0
[ "${1:-}" = --quiet ] && quiet=1
ok() { [ "$quiet" = 1 ] || echo "ok    $*"; }
fail() { echo "FAIL  $*"; failed=$((failed + 1)); }
checks=0
expect() { # description command...: the command must succeed
  local what=$1
  checks=$((checks + 1))
  shift
  if "$@"; then ok "$what"; else fail "$what"; fi
}

mode_is() { [ -e "$1" ] && [ "$(stat -c %a "$1")" = "$2" ] && [ "$(stat -c %u "$1")" = "$(id -u)" ]; }

# --- the state folder ---------------------------------------------------------------------------------------------
expect "state folder $STATE_DIR is 700 and ours" mode_is "$STATE_DIR" 700
expect "logs folder $STATE_DIR/logs is 700" mode_is "$STATE_DIR/logs" 700
expect "no log readable by group or others" test -z "$(find "$STATE_DIR/logs" -type f -perm /077 2>/dev/null)"
for f in "$PG_CREDENTIALS" "$RMQ_CREDENTIALS"; do
  expect "$(basename "$f") is 600" mode_is "$f" 600
done
for f in "$STATE_DIR/jwt-secret" "$STATE_DIR/bootstrap-admin.txt"; do
  [ ! -e "$f" ] || expect "$(basename "$f") is 600" mode_is "$f" 600
done
# A state folder someone else created first (in /var/tmp anyone can) is refused, not adopted.
foreign_state_refused() {
  local dir rc
  dir=$(mktemp -d /var/tmp/provtest-check-XXXXXX)
  chown nobody "$dir"
  (PROVTEST_STATE_DIR=$dir; . "$(dirname "$0")/state.sh"; ensure_state_dir) 2>/dev/null
  rc=$?
  [ $rc -ne 0 ] && [ "$(stat -c %U:%a "$dir")" = nobody:700 ] && [ ! -e "$dir/logs" ]
  rc=$?
  rm -rf "$dir"
  return $rc
}
expect "a state folder owned by another user is refused" foreign_state_refused
for d in "$PG_DATA" "$RMQ_BASE" "$PG_SOCKET_DIR"; do
  expect "server folder $d is 700" test "$(stat -c %a "$d" 2>/dev/null)" = 700
done

# --- PostgreSQL ---------------------------------------------------------------------------------------------------
psql_bin=$(pg_bin)/psql
pg_user=$(cred "$PG_CREDENTIALS" username)
pg_user=${pg_user:-provtest}
# A login without any password source: no PGPASSWORD, no password file, never a prompt.
no_password_refused() { # role [host]
  local out
  out=$(cd / && env -u PGPASSWORD PGPASSFILE=/dev/null "$psql_bin" -w -h "${2:-127.0.0.1}" -p "$PG_PORT" -U "$1" \
    -d postgres -qAtc 'select 1' 2>&1)
  [ $? -ne 0 ] && grep -qiE 'password|authentication|no pg_hba.conf entry|permission denied' <<<"$out"
}
pg_as_app() { # sql
  (cd / && PGPASSWORD=$(cred "$PG_CREDENTIALS" password) PGPASSFILE=/dev/null "$psql_bin" -w -h 127.0.0.1 \
    -p "$PG_PORT" -U "$pg_user" -d provtest -qAtc "$1" 2>/dev/null)
}
expect "postgres: $pg_user logs in with the password of $(basename "$PG_CREDENTIALS")" test "$(pg_as_app 'select 1')" = 1
expect "postgres: $pg_user without a password is refused over TCP" no_password_refused "$pg_user"
expect "postgres: the postgres superuser without a password is refused over TCP" no_password_refused postgres
if [ -S "/tmp/.s.PGSQL.$PG_PORT" ]; then
  expect "postgres: $pg_user without a password is refused on the /tmp socket" no_password_refused "$pg_user" /tmp
fi
socket_closed_to_others() {
  ! (cd / && runuser -u nobody -- env PGPASSFILE=/dev/null "$psql_bin" -w -h "$PG_SOCKET_DIR" -p "$PG_PORT" \
    -U postgres -d postgres -qAtc 'select 1' >/dev/null 2>&1)
}
expect "postgres: another OS user cannot use the superuser's socket" socket_closed_to_others
trust_rules=$(cd / && runuser -u postgres -- "$psql_bin" -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -d postgres \
  -qAtc "select count(*) from pg_hba_file_rules where auth_method <> 'scram-sha-256' and not (type = 'local' and user_name = '{postgres}' and auth_method = 'peer')" 2>/dev/null)
expect "postgres: pg_hba has only scram-sha-256 (and peer for the postgres OS user), no trust" test "$trust_rules" = 0
expect "postgres: fsync on" test "$(pg_as_app 'show fsync')" = on
expect "postgres: full_page_writes on" test "$(pg_as_app 'show full_page_writes')" = on
expect "postgres: synchronous_commit on outside the test database" test "$(pg_as_app 'show synchronous_commit')" = on

# --- RabbitMQ -----------------------------------------------------------------------------------------------------
rmq_user=$(cred "$RMQ_CREDENTIALS" username)
rmq_user=${rmq_user:-provtest}
mgmt() { # user-file-or-literal path → HTTP status; the credentials reach curl through a file descriptor
  curl -s -o /dev/null -w '%{http_code}' -K <(printf 'user = "%s"\n' "$1") "http://127.0.0.1:$RMQ_MGMT_PORT$2"
}
expect "rabbitmq: $rmq_user logs in with the password of $(basename "$RMQ_CREDENTIALS")" \
  test "$(mgmt "$rmq_user:$(cred "$RMQ_CREDENTIALS" password)" /api/whoami)" = 200
expect "rabbitmq: guest/guest is refused" test "$(mgmt guest:guest /api/whoami)" = 401
users=$(curl -s -K <(printf 'user = "%s:%s"\n' "$rmq_user" "$(cred "$RMQ_CREDENTIALS" password)") \
  "http://127.0.0.1:$RMQ_MGMT_PORT/api/users" | grep -o '"name":"[^"]*"')
expect "rabbitmq: no user guest" test -n "$users" -a -z "$(grep -x '"name":"guest"' <<<"$users")"

# --- listeners ----------------------------------------------------------------------------------------------------
# Every listening socket on the port must be bound to a loopback address.
loopback_only() { # tcp|udp port
  local addrs
  addrs=$(ss -Hln"${1:0:1}" "sport = :$2" | awk '{print $4}')
  [ -n "$addrs" ] && ! grep -vqE '^(127\.[0-9.]+|\[::1\]|\[::ffff:127\.[0-9.]+\]):[0-9]+$' <<<"$addrs"
}
listening() { [ -n "$(ss -Hln"${1:0:1}" "sport = :$2")" ]; }
if command -v ss >/dev/null 2>&1; then
  for p in "$PG_PORT" "$RMQ_PORT" "$RMQ_MGMT_PORT" "$RMQ_DIST_PORT" "$RMQ_EPMD_PORT"; do
    expect "tcp port $p listens on loopback only" loopback_only tcp "$p"
  done
  # the services (HTTP, SIP) and the demo carrier (SIP, control), when running
  for p in 8080 8091 8092 8093 5080 5090 5091; do
    if listening tcp "$p"; then expect "tcp port $p listens on loopback only" loopback_only tcp "$p"; fi
    if listening udp "$p"; then expect "udp port $p listens on loopback only" loopback_only udp "$p"; fi
  done
else
  fail "ss (iproute2) is missing: listeners not checked"
fi

# --- secrets: in no command line, in no log -----------------------------------------------------------------------
secrets=$(
  cred "$PG_CREDENTIALS" password
  cred "$RMQ_CREDENTIALS" password
  cat "$STATE_DIR/jwt-secret" 2>/dev/null && echo
  p=$(cred "$STATE_DIR/bootstrap-admin.txt" password)
  [ "$p" = "(as configured)" ] || echo "$p"
)
secrets=$(grep -v '^$' <<<"$secrets")
patterns() { if [ -n "$secrets" ]; then printf '%s\n' "$secrets"; fi; }
command_lines() { for f in /proc/[0-9]*/cmdline; do { tr '\0' ' ' < "$f"; } 2>/dev/null; echo; done; }
expect "no secret of the state folder in a process's command line" \
  test -z "$(command_lines | grep -F -f <(patterns))"
logs=("$STATE_DIR/logs" "$PG_DATA/server.log" "$RMQ_BASE/log")
expect "no secret of the state folder in a log" test -z "$(grep -rlF -f <(patterns) "${logs[@]}" 2>/dev/null)"

if [ "$failed" -gt 0 ]; then
  echo "check-safe-defaults: $failed check(s) failed"
  exit 1
fi
echo "check-safe-defaults: all $checks checks passed"
