"""The second headline run of alicloud.domain (issue 15): update locks lifted and restored, a revert, killed runs.

    python3 tests/bench/headline2.py [--domains 10000] [--locked-share 0.05] [--throttle-qps 200] [--kills 3]

Starts the emulator as the first headline does (bulk seed: 60 % of the domains need a registrant and an admin
change, 25 ms per call, about 10 % of the calls faulted at random with a fixed seed), with a share of the domains
under the update prohibition lock and the service's rate limit on. Runs the registrant_change role once with
ansible-playbook, the lock lifted where needed (plan, lift, change, wait, restore, verify, report), then a revert
from that run's record, then the revert in check mode; then, N times, the forward run again from the seed, killed
with SIGKILL at a random moment (fixed seed) and rerun. Prints each goal with the measured value (see README.md
beside this file); asserts nothing.
"""

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "emulator"))

import run as bench  # noqa: E402  (Emulator, Report, default_python)
import floor  # noqa: E402  (the call floor)
import headline  # noqa: E402  (the first headline: Headline, Measured, the checks)
from state_model import norm_domain  # noqa: E402  (the emulator's own domain key)

ROLE_TASKS = os.path.join(bench.REPO, "roles", "registrant_change", "tasks")
PROGRESS_SLACK = 3.0  # a progress line's trip from the worker through Ansible's queue, on a loaded machine
SDK_THREADS = 16

PLAY = """\
- name: {title}
  hosts: localhost
  connection: local
  gather_facts: false
  module_defaults:
    group/alicloud.domain.all:
      max_retries: 8  # 10 % of calls faulted at random: 5 faults in a row (the default 4 retries) do happen
  vars:
    ansible_python_interpreter: {interpreter}
  tasks:
    - name: The registrant_change role
      ansible.builtin.include_role:
        name: alicloud.domain.registrant_change
      vars: {role_vars}
"""


# ---------------------------------------------------------------- what the emulator holds
def contacts_of(state):
    """{(domain, contact type): {field: value}} of the registrant and admin contacts."""
    return dict(((d["DomainName"], ctype), dict((f, headline.norm(d["contacts"][ctype].get(f)))
                                                for f in headline.FIELDS))
                for d in state["domains"] for ctype in headline.CONTACT_TYPES)


def locks_of(state):
    return dict((d["DomainName"], (d.get("UpdateProhibitionLock"), d.get("TransferProhibitionLock")))
                for d in state["domains"])


def owner_profiles(state, differing):
    """A verified registrant profile with the details of each registrant the change replaces (the owners' own
    profiles): a registrant only goes back to a verified profile, so without them the revert cannot move one back."""
    pid = int(state["counters"]["next_profile_id"])
    out = []
    for dom in state["domains"]:
        if dom["DomainName"] not in differing:
            continue
        fields = dict((f, dom["contacts"]["registrant"].get(f) or "") for f in headline.FIELDS)
        fields.update(RegistrantProfileId=pid, RegistrantType=dom["RegistrantType"], RegistrantProfileType="common",
                      RealNameStatus="SUCCEED", EmailVerificationStatus=1, DefaultRegistrantProfile=False)
        out.append(fields)
        pid += 1
    return out, pid


def lock_writes(calls):
    """[(lock, domain, status)] of every prohibition lock write in ``calls`` (status "true" locks)."""
    out = []
    for call in calls:
        action = call.get("action") or ""
        if not (action.startswith("Save") and action.endswith("ProhibitionLock")):
            continue
        lock = "update" if "Update" in action else "transfer"
        params = call.get("params") or {}
        status = str(params.get("Status")).lower()
        for key, value in params.items():
            if key == "DomainName" or key.startswith("DomainName."):
                out.append((lock, norm_domain(value), status))
    return out


def check_locks(before, state, calls, expected_lifts):
    """Every lock set before is set after, no other lock written; the update locks lifted against those expected."""
    after = locks_of(state)
    changed = sorted(d for d, locks in before.items() if after.get(d) != locks)
    writes = lock_writes(calls)
    foreign = sorted(set(d for lock, d, _s in writes if lock != "update" or before.get(d, ("", ""))[0] != "OPEN"))
    lifted = set(d for lock, d, status in writes if lock == "update" and status == "false")
    return {"locked_before": sum(1 for u, _t in before.values() if u == "OPEN"), "changed": changed,
            "foreign_writes": foreign, "lifted": len(lifted), "expected_lifts": len(expected_lifts),
            "lifted_not_expected": sorted(lifted - expected_lifts),
            "expected_not_lifted": sorted(expected_lifts - lifted),
            "lock_writes": len(writes), "ok": not changed and not foreign}


