#!/usr/bin/env bash
# Runs two real Apache Airflow 3 instances on loopback for tests and the lab:
#   source  plays the Astronomer deployment: all sample DAGs, its plugins, a pool, variables, connections,
#           and provider packages the target lacks (.venv-source on its PYTHONPATH, see python-tools.sh)
#   target  the self-hosted side: an empty DAG folder that tests fill batch by batch
# Each has its own AIRFLOW_HOME, SQLite DB, API port and log-server ports, and runs api-server,
# scheduler (LocalExecutor) and dag-processor. No triggerer: no sample DAG defers.
#
#   scripts/airflow-instances.sh start [source|target]   start (reuses healthy instances), wait for health
#   scripts/airflow-instances.sh stop  [source|target]   stop every component; nothing stays listening
#   scripts/airflow-instances.sh status [source|target]  health and memory (RSS, PSS); exit 3 unless all healthy
#   scripts/airflow-instances.sh reset [source|target]   stop and delete the instance's home (DB, DAGs, logs)
#   scripts/airflow-instances.sh env NAME                print the exports to use the airflow CLI on NAME
#
# Environment: RUNBOOK_VENV (default .venv), RUNBOOK_SOURCE_PROVIDERS (default .venv-source),
# RUNBOOK_AIRFLOW_LAB (default .lab/airflow),
# RUNBOOK_AIRFLOW_SOURCE_PORT (28080), RUNBOOK_AIRFLOW_TARGET_PORT (28180) — the two log-server ports
# are the API port + 1 and + 2 — RUNBOOK_AIRFLOW_PASSWORD (password of user 'admin', default 'admin'),
# RUNBOOK_AIRFLOW_START_TIMEOUT (seconds, default 180).
set -euo pipefail

SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_ROOT="$(dirname "$SCRIPTS_DIR")"
VENV="${RUNBOOK_VENV:-$PROJECT_ROOT/.venv}"
SOURCE_PROVIDERS="${RUNBOOK_SOURCE_PROVIDERS:-$PROJECT_ROOT/.venv-source}"
LAB="${RUNBOOK_AIRFLOW_LAB:-$PROJECT_ROOT/.lab/airflow}"
SAMPLE_DAGS="$SCRIPTS_DIR/airflow/dags"
SOURCE_PLUGINS="$SCRIPTS_DIR/airflow/source-plugins"
ADMIN_USER="admin"
ADMIN_PASSWORD="${RUNBOOK_AIRFLOW_PASSWORD:-admin}"
START_TIMEOUT="${RUNBOOK_AIRFLOW_START_TIMEOUT:-180}"
COMPONENTS=(api-server scheduler dag-processor)
INSTANCES=(source target)

log() { printf '[airflow-instances] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

api_port() {
  case "$1" in
    source) echo "${RUNBOOK_AIRFLOW_SOURCE_PORT:-28080}" ;;
    target) echo "${RUNBOOK_AIRFLOW_TARGET_PORT:-28180}" ;;
    *) die "unknown instance '$1' (source|target)" ;;
  esac
}

home_of() { echo "$LAB/$1"; }

# Secrets that must stay stable across restarts of one instance (Fernet key encrypts stored
# variables/connections; JWT secret signs the tokens that scheduler-launched tasks present to the
# execution API). Generated once per instance, kept in its home.
ensure_instance_secrets() {
  local home="$1"
  [[ -f "$home/secrets.env" ]] && return
  "$VENV/bin/python" - "$home/secrets.env" <<'PY'
import secrets, sys
from cryptography.fernet import Fernet
with open(sys.argv[1], "w") as out:
    out.write(f"export AIRFLOW__CORE__FERNET_KEY='{Fernet.generate_key().decode()}'\n")
    out.write(f"export AIRFLOW__API_AUTH__JWT_SECRET='{secrets.token_urlsafe(32)}'\n")
    out.write(f"export AIRFLOW__API__SECRET_KEY='{secrets.token_urlsafe(32)}'\n")
PY
}

