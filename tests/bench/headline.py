"""The headline run of alicloud.domain: 10,000 domains, one playbook, faults, then the same as sliced jobs.

    python3 tests/bench/headline.py [--domains 10000] [--slices 4] [--batch-size 500] [--concurrency 16]

Starts the emulator (bulk seed: 60 % of the domains need a registrant and an admin change, 25 ms per call,
about 10 % of the calls faulted at random with a fixed seed), runs the registrant_change role once with
ansible-playbook over the whole account (plan, apply, wait, verify, report), runs it again (nothing to
write), then resets the emulator and runs the same change as N ansible-runner jobs over slices of the
alicloud.domain.domains inventory (hosts[i::N], as AWX job slicing does), started together. Prints each goal
with the measured value (see README.md beside this file); asserts nothing.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import run as bench  # noqa: E402  (the harness's helpers: Emulator, Report, default_python)
import floor  # noqa: E402  (the call floor)

REPO = bench.REPO
FIELDS = ("Address", "City", "Country", "Email", "PostalCode", "Province", "RegistrantName",
          "RegistrantOrganization", "TelArea", "TelExt", "Telephone", "ZhAddress", "ZhCity", "ZhProvince",
          "ZhRegistrantName", "ZhRegistrantOrganization")
CONTACT_TYPES = ("registrant", "admin")
# a lost answer after a write was carried out first (writes are few), then throttling and 503 on any call:
# about 10 % of all calls are faulted (the measured share is printed)
FAULTS = ("Save*:drop_after:0.2", "*:throttle:0.055", "*:503:0.045")

ROLE_VARS = """\
        registrant_change_profile_id: {profile}
        registrant_change_contact_types: [registrant, admin]
        registrant_change_batch_size: {batch_size}
        registrant_change_concurrency: {concurrency}
        registrant_change_poll_interval: {poll_interval}
        registrant_change_fail_on_error: false
"""

SINGLE_PLAYBOOK = """\
- name: Headline - move every domain of the account to profile {profile}
  hosts: localhost
  connection: local
  gather_facts: false
  module_defaults:
    group/alicloud.domain.all:
      max_retries: 8  # 10 % of calls faulted at random: 5 faults in a row (the default 4 retries) do happen
  vars:
    ansible_python_interpreter: "{{{{ ansible_playbook_python }}}}"
  tasks:
    - name: Registrant change over the whole account
      ansible.builtin.include_role:
        name: alicloud.domain.registrant_change
      vars:
        registrant_change_domain_filter: {{all: true}}
        registrant_change_report_path: "{{{{ headline_report }}}}"
""" + ROLE_VARS

SLICE_PLAYBOOK = """\
- name: Headline slice - the domains of this job slice to profile {profile}
  hosts: all
  gather_facts: false
  module_defaults:
    group/alicloud.domain.all:
      max_retries: 8
  tasks:
    - name: Registrant change of the slice's hosts, in one run of the role on the controller
      ansible.builtin.include_role:
        name: alicloud.domain.registrant_change
        apply:
          delegate_to: localhost
      run_once: true
      vars:
        registrant_change_domains: "{{{{ ansible_play_hosts }}}}"
        registrant_change_report_path: "{{{{ headline_report }}}}"
        # every AWX job runs in a container of its own, so each slice has a controller (and a run lock) of its own
        registrant_change_lock_dir: "{{{{ headline_report }}}}.locks"
""" + ROLE_VARS

INVENTORY = """\
plugin: alicloud.domain.domains
page_size: 500
"""


# ---------------------------------------------------------------- process tree measurement
def proc_stat(pid):
    """``(state, ppid, pgid)`` of ``pid`` from /proc, or ``None`` once it is gone."""
    try:
        with open("/proc/%s/stat" % pid) as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return fields[0], int(fields[1]), int(fields[2])
    except (OSError, IndexError, ValueError):
        return None


def descendants(root):
    """Every process below ``root`` (by parent), at this moment."""
    children = {}
    for pid in os.listdir("/proc"):
        stat = proc_stat(pid) if pid.isdigit() else None
        if stat is not None:
            children.setdefault(stat[1], []).append(int(pid))
    out, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def module_label(words):
    """``module <name>`` for a command that runs ``AnsiballZ_<name>.py`` (one of ``words``), else None."""
    path = next((w.rsplit("/", 1)[-1] for w in words if "AnsiballZ_" in w), None)
    return "module " + path[len("AnsiballZ_"):].rsplit(".", 1)[0] if path else None


def _label(pid, launcher):
    """What process ``pid`` below ``launcher`` (launch.py) is: the playbook (the launcher's child), a worker (a fork
    of it), a module (``AnsiballZ_<name>.py``) or the command's first words."""
    try:
        with open("/proc/%s/cmdline" % pid, "rb") as handle:
            argv = handle.read().decode("utf-8", "replace").split("\0")
    except OSError:
        return None
    stat = proc_stat(pid)
    if stat is not None and stat[1] == launcher:
        return "playbook"
    module = module_label(argv)
    if module:
        return module
    if any(a.endswith("ansible-playbook") for a in argv[:2]):
        return "worker"
    return " ".join(a.rsplit("/", 1)[-1] for a in argv[:2] if a)