def false_successes(reports, state, earlier=()):
    """Rows reported changed whose task detail in the emulator did not succeed (or is not found).

    A row without a task number (a write whose answer was lost, settled by reading the contact back) counts as
    a success only if some task not named by an ``earlier`` report succeeded for that contact."""
    results, done = {}, set()
    known = set(row.get("task_no") for report in earlier for row in report.get("rows") or [])
    for task in state["tasks"]:
        for det in task.get("details") or []:
            if det.get("ContactType"):
                key = (norm_domain(det["DomainName"]), det["ContactType"])
                results[(task["TaskNo"],) + key] = det.get("result")
                if det.get("result") == "success" and task["TaskNo"] not in known:
                    done.add(key)
    bad = []
    for report in reports:
        for row in report.get("rows") or []:
            if row.get("outcome") != "changed":
                continue
            key = (norm_domain(row["domain"]), row["contact_type"])
            ok = key in done if row.get("task_no") is None else results.get((row["task_no"],) + key) == "success"
            if not ok:
                bad.append("%s/%s (task %s)" % (row["domain"], row["contact_type"], row.get("task_no")))
    return bad


def lock_task_overlaps(state):
    """Lock task details of a domain created while another of the same domain and lock was still running."""
    spans = {}
    for task in state["tasks"]:
        for det in task.get("details") or []:
            if det.get("lock"):
                spans.setdefault((det["DomainName"], det["lock"]), []).append(
                    (det["created"], det.get("done_at") or float("inf")))
    overlaps = 0
    for runs in spans.values():
        runs.sort()
        overlaps += sum(1 for (_c, done), (created, _d) in zip(runs, runs[1:]) if created < done)
    return overlaps


def detail_leaks(texts, contacts):
    """Labels of the texts that hold a contact detail (a field value of 4 characters or more)."""
    values = set(v for fields in contacts.values() for v in fields.values() if len(v) >= 4)
    words = set(v for v in values if " " not in v)
    phrases = values - words
    hits = []
    for label, text in texts:
        tokens = set(re.split(r"[\s\"',;:()\[\]{}<>|=]+", text))
        if tokens & words or any(p in text for p in phrases):
            hits.append(label)
    return hits


# ---------------------------------------------------------------- progress lines
def contacts_task_names():
    """The names (up to any Jinja) of the role's tasks that run alicloud.domain.contacts (they print progress)."""
    names = []
    for name in sorted(os.listdir(ROLE_TASKS)):
        with open(os.path.join(ROLE_TASKS, name)) as handle:
            text = handle.read()
        names += [n.split("{{")[0].strip() for n in re.findall(r"- name: (.+)\n\s+alicloud\.domain\.contacts:", text)]
    return names


def progress_gaps(lines, names):
    """The longest silence (s) inside a contacts task - from its banner through its progress lines to the next banner
    - and the number of progress lines; ``lines``: [(seconds, text)]."""
    gap, count, inside, last = 0.0, 0, False, None
    for stamp, text in lines:
        banner = text.startswith(("TASK [", "PLAY RECAP", "RUNNING HANDLER"))
        if inside:
            gap = max(gap, stamp - last)
            last = stamp
        if "alicloud.domain.contacts" in text and text.startswith("[") and ": " in text:
            count += 1
        if banner:
            inside = any(n and n in text for n in names)
            last = stamp
    return gap, count


def longest_silence(lines):
    stamps = [s for s, _t in lines]
    return max((b - a for a, b in zip(stamps, stamps[1:])), default=0.0)


