# Sourced by the scripts: the state folder (credentials, secrets, logs) and the folder of the local servers' data.
#
# The state folder ($PROVTEST_STATE_DIR, default /var/tmp/provtest) is private to the user running the scripts:
# mode 700, and refused when another user owns it, because /var/tmp is writable by everyone and whoever created the
# folder first would read every credential written into it. The servers' data cannot live inside it (PostgreSQL and
# RabbitMQ run as their own OS users, who could not enter a 700 folder of root), so it lives beside it in
# $PROVTEST_SERVERS_DIR (default <state folder>-servers), each server's folder 700 and owned by that server's user.

STATE_DIR=${PROVTEST_STATE_DIR:-/var/tmp/provtest}
STATE_DIR=${STATE_DIR%/}
SERVERS_DIR=${PROVTEST_SERVERS_DIR:-$STATE_DIR-servers}
SERVERS_DIR=${SERVERS_DIR%/}
PG_CREDENTIALS=$STATE_DIR/pg-credentials.txt
RMQ_CREDENTIALS=$STATE_DIR/rabbitmq-credentials.txt

# The local servers' ports (all on 127.0.0.1) and folders.
PG_PORT=${PG_PORT:-55432}
RMQ_PORT=${RMQ_PORT:-5673}
RMQ_DIST_PORT=${RMQ_DIST_PORT:-25673}
RMQ_MGMT_PORT=${RMQ_MGMT_PORT:-15673}
RMQ_EPMD_PORT=${RMQ_EPMD_PORT:-4369}
PG_DATA=$SERVERS_DIR/pg
PG_SOCKET_DIR=$SERVERS_DIR/pg-socket
RMQ_BASE=$SERVERS_DIR/rabbitmq

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

# Refuses a folder that is a symbolic link or belongs to another user (when it exists).
check_owner() { # path
  local dir=$1 owner
  if [ -L "$dir" ]; then
    echo "refusing $dir: it is a symbolic link; remove it or set PROVTEST_STATE_DIR to another folder" >&2
    return 1
  fi
  [ -e "$dir" ] || return 0
  owner=$(stat -c %u "$dir")
  if [ "$owner" != "$(id -u)" ]; then
    echo "refusing $dir: it belongs to $(stat -c %U "$dir") (uid $owner), not to $(id -un) (uid $(id -u));" \
      "whoever owns it could read the credentials kept there. Remove it or set PROVTEST_STATE_DIR." >&2
    return 1
  fi
}

# A folder owned by the caller with exactly the given mode: created when missing, tightened when an older script left
# it looser.
own_dir() { # path mode
  check_owner "$1" || return 1
  if [ ! -e "$1" ]; then
    (umask 077; mkdir -p "$1")
  fi
  if [ "$(stat -c %a "$1")" != "$2" ]; then
    chmod "$2" "$1"
  fi
}

ensure_state_dir() {
  own_dir "$STATE_DIR" 700 || return 1
  own_dir "$STATE_DIR/logs" 700 || return 1
  # logs written by an older version of the scripts were world-readable, and the gateway's held the generated
  # bootstrap password: the line keeps its place, the password goes
  find "$STATE_DIR/logs" -type f -perm /077 -exec chmod go-rwx {} + 2>/dev/null || true
  grep -rlZ 'bootstrap super-admin created: username=[^ ]* password=' "$STATE_DIR/logs" 2>/dev/null \
    | xargs -0r sed -i 's/\(bootstrap super-admin created: username=[^ ]*\) password=[^ ]*/\1 password=(removed)/' || true
}

# A value of a key=value credentials file (bootstrap-admin.txt has the same shape).
cred() { # file key
  sed -n "s/^$2=//p" "$1" 2>/dev/null | head -1 || true
}

# A random secret of 32 letters and digits: nothing that needs quoting in a URI, a config file or SQL.
new_secret() {
  local s=""
  while [ ${#s} -lt 32 ]; do
    s=$s$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  done
  printf '%s' "${s:0:32}"
}

# Creates the credentials file with a generated password when it is missing; always leaves it mode 600.
ensure_credentials() { # file username
  local file=$1 user=$2
  if [ -z "$(cred "$file" password)" ]; then
    (umask 077; printf 'username=%s\npassword=%s\n' "$user" "$(new_secret)" > "$file.new" && mv "$file.new" "$file")
  fi
  chmod 600 "$file"
}

# The services' database and broker credentials, from the state folder, as the environment variables the services
# read (never as command-line arguments, which every user of the machine can see).
export_service_credentials() {
  export QUARKUS_DATASOURCE_USERNAME QUARKUS_DATASOURCE_PASSWORD BROKER_USERNAME BROKER_PASSWORD
  QUARKUS_DATASOURCE_USERNAME=$(cred "$PG_CREDENTIALS" username)
  QUARKUS_DATASOURCE_PASSWORD=$(cred "$PG_CREDENTIALS" password)
  BROKER_USERNAME=$(cred "$RMQ_CREDENTIALS" username)
  BROKER_PASSWORD=$(cred "$RMQ_CREDENTIALS" password)
  export DB_PORT=$PG_PORT BROKER_PORT=$RMQ_PORT
}