def _status_kib(pid, keys=("VmRSS", "VmHWM")):
    """The fields ``keys`` (KiB) of /proc/<pid>/status, or None for a process gone."""
    found = {}
    try:
        with open("/proc/%s/status" % pid) as handle:
            for line in handle:
                name, _sep, rest = line.partition(":")
                if name in keys:
                    found[name] = int(rest.split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return found


def _tree_sample(launcher, labels, peaks):
    """Sum of VmRSS (KiB) over the descendants of ``launcher`` (launch.py: the command's tree), from /proc; ``peaks``
    (pid -> VmHWM KiB, the process's own high-water mark) and ``labels`` (pid -> what it is) are updated on the
    way."""
    total = 0
    for pid in descendants(launcher):
        status = _status_kib(pid)
        if not status:
            continue
        total += status.get("VmRSS", 0)
        if pid not in labels:
            labels[pid] = _label(pid, launcher)
        peaks[pid] = max(peaks.get(pid, 0), status.get("VmHWM", 0))
    return total


def top_peaks(peaks, count=2):
    """The first ``count`` of ``peaks`` (kind of process -> MB, largest first) as text ("module contacts 290 MB")."""
    return ", ".join("%s %.0f MB" % kv for kv in list(peaks.items())[:count]) or "not sampled"


def peaks_by_label(labels, peaks):
    """The largest high-water mark (MB) of each kind of process seen, largest first."""
    out = {}
    for pid, kib in peaks.items():
        label = labels.get(pid) or "?"
        out[label] = max(out.get(label, 0.0), kib / 1024.0)
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


LAUNCH = os.path.join(HERE, "launch.py")


class Measured:
    """Run a command (below launch.py); wall time, peak RSS of any one process of its tree (the largest
    ``ru_maxrss`` launch.py reaps: its own, not the harness's) and the peak sum of RSS over the tree (sampled from
    /proc every 0.25 s).

    The command runs in a session of its own (``os.killpg(playbook_pid(), ...)`` reaches its process group).
    ``stamped``: its output is read line by line as it comes, each line kept in ``lines`` with the seconds since
    the start.
    """

    def __init__(self, cmd, env, stdout_path, cwd=None, stamped=False):
        self.stdout_path = stdout_path
        self._launched = stdout_path + ".launch.json"
        for stale in (self._launched, self._launched + ".pid"):
            if os.path.exists(stale):
                os.remove(stale)
        cmd = [sys.executable, LAUNCH, self._launched] + list(cmd)
        self.out = open(stdout_path, "w")
        self.lines = []
        self.started = time.perf_counter()
        self.started_epoch = time.time()  # for the emulator's call log, whose times are epoch seconds
        self._reader = None
        if stamped:
            self.proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                         start_new_session=True)
            self._reader = threading.Thread(target=self._read, daemon=True)
            self._reader.start()
        else:
            self.proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=self.out, stderr=subprocess.STDOUT)
        self.peak_tree_kib = 0
        self._labels, self._peaks = {}, {}
        self._done = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _read(self):
        for raw in iter(self.proc.stdout.readline, b""):
            line = raw.decode("utf-8", "replace")
            self.lines.append((time.perf_counter() - self.started, line.rstrip("\n")))
            self.out.write(line)

    def _sample(self):
        while not self._done.wait(0.25):
            self.peak_tree_kib = max(self.peak_tree_kib, _tree_sample(self.proc.pid, self._labels, self._peaks))

    def playbook_pid(self, timeout=10.0):
        """The command's pid (launch.py's child), once it has started."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with open(self._launched + ".pid") as handle:
                    return int(handle.read())
            except (OSError, ValueError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def wait(self):
        _pid, status, usage = os.wait4(self.proc.pid, 0)
        self.wall = time.perf_counter() - self.started
        self._done.set()
        self._sampler.join()
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        self.rc = self.proc.returncode
        launched = load_json(self._launched)
        if launched.get("maxrss_kib") is None:  # launch.py itself was killed: its own figure, the harness's included
            sys.stderr.write("launch.py reported nothing for %s; wait4's figure is used\n" % self.stdout_path)
        self.maxrss_mb = launched.get("maxrss_kib", usage.ru_maxrss) / 1024.0
        self.tree_mb = self.peak_tree_kib / 1024.0
        self.peaks_mb = peaks_by_label(self._labels, self._peaks)  # sampled: a process shorter than 0.25 s is missed
        if self._reader is not None:
            self._reader.join()  # the output ends when the last process of the tree holding it does
            self.proc.stdout.close()
        self.out.close()
        with open(self.stdout_path, errors="replace") as handle:
            self.output = handle.read()
        return self


# ---------------------------------------------------------------- checks
def norm(value):
    return "" if value is None else str(value).strip()


def check_state(emu, reports, profile_id):
    """Every (domain, contact type) on the target profile, or reported failed with a reason."""
    state = emu.control("GET", "state")
    profile = next(p for p in state["profiles"] if int(p["RegistrantProfileId"]) == profile_id)
    failed = {}
    for report in reports:
        for row in report.get("rows", []):
            if row.get("outcome") == "failed":
                failed[(row["domain"], row["contact_type"])] = row.get("reason") or ""
    on_target = failed_with_reason = off = 0
    off_examples = []
    for dom in state["domains"]:
        for ctype in CONTACT_TYPES:
            contact = dom["contacts"][ctype]
            if all(norm(contact.get(f)) == norm(profile.get(f)) for f in FIELDS):
                on_target += 1
            elif failed.get((dom["DomainName"], ctype)):
                failed_with_reason += 1
            else:
                off += 1
                if len(off_examples) < 5:
                    off_examples.append("%s/%s" % (dom["DomainName"], ctype))
    return {"contacts": on_target + failed_with_reason + off, "on_target": on_target,
            "failed_with_reason": failed_with_reason, "unaccounted": off, "unaccounted_examples": off_examples,
            "stats": state.get("stats")}


def writes(stats):
    return sum(n for action, n in (stats.get("actions") or {}).items() if action.startswith("Save"))


def secrets_in(paths_or_texts):
    hits = []
    for label, text in paths_or_texts:
        if bench.SECRET in text:
            hits.append(label)
    return hits


def read_files(root, skip=()):
    out = []
    for base, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(base, name)
            if any(s in path for s in skip):
                continue
            try:
                with open(path, errors="replace") as handle:
                    out.append((path, handle.read()))
            except OSError:
                pass
    return out


def load_json(path):
    try:
        with open(path) as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}


def fault_share(stats):
    faults = sum((stats.get("faults") or {}).values())
    return faults, stats.get("calls") or 0


# ---------------------------------------------------------------- the runs
class Headline:
    def __init__(self, args, workdir, seed=None):
        self.args, self.workdir = args, workdir
        extra = ["--fault-seed", str(args.fault_seed)]
        for spec in args.fault:
            extra += ["--fault", spec]
        self.seed = seed or "bulk:%d:%s" % (args.domains, args.fraction)
        self.emu = bench.Emulator(args.python, workdir, self.seed, args.latency_ms, args.task_seconds, extra)
        self.emu.control("PUT", "config", {"busy_check": args.busy_check, "throttle_qps": args.throttle_qps})
        bindir = os.path.dirname(args.python)
        self.playbook_bin = shutil.which("ansible-playbook", path=bindir)
        self.runner_bin = shutil.which("ansible-runner", path=bindir)
        colls = os.path.join(workdir, "collections", "ansible_collections", "alicloud")
        os.makedirs(colls)
        os.symlink(REPO, os.path.join(colls, "domain"))
        self.env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(workdir, "collections"),
                        ANSIBLE_NOCOLOR="1", ANSIBLE_LOCALHOST_WARNING="False",
                        ANSIBLE_RETRY_FILES_ENABLED="False", ANSIBLE_DEPRECATION_WARNINGS="False",
                        ANSIBLE_LOCAL_TEMP=os.path.join(workdir, "ansible-tmp"),
                        ANSIBLE_INVENTORY_UNPARSED_WARNING="False",
                        PATH=bindir + os.pathsep + os.environ.get("PATH", ""),
                        # credentials and endpoint as AWX injects them: environment variables
                        ALICLOUD_DOMAIN_ENDPOINT=self.emu.url, ALICLOUD_ACCESS_KEY_ID=bench.AK,
                        ALICLOUD_SECRET_KEY=bench.SECRET)
        self.role_vars = dict(profile=args.profile, batch_size=args.batch_size, concurrency=args.concurrency,
                              poll_interval=args.poll_interval)

    def reset(self):
        self.emu.control("POST", "reset", {"seed": self.seed})
        self.emu.control("PUT", "config", {"busy_check": self.args.busy_check, "throttle_qps": self.args.throttle_qps})

    def playbook(self, name):
        path = os.path.join(self.workdir, name + ".yml")
        with open(path, "w") as handle:
            handle.write(SINGLE_PLAYBOOK.format(**self.role_vars))
        report = os.path.join(self.workdir, name + "-report")
        before = self.emu.control("GET", "stats")
        run = Measured([self.playbook_bin, "-i", "localhost,", path, "-e", "headline_report=" + report],
                       self.env, os.path.join(self.workdir, name + ".out")).wait()
        after = self.emu.control("GET", "stats")
        run.report = load_json(report + ".json")
        run.report_texts = [(report + ext, open(report + ext, errors="replace").read())
                            for ext in (".json", ".md") if os.path.exists(report + ext)]
        run.writes = writes(after) - writes(before)
        run.calls = after["calls"] - before["calls"]
        run.stats = after
        run.log = self.emu.calls(before["calls"])
        return run

    def floor(self, report, module_runs=3, pages=None, verify=True, locks=0):
        """The call floor of one role run (floor.py) from its report rows; ``locks``: the domains whose update lock
        the run lifts and restores."""
        args = self.args
        return floor.role_floor(report.get("rows") or [], CONTACT_TYPES, args.batch_size,
                                floor.polls_per_task(args.task_seconds, args.poll_interval), module_runs=module_runs,
                                pages=floor.listing_pages(args.domains) if pages is None else pages, verify=verify,
                                locks=locks)

    def slices(self, n):
        """N ansible-runner jobs, each with a private data directory of its own (as AWX gives every job)."""
        base = os.path.join(self.workdir, "runner")
        envvars = dict((k, v) for k, v in self.env.items() if k.startswith(("ANSIBLE_", "ALICLOUD_")))
        # AWX job slicing: job i of N gets hosts[i::N] of the inventory, ordered by name
        names = sorted(d["DomainName"] for d in self.emu.control("GET", "state")["domains"])
        before = self.emu.control("GET", "stats")
        started = time.perf_counter()
        jobs = []
        env = dict(os.environ, PATH=self.env["PATH"])
        for i in range(n):
            job = os.path.join(base, "slice%d" % (i + 1))
            os.makedirs(os.path.join(job, "project"))
            os.makedirs(os.path.join(job, "env"))
            with open(os.path.join(job, "project", "headline_slice.yml"), "w") as handle:
                handle.write(SLICE_PLAYBOOK.format(**self.role_vars))
            inventory = os.path.join(job, "headline.alicloud_domains.yml")
            with open(inventory, "w") as handle:
                handle.write(INVENTORY)
            with open(os.path.join(job, "env", "envvars"), "w") as handle:
                json.dump(envvars, handle)
            limit = os.path.join(job, "slice.hosts")
            with open(limit, "w") as handle:
                handle.write("\n".join(names[i::n]) + "\n")
            report = os.path.join(job, "report")
            cmd = [self.runner_bin, "run", job, "-p", "headline_slice.yml", "--inventory", inventory,
                   "--limit", "@" + limit, "--ident", "slice%d" % (i + 1), "--cmdline", "-e headline_report=" + report]
            jobs.append((report, Measured(cmd, env, os.path.join(self.workdir, "slice%d.out" % (i + 1)))))
        done = [(report, job.wait()) for report, job in jobs]
        wall = time.perf_counter() - started
        after = self.emu.control("GET", "stats")
        self.slice_log = self.emu.calls(before["calls"])
        return base, done, wall, writes(after) - writes(before)


def totals_of(reports):
    out = {}
    for report in reports:
        for key, value in (report.get("totals") or {}).items():
            out[key] = out.get(key, 0) + value
    return out


def add_common_args(ap):
    """The options both headline runs take: the account's size and shape, the role's settings, the service's pace."""
    ap.add_argument("--domains", type=int, default=10000)
    ap.add_argument("--fraction", type=float, default=0.6, help="share of domains that need a change")
    ap.add_argument("--batch-size", type=int, default=1000)
    ap.add_argument("--concurrency", type=int, default=48)
    ap.add_argument("--poll-interval", type=float, default=2.0)
    ap.add_argument("--latency-ms", type=float, default=25.0)
    ap.add_argument("--task-seconds", type=float, default=2.0)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_args(ap)
    ap.add_argument("--slices", type=int, default=4, help="ansible-runner jobs of the sliced run (0: skip it)")
    ap.add_argument("--fault", action="append", default=None, help="emulator fault SPEC (default: %s; 'none': no "
                    "fault; with --throttle-qps the default is none)" % " ".join(FAULTS))
    ap.add_argument("--throttle-qps", type=float, default=0.0,
                    help="the emulator answers Throttling.User above this many requests a second (0: no limit)")
    ap.add_argument("--fault-seed", type=int, default=9)
    ap.add_argument("--busy-check", action="store_true",
                    help="keep the emulator's in-flight guard on (default off, so that duplicate_tasks measures "
                         "the collection's own discipline)")
    ap.add_argument("--profile", type=int, default=bench.PROFILE_ID)
    ap.add_argument("--skip-single", action="store_true", help="only the sliced run")
    ap.add_argument("--python", default=bench.default_python())
    ap.add_argument("--json", default=os.path.join(HERE, "results", "headline.json"))
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    args = ap.parse_args(argv)
    if args.fault is None:
        args.fault = [] if args.throttle_qps else list(FAULTS)
    args.fault = [f for f in args.fault if f != "none"]
    workdir = tempfile.mkdtemp(prefix="alicloud-domain-headline-")
    head = Headline(args, workdir)
    rep = bench.Report()
    details = {"args": vars(args)}
    n = args.domains
    try:
        if not args.skip_single:
            sys.stderr.write("single run ... ")
            sys.stderr.flush()
            first = head.playbook("run1")
            sys.stderr.write("%.1f s (rc %d); check ... " % (first.wall, first.rc))
            check = check_state(head.emu, [first.report], args.profile)
            sys.stderr.write("second run ... ")
            sys.stderr.flush()
            second = head.playbook("run2")
            sys.stderr.write("%.1f s (rc %d)\n" % (second.wall, second.rc))
            stats = second.stats
            faults, calls = fault_share(first.stats)
            leaks = secrets_in([("run1 output", first.output), ("run2 output", second.output)]
                               + first.report_texts + second.report_texts)
            details["single"] = {"wall": first.wall, "rc": first.rc, "calls": first.calls, "writes": first.writes,
                                 "maxrss_mb": first.maxrss_mb, "tree_mb": first.tree_mb,
                                 "peaks_mb": first.peaks_mb, "report_totals": first.report.get("totals"),
                                 "check": check,
                                 "second": {"wall": second.wall, "rc": second.rc, "writes": second.writes,
                                            "calls": second.calls, "report_totals": second.report.get("totals"),
                                            "maxrss_mb": second.maxrss_mb, "peaks_mb": second.peaks_mb},
                                 "faults": first.stats.get("faults"), "stats": stats}
            rep.add("H1", "one playbook run, %d domains (wall)" % n, "< 300 s", first.wall, "s", 300.0,
                    note="rc %d; %d API calls, %d faulted (%.1f %%: %s), %d writes; report totals %s"
                         % (first.rc, first.calls, faults, 100.0 * faults / max(1, calls),
                            json.dumps(first.stats.get("faults"), sort_keys=True), first.writes,
                            json.dumps(first.report.get("totals"), sort_keys=True)))
            rep.add("H2", "contacts on target or reported failed with reason", "unaccounted = 0",
                    check["unaccounted"], "", 0,
                    note="%d contacts: %d on profile %d, %d failed with the API's reason, %d neither %s"
                         % (check["contacts"], check["on_target"], args.profile, check["failed_with_reason"],
                            check["unaccounted"], check["unaccounted_examples"]))
            rep.figures[-1].update(ratio=None, met=check["unaccounted"] == 0)
            dup = stats.get("duplicate_tasks")
            rep.add("H3", "duplicate tasks (emulator stats)", "0", dup, "", 0,
                    note="busy_check %s; noop_task_details %s; busy_rejections %s; tasks %s, details %s"
                         % ("on" if args.busy_check else "off", stats.get("noop_task_details"),
                            stats.get("busy_rejections"), stats.get("tasks_created"),
                            stats.get("task_details_created")))
            rep.figures[-1].update(ratio=None, met=dup == 0)
            rep.add("H4", "secrets in output and report", "0", len(leaks), "", 0,
                    note="demo secret searched in both runs' output and report files; found in: %s"
                         % (", ".join(leaks) or "none"))
            rep.figures[-1].update(ratio=None, met=not leaks)
            rep.add("H5a", "second run: writes", "0", second.writes, "", 0,
                    note="%d API calls; report totals %s" % (second.calls,
                                                             json.dumps(second.report.get("totals"), sort_keys=True)))
            rep.figures[-1].update(ratio=None, met=second.writes == 0)
            rep.add("H5b", "second run (wall)", "< 60 s", second.wall, "s", 60.0, note="rc %d" % second.rc)
            rep.add("H6", "peak RSS, ansible-playbook tree (max of one process)", "< 300 MB",
                    max(first.maxrss_mb, second.maxrss_mb), "MB", 300.0,
                    note="largest ru_maxrss of the tree (launch.py): first run %.0f MB, second %.0f MB; "
                         "sampled high-water marks of the first run: %s, of the second: %s; sum over the tree "
                         "sampled from /proc: peak %.0f MB" % (first.maxrss_mb, second.maxrss_mb,
                                                               top_peaks(first.peaks_mb, 3),
                                                               top_peaks(second.peaks_mb, 3), first.tree_mb))
            m1 = floor.measure(first.log, head.floor(first.report))
            m2 = floor.measure(second.log, head.floor(second.report, module_runs=1, verify=False))
            details["single"]["floor"], details["single"]["second"]["floor"] = m1, m2
            rep.add("F1", "first run: calls / floor, faulted calls apart", "<= 1.05", m1["clean_ratio"], "", 1.05,
                    note=floor.text(m1))
            if m1["faulted"] + m1["throttled"]:
                rep.add("F2", "first run: extra calls per fault injected", "<= 1.2", m1["extra_per_fault"], "", 1.2,
                        note="extra = calls - floor = %d; faults %d, throttled answers %d"
                             % (m1["extra"], m1["faulted"], m1["throttled"]))
            rep.add("F3", "second run: calls / floor, faulted calls apart", "<= 1.05", m2["clean_ratio"], "", 1.05,
                    note=floor.text(m2))
            if args.throttle_qps:
                ok = [c for c in first.log if c.get("status") == 200]
                limit = 1.15 * len(ok) / args.throttle_qps
                rep.add("T1", "throttled at %g/s: wall against answered calls / %g" % (args.throttle_qps, args.throttle_qps),
                        "<= 1.15 x", first.wall, "s", limit,
                        note="%d answered calls / %g = %.1f s; %d Throttling.User answers; %d calls in all"
                             % (len(ok), args.throttle_qps, len(ok) / args.throttle_qps, m1["throttled"], len(first.log)))
                lost = check["unaccounted"] + (first.report.get("totals") or {}).get("unresolved", 0)
                rep.add("T2", "throttled: domains lost (not on target, failed or unknown)", "0", lost, "", 0,
                        note="report totals %s" % json.dumps(first.report.get("totals"), sort_keys=True))
                rep.figures[-1].update(ratio=None, met=lost == 0)
        if args.slices > 0:
            head.reset()
            sys.stderr.write("%d slices ... " % args.slices)
            sys.stderr.flush()
            base, jobs, wall, slice_writes = head.slices(args.slices)
            sys.stderr.write("%.1f s (rc %s)\n" % (wall, [j.rc for _r, j in jobs]))
            reports = [load_json(r + ".json") for r, _j in jobs]
            check = check_state(head.emu, reports, args.profile)
            stats = check["stats"] or head.emu.control("GET", "stats")
            stats = head.emu.control("GET", "stats")
            totals = totals_of(reports)
            texts = [("slice%d output" % (i + 1), j.output) for i, (_r, j) in enumerate(jobs)]
            for i in range(args.slices):
                texts += read_files(os.path.join(base, "slice%d" % (i + 1), "artifacts"), skip=("/command", "/env/"))
            for r, _j in jobs:
                texts += [(r + ext, open(r + ext, errors="replace").read()) for ext in (".json", ".md")
                          if os.path.exists(r + ext)]
            leaks = secrets_in(texts)
            details["slices"] = {"n": args.slices, "wall": wall, "jobs": [
                {"rc": j.rc, "wall": j.wall, "maxrss_mb": j.maxrss_mb, "tree_mb": j.tree_mb,
                 "totals": rep_.get("totals")} for (_r, j), rep_ in zip(jobs, reports)],
                "totals": totals, "check": check, "writes": slice_writes, "leaks": leaks, "stats": stats}
            single_totals = (details.get("single") or {}).get("report_totals")
            rep.add("S1", "%d ansible-runner slices together (wall)" % args.slices, "< 300 s", wall, "s", 300.0,
                    note="rc %s; job walls %s s; totals %s%s" % (
                        [j.rc for _r, j in jobs], ", ".join("%.0f" % j.wall for _r, j in jobs),
                        json.dumps(totals, sort_keys=True),
                        "" if single_totals is None else " (single run: %s; same: %s)"
                        % (json.dumps(single_totals, sort_keys=True), "yes" if single_totals == totals else "NO")))
            rep.add("S2", "slices: contacts on target or failed with reason", "unaccounted = 0",
                    check["unaccounted"], "", 0,
                    note="%d contacts: %d on target, %d failed with reason" % (
                        check["contacts"], check["on_target"], check["failed_with_reason"]))
            rep.figures[-1].update(ratio=None, met=check["unaccounted"] == 0)
            rep.add("S3", "slices: duplicate tasks", "0", stats.get("duplicate_tasks"), "", 0,
                    note="noop_task_details %s; %d writes; %d API calls" % (
                        stats.get("noop_task_details"), slice_writes, stats.get("calls")))
            rep.figures[-1].update(ratio=None, met=stats.get("duplicate_tasks") == 0)
            rep.add("S4", "slices: secrets in output, artifacts and reports", "0", len(leaks), "", 0,
                    note="found in: %s (artifacts/*/command and env/ hold the job's environment by design "
                         "of ansible-runner and are not searched)" % (", ".join(leaks[:5]) or "none"))
            rep.figures[-1].update(ratio=None, met=not leaks)
            slice_floor = floor.add(*[head.floor(r, pages=floor.listing_pages(args.domains)) for r in reports])
            ms = floor.measure(head.slice_log, slice_floor)
            details["slices"]["floor"] = ms
            rep.add("FS", "slices: calls / floor, faulted calls apart", "<= 1.05", ms["clean_ratio"], "", 1.05,
                    note="each job lists the account once (inventory); extra %.2f x the faults; "
                         % (ms["extra_per_fault"] or 0) + floor.text(ms))
            rep.add("S5", "slices: peak RSS of one job's tree (max of one process)", "< 300 MB",
                    max(j.maxrss_mb for _r, j in jobs), "MB", 300.0,
                    note="sum over a job's tree sampled: peak %.0f MB" % max(j.tree_mb for _r, j in jobs))
    finally:
        close(head.emu, workdir, args.keep)
    return publish("headline.py", argv, rep, details, args.json)


def close(emu, workdir, keep):
    """Stop the emulator; remove the work directory unless it is to be kept."""
    emu.stop()
    if keep:
        sys.stderr.write("work directory kept: %s\n" % workdir)
    else:
        shutil.rmtree(workdir, ignore_errors=True)


def publish(script, argv, rep, details, path):
    """Print the command and the goals table, and write them with the details as JSON to ``path``."""
    print("python3 tests/bench/%s " % script + " ".join(argv if argv is not None else sys.argv[1:]))
    print(rep.table())
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as handle:
        json.dump({"figures": rep.figures, "details": details}, handle, indent=2, default=str)
    print("\nJSON: %s" % path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
