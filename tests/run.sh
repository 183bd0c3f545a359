#!/usr/bin/env bash
# tests/run.sh - THE test command of alicloud.domain (README: `bash tests/run.sh`; CI: .ci/run).
#
# What it does
#   1. Builds the tool venv from exact pins (.ci/requirements.txt + .ci/constraints.txt, Python 3.11,
#      ansible-core 2.19.x).
#        CI=true : fresh venv in a temporary directory, removed at the end.
#        else    : ./.venv (git-ignored), reused while .ci/requirements*.txt/constraints.txt are unchanged.
#   2. Seeds ansible-test's get-pip cache (~/.ansible/test/cache/get_pip_<ver>.py) with the offline
#      stand-in .ci/get_pip_offline.py (ansible-test cannot download get-pip here).
#   3. Copies the tracked + untracked-not-ignored files (`git ls-files -co --exclude-standard`) into a
#      real <tmp>/ansible_collections/alicloud/domain tree (ansible-test rejects symlinks) and runs
#      every stage there, never in the work tree.
#   4. Runs the stages, each under a timeout, printing `=== [stage] rc=N Ns`, continuing after a
#      failure, and ends with `ci: N passed, N failed` (exit 1 if any stage failed).
#
# Stages (default: all, in this order)
#   pytest       python -m pytest tests/unit tests/emulator tests/reliability tests/ee tests/awx (those that
#                exist) in the copied tree, PYTHONPATH=<dir holding ansible_collections>; pytest's "no tests
#                collected" (exit 5) counts as a failure
#   sanity       ansible-test sanity on ansible-core 2.19 (Python 3.11), then stages sanity-py3.8
#                (compile + import of modules/module_utils on target Python 3.8), sanity-2.16
#                (ansible-core 2.16.x, Python 3.11) and sanity-2.21 (ansible-core 2.21.x, Python 3.12),
#                each in its own venv and its own copy of the tree
#   units-2.16 / units-2.21
#                ansible-test units (ansible-core 2.16.x on Python 3.11 / 2.21.x on Python 3.12) in the venvs
#                of sanity-2.16 / sanity-2.21 (they carry the unit-test requirements, see
#                .ci/requirements-core-*.txt), without --requirements (pip would reach for the network)
#   lint         ansible-lint (.ansible-lint: production profile, offline) on the role and examples/*.yml
#   docs         antsibull-docs lint-collection-docs --plugin-docs . + ansible-doc on every module and
#                inventory plugin
#   changelog    antsibull-changelog lint (fragments) + lint-changelog-yaml
#   integration  ansible-test integration against the local emulator (tests/emulator/server.py);
#                writes tests/integration/integration_config.yml in the copied tree; then stages
#                integration-2.16 / integration-2.21: the same on the oldest / newest core (venvs of
#                sanity-2.16 / sanity-2.21), each against a fresh emulator in its own copy of the tree
#   build        ansible-galaxy collection build + install + ansible-doc from the installed copy + one
#                module (contact_info) run ad hoc from the installed copy against a fresh emulator
#   molecule     molecule test -s registrant_change (extensions/molecule/registrant_change, built-in
#                `default` driver on localhost; the scenario starts and stops its own emulator)
#
# Knobs (environment)
#   STAGES="pytest sanity ..."   run only these stages (sanity-2.16, units-2.21, integration-2.16, ... may be
#                                named alone; "units" means units-2.16 + units-2.21)
#   SKIP_EXTRA_CORES=1           skip the -2.16 / -2.21 stages unless named (local runs)
#   CI=true                      fresh temporary venvs (set by CI)
#   KEEP_WORK=1                  keep the temporary directory (path printed at the start)
#   PYTEST_ARGS="-x -k foo"      extra pytest arguments
#   PYTEST_PATHS="tests/unit"    test directories (default: tests/unit tests/emulator tests/reliability tests/ee
#                                tests/awx)
#   CI_BUDGET=4800               seconds for the whole run; each stage also has its own timeout
#   CI_PYTHON / CI_PYTHON_NEW    interpreters for the 3.11 venvs / the 2.21 venv (default: pyenv's)
#   CI_PYTHON_38                 target-floor interpreter for sanity-py3.8 (default: pyenv's 3.8)
set -uo pipefail

