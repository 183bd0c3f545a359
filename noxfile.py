"""Test sessions of alicloud.domain, run by nox (https://nox.thea.codes).

THE test command stays ``bash tests/run.sh`` (README; CI: ``.ci/run``). That script finds the interpreters,
builds or reuses the pinned tool venv (``.ci/requirements.txt`` + ``.ci/constraints.txt``, nox included) and
runs ``python -m nox -f noxfile.py`` in it. Every session uses ``venv_backend="none"``: it runs in that tool
venv, or in the pinned venv of an extra ansible-core (``.ci/requirements-core-<2.16|2.21>.txt``) that this file
builds and reuses like the tool venv. nox-managed venvs would install the same pins once per session.

Sessions (``STAGES`` picks them; default: all, in this order)

  pytest            python -m pytest ${PYTEST_PATHS} in the copied tree, PYTHONPATH=<dir holding ansible_collections>;
                    exit 5 (no tests collected) counts as a failure
  sanity            ansible-test sanity, ansible-core 2.19 on Python 3.11 (the tool venv)
  sanity-py3.8      ansible-test sanity --test compile --test import on target Python 3.8 (skipped, and passed,
                    when there is no 3.8 interpreter)
  sanity-2.16/2.21  ansible-test sanity on ansible-core 2.16 (Python 3.11) / 2.21 (Python 3.12+)
  units-2.16/2.21   ansible-test units there, without --requirements (the unit-test requirements are pinned in
                    .ci/requirements-core-*.txt; pip would reach for the network)
  lint              ansible-lint (.ansible-lint: production profile, offline)
  docs              antsibull-docs lint-collection-docs --plugin-docs . + ansible-doc on every module/inventory plugin
  changelog         antsibull-changelog lint + lint-changelog-yaml
  integration       ansible-test integration against a fresh emulator (tests/emulator/server.py); the emulator's URL
  integration-2.16  and demo key go to tests/integration/integration_config.yml of that copy
  integration-2.21
  build             ansible-galaxy collection build + install, ansible-doc and one module run ad hoc from the
                    installed copy against a fresh emulator
  molecule          molecule test -s registrant_change (extensions/molecule; the scenario runs its own emulator)

Each session runs in a real ``<work>/ansible_collections/alicloud/domain`` copy of ``git ls-files -co
--exclude-standard`` (extra-core sessions in a copy of their own), under its own timeout and the run's budget
(``CI_BUDGET``), and prints ``=== [name] start`` / ``=== [name] rc=N Ns``; the results go to
``<work>/stages.tsv``, from which tests/run.sh prints ``ci: N passed, N failed``.

Knobs (environment): STAGES, SKIP_EXTRA_CORES, CI, KEEP_WORK, PYTEST_ARGS, PYTEST_PATHS, CI_BUDGET, CI_PYTHON,
CI_PYTHON_NEW, CI_PYTHON_38 (see tests/run.sh). ``nox -s pytest -- -k foo`` passes arguments to pytest.
"""

import atexit
import contextlib
import functools
import glob
import hashlib
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import traceback

import nox

NS = "alicloud"
NAME = "domain"
REPO = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PYTEST_PATHS = "tests/unit tests/emulator tests/reliability tests/ee tests/awx"
EXTRA_CORES = ("2.16", "2.21")
# the stages STAGES may name; "units" is no stage of its own (the pytest stage runs tests/unit on 2.19): it stands
# for units-2.16 and units-2.21; sanity and integration are followed by their -2.16 / -2.21 stages
ALL_STAGES = ("pytest", "sanity", "units", "lint", "docs", "changelog", "integration", "build", "molecule")
TIMEOUTS = {"pytest": 1500, "sanity": 900, "sanity-2.16": 900, "sanity-2.21": 900, "integration": 1200,
            "integration-2.16": 1200, "integration-2.21": 1200, "units-2.16": 600, "units-2.21": 600,
            "lint": 300, "docs": 300, "sanity-py3.8": 300, "build": 300, "molecule": 300, "changelog": 120}
