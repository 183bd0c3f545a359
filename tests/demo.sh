#!/usr/bin/env bash
# tests/demo.sh - the README's first command: the registrant_change role on the built-in emulator.
#
# Sets up what it needs (a venv with the pinned ansible-core and requests in .venv-demo/, reused on the
# next run), starts the Domain API emulator with the demo account on a free loopback port, runs
# examples/registrant_change_demo.yml (plan, changes, wait, verify, summary), runs it again to show that
# nothing changes, shows a failing domain being reported, and stops the emulator.
# Nothing leaves this machine; no cloud account is needed.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=${DEMO_PYTHON:-python3}
VENV=${DEMO_VENV:-$REPO/.venv-demo}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/alicloud-domain-demo.XXXXXX")
EMU_PID=""
cleanup() { [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null && wait "$EMU_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

if [ ! -x "$VENV/bin/ansible-playbook" ] || ! cmp -s "$REPO/.ci/requirements-demo.txt" "$VENV/.requirements"; then
  step "Setting up $VENV (ansible-core and requests, pinned)"
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$REPO/.ci/requirements-demo.txt" 2>&1 \
    | { grep -v "^WARNING: Location" || true; }
  cp "$REPO/.ci/requirements-demo.txt" "$VENV/.requirements"
fi

mkdir -p "$WORK/ansible_collections/alicloud"
ln -s "$REPO" "$WORK/ansible_collections/alicloud/domain"
export ANSIBLE_COLLECTIONS_PATH="$WORK" ANSIBLE_NOCOLOR="${ANSIBLE_NOCOLOR:-}" ANSIBLE_STDOUT_CALLBACK=default
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

step "Starting the Domain API emulator (demo account, see tests/emulator/README.md)"
"$VENV/bin/python" "$REPO/tests/emulator/server.py" --port 0 --port-file "$WORK/port" --seed demo \
  --task-seconds 2 > "$WORK/emulator.log" 2>&1 &
EMU_PID=$!
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || { cat "$WORK/emulator.log"; echo "the emulator did not start" >&2; exit 1; }
URL="http://127.0.0.1:$(cat "$WORK/port")"
KEYS=$("$VENV/bin/python" -c 'import sys; sys.path.insert(0, sys.argv[1]); import server; print(server.DEMO_ACCESS_KEY_ID, server.DEMO_ACCESS_KEY_SECRET)' "$REPO/tests/emulator")
read -r AK SK <<<"$KEYS"
echo "emulator at $URL"
EXTRA=(-e "alicloud_domain_endpoint=$URL" -e "alicloud_domain_access_key_id=$AK" -e "alicloud_domain_access_key_secret=$SK")
REPORT="${DEMO_REPORT:-$WORK/report}"

step "1/3 Plan, change, wait, verify and report (registrant + admin of 12 domains)"
"$VENV/bin/ansible-playbook" "$REPO/examples/registrant_change_demo.yml" "${EXTRA[@]}" -e "demo_report_path=$REPORT"
echo; echo "Report written to $REPORT.json and $REPORT.md:"; cat "$REPORT.md"

step "2/3 The same again: everything is already correct, nothing is submitted"
"$VENV/bin/ansible-playbook" "$REPO/examples/registrant_change_demo.yml" "${EXTRA[@]}"
"$VENV/bin/python" - "$URL" <<'PY'
import json, sys, urllib.request
stats = json.load(urllib.request.urlopen(sys.argv[1] + "/_emulator/stats"))
print("emulator: %d tasks created in all, %d duplicate tasks" % (stats.get("tasks_created", 0), stats.get("duplicate_tasks", 0)))
PY

step "3/3 A domain that cannot change (update prohibition lock) is reported, the other one goes through"
"$VENV/bin/ansible-playbook" "$REPO/examples/registrant_change_failure_demo.yml" "${EXTRA[@]}"
step "Done. The emulator is stopped; nothing left this machine."