print_env() {
  local name="$1" port home paused_at_creation=False
  port="$(api_port "$name")"
  home="$(home_of "$name")"
  # The target keeps Airflow 3's default (as the Helm chart does): a DAG arriving there waits paused
  # for its cutover instead of re-running the intervals the source already ran.
  [[ "$name" == target ]] && paused_at_creation=True
  cat <<EOF
export AIRFLOW_HOME='$home'
export AIRFLOW__CORE__DAGS_FOLDER='$home/dags'
export AIRFLOW__CORE__PLUGINS_FOLDER='$home/plugins'
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__EXECUTOR=LocalExecutor
export AIRFLOW__CORE__PARALLELISM=2
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION=$paused_at_creation
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS='$ADMIN_USER:admin'
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE='$home/passwords.json'
export AIRFLOW__CORE__EXECUTION_API_SERVER_URL='http://127.0.0.1:$port/execution/'
# SQLite waits up to 30 s for a lock: with Python's default 5 s a busy scheduler died on "database is locked".
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN='sqlite:///$home/airflow.db?timeout=30'
export AIRFLOW__API__HOST=127.0.0.1
export AIRFLOW__API__PORT=$port
export AIRFLOW__API__WORKERS=1
export AIRFLOW__API__BASE_URL='http://127.0.0.1:$port'
export AIRFLOW__LOGGING__BASE_LOG_FOLDER='$home/logs'
export AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT=$((port + 1))
export AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT=$((port + 2))
export AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL=5
export AIRFLOW__DAG_PROCESSOR__PARSING_PROCESSES=1
export AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK=False
EOF
  [[ "$name" == source ]] && echo "export PYTHONPATH='$SOURCE_PROVIDERS'"
  [[ -f "$home/secrets.env" ]] && cat "$home/secrets.env"
  return 0
}

# Prints "healthy" when metadatabase, scheduler and dag_processor all report healthy, else the reasons.
health_of() {
  local port="$1"
  "$VENV/bin/python" - "$port" <<'PY'
import json, sys, urllib.request
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/api/v2/monitor/health", timeout=3) as r:
        health = json.load(r)
except Exception as e:
    print(f"unreachable ({type(e).__name__})")
    sys.exit(0)
bad = [f"{c}={health.get(c, {}).get('status')}" for c in ("metadatabase", "scheduler", "dag_processor")
       if health.get(c, {}).get("status") != "healthy"]
print("healthy" if not bad else " ".join(bad))
PY
}

# Whether the API on the port issues a token for this instance's admin password: a health check alone
# passes against any Airflow, e.g. one another clone's tests left on the same port. Exit 0: this
# instance; 1: the API refuses the password (another Airflow); 2: no clear answer yet (a busy machine).
answers_as_this_instance() {
  "$VENV/bin/python" - "$1" "$ADMIN_USER" "$ADMIN_PASSWORD" <<'PY'
import json, sys, urllib.error, urllib.request
port, user, password = sys.argv[1:4]
request = urllib.request.Request(f"http://127.0.0.1:{port}/auth/token", method="POST",
                                 data=json.dumps({"username": user, "password": password}).encode(),
                                 headers={"Content-Type": "application/json"})
try:
    with urllib.request.urlopen(request, timeout=10) as response:
        sys.exit(0 if json.load(response).get("access_token") else 1)
except urllib.error.HTTPError as refused:
    sys.exit(1 if refused.code in (401, 403) else 2)
except Exception:
    sys.exit(2)
PY
}

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

instance_running() {
  local home component
  home="$(home_of "$1")"
  for component in "${COMPONENTS[@]}"; do
    pid_alive "$home/run/$component.pid" || return 1
  done
}