PIP_TIMEOUT = 900
DEMO_KEYS = {"DEMO_ACCESS_KEY_ID": "LTAI5tDemoAccessKeyId00",
             "DEMO_ACCESS_KEY_SECRET": "DemoSecretForTheLocalEmulatorOnly0000000"}


def selected_stages(stages=None, skip_extra_cores=None):
    """The stages to run, in order, from STAGES and SKIP_EXTRA_CORES (as tests/run.sh always chose them)."""
    if stages is None:
        stages = os.environ.get("STAGES", "")
    if skip_extra_cores is None:
        skip_extra_cores = os.environ.get("SKIP_EXTRA_CORES", "0") == "1"
    want = set(stages.split() or ALL_STAGES)
    run = []
    for stage in ALL_STAGES:
        if stage != "units" and stage in want:
            run.append(stage)
        if stage == "sanity" and want & {"sanity", "sanity-py3.8"}:
            run.append("sanity-py3.8")
        if stage in ("sanity", "units", "integration"):
            run.extend("%s-%s" % (stage, core) for core in EXTRA_CORES
                       if "%s-%s" % (stage, core) in want or (stage in want and not skip_extra_cores))
    unknown = sorted(want - set(ALL_STAGES) - set(TIMEOUTS))
    if unknown:
        raise SystemExit("STAGES names unknown stage(s) %s; known: %s" % (" ".join(unknown), " ".join(TIMEOUTS)))
    return run


nox.options.sessions = selected_stages() or ["none-selected"]


class StageFailed(Exception):
    """A stage failed with this exit status (124/137: timed out)."""

    def __init__(self, message, rc=1):
        super().__init__(message)
        self.rc = rc