SELF=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
REPO=$(cd "$(dirname "$SELF")/.." && pwd)
NS=alicloud
NAME=domain
CORE_216=2.16
CORE_221=2.21
DEFAULT_PYTEST_PATHS="tests/unit tests/emulator tests/reliability tests/ee tests/awx"

# --------------------------------------------------------------------------------------------------
# Stage bodies. Each runs in its own `bash tests/run.sh --stage NAME` process under `timeout`, with
# the environment exported by the driver below (WORK, COLL, VENV, PATH, ANSIBLE_COLLECTIONS_PATH).
# --------------------------------------------------------------------------------------------------

stage_pytest() {
  cd "$COLL" || return 1
  local dirs=() d rc
  for d in ${PYTEST_PATHS:-$DEFAULT_PYTEST_PATHS}; do [ -d "$d" ] && dirs+=("$d"); done
  if [ ${#dirs[@]} -eq 0 ]; then
    echo "pytest: none of ${PYTEST_PATHS:-$DEFAULT_PYTEST_PATHS} exists: no tests to run" >&2
    return 1
  fi
  # shellcheck disable=SC2086
  PYTHONPATH="$WORK${PYTHONPATH:+:$PYTHONPATH}" python -m pytest "${dirs[@]}" -q -p no:cacheprovider ${PYTEST_ARGS:-}
  rc=$?
  if [ $rc -eq 5 ]; then echo "pytest: no tests were collected (exit 5) - counted as a failure" >&2; fi
  return $rc
}

# ansible-test sanity on the main venv (ansible-core 2.19, Python 3.11)
stage_sanity() {
  cd "$COLL" || return 1
  ansible-test sanity --python 3.11 --color no
}

# $1 = venv dir, $2 = python for it, $3 = requirements file
ensure_venv() {
  local venv=$1 py=$2 req=$3 stamp want
  shift 3
  want=$(cat "$req" "$@" 2>/dev/null | sha256sum | cut -c1-16)-$("$py" -c 'import sys; print(sys.version.split()[0])')
  stamp="$venv/.ci-stamp"
  # CI=true: venvs are fresh per run, but one made earlier in this run (under $WORK) is reused
  if { [ "${CI:-}" != "true" ] || [[ $venv == "$WORK"/* ]]; } && [ -x "$venv/bin/python" ] \
      && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    echo "venv $venv is up to date (reused)"
    return 0
  fi
  rm -rf "$venv"
  echo "creating venv $venv ($("$py" --version 2>&1))"
  "$py" -m venv "$venv" || return 1
  local args=(-r "$req")
  local c
  for c in "$@"; do args+=(-c "$c"); done
  if ! timeout 900 "$venv/bin/python" -m pip install --disable-pip-version-check -q "${args[@]}" >"$venv/.pip.log" 2>&1; then
    echo "pip install into $venv failed:" >&2
    grep -v "is ignored: it is neither a file nor a directory" "$venv/.pip.log" | tail -40 >&2
    return 1
  fi
  echo "$want" >"$stamp"
}

# Seed ansible-test's get-pip cache for every pip version the given ansible-test may ask for.
seed_get_pip() {
  local py=$1 v
  mkdir -p "$HOME/.ansible/test/cache"
  for v in $("$py" - <<'PY'
import pathlib, re, ansible_test
src = (pathlib.Path(ansible_test.__file__).parent / "_internal" / "python_requirements.py").read_text()
print(" ".join(sorted(set(v.replace(".", "_") for v in re.findall(r"pip='([0-9.]+)'", src)))))
PY
  ); do
    cp "$REPO/.ci/get_pip_offline.py" "$HOME/.ansible/test/cache/get_pip_${v}.py"
  done
}

# Extra cores (2.16 floor / 2.21 newest). $1 = stage kind (sanity, units, integration), $2 = core label,
# $3 = python, $4 = python version for --python. Builds (or reuses, also within one CI run) the core's venv
# from .ci/requirements-core-<label>.txt, copies the tree snapshot to $WORK/<kind>-<label>/ansible_collections/...,
# cds there and switches PATH/VIRTUAL_ENV/ANSIBLE_COLLECTIONS_PATH to that venv and tree.
enter_extra_core() {
  local kind=$1 label=$2 py=$3 pyver=$4 venv root
  if [ "${CI:-}" = "true" ]; then venv="$WORK/venv-core-$label"; else venv="$REPO/.venv/cores/$label"; fi
  if ! command -v "$py" >/dev/null 2>&1 && [ ! -x "$py" ]; then
    echo "$kind-$label: interpreter $py not found" >&2
    return 1
  fi
  ensure_venv "$venv" "$py" "$REPO/.ci/requirements-core-$label.txt" || return 1
  seed_get_pip "$venv/bin/python" || return 1
  root="$WORK/$kind-$label"
  rm -rf "$root"
  mkdir -p "$root/ansible_collections/$NS/$NAME"
  tar -xf "$WORK/tree.tar" -C "$root/ansible_collections/$NS/$NAME" || return 1  # the same snapshot as the main copy
  cd "$root/ansible_collections/$NS/$NAME" || return 1
  export PATH="$venv/bin:$PATH" VIRTUAL_ENV="$venv" ANSIBLE_COLLECTIONS_PATH="$root"
  echo "$kind-$label: ansible-core $(python -c 'import ansible.release as r; print(r.__version__)'), Python $pyver ($venv)"
}

run_extra_core_sanity() {
  enter_extra_core sanity "$1" "$2" "$3" || return 1
  ansible-test sanity --python "$3" --color no
}

# ansible-test units without --requirements: the requirements (tests/unit/requirements.txt and ansible-test's
# own: pytest-xdist, pytest-mock, mock) are pinned in .ci/requirements-core-<label>.txt and already in the venv.
run_extra_core_units() {
  enter_extra_core units "$1" "$2" "$3" || return 1
  ansible-test units --python "$3" --color no
}

run_extra_core_integration() {
  enter_extra_core integration "$1" "$2" "$3" || return 1
  run_integration "$3" "emulator-integration-$1"
}

# Modules and module_utils must stay valid on target Python 3.8 (tests/config.yml python_requires >=3.8):
# compile + import sanity tests on Python 3.8 with ansible-core 2.19's ansible-test.
stage_sanity_py38() {
  cd "$COLL" || return 1
  if [ -z "${PY38:-}" ]; then
    echo "sanity-py3.8: SKIPPED - no Python 3.8 interpreter on this machine (set CI_PYTHON_38)"
    return 0
  fi
  mkdir -p "$WORK/py38bin" && ln -sf "$PY38" "$WORK/py38bin/python3.8"
  PATH="$WORK/py38bin:$PATH" ansible-test sanity --test compile --test import --python 3.8 --color no
}

stage_sanity_216() { run_extra_core_sanity "$CORE_216" "$PY" 3.11; }
stage_sanity_221() { run_extra_core_sanity "$CORE_221" "$PY_NEW" "$PY_NEW_VER"; }

stage_lint() {
  cd "$COLL" || return 1
  ANSIBLE_COLLECTIONS_PATH="$WORK" ansible-lint --offline -c .ansible-lint
}

stage_docs() {
  cd "$COLL" || return 1
  local rc=0 f m out n=0 type
  antsibull-docs lint-collection-docs --plugin-docs . || rc=1
  # every module (and inventory plugin) must render with ansible-doc
  for f in plugins/modules/*.py plugins/inventory/*.py; do
    [ -e "$f" ] || continue
    m=$(basename "$f" .py)
    [ "$m" = "__init__" ] && continue
    type=module
    [[ $f == plugins/inventory/* ]] && type=inventory
    n=$((n + 1))
    if out=$(ansible-doc -t "$type" "$NS.$NAME.$m" 2>&1) && [ -n "$out" ] \
        && ! grep -qiE "^\[?(ERROR|WARNING)|not found|not a valid" <<<"$out"; then
      echo "ansible-doc -t $type $NS.$NAME.$m: ok ($(wc -l <<<"$out") lines)"
    else
      echo "ansible-doc -t $type $NS.$NAME.$m: FAILED" >&2
      head -30 <<<"$out" >&2
      rc=1
    fi
  done
  if [ $n -eq 0 ]; then echo "docs: no modules in plugins/modules" >&2; rc=1; fi
  return $rc
}

stage_changelog() {
  cd "$COLL" || return 1
  local n
  n=$(find changelogs/fragments -name '*.y*ml' 2>/dev/null | wc -l)
  echo "changelog: $n fragment(s)"
  antsibull-changelog lint && antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml
}

# Start a fresh emulator (tests/emulator/server.py of the tree in the current directory) on a free port,
# with the tool venv's Python. $1 = name for its port and log files under $WORK.
# Sets EMU_URL, EMU_KEY_ID, EMU_KEY_SECRET, EMU_PID; the stage process kills it on exit.
start_emulator() {
  local tag=$1 port_file log _
  port_file="$WORK/$tag.port" log="$WORK/$tag.log"
  if [ ! -f tests/emulator/server.py ]; then
    echo "tests/emulator/server.py does not exist - cannot start the emulator" >&2
    return 1
  fi
  rm -f "$port_file"
  "$VENV/bin/python" tests/emulator/server.py --port 0 --port-file "$port_file" --seed demo --task-seconds 1 \
    >"$log" 2>&1 &
  EMU_PID=$!
  echo "$EMU_PID" >>"$WORK/emulator.pids"
  # shellcheck disable=SC2064
  trap "kill $EMU_PID 2>/dev/null; wait $EMU_PID 2>/dev/null" EXIT
  for _ in $(seq 150); do
    [ -s "$port_file" ] && break
    if ! kill -0 "$EMU_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ ! -s "$port_file" ]; then
    echo "the emulator did not write its port file within 15s; its log:" >&2
    tail -30 "$log" >&2
    return 1
  fi
  EMU_URL="http://127.0.0.1:$(tr -d '[:space:]' <"$port_file")"
  read -r EMU_KEY_ID EMU_KEY_SECRET < <("$VENV/bin/python" - <<'PY'
import pathlib, re
ids = {"DEMO_ACCESS_KEY_ID": "LTAI5tDemoAccessKeyId00",
       "DEMO_ACCESS_KEY_SECRET": "DemoSecretForTheLocalEmulatorOnly0000000"}
files = [pathlib.Path("tests/emulator/server.py")] + sorted(pathlib.Path("tests/emulator").glob("*.py"))
for name in ids:
    for f in files:
        m = re.search(r"^%s\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]" % name, f.read_text(), re.M)
        if m:
            ids[name] = m.group(1)
            break
print(ids["DEMO_ACCESS_KEY_ID"], ids["DEMO_ACCESS_KEY_SECRET"])
PY
  )
}

# ansible-test integration in the current tree with the ansible-test on PATH against a fresh emulator.
# $1 = --python version, $2 = name of the emulator's files under $WORK.
run_integration() {
  local pyver=$1 tag=$2 targets=() t rc
  for t in tests/integration/targets/*/; do [ -d "$t" ] && targets+=("$t"); done
  if [ ${#targets[@]} -eq 0 ]; then
    echo "integration: no targets under tests/integration/targets/ - nothing to test (counted as a failure)" >&2
    return 1
  fi
  start_emulator "$tag" || return 1
  cat >tests/integration/integration_config.yml <<EOF
# Written by tests/run.sh for this run only (git-ignored); ansible-test passes it as extra vars.
alicloud_domain_endpoint: $EMU_URL
alicloud_domain_access_key_id: $EMU_KEY_ID
alicloud_domain_access_key_secret: $EMU_KEY_SECRET
alicloud_domain_emulator_url: $EMU_URL
EOF
  echo "integration: ansible-core $(python -c 'import ansible.release as r; print(r.__version__)'), Python $pyver;" \
    "emulator pid $EMU_PID at $EMU_URL; ${#targets[@]} target(s)"
  ansible-test integration --python "$pyver" --color no
  rc=$?
  if [ $rc -ne 0 ]; then echo "--- emulator log (tail)"; tail -20 "$WORK/$tag.log"; fi
  return $rc
}

stage_integration() {
  cd "$COLL" || return 1
  run_integration 3.11 emulator
}

stage_build() {
  cd "$COLL" || return 1
  local out="$WORK/build" inst="$WORK/installed" tarball tarballs
  rm -rf "$out" "$inst"
  mkdir -p "$out" "$inst"
  ansible-galaxy collection build --output-path "$out" . || return 1
  tarballs=("$out/$NS-$NAME"-*.tar.gz)
  tarball=${tarballs[0]}
  [ -f "$tarball" ] || { echo "build: no tarball produced" >&2; return 1; }
  echo "build: $(basename "$tarball") $(du -k "$tarball" | cut -f1) KiB, $(tar -tzf "$tarball" | wc -l) entries"
  # only the install dir on the collections path: the work tree copy must not satisfy the install
  export ANSIBLE_COLLECTIONS_PATH="$inst" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
  cd "$WORK" || return 1
  ansible-galaxy collection install --offline --force -p "$inst" "$tarball" || return 1
  ansible-doc -t module "$NS.$NAME.contact" >"$WORK/contact-doc.txt" || return 1
  if ! grep -q "$inst" "$WORK/contact-doc.txt"; then
    echo "build: ansible-doc did not read the installed copy under $inst" >&2
    head -5 "$WORK/contact-doc.txt" >&2
    return 1
  fi
  echo "build: ansible-doc $NS.$NAME.contact renders from the installed copy ($(wc -l <"$WORK/contact-doc.txt") lines)"
  # one module, run ad hoc from the installed copy against a fresh emulator (started from the copied tree)
  local res rc
  cd "$COLL" && start_emulator emulator-build || return 1
  cd "$out" || return 1  # no ansible_collections/ beside the command
  res=$(ansible localhost -c local -i localhost, -m "$NS.$NAME.contact_info" \
    -a "domain_name=example-shop.com endpoint=$EMU_URL access_key_id=$EMU_KEY_ID access_key_secret=$EMU_KEY_SECRET" \
    -e "ansible_python_interpreter=$VENV/bin/python" -vvv 2>&1)
  rc=$?
  if [ $rc -ne 0 ] || ! grep -q "^localhost | SUCCESS" <<<"$res" \
      || ! grep -q "$inst/ansible_collections/$NS/$NAME/plugins/modules/contact_info.py" <<<"$res"; then
    echo "build: ansible -m $NS.$NAME.contact_info from the installed copy failed (rc=$rc):" >&2
    tail -40 <<<"$res" >&2
    return 1
  fi
  grep -E "^localhost \| SUCCESS|Using module file" <<<"$res"
  echo "build: ansible -m $NS.$NAME.contact_info ran from the installed copy ($inst) against the emulator at $EMU_URL"
}

# molecule (extensions/molecule/registrant_change; the scenario starts and stops its own emulator).
# molecule copies the collection under ~/.ansible/collections; ANSIBLE_COLLECTIONS_PATH stays explicit so the
# role and modules come from the copied tree.
stage_molecule() {
  cd "$COLL" || return 1
  if [ ! -f extensions/molecule/registrant_change/molecule.yml ]; then
    echo "molecule: extensions/molecule/registrant_change/molecule.yml does not exist" >&2
    return 1
  fi
  # the default ephemeral directory (~/.ansible/tmp/molecule.<hash of "domain">.registrant_change) is shared by
  # every tree of this collection on the machine: use one of this run's own
  local eph="$WORK/molecule-ephemeral"
  # if molecule is stopped before its destroy step (timeout), the scenario's emulator must not outlive the stage
  # shellcheck disable=SC2064
  trap "[ -s '$eph/emulator.pid' ] && kill \"\$(cat '$eph/emulator.pid')\" 2>/dev/null" EXIT
  ANSIBLE_COLLECTIONS_PATH="$WORK" MOLECULE_EPHEMERAL_DIRECTORY="$eph" molecule test -s registrant_change
}

if [ "${1:-}" = "--stage" ]; then
  case "$2" in
    pytest) stage_pytest ;;
    sanity) stage_sanity ;;
    sanity-py3.8) stage_sanity_py38 ;;
    sanity-2.16) stage_sanity_216 ;;
    sanity-2.21) stage_sanity_221 ;;
    units-2.16) run_extra_core_units "$CORE_216" "$PY" 3.11 ;;
    units-2.21) run_extra_core_units "$CORE_221" "$PY_NEW" "$PY_NEW_VER" ;;
    integration-2.16) run_extra_core_integration "$CORE_216" "$PY" 3.11 ;;
    integration-2.21) run_extra_core_integration "$CORE_221" "$PY_NEW" "$PY_NEW_VER" ;;
    molecule) stage_molecule ;;
    lint) stage_lint ;;
    docs) stage_docs ;;
    changelog) stage_changelog ;;
    integration) stage_integration ;;
    build) stage_build ;;
    *) echo "unknown stage $2" >&2; exit 2 ;;
  esac
  exit $?
