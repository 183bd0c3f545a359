#!/usr/bin/env bash
# tests/run.sh - THE test command of alicloud.domain (README: `bash tests/run.sh`; CI: .ci/run).
#
# A bootstrap for the nox sessions in noxfile.py (the stages, what each runs, in which venv and tree: see there):
#   1. finds the interpreters: Python 3.11 (tool venv, ansible-core 2.16 venv), 3.12/3.13 (2.21 venv), 3.8 (target floor)
#   2. builds the tool venv from exact pins (.ci/requirements.txt + .ci/constraints.txt, Python 3.11, ansible-core
#      2.19.x, nox):  CI=true: fresh, in the run's temporary directory;  else: ./.venv (git-ignored), reused while the
#      pins and the interpreter are unchanged
#   3. runs `python -m nox -f noxfile.py` there (arguments to this script go to nox: `bash tests/run.sh -l`), then
#      prints the per-stage summary and the plain line `ci: N passed, N failed` (CI reads it); exit 1 if any failed
#
# Knobs (environment)
#   STAGES="pytest sanity ..."   run only these stages (default: pytest sanity sanity-py3.8 sanity-2.16 sanity-2.21
#                                units-2.16 units-2.21 lint docs changelog integration integration-2.16 integration-2.21
#                                build molecule; "units" means units-2.16 + units-2.21; sanity and integration bring
#                                their -2.16 / -2.21 stages, sanity also sanity-py3.8)
#   SKIP_EXTRA_CORES=1           skip the -2.16 / -2.21 stages unless named (local runs)
#   CI=true                      fresh temporary venvs (set by CI)
#   KEEP_WORK=1                  keep the temporary directory (path printed at the start)
#   PYTEST_ARGS="-x -k foo"      extra pytest arguments
#   PYTEST_PATHS="tests/unit"    test directories (default: tests/unit tests/emulator tests/reliability tests/ee tests/awx)
#   INTEGRATION_TARGETS="a b"    only these integration targets (default: all)
#   CI_BUDGET=4800               seconds for the whole run; each stage also has its own timeout (noxfile.py TIMEOUTS)
#   CI_PYTHON / CI_PYTHON_NEW    interpreters for the 3.11 venvs / the 2.21 venv (default: pyenv's)
#   CI_PYTHON_38                 target-floor interpreter for sanity-py3.8 (default: pyenv's 3.8)
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
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

WORK=$(mktemp -d "${TMPDIR:-/tmp}/alicloud-domain-ci.XXXXXX")
cleanup() {
  local p
  if [ -s "$WORK/emulator.pids" ]; then  # emulators the sessions started (they stop them; this is the safety net)
    while read -r p; do kill "$p" 2>/dev/null; done <"$WORK/emulator.pids"
  fi
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "=== alicloud.domain tests (nox sessions of noxfile.py): STAGES=${STAGES:-all} SKIP_EXTRA_CORES=${SKIP_EXTRA_CORES:-0}"
echo "repo $REPO; work $WORK; CI=${CI:-}; python $PY; newer python ${PY_NEW:-none}; target floor python ${PY38:-none}"

# Tool venv (the noxfile builds the extra cores' venvs the same way, with the same stamp).
s=$(date +%s)
if [ "${CI:-}" = "true" ]; then VENV="$WORK/venv"; else VENV="$REPO/.venv"; fi
req="$REPO/.ci/requirements.txt" con="$REPO/.ci/constraints.txt"
want=$(cat "$req" "$con" | sha256sum | cut -c1-16)-$("$PY" -c 'import sys; print(sys.version.split()[0])')
if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.ci-stamp" 2>/dev/null)" = "$want" ]; then
  echo "venv $VENV is up to date (reused)"
else
  rm -rf "$VENV"
  echo "creating venv $VENV ($("$PY" --version 2>&1))"
  if ! "$PY" -m venv "$VENV" \
      || ! timeout 900 "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$req" -c "$con" >"$VENV/.pip.log" 2>&1; then
    echo "pip install into $VENV failed:" >&2
    grep -v "is ignored: it is neither a file nor a directory" "$VENV/.pip.log" 2>/dev/null | tail -40 >&2
    echo "=== [setup] rc=1 $(($(date +%s) - s))s"
    echo "ci: 0 passed, 1 failed"
    exit 1
  fi
  echo "$want" >"$VENV/.ci-stamp"
fi
echo "=== [setup] rc=0 $(($(date +%s) - s))s"

export VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH"
export ALICLOUD_CI_WORK="$WORK" ALICLOUD_CI_T0="$T0" CI_PYTHON="$PY" CI_PYTHON_NEW="$PY_NEW" CI_PYTHON_38="$PY38"
unset NOXSESSION NOXPYTHON NOXEXTRAPYTHON NOXFORCEPYTHON
"$VENV/bin/python" -m nox -f "$REPO/noxfile.py" --envdir "$WORK/nox" --nocolor "$@"
nox_rc=$?

# Summary from the sessions' records (name, rc, seconds); a nox failure outside any stage counts as one failure.
PASSED=0 FAILED=0 FAILED_NAMES="" SUMMARY=""
if [ -f "$WORK/stages.tsv" ]; then
  while IFS=$'\t' read -r name rc d; do
    if [ "$rc" -eq 0 ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); FAILED_NAMES="$FAILED_NAMES $name"; fi
    SUMMARY="$SUMMARY $name=$rc/${d}s"
  done <"$WORK/stages.tsv"
fi
if [ "$nox_rc" -ne 0 ] && [ "$FAILED" -eq 0 ]; then
  FAILED=1 FAILED_NAMES=" nox(rc=$nox_rc)" SUMMARY="$SUMMARY nox=$nox_rc"
fi
echo
echo "=== summary:$SUMMARY; total $(($(date +%s) - T0))s; failed:${FAILED_NAMES:- none}"
echo "ci: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