class Run:
    """Run-wide state: the work directory, the copied tree, the time budget, the interpreters."""

    def __init__(self):
        self.t0 = int(os.environ.get("ALICLOUD_CI_T0") or time.time())
        self.deadline = self.t0 + int(os.environ.get("CI_BUDGET") or 4800)
        self.work = os.environ.get("ALICLOUD_CI_WORK")
        if not self.work:  # nox run directly, not through tests/run.sh
            self.work = tempfile.mkdtemp(prefix="alicloud-domain-ci.")
            atexit.register(self.cleanup)
        self.coll = os.path.join(self.work, "ansible_collections", NS, NAME)
        self.tree_tar = os.path.join(self.work, "tree.tar")
        self.python = sys.executable  # the tool venv's
        self.py = os.environ.get("CI_PYTHON") or shutil.which("python3.11") or sys.executable
        self.py_new = os.environ.get("CI_PYTHON_NEW") or shutil.which("python3.12") or shutil.which("python3.13") or ""
        self.py38 = os.environ.get("CI_PYTHON_38", "")
        self.stage = None
        self.stage_deadline = 0
        self.setup_error = None
        self.set_up = False

    def cleanup(self):
        stop_recorded_emulators(self.work)
        if os.environ.get("KEEP_WORK") == "1":
            print("work dir kept: %s" % self.work)
        else:
            shutil.rmtree(self.work, ignore_errors=True)

    def setup(self):
        """Once per run: environment, get-pip stand-in, the real ansible_collections/alicloud/domain copy."""
        if self.set_up:
            if self.setup_error:
                raise StageFailed("setup failed earlier: %s" % self.setup_error)
            return
        self.set_up = True
        try:
            venv_bin = os.path.dirname(self.python)
            os.environ.update({
                "VIRTUAL_ENV": os.path.dirname(venv_bin), "ANSIBLE_COLLECTIONS_PATH": self.work,
                "ANSIBLE_NOCOLOR": "1", "ANSIBLE_FORCE_COLOR": "0", "PY_COLORS": "0", "NO_COLOR": "1",
                "ANSIBLE_LINT_SKIP_SCHEMA_UPDATE": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
            if venv_bin not in os.environ.get("PATH", "").split(os.pathsep)[:1]:
                os.environ["PATH"] = venv_bin + os.pathsep + os.environ.get("PATH", "")
            os.environ.pop("ANSIBLE_CONFIG", None)
            seed_get_pip(self.python)
            names = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO, check=True,
                                   stdout=subprocess.PIPE).stdout
            subprocess.run(["tar", "--ignore-failed-read", "--null", "-T", "-", "-cf", self.tree_tar], cwd=REPO,
                           input=names, check=True)
            extract_tree(self.tree_tar, self.coll)
        except (OSError, subprocess.CalledProcessError) as exc:
            self.setup_error = str(exc)
            raise StageFailed("setup failed: %s" % exc) from exc
        print("setup: %s; ansible-core %s, Python %s; stages selected: %s" % (
            self.coll, core_version(self.python), sys.version.split()[0], " ".join(nox.options.sessions)))


RUN = Run()


def extract_tree(tar, dest):
    os.makedirs(dest, exist_ok=True)
    subprocess.run(["tar", "-xf", tar, "-C", dest], check=True)


def core_version(python):
    return subprocess.run([python, "-c", "import ansible.release as r; print(r.__version__)"],
                          stdout=subprocess.PIPE, universal_newlines=True, check=False).stdout.strip()


def seed_get_pip(python):
    """Seed ansible-test's get-pip cache for every pip version the given python's ansible-test may ask for."""
    src = subprocess.run([python, "-c", "import ansible_test, os; print(os.path.join(os.path.dirname("
                          "ansible_test.__file__), '_internal', 'python_requirements.py'))"],
                         stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout.strip()
    with open(src, encoding="utf-8") as handle:
        versions = set(re.findall(r"pip='([0-9.]+)'", handle.read()))
    cache = os.path.join(os.path.expanduser("~"), ".ansible", "test", "cache")
    os.makedirs(cache, exist_ok=True)
    for version in versions:
        shutil.copyfile(os.path.join(REPO, ".ci", "get_pip_offline.py"),
                        os.path.join(cache, "get_pip_%s.py" % version.replace(".", "_")))


def run(cmd, cwd, env=None, capture=False, output=None, limit=None, shown=None):
    """Run cmd under the stage's remaining time (GNU timeout kills its whole process group); return (rc, text)."""
    left = RUN.stage_deadline - time.time()
    if limit:
        left = min(left, limit)
    if left < 1:
        raise StageFailed("no time left in the stage for: %s" % (shown or cmd[0]), rc=124)
    print("nox > %s" % (shown or " ".join(shlex.quote(c) for c in cmd)), flush=True)
    full_env = dict(os.environ)
    full_env.update(env or {})
    stdout = subprocess.PIPE if capture else output
    proc = subprocess.run(["timeout", "--kill-after=30", str(int(left))] + list(cmd), cwd=cwd, env=full_env,
                          stdin=subprocess.DEVNULL, stdout=stdout,
                          stderr=subprocess.STDOUT if (capture or output) else None, universal_newlines=True,
                          check=False)
    return proc.returncode, proc.stdout or ""


def check(cmd, cwd, **kwargs):
    rc = run(cmd, cwd, **kwargs)[0]
    if rc:
        raise StageFailed("%s exited with %d" % (kwargs.get("shown") or cmd[0], rc), rc=rc)


def stage(name):
    """A nox session (no venv of nox's) that prints start/rc lines, keeps its timeout and records its result."""

    def decorate(func):
        @nox.session(name=name, venv_backend="none")
        @functools.wraps(func)
        def session(session):
            print("\n=== [%s] start" % name, flush=True)
            start = time.time()
            limit = min(TIMEOUTS[name], RUN.deadline - int(start))
            rc = 0
            if limit < 10:
                print("=== [%s] not run: the run's time budget (CI_BUDGET=%s s) is used up"
                      % (name, os.environ.get("CI_BUDGET", "4800")))
                rc = 124
            else:
                RUN.stage, RUN.stage_deadline = name, start + limit
                try:
                    RUN.setup()
                    func(session)
                except StageFailed as exc:
                    print("%s: %s" % (name, exc), file=sys.stderr, flush=True)
                    rc = exc.rc
                except Exception:  # pylint: disable=broad-except
                    traceback.print_exc()
                    rc = 1
                if rc in (124, 137):
                    print("\n=== [%s] timed out after %ds" % (name, limit))
            took = int(time.time() - start)
            print("=== [%s] rc=%d %ds" % (name, rc, took), flush=True)
            with open(os.path.join(RUN.work, "stages.tsv"), "a", encoding="utf-8") as handle:
                handle.write("%s\t%d\t%d\n" % (name, rc, took))
            if rc:
                session.error("rc=%d" % rc)
        return session
    return decorate


@nox.session(name="none-selected", venv_backend="none")
def none_selected(session):
    """Placeholder when STAGES/SKIP_EXTRA_CORES select nothing."""
    session.log("no stage selected (STAGES=%r, SKIP_EXTRA_CORES=%r)"
                % (os.environ.get("STAGES", ""), os.environ.get("SKIP_EXTRA_CORES", "")))


# ------------------------------------------------------------------------------------------------------------
# venvs of the extra cores
# ------------------------------------------------------------------------------------------------------------

def ensure_venv(venv, python, requirements, constraints=()):
    """Build venv from exact pins, or reuse it while the pins and the interpreter version are unchanged.

    The stamp is the one tests/run.sh writes for the tool venv. With CI=true venvs are fresh per run: only one made
    earlier in this run (under the work directory) is reused.
    """
    digest = hashlib.sha256()
    for path in (requirements,) + tuple(constraints):
        if os.path.exists(path):
            with open(path, "rb") as handle:
                digest.update(handle.read())
    version = subprocess.run([python, "-c", "import sys; print(sys.version.split()[0])"], stdout=subprocess.PIPE,
                             universal_newlines=True, check=True).stdout.strip()
    want = "%s-%s" % (digest.hexdigest()[:16], version)
    stamp = os.path.join(venv, ".ci-stamp")
    fresh_only = os.environ.get("CI") == "true" and not venv.startswith(RUN.work + os.sep)
    if not fresh_only and os.access(os.path.join(venv, "bin", "python"), os.X_OK) and os.path.exists(stamp):
        with open(stamp, encoding="utf-8") as handle:
            if handle.read().strip() == want:
                print("venv %s is up to date (reused)" % venv)
                return
    shutil.rmtree(venv, ignore_errors=True)
    print("creating venv %s (Python %s)" % (venv, version), flush=True)
    check([python, "-m", "venv", venv], REPO)
    args = ["-r", requirements]
    for path in constraints:
        args += ["-c", path]
    log = os.path.join(venv, ".pip.log")
    with open(log, "w", encoding="utf-8") as handle:
        rc = run([os.path.join(venv, "bin", "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
                 + args, REPO, output=handle, limit=PIP_TIMEOUT)[0]
    if rc:
        with open(log, encoding="utf-8") as handle:
            lines = [line for line in handle if "is ignored: it is neither a file nor a directory" not in line]
        sys.stderr.write("pip install into %s failed:\n%s" % (venv, "".join(lines[-40:])))
        raise StageFailed("pip install into %s failed" % venv, rc=rc)
    with open(stamp, "w", encoding="utf-8") as handle:
        handle.write(want + "\n")


def extra_core(kind, core):
    """Build/reuse the core's venv, copy the tree snapshot to <work>/<kind>-<core>/ansible_collections/...

    Returns (collection dir, env for its commands, venv python, --python version).
    """
    python = RUN.py if core == "2.16" else RUN.py_new
    if not python or not (os.access(python, os.X_OK) or shutil.which(python)):
        raise StageFailed("%s-%s: interpreter %s not found" % (kind, core, python or "(none)"))
    if os.environ.get("CI") == "true":
        venv = os.path.join(RUN.work, "venv-core-%s" % core)
    else:
        venv = os.path.join(REPO, ".venv", "cores", core)
    ensure_venv(venv, python, os.path.join(REPO, ".ci", "requirements-core-%s.txt" % core))
    venv_python = os.path.join(venv, "bin", "python")
    seed_get_pip(venv_python)
    root = os.path.join(RUN.work, "%s-%s" % (kind, core))
    shutil.rmtree(root, ignore_errors=True)
    coll = os.path.join(root, "ansible_collections", NS, NAME)
    extract_tree(RUN.tree_tar, coll)  # the same snapshot as the main copy
    env = {"PATH": os.path.join(venv, "bin") + os.pathsep + os.environ["PATH"], "VIRTUAL_ENV": venv,
           "ANSIBLE_COLLECTIONS_PATH": root}
    pyver = subprocess.run([venv_python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                           stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout.strip()
    print("%s-%s: ansible-core %s, Python %s (%s)" % (kind, core, core_version(venv_python), pyver, venv))
    return coll, env, venv_python, pyver


# ------------------------------------------------------------------------------------------------------------
# the emulator
# ------------------------------------------------------------------------------------------------------------

def stop_recorded_emulators(work):
    with contextlib.suppress(OSError):
        with open(os.path.join(work, "emulator.pids"), encoding="utf-8") as handle:
            for pid in handle.read().split():
                with contextlib.suppress(OSError, ValueError):
                    os.kill(int(pid), signal.SIGTERM)


class Emulator:
    """tests/emulator/server.py of a tree, on a free port, with the tool venv's Python; stopped on exit."""

    def __init__(self, tree, tag):
        self.tree, self.tag = tree, tag
        self.log = os.path.join(RUN.work, tag + ".log")
        self.proc = None
        self.url = self.key_id = self.key_secret = None

    def __enter__(self):
        if not os.path.isfile(os.path.join(self.tree, "tests", "emulator", "server.py")):
            raise StageFailed("tests/emulator/server.py does not exist - cannot start the emulator")
        port_file = os.path.join(RUN.work, self.tag + ".port")
        with contextlib.suppress(FileNotFoundError):
            os.remove(port_file)
        with open(self.log, "w", encoding="utf-8") as log:
            self.proc = subprocess.Popen(  # pylint: disable=consider-using-with
                [RUN.python, "tests/emulator/server.py", "--port", "0", "--port-file", port_file, "--seed", "demo",
                 "--task-seconds", "1"], cwd=self.tree, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        with open(os.path.join(RUN.work, "emulator.pids"), "a", encoding="utf-8") as handle:
            handle.write("%d\n" % self.proc.pid)
        for dummy in range(150):
            if os.path.exists(port_file) and os.path.getsize(port_file) or self.proc.poll() is not None:
                break
            time.sleep(0.1)
        if not (os.path.exists(port_file) and os.path.getsize(port_file)):
            self.stop()
            raise StageFailed("the emulator did not write its port file within 15s; its log:\n" + self.tail(30))
        with open(port_file, encoding="utf-8") as handle:
            self.url = "http://127.0.0.1:%s" % handle.read().strip()
        keys = dict(DEMO_KEYS)
        files = [os.path.join(self.tree, "tests", "emulator", "server.py")]
        files += sorted(glob.glob(os.path.join(self.tree, "tests", "emulator", "*.py")))
        for name in keys:
            for path in files:
                with open(path, encoding="utf-8") as handle:
                    match = re.search(r"^%s\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]" % name, handle.read(), re.M)
                if match:
                    keys[name] = match.group(1)
                    break
        self.key_id, self.key_secret = keys["DEMO_ACCESS_KEY_ID"], keys["DEMO_ACCESS_KEY_SECRET"]
        return self

    def tail(self, lines):
        with open(self.log, encoding="utf-8", errors="replace") as handle:
            return "".join(handle.readlines()[-lines:])

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __exit__(self, *exc):
        self.stop()


def run_integration(tree, env, venv_python, pyver, tag):
    """ansible-test integration in tree with the ansible-test of env's PATH, against a fresh emulator."""
    targets = [t for t in sorted(glob.glob(os.path.join(tree, "tests", "integration", "targets", "*"))) if os.path.isdir(t)]
    if not targets:
        raise StageFailed("no targets under tests/integration/targets/ - nothing to test (counted as a failure)")
    with Emulator(tree, tag) as emu:
        with open(os.path.join(tree, "tests", "integration", "integration_config.yml"), "w", encoding="utf-8") as handle:
            handle.write("# Written by noxfile.py (tests/run.sh) for this run only (git-ignored); ansible-test passes it as"
                         " extra vars.\nalicloud_domain_endpoint: %s\nalicloud_domain_access_key_id: %s\n"
                         "alicloud_domain_access_key_secret: %s\nalicloud_domain_emulator_url: %s\n"
                         % (emu.url, emu.key_id, emu.key_secret, emu.url))
        print("integration: ansible-core %s, Python %s; emulator pid %d at %s; %d target(s)"
              % (core_version(venv_python), pyver, emu.proc.pid, emu.url, len(targets)))
        only = os.environ.get("INTEGRATION_TARGETS", "").split()  # e.g. "role_registrant_change domain_lock"
        rc = run(["ansible-test", "integration", "--python", pyver, "--color", "no"] + only, tree, env=env)[0]
        if rc:
            print("--- emulator log (tail)\n" + emu.tail(20))
            raise StageFailed("ansible-test integration exited with %d" % rc, rc=rc)


# ------------------------------------------------------------------------------------------------------------
# the stages
# ------------------------------------------------------------------------------------------------------------

@stage("pytest")
def pytest(session):
    """pytest on tests/unit tests/emulator tests/reliability tests/ee tests/awx (PYTEST_PATHS, PYTEST_ARGS)."""
    paths = os.environ.get("PYTEST_PATHS") or DEFAULT_PYTEST_PATHS
    dirs = [d for d in paths.split() if os.path.isdir(os.path.join(RUN.coll, d))]
    if not dirs:
        raise StageFailed("none of %s exists: no tests to run" % paths)
    pythonpath = RUN.work + (os.pathsep + os.environ["PYTHONPATH"] if os.environ.get("PYTHONPATH") else "")
    rc = run([RUN.python, "-m", "pytest"] + dirs + ["-q", "-p", "no:cacheprovider"]
             + shlex.split(os.environ.get("PYTEST_ARGS", "")) + list(session.posargs),
             RUN.coll, env={"PYTHONPATH": pythonpath})[0]
    if rc == 5:
        raise StageFailed("no tests were collected (exit 5) - counted as a failure", rc=5)
    if rc:
        raise StageFailed("pytest exited with %d" % rc, rc=rc)


@stage("sanity")
def sanity(session):  # pylint: disable=unused-argument
    """ansible-test sanity, ansible-core 2.19 on Python 3.11."""
    check(["ansible-test", "sanity", "--python", "3.11", "--color", "no"], RUN.coll)


@stage("sanity-py3.8")
def sanity_py38(session):  # pylint: disable=unused-argument
    """compile + import sanity tests of modules/module_utils on target Python 3.8 (tests/config.yml)."""
    if not RUN.py38:
        print("sanity-py3.8: SKIPPED - no Python 3.8 interpreter on this machine (set CI_PYTHON_38)")
        return
    bindir = os.path.join(RUN.work, "py38bin")
    os.makedirs(bindir, exist_ok=True)
    link = os.path.join(bindir, "python3.8")
    with contextlib.suppress(FileNotFoundError):
        os.remove(link)
    os.symlink(RUN.py38, link)
    check(["ansible-test", "sanity", "--test", "compile", "--test", "import", "--python", "3.8", "--color", "no"],
          RUN.coll, env={"PATH": bindir + os.pathsep + os.environ["PATH"]})


def _extra_sanity(core):
    coll, env, dummy, pyver = extra_core("sanity", core)
    check(["ansible-test", "sanity", "--python", pyver, "--color", "no"], coll, env=env)


def _extra_units(core):
    coll, env, dummy, pyver = extra_core("units", core)
    check(["ansible-test", "units", "--python", pyver, "--color", "no"], coll, env=env)


def _extra_integration(core):
    coll, env, venv_python, pyver = extra_core("integration", core)
    run_integration(coll, env, venv_python, pyver, "emulator-integration-%s" % core)


@stage("sanity-2.16")
def sanity_216(session):  # pylint: disable=unused-argument
    """ansible-test sanity on the ansible-core floor (2.16, Python 3.11)."""
    _extra_sanity("2.16")


@stage("sanity-2.21")
def sanity_221(session):  # pylint: disable=unused-argument
    """ansible-test sanity on the newest ansible-core (2.21, Python 3.12+)."""
    _extra_sanity("2.21")


@stage("units-2.16")
def units_216(session):  # pylint: disable=unused-argument
    """ansible-test units on ansible-core 2.16."""
    _extra_units("2.16")


@stage("units-2.21")
def units_221(session):  # pylint: disable=unused-argument
    """ansible-test units on ansible-core 2.21."""
    _extra_units("2.21")


@stage("lint")
def lint(session):  # pylint: disable=unused-argument
    """ansible-lint (production profile, offline) on the role and examples."""
    check(["ansible-lint", "--offline", "-c", ".ansible-lint"], RUN.coll, env={"ANSIBLE_COLLECTIONS_PATH": RUN.work})


@stage("docs")
def docs(session):  # pylint: disable=unused-argument
    """antsibull-docs lint-collection-docs and ansible-doc on every module and inventory plugin."""
    failed = run(["antsibull-docs", "lint-collection-docs", "--plugin-docs", "."], RUN.coll)[0] != 0
    plugins = [("module", f) for f in sorted(glob.glob(os.path.join(RUN.coll, "plugins", "modules", "*.py")))]
    plugins += [("inventory", f) for f in sorted(glob.glob(os.path.join(RUN.coll, "plugins", "inventory", "*.py")))]
    count = 0
    for kind, path in plugins:
        name = os.path.splitext(os.path.basename(path))[0]
        if name == "__init__":
            continue
        count += 1
        fqcn = "%s.%s.%s" % (NS, NAME, name)
        rc, out = run(["ansible-doc", "-t", kind, fqcn], RUN.coll, capture=True)
        if rc == 0 and out.strip() and not re.search(r"^\[?(ERROR|WARNING)|not found|not a valid", out, re.I | re.M):
            print("ansible-doc -t %s %s: ok (%d lines)" % (kind, fqcn, len(out.rstrip("\n").split("\n"))))
        else:
            print("ansible-doc -t %s %s: FAILED\n%s" % (kind, fqcn, "\n".join(out.split("\n")[:30])), file=sys.stderr)
            failed = True
    if count == 0:
        raise StageFailed("no modules in plugins/modules")
    if failed:
        raise StageFailed("see above")


@stage("changelog")
def changelog(session):  # pylint: disable=unused-argument
    """antsibull-changelog lint (fragments) and lint-changelog-yaml."""
    fragments = glob.glob(os.path.join(RUN.coll, "changelogs", "fragments", "**", "*.y*ml"), recursive=True)
    print("changelog: %d fragment(s)" % len(fragments))
    check(["antsibull-changelog", "lint"], RUN.coll)
    check(["antsibull-changelog", "lint-changelog-yaml", "changelogs/changelog.yaml"], RUN.coll)


@stage("integration")
def integration(session):  # pylint: disable=unused-argument
    """ansible-test integration against a fresh emulator (ansible-core 2.19, Python 3.11)."""
    run_integration(RUN.coll, {}, RUN.python, "3.11", "emulator")


@stage("integration-2.16")
def integration_216(session):  # pylint: disable=unused-argument
    """ansible-test integration on ansible-core 2.16 against a fresh emulator."""
    _extra_integration("2.16")


@stage("integration-2.21")
def integration_221(session):  # pylint: disable=unused-argument
    """ansible-test integration on ansible-core 2.21 against a fresh emulator."""
    _extra_integration("2.21")


@stage("build")
def build(session):  # pylint: disable=unused-argument
    """ansible-galaxy collection build + install; ansible-doc and contact_info ad hoc from the installed copy."""
    out, inst = os.path.join(RUN.work, "build"), os.path.join(RUN.work, "installed")
    for path in (out, inst):
        shutil.rmtree(path, ignore_errors=True)
        os.makedirs(path)
    check(["ansible-galaxy", "collection", "build", "--output-path", out, "."], RUN.coll)
    tarballs = sorted(glob.glob(os.path.join(out, "%s-%s-*.tar.gz" % (NS, NAME))))
    if not tarballs:
        raise StageFailed("no tarball produced")
    tarball = tarballs[0]
    with tarfile.open(tarball) as handle:
        entries = len(handle.getnames())
    print("build: %s %d KiB, %d entries" % (os.path.basename(tarball), -(-os.path.getsize(tarball) // 1024), entries))
    # only the install dir on the collections path: the work tree copy must not satisfy the install
    env = {"ANSIBLE_COLLECTIONS_PATH": inst, "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false"}
    check(["ansible-galaxy", "collection", "install", "--offline", "--force", "-p", inst, tarball], RUN.work, env=env)
    fqcn = "%s.%s.contact" % (NS, NAME)
    rc, doc = run(["ansible-doc", "-t", "module", fqcn], RUN.work, env=env, capture=True)
    if rc or inst not in doc:
        print("\n".join(doc.split("\n")[:5]), file=sys.stderr)
        raise StageFailed("ansible-doc did not read the installed copy under %s" % inst)
    print("build: ansible-doc %s renders from the installed copy (%d lines)" % (fqcn, len(doc.rstrip("\n").split("\n"))))
    # one module, run ad hoc from the installed copy against a fresh emulator (started from the copied tree)
    with Emulator(RUN.coll, "emulator-build") as emu:
        module = "%s.%s.contact_info" % (NS, NAME)
        args = "domain_name=example-shop.com endpoint=%s access_key_id=%s access_key_secret=" % (emu.url, emu.key_id)
        cmd = ["ansible", "localhost", "-c", "local", "-i", "localhost,", "-m", module, "-a", args + emu.key_secret,
               "-e", "ansible_python_interpreter=%s" % RUN.python, "-vvv"]
        shown = " ".join(shlex.quote(c) for c in cmd[:8] + [args + "********"] + cmd[9:])
        rc, res = run(cmd, out, env=env, capture=True, shown=shown)  # out: no ansible_collections/ beside the command
        module_file = os.path.join(inst, "ansible_collections", NS, NAME, "plugins", "modules", "contact_info.py")
        if rc or not re.search(r"^localhost \| SUCCESS", res, re.M) or module_file not in res:
            print("\n".join(res.split("\n")[-40:]), file=sys.stderr)
            raise StageFailed("ansible -m %s from the installed copy failed (rc=%d)" % (module, rc))
        print("\n".join(line for line in res.split("\n") if re.search(r"^localhost \| SUCCESS|Using module file", line)))
        print("build: ansible -m %s ran from the installed copy (%s) against the emulator at %s" % (module, inst, emu.url))


@stage("molecule")
def molecule(session):  # pylint: disable=unused-argument
    """molecule test -s registrant_change (built-in default driver on localhost)."""
    if not os.path.isfile(os.path.join(RUN.coll, "extensions", "molecule", "registrant_change", "molecule.yml")):
        raise StageFailed("extensions/molecule/registrant_change/molecule.yml does not exist")
    # molecule's default ephemeral directory (~/.ansible/tmp/molecule.<hash of "domain">.registrant_change) is shared
    # by every tree of this collection on the machine: use one of this run's own
    eph = os.path.join(RUN.work, "molecule-ephemeral")
    try:
        check(["molecule", "test", "-s", "registrant_change"], RUN.coll,
              env={"ANSIBLE_COLLECTIONS_PATH": RUN.work, "MOLECULE_EPHEMERAL_DIRECTORY": eph})
    finally:
        # stopped before its destroy step (timeout), the scenario's emulator must not outlive the stage
        with contextlib.suppress(OSError, ValueError):
            with open(os.path.join(eph, "emulator.pid"), encoding="utf-8") as handle:
                os.kill(int(handle.read().strip()), signal.SIGTERM)