# ---------------------------------------------------------------- the runs
class Scenario(headline.Headline):
    def __init__(self, args, workdir):
        seed = "bulk:%d:%s:%s" % (args.domains, args.fraction, args.locked_share)
        super(Scenario, self).__init__(args, workdir, seed=seed)
        self.lock_dir = os.path.join(workdir, "run-lock")
        self.rss_log = None
        if args.module_rss:  # each module through bench.WRAPPER, which logs its exact peak RSS (wait4 of the module)
            self.rss_log = os.path.join(workdir, "module-maxrss.log")
            self.interpreter = os.path.join(workdir, "python-maxrss")
            with open(self.interpreter, "w") as handle:
                handle.write(bench.WRAPPER % {"python": args.python, "log": self.rss_log})
            os.chmod(self.interpreter, 0o755)
        else:
            self.interpreter = '"{{ ansible_playbook_python }}"'

    def module_rss_lines(self):
        """``--module-rss``: the lines the wrapper has logged so far (``<KiB> <command>``, one per module run)."""
        if not self.rss_log or not os.path.exists(self.rss_log):
            return []
        with open(self.rss_log) as handle:
            return handle.read().splitlines()

    def forward_vars(self, report):
        a = self.args
        return {"registrant_change_domain_filter": {"all": True}, "registrant_change_profile_id": a.profile,
                "registrant_change_contact_types": list(headline.CONTACT_TYPES),
                "registrant_change_batch_size": a.batch_size, "registrant_change_concurrency": a.concurrency,
                "registrant_change_poll_interval": a.poll_interval, "registrant_change_fail_on_error": False,
                "registrant_change_lift_update_lock": True, "registrant_change_report_path": report,
                "registrant_change_lock_dir": self.lock_dir}

    def revert_vars(self, record, report):
        a = self.args
        return {"registrant_change_revert_from": record, "registrant_change_concurrency": a.concurrency,
                "registrant_change_poll_interval": a.poll_interval, "registrant_change_fail_on_error": False,
                "registrant_change_lift_update_lock": True, "registrant_change_report_path": report,
                "registrant_change_lock_dir": self.lock_dir}

    def run(self, name, role_vars, check=False, kill_after=None):
        """One ansible-playbook of the role, its output stamped line by line; ``kill_after``: SIGKILL to its whole
        tree (playbook, worker, module: :func:`kill_tree`) after that many seconds."""
        path = os.path.join(self.workdir, name + ".yml")
        with open(path, "w") as handle:
            handle.write(PLAY.format(title="Headline 2 - " + name, role_vars=json.dumps(role_vars),
                                     interpreter=self.interpreter))
        logged = len(self.module_rss_lines())
        before = self.emu.control("GET", "stats")
        cmd = [self.playbook_bin, "-i", "localhost,", path] + (["--check"] if check else [])
        run = headline.Measured(cmd, self.env, os.path.join(self.workdir, name + ".out"), stamped=True)
        killer, tree = None, []
        if kill_after is not None:
            killer = threading.Timer(kill_after, lambda: tree.extend(kill_tree(run.playbook_pid())))
            killer.start()
        run.wait()
        if killer is not None:
            killer.cancel()
            killer.join()
            group = run.playbook_pid()
            for _tick in range(50):  # a process killed while in the kernel (an fsync) is gone a moment later
                run.survivors = sorted(set(group_members(group)) | set(p for p in tree if alive(p)))
                if not run.survivors:
                    break
                time.sleep(0.1)
        after = self.emu.control("GET", "stats")
        run.module_exact_mb = module_peaks(self.module_rss_lines()[logged:])  # a killed module logs nothing
        report = role_vars["registrant_change_report_path"]
        run.report = headline.load_json(report + ".json")
        run.report_texts = [(report + ext, open(report + ext, errors="replace").read())
                            for ext in (".json", ".md") if os.path.exists(report + ext)]
        run.calls = after["calls"] - before["calls"]
        run.writes = headline.writes(after) - headline.writes(before)
        run.stats = after
        run.log = self.emu.calls(before["calls"])
        return run

    def sdk_contacts(self, names):
        """Every registrant and admin contact of ``names`` read with the official SDK (run under --python), with
        the emulator's rate limit off for the read."""
        path = os.path.join(self.workdir, "sdk-read.json")
        with open(path, "w") as handle:
            json.dump(names, handle)
        self.emu.control("PUT", "config", {"throttle_qps": 0})
        try:
            out = subprocess.run([self.args.python, os.path.abspath(__file__), "sdk-read", str(self.emu.port), path],
                                 env=self.env, check=True, capture_output=True, text=True).stdout
        finally:
            self.emu.control("PUT", "config", {"throttle_qps": self.args.throttle_qps})
        return dict(((row["domain"], row["contact_type"]), row["fields"]) for row in json.loads(out))


