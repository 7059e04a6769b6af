#!/usr/bin/env bash
# Runs the whole system on this machine:  ./scripts/run.sh     (REPLICAS=2 ./scripts/run.sh: two of each service)
# Installs what is missing, starts PostgreSQL and RabbitMQ (reused when already up), builds when the sources are
# newer than the jars, starts the four services, waits until they are healthy and prints how to log in.
# Ctrl-C stops the services, and the servers too if this script started them.
#
# REPLICAS=N (1-9, default 1) starts N processes of every service, as a cluster runs them: replica r of a service
# listens on its port + 100*(r-1) (call-manager: SIP 5080 + 100*(r-1), an equal slice of the RTP range), every one
# takes its share of the broker's queues, each call-manager names itself (host + random suffix) and takes over the
# calls of one that dies. The gateways listen on 8180, 8280, … behind HAProxy (Debian package, installed when
# missing) on the one gateway port 8080, which sends each request to a ready gateway.
# Each replica's process id is in the state folder's pids/<service>-<replica>.pid while it runs (to kill one replica
# on purpose: kill -9 "$(cat <state folder>/pids/call-manager-2.pid)"; the state folder is printed at the end).
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
# The heap starts small and grows to what a service uses (an idle service no longer holds its whole -Xmx), and glibc
# keeps two malloc arenas instead of up to eight per core: both cut resident memory, measured in bench/RUNS.md, "Latest runs".
initial_heap=${SERVICE_INITIAL_HEAP:-64m}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
replicas=${REPLICAS:-1}
if ! [[ "$replicas" =~ ^[1-9]$ ]]; then
  echo "run: REPLICAS must be a number from 1 to 9 (got '$replicas')" >&2
  exit 2
fi
packages="sip-tester espeak-ng"
[ "$replicas" -eq 1 ] || packages+=" haproxy"

infra_was_up=0
if scripts/infra.sh status 2>/dev/null | grep -q "accepting connections" \
   && scripts/infra.sh status 2>/dev/null | grep -qi "successfully connected"; then
  infra_was_up=1
fi
EXTRA_PACKAGES="$packages" scripts/infra.sh start
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
# Ctrl-C drains call-manager: live calls get this long to end before they are ended (a cluster gives them 90 s)
export CALL_DRAIN_TIMEOUT=${CALL_DRAIN_TIMEOUT-10s}

pids=()
mkdir -p "$state/pids"
rm -f "$state/pids/"*.pid
stop() {
  trap - INT TERM EXIT
  echo
  echo "run: stopping services"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -f "$state/pids/"*.pid
  if [ "$infra_was_up" = 0 ]; then scripts/infra.sh stop; fi
  exit 0
}
trap stop INT TERM EXIT

# Replica r (1-based) of a service: its HTTP port, its log. One replica keeps the classic layout (gateway on 8080).
http_port() { # service replica
  if [ "$1" = api-gateway ] && [ "$replicas" -gt 1 ]; then echo $((8080 + 100 * $2)); else echo $((${port[$1]} + 100 * ($2 - 1))); fi
}
log_of() { # service replica
  if [ "$2" = 1 ]; then echo "$logs/$1.log"; else echo "$logs/$1-$2.log"; fi
}

# whether this shell may raise a process's priority (a subshell lowers its own nice below this one's)
if (renice -n -1 -p "$BASHPID" >/dev/null 2>&1); then may_raise_priority=yes; else may_raise_priority=no; fi