fi

# --------------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------------
T0=$(date +%s)
exec </dev/null
# Interpreters: real binaries, not pyenv shims (a shim can resolve to another version).
PYENV_ROOTS=()
for r in "${PYENV_ROOT:-}" "$(pyenv root 2>/dev/null)" "$HOME/.pyenv" /root/.pyenv; do
  [ -n "$r" ] && [ -d "$r/versions" ] && PYENV_ROOTS+=("$r")
done
find_python() {  # $1 = major.minor; prints the path of a real interpreter of that version
  local want=$1 cands=() c r exe
  for r in "${PYENV_ROOTS[@]}"; do
    for c in "$r/versions/$want".*/bin/"python$want"; do [ -x "$c" ] && cands+=("$c"); done
  done
  cands+=("python$want" python3)
  for c in "${cands[@]}"; do
    command -v "$c" >/dev/null 2>&1 || continue
    exe=$("$c" -c 'import sys; print(sys.executable if "%d.%d" % sys.version_info[:2] == sys.argv[1] else "")' "$want" 2>/dev/null)
    if [ -n "$exe" ]; then echo "$exe"; return 0; fi
  done
  return 1
}
PY=${CI_PYTHON:-$(find_python 3.11)}
[ -n "$PY" ] || { echo "no Python 3.11 found (set CI_PYTHON)" >&2; exit 1; }
PY_NEW=${CI_PYTHON_NEW:-$(find_python 3.12 || find_python 3.13)}
PY38=${CI_PYTHON_38:-$(find_python 3.8)}
PY_NEW_VER=$([ -n "$PY_NEW" ] && "$PY_NEW" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)