def task_spans(run):
    """``[start s, seconds, API calls, task name]`` of each task of a stamped run: where its wall time goes (a
    task whose calls / the rate limit is far below its seconds waits, or works without calling)."""
    starts = [(t, line[len("TASK ["):].split("]", 1)[0]) for t, line in run.lines if line.startswith("TASK [")]
    times = sorted(c.get("time", 0) - run.started_epoch for c in run.log)
    spans, index = [], 0
    for n, (start, name) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else run.wall
        while index < len(times) and times[index] < start:
            index += 1
        first = index
        while index < len(times) and times[index] < end:
            index += 1
        spans.append([round(start, 2), round(end - start, 2), index - first, name])
    return spans


def alive(pid):
    stat = headline.proc_stat(pid)
    return stat is not None and stat[0] != "Z"


def kill_tree(root):
    """SIGKILL to the playbook ``root``, its process group and every process below it: ansible-core's workers start
    a session of their own (``os.setsid``), so a kill of the playbook's process group alone leaves the worker and
    the module it runs alive. The tree is frozen first (SIGSTOP: no fork, no reparenting while it is listed), then
    killed. Returns the pids killed."""
    killed = set()
    for _round in range(5):
        tree = [root] + headline.descendants(root)
        fresh = [p for p in tree if p not in killed and alive(p)]
        if not fresh:
            break
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            for pid in fresh:
                try:
                    os.kill(pid, sig)
                except OSError:
                    pass
        try:
            os.killpg(root, signal.SIGKILL)
        except OSError:
            pass
        killed.update(fresh)
    return sorted(killed)


def group_members(pgid):
    """Processes still alive in process group ``pgid`` (after a kill: none)."""
    stats = ((pid, headline.proc_stat(pid)) for pid in os.listdir("/proc") if pid.isdigit())
    return [int(pid) for pid, stat in stats if stat is not None and stat[0] != "Z" and stat[2] == pgid]


def sdk_read(argv):
    """``headline2.py sdk-read PORT NAMES.json``: print the registrant and admin contacts of the names as JSON,
    read with the official SDK's Client (QueryContactInfo) from a pool of threads; faulted calls are retried."""
    from concurrent.futures import ThreadPoolExecutor

    from alibabacloud_domain20180129 import models
    from alibabacloud_domain20180129.client import Client
    from alibabacloud_tea_openapi.models import Config

    port, path = int(argv[0]), argv[1]
    with open(path) as handle:
        names = json.load(handle)
    local = threading.local()

    def read(key):
        if not hasattr(local, "client"):
            local.client = Client(Config(access_key_id=bench.AK, access_key_secret=bench.SECRET,
                                         endpoint="127.0.0.1:%d" % port, protocol="http"))
        for attempt in range(20):
            try:
                body = local.client.query_contact_info(models.QueryContactInfoRequest(
                    domain_name=key[0], contact_type=key[1])).body.to_map()
                break
            # a fault injected by the emulator (throttle, 503): read again
            except Exception:  # pylint: disable=broad-except
                if attempt == 19:
                    raise
                time.sleep(0.05 * (attempt + 1))
        return {"domain": key[0], "contact_type": key[1],
                "fields": dict((f, headline.norm(body.get(f))) for f in headline.FIELDS)}

    with ThreadPoolExecutor(max_workers=SDK_THREADS) as pool:
        rows = list(pool.map(read, [(n, t) for n in names for t in headline.CONTACT_TYPES]))
    json.dump(rows, sys.stdout)
    return 0


# ---------------------------------------------------------------- the goals
def guarantees(scn, run, original_locks, expected_lifts, calls, profile):
    """The checks shared by the forward run and each rerun after a kill."""
    state = scn.emu.control("GET", "state")
    contacts = headline.check_state(scn.emu, [run.report], profile)
    return {"contacts": contacts, "locks": check_locks(original_locks, state, calls, expected_lifts),
            "false_successes": false_successes([run.report], state), "lock_overlaps": lock_task_overlaps(state),
            "duplicate_tasks": run.stats.get("duplicate_tasks")}


