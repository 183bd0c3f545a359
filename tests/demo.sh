#!/usr/bin/env bash
# tests/demo.sh - the README's first command: the registrant_change role on the built-in emulator.
#
# Sets up what it needs (a venv with the pinned ansible-core and requests in .venv-demo/, reused on the
# next run), starts the Domain API emulator with the demo account on a free loopback port, runs
# examples/registrant_change_demo.yml (plan, changes, wait, verify, summary), runs it again to show that
# nothing changes, shows a failing domain being reported, then the two things that stop a registrant change
# on a real account: the domain under an update prohibition lock (locked-example.com, moved with the lock lifted
# and restored when the role has registrant_change_lift_update_lock) and the profile whose email is not verified
# (18100005, verified on the way when the role has registrant_change_verify_email), and stops the emulator.
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

step "1/5 Plan, change, wait, verify and report (registrant + admin of 12 domains)"
"$VENV/bin/ansible-playbook" "$REPO/examples/registrant_change_demo.yml" "${EXTRA[@]}" -e "demo_report_path=$REPORT"
echo; echo "Report written to $REPORT.json and $REPORT.md:"; cat "$REPORT.md"

step "2/5 The same again: everything is already correct, nothing is submitted"
"$VENV/bin/ansible-playbook" "$REPO/examples/registrant_change_demo.yml" "${EXTRA[@]}"
"$VENV/bin/python" - "$URL" <<'PY'
import json, sys, urllib.request
stats = json.load(urllib.request.urlopen(sys.argv[1] + "/_emulator/stats"))
print("emulator: %d tasks created in all, %d duplicate tasks" % (stats.get("tasks_created", 0), stats.get("duplicate_tasks", 0)))
PY

step "3/5 A domain that cannot change (update prohibition lock) is reported, the other one goes through"
"$VENV/bin/ansible-playbook" "$REPO/examples/registrant_change_failure_demo.yml" "${EXTRA[@]}"

# The role steps for locks and email verification come with the role variables; without them the demo shows
# the state of the seeded domain and profile only.
role_has() { grep -q "^$1:" "$REPO/roles/registrant_change/defaults/main.yml"; }
cat > "$WORK/locked.yml" <<'YML'
- name: The domain under the update prohibition lock
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
    demo_lift: false
  module_defaults:
    group/alicloud.domain.all:
      endpoint: "{{ alicloud_domain_endpoint }}"
      access_key_id: "{{ alicloud_domain_access_key_id }}"
      access_key_secret: "{{ alicloud_domain_access_key_secret }}"
  tasks:
    - name: Read locked-example.com
      alicloud.domain.domain_info:
        domain_name: locked-example.com
      register: demo_before
    - name: Show its locks
      ansible.builtin.debug:
        msg: "locked-example.com: update prohibition lock {{ demo_before.domain.update_prohibition_lock }},
          transfer prohibition lock {{ demo_before.domain.transfer_prohibition_lock }}"
    - name: Move its registrant to profile 18100002, lifting the update lock and restoring it
      ansible.builtin.include_role:
        name: alicloud.domain.registrant_change
      vars:
        registrant_change_domains: [locked-example.com]
        registrant_change_profile_id: 18100002
        registrant_change_lift_update_lock: true
        registrant_change_poll_interval: 0.5
      when: demo_lift | bool
    - name: Read it again
      alicloud.domain.domain_info:
        domain_name: locked-example.com
      register: demo_after
      when: demo_lift | bool
    - name: Show the outcome
      ansible.builtin.debug:
        msg: "locked-example.com now: registrant {{ demo_after.domain.registrant_organization | default('?') }},
          update prohibition lock {{ demo_after.domain.update_prohibition_lock }}"
      when: demo_lift | bool
YML
cat > "$WORK/unverified.yml" <<'YML'
- name: The profile whose email is not verified
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
    demo_verify: false
  module_defaults:
    group/alicloud.domain.all:
      endpoint: "{{ alicloud_domain_endpoint }}"
      access_key_id: "{{ alicloud_domain_access_key_id }}"
      access_key_secret: "{{ alicloud_domain_access_key_secret }}"
  tasks:
    - name: Read profile 18100005
      alicloud.domain.registrant_profile_info:
        registrant_profile_id: 18100005
      register: demo_profile
    - name: Show its verification
      ansible.builtin.debug:
        msg: "profile 18100005: real-name {{ demo_profile.profiles[0].real_name_status }},
          email verified: {{ demo_profile.profiles[0].email_verification_status == 1 }}"
    - name: Move zhangsan.cn's registrant to it, verifying the email first
      ansible.builtin.include_role:
        name: alicloud.domain.registrant_change
      vars:
        registrant_change_domains: [zhangsan.cn]
        registrant_change_profile_id: 18100005
        registrant_change_verify_email: true
        registrant_change_verification_timeout: 60
        registrant_change_poll_interval: 0.5
      when: demo_verify | bool
YML

if role_has registrant_change_lift_update_lock; then
  step "4/5 A locked domain is moved: the update prohibition lock is lifted, the change made, the lock restored"
  "$VENV/bin/ansible-playbook" "$WORK/locked.yml" "${EXTRA[@]}" -e demo_lift=true
else
  step "4/5 A domain under the update prohibition lock (the role lifts it with registrant_change_lift_update_lock)"
  "$VENV/bin/ansible-playbook" "$WORK/locked.yml" "${EXTRA[@]}"
fi

if role_has registrant_change_verify_email; then
  step "5/5 A profile whose email is not verified: the mail is sent, the owner clicks the link, then the change"
  # the owner of sunmei@example.net clicks the link a few seconds after the mail went out (the control API)
  "$VENV/bin/python" - "$URL" <<'PY' &
import json, sys, time, urllib.error, urllib.request
for _ in range(120):
    time.sleep(1)
    req = urllib.request.Request(sys.argv[1] + "/_emulator/email/verify", method="POST",
                                 data=json.dumps({"email": "sunmei@example.net"}).encode(),
                                 headers={"Content-Type": "application/json"})
    try:
        urllib.request.urlopen(req)
        print("(the owner of sunmei@example.net clicked the verification link)")
        break
    except urllib.error.HTTPError:
        pass
PY
  CLICKER=$!
  "$VENV/bin/ansible-playbook" "$WORK/unverified.yml" "${EXTRA[@]}" -e demo_verify=true
  kill "$CLICKER" 2>/dev/null || true
else
  step "5/5 A profile whose email is not verified (the role verifies it with registrant_change_verify_email)"
  "$VENV/bin/ansible-playbook" "$WORK/unverified.yml" "${EXTRA[@]}"
fi
step "Undo: step 1's change taken back from its run record ($REPORT.record.json, mode 0600, the contacts as they were)"
"$VENV/bin/ansible-playbook" "$REPO/examples/registrant_change_revert_demo.yml" "${EXTRA[@]}" \
  -e "demo_record=$REPORT.record.json" -e "demo_emulator_url=$URL"
step "Done. The emulator is stopped; nothing left this machine."
