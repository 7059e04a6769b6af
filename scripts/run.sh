#!/usr/bin/env bash
# Runs the whole system on this machine:  ./scripts/run.sh
# Installs what is missing, starts PostgreSQL and RabbitMQ (reused when already up), builds when the sources are
# newer than the jars, starts the four services, waits until they are healthy and prints how to log in.
# Ctrl-C stops the services, and the servers too if this script started them.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# Everything this script and the services write (logs, secrets) is for the owner only.
umask 077
. scripts/state.sh
export PROVTEST_STATE_DIR=$STATE_DIR
state=$STATE_DIR
logs=$state/logs
check_owner "$state"
services=(route-manager flow-manager call-manager api-gateway)
declare -A port=([api-gateway]=8080 [route-manager]=8091 [call-manager]=8092 [flow-manager]=8093)
heap=${SERVICE_HEAP:-256m}

infra_was_up=0
if scripts/infra.sh status 2>/dev/null | grep -q "accepting connections" \
   && scripts/infra.sh status 2>/dev/null | grep -qi "successfully connected"; then
  infra_was_up=1
fi
EXTRA_PACKAGES="sip-tester espeak-ng" scripts/infra.sh start
ensure_state_dir
export_service_credentials

needs_build() {
  for s in "${services[@]}"; do
    local jar=$s/target/quarkus-app/quarkus-run.jar
    [ -f "$jar" ] || return 0
    [ -z "$(find pom.xml common-model "$s" -newer "$jar" -type f \( -name '*.java' -o -name '*.properties' -o -name '*.sql' -o -name 'pom.xml' \) -not -path '*/target/*' -print -quit)" ] || return 0
  done
  return 1
}
if needs_build; then
  echo "run: building (./mvnw clean package -DskipTests)"
  ./mvnw -B -q clean package -DskipTests -pl common-model,route-manager,flow-manager,call-manager,api-gateway -am
fi

# The token-signing key survives restarts so that issued tokens stay valid; it never leaves the state folder.
if [ ! -s "$state/jwt-secret" ]; then
  (umask 077; head -c 48 /dev/urandom | base64 | tr -d '\n' > "$state/jwt-secret")
fi
export JWT_SECRET
JWT_SECRET=$(cat "$state/jwt-secret")

# The address rules refuse loopback destinations, play URLs and webhook URIs; the local demo carrier (and any WAV
# server or webhook receiver you start on this machine) is on 127.0.0.1, so that one address is allowed unless you
# set these yourself.
export SIP_ALLOWED_HOSTS=${SIP_ALLOWED_HOSTS-127.0.0.1}
export PLAY_ALLOWED_HOSTS=${PLAY_ALLOWED_HOSTS-127.0.0.1}
export WEBHOOK_ALLOWED_HOSTS=${WEBHOOK_ALLOWED_HOSTS-127.0.0.1}

pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "run: stopping services"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$infra_was_up" = 0 ]; then scripts/infra.sh stop; fi
  exit 0
}
trap stop INT TERM EXIT

for s in "${services[@]}"; do
  # JAVA_OPTS_<service> (e.g. JAVA_OPTS_call_manager) adds JVM options to one service: a profiler, another GC or
  # heap (its own -Xmx or -XX:+Use…GC replaces the default)
  opts_var="JAVA_OPTS_${s//-/_}"
  opts=${!opts_var:-}
  defaults=()
  [[ "$opts" == *-Xmx* ]] || defaults+=("-Xmx$heap")
  [[ "$opts" == *-XX:+Use*GC* ]] || defaults+=("-XX:+UseSerialGC")
  # shellcheck disable=SC2086
  QUARKUS_HTTP_PORT=${port[$s]} java "${defaults[@]}" $opts -jar "$s/target/quarkus-app/quarkus-run.jar" \
    > "$logs/$s.log" 2>&1 &
  pids+=($!)
done