def kill_cycle(scn, i, moment, original_locks, expected_lifts):
    """The forward run from the seed, SIGKILLed after ``moment`` s, then rerun to the end with the same report (so
    the same run record and lock record)."""
    scn.reset()
    report = os.path.join(scn.workdir, "kill%d-report" % i)
    killed = scn.run("kill%d" % i, scn.forward_vars(report), kill_after=moment)
    last_task = next((t.rstrip(" *") for _s, t in reversed(killed.lines) if t.startswith("TASK [")),
                     "(before the first task)")
    if killed.rc != -signal.SIGKILL:
        last_task = "nothing: the run had ended (rc %d) before the kill" % killed.rc
    record = headline.load_json(report + ".locks.json")
    rerun = scn.run("rerun%d" % i, scn.forward_vars(report))
    checks = guarantees(scn, rerun, original_locks, expected_lifts, killed.log + rerun.log, scn.args.profile)
    checks.update(moment=moment, killed_rc=killed.rc, killed_wall=killed.wall, survivors=killed.survivors,
                  killed_in=last_task, lock_record_at_kill=record.get("state"),
                  lock_record_after=headline.load_json(report + ".locks.json").get("state"),
                  rerun_rc=rerun.rc, rerun_wall=rerun.wall, rerun_totals=rerun.report.get("totals"),
                  maxrss_mb=max(killed.maxrss_mb, rerun.maxrss_mb),
                  killed_maxrss_mb=killed.maxrss_mb, rerun_maxrss_mb=rerun.maxrss_mb,
                  peaks_mb={"killed": killed.peaks_mb, "rerun": rerun.peaks_mb},
                  module_exact_mb={"killed": killed.module_exact_mb, "rerun": rerun.module_exact_mb})
    return checks


def module_peaks(lines):
    """{module: exact peak RSS (MB)} of the wrapper's log ``lines``, largest first."""
    peaks = {}
    for line in lines:
        kib, _sep, cmd = line.partition(" ")
        name = headline.module_label(cmd.split()) or "?"
        peaks[name] = max(peaks.get(name, 0.0), int(kib) / 1024.0)
    return dict(sorted(peaks.items(), key=lambda kv: -kv[1]))


def violations(checks):
    return (checks["contacts"]["unaccounted"] + len(checks["locks"]["changed"]) + len(checks["locks"]["foreign_writes"])
            + len(checks["false_successes"]) + (checks["duplicate_tasks"] or 0) + checks["lock_overlaps"])