# "RSS x MiB, PSS y MiB" over every process in the instance's process groups (components and the
# executor's forked workers). RSS counts pages shared between forks once per process; PSS splits them.
memory_of() {
  local home pgids=() component pids
  home="$(home_of "$1")"
  for component in "${COMPONENTS[@]}"; do
    pid_alive "$home/run/$component.pid" && pgids+=("$(cat "$home/run/$component.pid")")
  done
  ((${#pgids[@]})) || { echo "RSS 0 MiB"; return; }
  pids="$(ps -eo pgid=,pid= | awk -v groups=" ${pgids[*]} " 'index(groups, " " $1 " ") { print $2 }')"
  for pid in $pids; do cat "/proc/$pid/smaps_rollup" 2>/dev/null; done \
    | awk '$1 == "Rss:" { rss += $2 } $1 == "Pss:" { pss += $2 } END { printf "RSS %d MiB, PSS %d MiB\n", rss / 1024, pss / 1024 }'
}

# The source plays a long-lived Astronomer deployment: give it the metadata the runbook migrates.
# Seeded through the REST API once the instance is healthy (one process, not one CLI start per item).
seed_source_metadata() {
  local home port
  home="$(home_of source)"
  port="$(api_port source)"
  [[ -f "$home/.seeded" ]] && return
  log "source: seeding pool, variables and connections"
  "$VENV/bin/python" - "http://127.0.0.1:$port" "$ADMIN_USER" "$ADMIN_PASSWORD" <<'PY'
import json, sys, time, urllib.error, urllib.request

base, user, password = sys.argv[1:4]

def call(method, path, body, token=None):
    # SQLite under a busy scheduler answers "database is locked" (HTTP 500) now and then, or holds the
    # request while it waits for the lock (up to the connection's 30 s): retry both; 409 on a retry means
    # an earlier attempt got through.
    for attempt in range(1, 7):
        request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            if error.code == 409:
                return {}
            if error.code < 500 or attempt == 6:
                raise
            time.sleep(2)
        except (TimeoutError, urllib.error.URLError):
            if attempt == 6:
                raise
            time.sleep(2)

token = call("POST", "/auth/token", {"username": user, "password": password})["access_token"]
call("POST", "/api/v2/pools", {"name": "etl_pool", "slots": 3, "description": "Slots for the warehouse loads"}, token)
for key, value in {"report_recipient": "data-team@example.com", "warehouse_schema": "analytics",
                   "partner_api_key": "not-a-real-key-0001"}.items():
    call("POST", "/api/v2/variables", {"key": key, "value": value}, token)
call("POST", "/api/v2/connections", {"connection_id": "warehouse_db", "conn_type": "postgres",
     "host": "warehouse.internal", "port": 5432, "login": "etl", "password": "not-a-real-password",
     "schema": "analytics"}, token)
call("POST", "/api/v2/connections", {"connection_id": "partner_api", "conn_type": "http",
     "host": "api.partner.example", "extra": json.dumps({"timeout": 30})}, token)
PY
  touch "$home/.seeded"
}

# Prepares the instance's home, migrates its DB and launches its components in the background.
launch_instance() {
  local name="$1" port home
  port="$(api_port "$name")"
  home="$(home_of "$name")"
  stop_instance "$name"
  mkdir -p "$home/dags" "$home/plugins" "$home/logs" "$home/run"
  ensure_instance_secrets "$home"
  printf '{"%s": "%s"}\n' "$ADMIN_USER" "$ADMIN_PASSWORD" > "$home/passwords.json"
  if [[ "$name" == source ]]; then
    cp "$SAMPLE_DAGS"/*.py "$home/dags/"
    cp "$SOURCE_PLUGINS"/*.py "$home/plugins/"
  fi
  eval "$(print_env "$name")"
  export PATH="$VENV/bin:$PATH"
  cd "$home"
  log "$name: migrating the metadata DB"
  airflow db migrate > "$home/logs/db-migrate.log" 2>&1 || die "$name: db migrate failed, see $home/logs/db-migrate.log"
  for component in "${COMPONENTS[@]}"; do
    args=("$component")
    # The log server binds every interface and cannot be told otherwise; the API server reads
    # task logs from the shared local folder instead, so everything stays on loopback.
    [[ "$component" == scheduler ]] && args+=(--skip-serve-logs)
    setsid nohup airflow "${args[@]}" > "$home/logs/$component.log" 2>&1 < /dev/null &
    echo $! > "$home/run/$component.pid"
  done
}

await_healthy() {
  local name="$1" started="$2" port home health
  port="$(api_port "$name")"
  home="$(home_of "$name")"
  log "$name: waiting for /api/v2/monitor/health on 127.0.0.1:$port"
  while true; do
    for component in "${COMPONENTS[@]}"; do
      pid_alive "$home/run/$component.pid" || die "$name: $component exited, see $home/logs/$component.log"
    done
    health="$(health_of "$port")"
    [[ "$health" == healthy ]] && break
    (($(date +%s) < started + START_TIMEOUT)) || die "$name: not healthy after ${START_TIMEOUT}s ($health), logs in $home/logs"
    sleep 1
  done
  local identity
  while true; do
    identity=0
    answers_as_this_instance "$port" || identity=$?
    ((identity == 0)) && break
    ((identity == 1)) && die "$name: 127.0.0.1:$port answers but refuses this instance's admin password: another Airflow holds the port"
    (($(date +%s) < started + START_TIMEOUT)) || die "$name: 127.0.0.1:$port issued no token within ${START_TIMEOUT}s, logs in $home/logs"
    sleep 1
  done
  [[ "$name" == source ]] && seed_source_metadata
  log "$name: healthy on http://127.0.0.1:$port in $(( $(date +%s) - started )) s, $(memory_of "$name")"
}

# Starts the named instances side by side (their DB migrations overlap) and waits for all of them.
start_instances() {
  local started name launching=() launchers=()
  started=$(date +%s)
  for name in "$@"; do
    if instance_running "$name" && [[ "$(health_of "$(api_port "$name")")" == healthy ]] \
       && answers_as_this_instance "$(api_port "$name")"; then
      log "$name: already running and healthy on port $(api_port "$name")"
      [[ "$name" == source ]] && seed_source_metadata
      continue
    fi
    ( launch_instance "$name" ) &
    launchers+=($!)
    launching+=("$name")
  done
  # A failed launch has logged its cause as its last line; the caller reports that line.
  for pid in "${launchers[@]}"; do wait "$pid" || exit 1; done
  for name in "${launching[@]}"; do await_healthy "$name" "$started"; done
}

port_listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

stop_instance() {
  local name="$1" home port component pid pids=()
  home="$(home_of "$name")"
  port="$(api_port "$name")"
  for component in "${COMPONENTS[@]}"; do
    if pid_alive "$home/run/$component.pid"; then
      pid="$(cat "$home/run/$component.pid")"
      pids+=("$pid")
      kill -TERM -- "-$pid" 2>/dev/null || true
    fi
  done
  if ((${#pids[@]})); then
    log "$name: stopping ${#pids[@]} components"
    for _ in $(seq 1 30); do
      local alive=false
      for pid in "${pids[@]}"; do pgrep -g "$pid" >/dev/null && alive=true; done
      $alive || break
      sleep 1
    done
    for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  fi
  rm -f "$home"/run/*.pid
  for p in "$port" $((port + 1)) $((port + 2)); do
    ! port_listening "$p" || die "$name: port $p is still taken after stopping this instance (another process holds it)"
  done
}

# Logs health and memory; returns non-zero when the instance is not running and healthy.
status_instance() {
  local name="$1" port health
  port="$(api_port "$name")"
  if ! instance_running "$name"; then
    log "$name: not running"
    return 1
  fi
  health="$(health_of "$port")"
  log "$name: port $port, $health, $(memory_of "$name")"
  [[ "$health" == healthy ]]
}

reset_instance() {
  stop_instance "$1"
  rm -rf "$(home_of "$1")"
  log "$1: home deleted"
}

[[ -x "$VENV/bin/airflow" ]] || die "no airflow in $VENV: run scripts/python-tools.sh first"
[[ -d "$SOURCE_PROVIDERS/airflow/providers" ]] || die "no source-only providers in $SOURCE_PROVIDERS: run scripts/python-tools.sh first"

command="${1:-}"
shift || true
targets=("${@:-${INSTANCES[@]}}")
case "$command" in
  start) start_instances "${targets[@]}" ;;
  stop) for name in "${targets[@]}"; do stop_instance "$name"; done ;;
  status)
    all_healthy=0
    for name in "${targets[@]}"; do status_instance "$name" || all_healthy=3; done
    exit "$all_healthy" ;;
  reset) for name in "${targets[@]}"; do reset_instance "$name"; done ;;
  env) [[ $# -eq 1 ]] || die "usage: $0 env source|target"; print_env "$1" ;;
  *) die "usage: $0 start|stop|status|reset [source|target] | env source|target" ;;
esac