start_replica() { # service replica
  local s=$1 r=$2 opts_var opts defaults extra rtp_min initial gc jit
  # JAVA_OPTS_<service> (e.g. JAVA_OPTS_call_manager) adds JVM options to one service: a profiler, another GC or
  # heap (its own -Xmx or -XX:+Use…GC replaces the default)
  opts_var="JAVA_OPTS_${s//-/_}"
  opts=${!opts_var:-}
  defaults=()
  [[ "$opts" == *-Xmx* ]] || defaults+=("-Xmx$heap")
  # call-manager's heap fills under any load (measured: its whole 256 MB), so it starts at its maximum: growing it
  # costs collections in the cold first seconds, when the engine is late already
  if [ "$s" = call-manager ]; then initial=$heap; else initial=$initial_heap; fi
  [[ "$opts" == *-Xms* ]] || defaults+=("-Xms$initial")
  # the collector: serial for the three small heaps; call-manager's parallel one stops the world for less time at
  # the same throughput (bench/gc.sh; bench/README.md, "The garbage collector, measured"). The JIT: the quick compiler
  # only for the three services around the engine, each JVM 40-60 MB smaller and a first minute without their
  # compilers' load (the optimising JIT serves 20-50 % more provider calls at 200/s after it, 30-40 % fewer in it:
  # bench/README.md, "The JIT measured again"; the chart keeps the JVM's default for long-running pods);
  # call-manager keeps the JVM's optimising one, whose code served 172.7 and 177.3 setups/s at 300 and 450/s against
  # 142.3 and 137.9 with the quick one (though 111.8 against 134.9 in the cold first minute at 150/s; bench/README.md,
  # "The JIT, measured"). JAVA_OPTS_<service>=-XX:TieredStopAtLevel=4 or =1 chooses for one service.
  if [ "$s" = call-manager ]; then
    gc=-XX:+UseParallelGC jit=-XX:TieredStopAtLevel=4
  else
    gc=-XX:+UseSerialGC jit=-XX:TieredStopAtLevel=1
  fi
  [[ "$opts" == *-XX:+Use*GC* ]] || defaults+=("$gc")
  [[ "$opts" == *TieredStopAtLevel* ]] || defaults+=("$jit")
  # call-manager's SIP threads ahead of everything else on the machine (they ask the highest Java priority, which
  # the JVM maps to nice -5): without it the ACK p99 at 400 calls/s passed 20 ms whenever the machine was slow, the
  # wait for a CPU; with it the ACK p99 stayed under 20 ms in every run, at no measured cost in calls served
  # (bench/README.md, "The SIP threads' priority" and "The priority's cost, measured on one build"). Only where
  # this shell may raise a priority (root or CAP_SYS_NICE); elsewhere the JVM would only warn. The compilers stay at
  # nice 0 (the JVM would raise them to -4, and the cold minute's compiling would run ahead of the signalling).
  if [ "$s" = call-manager ] && [[ "$opts" != *ThreadPriorityPolicy* ]] && [ "$may_raise_priority" = yes ]; then
    defaults+=(-XX:ThreadPriorityPolicy=1 -XX:CompilerThreadPriority=0)
  fi
  extra=()
  if [ "$s" = call-manager ] && [ "$replicas" -gt 1 ]; then
    # each call-manager its own SIP port and an equal slice of the one-replica range 20000-29999 (two replicas: 2,500
    # calls each; a survivor carries its dead peer's load, and 500 calls per slice ran out in a REPLICAS=2 fault run);
    # its instance id is derived
    slice=$((10000 / replicas / 2 * 2))
    rtp_min=$((20000 + slice * (r - 1)))
    extra=(SIP_PORT=$((5080 + 100 * (r - 1))) RTP_PORT_MIN=$rtp_min RTP_PORT_MAX=$((rtp_min + slice - 2)))
  fi
  # the previous start's log is kept as <log>.1: a benchmark's failures stay traceable after the next one starts
  if [ -s "$(log_of "$s" "$r")" ]; then mv -f "$(log_of "$s" "$r")" "$(log_of "$s" "$r").1"; fi
  # shellcheck disable=SC2086
  env QUARKUS_HTTP_PORT="$(http_port "$s" "$r")" "${extra[@]}" java "${defaults[@]}" $opts \
    -jar "$s/target/quarkus-app/quarkus-run.jar" > "$(log_of "$s" "$r")" 2>&1 &
  pids+=($!)
  echo $! > "$state/pids/$s-$r.pid"
  started+=("$s $r $!")
}

# Replica 1 of every service first, and the others once it is healthy: the first start migrates the schemas and
# creates the bootstrap super-admin, which two gateways starting at once on an empty database would both try.
for r in $(seq 1 "$replicas"); do
  started=()   # "service replica pid" of this round
  for s in "${services[@]}"; do
    start_replica "$s" "$r"
  done
  deadline=$((SECONDS + 180))
  for entry in "${started[@]}"; do
    read -r svc n pid <<< "$entry"
    p=$(http_port "$svc" "$n")
    until curl -sf "http://127.0.0.1:$p/q/health/ready" >/dev/null 2>&1; do
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "run: $svc exited at start; its log: $(log_of "$svc" "$n")" >&2
        grep -E "ERROR|Caused by" "$(log_of "$svc" "$n")" | head -5 >&2
        exit 1
      fi
      if [ $SECONDS -ge $deadline ]; then
        echo "run: $svc is not healthy after 180 s; its log: $(log_of "$svc" "$n")" >&2
        tail -20 "$(log_of "$svc" "$n")" >&2
        exit 1
      fi
      sleep 0.5
    done
    echo "run: $svc healthy on port $p"
  done
done

if [ "$replicas" -gt 1 ]; then
  # The one gateway port: HAProxy sends each request to a ready gateway (scripts/balancer-config.sh says how).
  gateway_ports=()
  for r in $(seq 1 "$replicas"); do gateway_ports+=("$(http_port api-gateway "$r")"); done
  scripts/balancer-config.sh "${port[api-gateway]}" "${gateway_ports[@]}" > "$state/haproxy.cfg"
  haproxy -f "$state/haproxy.cfg" -db > "$logs/haproxy.log" 2>&1 &
  pids+=($!)
  until curl -sf "http://127.0.0.1:${port[api-gateway]}/q/health/ready" >/dev/null 2>&1; do
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then
      echo "run: haproxy exited at start; its log: $logs/haproxy.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "run: haproxy on port ${port[api-gateway]} in front of $replicas gateways"
fi

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
# bench/system.sh waits for this line: it means every service is ready
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
echo "Processes:    $state/pids/<service>-<replica>.pid"
echo "Press Ctrl-C to stop."
wait