def scenario(args, scn, rep, details):
    n = args.domains
    state = scn.emu.control("GET", "state")
    profile = next(p for p in state["profiles"] if int(p["RegistrantProfileId"]) == args.profile)
    original = contacts_of(state)
    target = dict((f, headline.norm(profile.get(f))) for f in headline.FIELDS)
    differing = set(d for (d, _t), fields in original.items() if fields != target)
    original_locks = locks_of(state)
    expected_lifts = set(d for d in differing if original_locks[d][0] == "OPEN")
    owners, next_id = owner_profiles(state, differing)
    state["profiles"] += owners
    state["counters"]["next_profile_id"] = next_id
    scn.emu.control("PUT", "state", state)
    del state

    def step(text):
        sys.stderr.write(text)
        sys.stderr.flush()

    # 1. the forward run
    step("forward run ... ")
    report = os.path.join(scn.workdir, "forward-report")
    fwd = scn.run("forward", scn.forward_vars(report))
    step("%.1f s (rc %d); revert ... " % (fwd.wall, fwd.rc))
    checks = guarantees(scn, fwd, original_locks, expected_lifts, fwd.log, args.profile)
    gap, lines = progress_gaps(fwd.lines, contacts_task_names())
    # 2. the revert from its record, and the revert again in check mode
    rev = scn.run("revert", scn.revert_vars(report + ".record.json", os.path.join(scn.workdir, "revert-report")))
    step("%.1f s (rc %d); SDK read-back ... " % (rev.wall, rev.rc))
    rev_state = scn.emu.control("GET", "state")
    rev_false = false_successes([rev.report], rev_state, earlier=[fwd.report])
    rev_locks = check_locks(original_locks, rev_state, rev.log, expected_lifts)  # the same domains, lifted again
    del rev_state
    read = scn.sdk_contacts(sorted(set(d for d, _t in original)))
    not_back = sorted("%s/%s: %s" % (k[0], k[1], ", ".join(f for f in headline.FIELDS if read[k][f] != v[f]))
                      for k, v in original.items() if read.get(k) != v)
    said = dict(((norm_domain(r["domain"]), r["contact_type"]), r["outcome"]) for r in rev.report.get("rows") or []
                if r.get("outcome") in ("blocked", "failed"))
    not_back_said = sum(1 for k, v in original.items() if read.get(k) != v and (norm_domain(k[0]), k[1]) in said)
    step("check mode ... ")
    chk = scn.run("revert-check", scn.revert_vars(report + ".record.json", os.path.join(scn.workdir, "check-report")),
                  check=True)
    step("%.1f s (rc %d)\n" % (chk.wall, chk.rc))
    # 3. killed runs, each from the seed and followed by a rerun
    rng = random.Random(args.kill_seed)
    kills = []
    for i in range(1, args.kills + 1):
        moment = rng.uniform(0.05, 0.9) * fwd.wall
        step("kill %d at %.1f s ... " % (i, moment))
        kills.append(kill_cycle(scn, i, moment, original_locks, expected_lifts))
        step("rerun %.1f s (rc %d)\n" % (kills[-1]["rerun_wall"], kills[-1]["rerun_rc"]))

    texts = [("forward output", fwd.output), ("revert output", rev.output), ("check-mode output", chk.output)]
    texts += fwd.report_texts + rev.report_texts + chk.report_texts
    secrets = headline.secrets_in(texts)
    leaks = detail_leaks(texts, original)
    answered = sum(1 for c in fwd.log if c.get("status") == 200)
    fm = floor.measure(fwd.log, scn.floor(fwd.report, locks=len(expected_lifts)))
    faults, _calls = headline.fault_share(fwd.stats)
    details.update(forward={"wall": fwd.wall, "rc": fwd.rc, "calls": fwd.calls, "answered": answered,
                            "writes": fwd.writes, "maxrss_mb": fwd.maxrss_mb, "tree_mb": fwd.tree_mb,
                            "peaks_mb": fwd.peaks_mb, "module_exact_mb": fwd.module_exact_mb,
                            "totals": fwd.report.get("totals"), "checks": checks, "floor": fm,
                            "progress_gap": gap, "progress_lines": lines, "faults": fwd.stats.get("faults"),
                            "tasks": task_spans(fwd)},
                   revert={"wall": rev.wall, "rc": rev.rc, "calls": rev.calls, "writes": rev.writes,
                           "peaks_mb": rev.peaks_mb, "module_exact_mb": rev.module_exact_mb,
                           "totals": rev.report.get("totals"), "not_back": len(not_back),
                           "not_back_reported_blocked_or_failed": not_back_said, "not_back_examples":
                           not_back[:10], "false_successes": rev_false, "locks": rev_locks,
                           "duplicate_tasks": rev.stats.get("duplicate_tasks"), "longest_silence": longest_silence(
                               rev.lines), "by_action": floor.measure(rev.log, {})["by_action"]},
                   check={"wall": chk.wall, "rc": chk.rc, "calls": chk.calls, "writes": chk.writes,
                          "totals": chk.report.get("totals")},
                   kills=kills, secrets=secrets, detail_leaks=leaks)

    # the calls the service's limit admitted: answered and faulted (a fault injected after the limit took its share
    # of it, as a 5xx does on a real account), not the Throttling.User answers of the limit itself
    admitted = fm["calls"] - fm["throttled"]
    rep.add("W", "forward run wall against its calls / %g (the limit's own refusals apart)" % args.throttle_qps,
            "<= 1.15 x", fwd.wall, "s", 1.15 * admitted / args.throttle_qps if args.throttle_qps else None,
            note="rc %d; %d domains, %d API calls (%d answered, %d faulted: %s; %d refused by the limit), %d writes; "
                 "against the answered calls alone %.2f x; totals %s"
                 % (fwd.rc, n, fwd.calls, answered, faults, json.dumps(fwd.stats.get("faults"), sort_keys=True),
                    fm["throttled"], fwd.writes, fwd.wall / (answered / args.throttle_qps) if answered and
                    args.throttle_qps else 0, json.dumps(fwd.report.get("totals"), sort_keys=True)))
    rep.add("F", "forward run: calls / floor, faulted calls apart", "<= 1.05", fm["clean_ratio"], "", 1.05,
            note="floor with the lifted locks (%d domains: 2 domain_lock runs, the apply's read once unlocked); "
                 % len(expected_lifts) + floor.text(fm))
    con = checks["contacts"]
    rep.add("C", "contacts on target or reported failed with reason", "unaccounted = 0", con["unaccounted"], "", 0,
            note="%d contacts: %d on profile %d, %d failed with the service's reason, %d neither %s" % (
                con["contacts"], con["on_target"], args.profile, con["failed_with_reason"], con["unaccounted"],
                con["unaccounted_examples"]))
    rep.figures[-1].update(ratio=None, met=con["unaccounted"] == 0)
    lk = checks["locks"]
    rep.add("L", "locks set before set after, no other lock touched", "0",
            len(lk["changed"]) + len(lk["foreign_writes"]), "", 0,
            note="%d domains locked before; lock state changed on %d %s; lock writes on a domain not locked before (or "
                 "a transfer lock) %d %s; lifted %d, expected (locked and to change) %d, lifted not expected %s, "
                 "expected not lifted %s" % (
                     lk["locked_before"], len(lk["changed"]), lk["changed"][:5], len(lk["foreign_writes"]),
                     lk["foreign_writes"][:5], lk["lifted"], lk["expected_lifts"], lk["lifted_not_expected"][:5],
                     lk["expected_not_lifted"][:5]))
    rep.figures[-1].update(ratio=None, met=lk["ok"] and not lk["lifted_not_expected"] and not lk["expected_not_lifted"])
    rep.add("R", "after the revert: contacts not equal to their original (official SDK)", "0", len(not_back), "", 0,
            note="rc %d, %.0f s, %d API calls (%s), %d writes; totals %s; of those not back, %d reported blocked or "
                 "failed by the revert; examples %s; the revert wrote %d lock(s); "
                 "check-mode run after it: rc %d, %d writes, totals %s" % (
                     rev.rc, rev.wall, rev.calls, ", ".join("%s %d" % (a, v["calls"]) for a, v in
                                                            details["revert"]["by_action"].items()),
                     rev.writes, json.dumps(rev.report.get("totals"), sort_keys=True), not_back_said, not_back[:3],
                     rev_locks["lock_writes"], chk.rc, chk.writes,
                     json.dumps(chk.report.get("totals"), sort_keys=True)))
    rep.figures[-1].update(ratio=None, met=not not_back and chk.writes == 0)
    dups = {"forward": fwd.stats.get("duplicate_tasks"), "revert": rev.stats.get("duplicate_tasks"),
            "check": chk.stats.get("duplicate_tasks")}
    dup = (chk.stats.get("duplicate_tasks") or 0) + checks["lock_overlaps"]
    rep.add("D", "duplicate tasks", "0", dup, "", 0,
            note="busy_check %s; emulator duplicate_tasks after each run %s (cumulative); lock tasks overlapping one "
                 "of the same domain %d; noop_task_details %s" % (
                     "on" if args.busy_check else "off", json.dumps(dups), checks["lock_overlaps"],
                     chk.stats.get("noop_task_details")))
    rep.figures[-1].update(ratio=None, met=dup == 0)
    fs = checks["false_successes"] + rev_false
    rep.add("S", "false successes (reported changed, task not succeeded)", "0", len(fs), "", 0,
            note="forward %d, revert %d %s" % (len(checks["false_successes"]), len(rev_false), fs[:3]))
    rep.figures[-1].update(ratio=None, met=not fs)
    rep.add("X", "secrets and contact details in the output (diff off)", "0", len(secrets) + len(leaks), "", 0,
            note="the three runs' output and report files; secret in: %s; contact details in: %s"
                 % (", ".join(secrets) or "none", ", ".join(leaks) or "none"))
    rep.figures[-1].update(ratio=None, met=not secrets and not leaks)
    rep.add("P", "longest silence inside a contacts step (forward run)", "<= 30 s (+%g s)" % PROGRESS_SLACK, gap, "s",
            30.0 + PROGRESS_SLACK, note="%d progress lines; longest silence of the whole forward run %.1f s, of the "
                                        "revert run %.1f s"
                                        % (lines, longest_silence(fwd.lines), details["revert"]["longest_silence"]))
    peak = max([fwd.maxrss_mb, rev.maxrss_mb, chk.maxrss_mb] + [k["maxrss_mb"] for k in kills])
    kill_note = ", ".join("%.0f MB killed, %.0f MB rerun (%s)" % (
        k["killed_maxrss_mb"], k["rerun_maxrss_mb"], headline.top_peaks(k["peaks_mb"]["rerun"]))
        for k in kills) or "none"
    exact_note = ""
    if args.module_rss:
        exact_note = "; modules exactly (--module-rss): forward %s, revert %s, reruns %s" % (
            headline.top_peaks(fwd.module_exact_mb), headline.top_peaks(rev.module_exact_mb),
            ", ".join(headline.top_peaks(k["module_exact_mb"]["rerun"]) for k in kills) or "none")
    rep.add("M", "peak RSS, ansible-playbook tree (max of one process)", "< 300 MB", peak, "MB", 300.0,
            note="forward %.0f MB (sampled: %s), revert %.0f MB (%s), kill cycles %s; sum over the forward run's tree "
                 "sampled: peak %.0f MB%s" % (fwd.maxrss_mb, headline.top_peaks(fwd.peaks_mb), rev.maxrss_mb,
                                              headline.top_peaks(rev.peaks_mb), kill_note, fwd.tree_mb, exact_note))
    for i, k in enumerate(kills, 1):
        bad = violations(k)
        rep.add("K%d" % i, "killed at %.1f s, then rerun: guarantees broken" % k["moment"], "0", bad, "", 0,
                note="killed in %s (rc %d, %d process(es) of its group left); lock record %s at the kill, %s after "
                     "the rerun; rerun rc %d, %.0f s, totals %s; unaccounted %d, locks changed %d, foreign lock writes "
                     "%d, lifted %d of %d, false successes %d, duplicate tasks %s, lock overlaps %d" % (
                         k["killed_in"], k["killed_rc"], len(k["survivors"]), k["lock_record_at_kill"],
                         k["lock_record_after"], k["rerun_rc"], k["rerun_wall"],
                         json.dumps(k["rerun_totals"], sort_keys=True), k["contacts"]["unaccounted"],
                         len(k["locks"]["changed"]), len(k["locks"]["foreign_writes"]), k["locks"]["lifted"],
                         k["locks"]["expected_lifts"], len(k["false_successes"]), k["duplicate_tasks"],
                         k["lock_overlaps"]))
        rep.figures[-1].update(ratio=None, met=bad == 0 and not k["survivors"])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    headline.add_common_args(ap)
    ap.add_argument("--locked-share", type=float, default=0.05, help="share of domains under the update lock")
    ap.add_argument("--fault", action="append", default=None,
                    help="emulator fault SPEC (default: %s; 'none': no fault)" % " ".join(headline.FAULTS))
    ap.add_argument("--fault-seed", type=int, default=9)
    ap.add_argument("--throttle-qps", type=float, default=200.0,
                    help="the emulator answers Throttling.User above this many requests a second (0: no limit)")
    ap.add_argument("--busy-check", action="store_true",
                    help="keep the emulator's in-flight guard on (default off, so that duplicates measure the "
                         "collection's own discipline)")
    ap.add_argument("--kills", type=int, default=3, help="forward runs killed with SIGKILL, each then rerun")
    ap.add_argument("--kill-seed", type=int, default=15, help="seed of the moments of the kills")
    ap.add_argument("--profile", type=int, default=bench.PROFILE_ID)
    ap.add_argument("--python", default=bench.default_python())
    ap.add_argument("--json", default=os.path.join(HERE, "results", "headline2.json"))
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("--module-rss", action="store_true",
                    help="run each module through an interpreter wrapper that logs its exact peak RSS (the sampled "
                         "peaks miss a spike in the last 0.25 s of a process; costs a process start per module)")
    args = ap.parse_args(argv)
    if args.fault is None:
        args.fault = list(headline.FAULTS)
    args.fault = [f for f in args.fault if f != "none"]
    workdir = tempfile.mkdtemp(prefix="alicloud-domain-headline2-")
    scn = Scenario(args, workdir)
    rep = bench.Report()
    details = {"args": vars(args)}
    try:
        scenario(args, scn, rep, details)
    finally:
        headline.close(scn.emu, workdir, args.keep)
    return headline.publish("headline2.py", argv, rep, details, args.json)


if __name__ == "__main__":
    sys.exit(sdk_read(sys.argv[2:]) if sys.argv[1:2] == ["sdk-read"] else main())