ALL_STAGES="pytest sanity units lint docs changelog integration build molecule"
WANT=" ${STAGES:-$ALL_STAGES} "
RUN=()
# "units" is no stage of its own (the main pytest stage runs tests/unit on 2.19): it stands for units-2.16 and
# units-2.21. sanity and integration are followed by their -2.16 / -2.21 stages.
for s in $ALL_STAGES; do
  if [ "$s" != units ] && [[ $WANT == *" $s "* ]]; then RUN+=("$s"); fi
  if [ "$s" = sanity ]; then
    if [[ $WANT == *" sanity "* || $WANT == *" sanity-py3.8 "* ]]; then RUN+=(sanity-py3.8); fi
  fi
  case "$s" in
    sanity | units | integration)
      for x in "$s-$CORE_216" "$s-$CORE_221"; do
        if [[ $WANT == *" $x "* ]] || { [[ $WANT == *" $s "* ]] && [ "${SKIP_EXTRA_CORES:-0}" != 1 ]; }; then
          RUN+=("$x")
        fi
      done
      ;;
  esac
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/alicloud-domain-ci.XXXXXX")
cleanup() {
  local p
  if [ -s "$WORK/emulator.pids" ]; then
    while read -r p; do kill "$p" 2>/dev/null; done <"$WORK/emulator.pids"
  fi
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "=== alicloud.domain tests: stages: ${RUN[*]}"
echo "repo $REPO; work $WORK; CI=${CI:-}; python $PY; newer python ${PY_NEW:-none}; target floor python ${PY38:-none}"

# 1. tool venv
s=$(date +%s)
if [ "${CI:-}" = "true" ]; then VENV="$WORK/venv"; else VENV="$REPO/.venv"; fi
if ! ensure_venv "$VENV" "$PY" "$REPO/.ci/requirements.txt" "$REPO/.ci/constraints.txt"; then
  echo "=== [setup] rc=1 $(($(date +%s) - s))s"
  echo "ci: 0 passed, 1 failed"
  exit 1
fi
export VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH"
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 PY_COLORS=0 NO_COLOR=1 ANSIBLE_LINT_SKIP_SCHEMA_UPDATE=1
export PIP_DISABLE_PIP_VERSION_CHECK=1
unset ANSIBLE_CONFIG

# 2. get-pip stand-in for ansible-test
seed_get_pip "$VENV/bin/python"

# 3. real ansible_collections/alicloud/domain tree
COLL="$WORK/ansible_collections/$NS/$NAME"
mkdir -p "$COLL"
if ! (cd "$REPO" && git ls-files -co --exclude-standard -z | tar --ignore-failed-read --null -T - -cf -) >"$WORK/tree.tar" \
    || ! tar -xf "$WORK/tree.tar" -C "$COLL"; then
  echo "=== [setup] rc=1 $(($(date +%s) - s))s"
  echo "ci: 0 passed, 1 failed"
  exit 1
fi
export ANSIBLE_COLLECTIONS_PATH="$WORK"
export WORK COLL VENV REPO PY PY_NEW PY_NEW_VER PY38
echo "=== [setup] rc=0 $(($(date +%s) - s))s (ansible-core $(python -c 'import ansible.release as r; print(r.__version__)'); $(python --version))"

# 4. stages
PASSED=0 FAILED=0 FAILED_NAMES="" SUMMARY=""
timeout_for() {
  case "$1" in
    pytest) echo 600 ;; sanity | sanity-2.16 | sanity-2.21) echo 900 ;; integration*) echo 900 ;;
    units-*) echo 600 ;; lint | docs | sanity-py3.8 | build | molecule) echo 300 ;; *) echo 120 ;;
  esac
}
# Whole-run budget (CI kills a run at 90 minutes): no stage may run past T0 + CI_BUDGET seconds.
DEADLINE=$((T0 + ${CI_BUDGET:-4800}))
for name in "${RUN[@]}"; do
  echo
  echo "=== [$name] start"
  s=$(date +%s)
  limit=$(timeout_for "$name")
  left=$((DEADLINE - s))
  [ "$left" -lt "$limit" ] && limit=$left
  if [ "$limit" -lt 10 ]; then
    echo "=== [$name] not run: the run's time budget (CI_BUDGET=${CI_BUDGET:-4800}s) is used up"
    rc=124
  else
    timeout --kill-after=30 "$limit" bash "$SELF" --stage "$name"
    rc=$?
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then printf '\n=== [%s] timed out after %ss\n' "$name" "$limit"; fi
  fi
  d=$(($(date +%s) - s))
  if [ $rc -eq 0 ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); FAILED_NAMES="$FAILED_NAMES $name"; fi
  SUMMARY="$SUMMARY $name=${rc}/${d}s"
  echo "=== [$name] rc=$rc ${d}s"
done

echo
echo "=== summary:$SUMMARY; total $(($(date +%s) - T0))s; failed:${FAILED_NAMES:- none}"
echo "ci: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