deadline=$((SECONDS + 120))
i=0
for s in "${services[@]}"; do
  pid=${pids[$i]}
  i=$((i + 1))
  until curl -sf "http://127.0.0.1:${port[$s]}/q/health/ready" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "run: $s exited at start; its log: $logs/$s.log" >&2
      grep -E "ERROR|Caused by" "$logs/$s.log" | head -5 >&2
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "run: $s is not healthy after 120 s; its log: $logs/$s.log" >&2
      tail -20 "$logs/$s.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "run: $s healthy on port ${port[$s]}"
done

gateway="http://127.0.0.1:${port[api-gateway]}"

# The local demo carrier: a SIPp UAS on loopback, registered as the provider "local-demo-carrier". -aa answers the
# health probes' OPTIONS with 200, as a real carrier does, so the demo provider turns healthy. Its SIP, media and
# control sockets are on loopback (-i, -mi, -ci: SIPp binds the control port to every address otherwise).
demo_port=${DEMO_CARRIER_PORT:-5090}
sipp -sf scripts/sipp/demo_carrier.xml -i 127.0.0.1 -p "$demo_port" -ci 127.0.0.1 -cp $((demo_port + 1)) -mi 127.0.0.1 \
  -mp $((demo_port + 10)) -rtp_echo -aa -m 1000000 -nostdin -trace_err -error_file "$logs/demo-carrier-errors.log" \
  > "$logs/demo-carrier.log" 2>&1 &
pids+=($!)
admin_user=${BOOTSTRAP_ADMIN_USERNAME:-$(cred "$state/bootstrap-admin.txt" username)}
admin_password=${BOOTSTRAP_ADMIN_PASSWORD:-$(cred "$state/bootstrap-admin.txt" password)}
# The password and the token reach curl through file descriptors: a command line is visible to every user.
token=$(curl -s -X POST "$gateway/auth/login" -H 'Content-Type: application/json' \
  --data-binary @<(printf '{"username":"%s","password":"%s"}' "${admin_user:-admin}" "$admin_password") \
  | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
as_admin() { curl -s -H @<(printf 'Authorization: Bearer %s\n' "$token") "$@"; }
demo_id=""
if [ -n "$token" ]; then
  demo_id=$(as_admin "$gateway/v1.0/providers" \
    | grep -o '"id":"[^"]*","type":"sip","hostname":"127.0.0.1:'"$demo_port"'"' | head -1 | sed 's/"id":"\([^"]*\)".*/\1/' || true)
  if [ -z "$demo_id" ]; then
    demo_id=$(as_admin -X POST "$gateway/v1.0/providers" -H 'Content-Type: application/json' \
      -d "{\"type\":\"sip\",\"hostname\":\"127.0.0.1:$demo_port\",\"name\":\"local-demo-carrier\",\"detail\":\"SIPp on loopback, started by scripts/run.sh\"}" \
      | sed -n 's/^{"id":"\([^"]*\)".*/\1/p' || true)
  fi
fi
echo
echo "Gateway:      $gateway/v1.0   (OpenAPI: $gateway/q/openapi, Swagger UI: $gateway/q/swagger-ui)"
echo "Console:      $gateway/console/   (log in with the super-admin below)"
if [ -n "${BOOTSTRAP_ADMIN_PASSWORD:-}" ]; then
  echo "Super-admin:  ${BOOTSTRAP_ADMIN_USERNAME:-admin} / (the BOOTSTRAP_ADMIN_PASSWORD you set)"
elif [ -f "$state/bootstrap-admin.txt" ] && [ -t 1 ]; then
  # on a terminal only: when this output goes to a file, the password stays in its 600 file
  echo "Super-admin:  $admin_user / $admin_password   (kept in $state/bootstrap-admin.txt, mode 600)"
elif [ -f "$state/bootstrap-admin.txt" ]; then
  echo "Super-admin:  $admin_user / (password in $state/bootstrap-admin.txt, mode 600)"
fi
echo "Log in:       curl -s -X POST $gateway/auth/login -H 'Content-Type: application/json' -d '{\"username\":\"admin\",\"password\":\"…\"}'"
[ -n "$demo_id" ] && echo "Demo carrier: provider local-demo-carrier ($demo_id) → SIPp on 127.0.0.1:$demo_port"
echo "Logs:         $logs"
echo "Press Ctrl-C to stop."
wait
