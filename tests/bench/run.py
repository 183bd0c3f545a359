"""Benchmark harness of alicloud.domain (not part of the test run; it prints figures, it asserts nothing).

    python3 tests/bench/run.py [--quick] [--json FILE] [--python PY] [--only N[,N...]]

Starts the local emulator (tests/emulator/server.py, port 0, injected latency), runs Ansible against it and
prints each figure with its goal, the measured value and the ratio; writes the same as JSON (default
tests/bench/results/latest.json). See README.md beside this file.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

import floor  # beside this file: the call floor (run as a script or imported by headline.py)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
EMULATOR = os.path.join(REPO, "tests", "emulator", "server.py")
AK = "LTAI5tDemoAccessKeyId00"
SECRET = "DemoSecretForTheLocalEmulatorOnly0000000"
PROFILE_ID = 1
LATENCY_MS = 25.0

FULL = dict(calls_domains=200, calls_fraction=0.5, bulk_domains=1000, loop_sample=20, throttle_domains=1000,
            throttle_qps=50.0, client_calls=1000, adhoc_runs=9, fixed_runs=3, memory_domains=10000,
            import_runs=5, concurrency=8)
QUICK = dict(calls_domains=40, calls_fraction=0.5, bulk_domains=200, loop_sample=5, throttle_domains=300,
             throttle_qps=50.0, client_calls=200, adhoc_runs=3, fixed_runs=2, memory_domains=2000,
             import_runs=3, concurrency=8)


def default_python():
    for candidate in (os.environ.get("BENCH_PYTHON"), "/tmp/dev/bin/python"):
        if candidate and os.path.exists(candidate):
            return candidate
    return sys.executable


# ---------------------------------------------------------------- the emulator
class Emulator:
    def __init__(self, python, workdir, seed, latency_ms, task_seconds=0.5, extra=()):
        self.port_file = os.path.join(workdir, "emulator.port")
        self.proc = subprocess.Popen(
            [python, EMULATOR, "--port", "0", "--port-file", self.port_file, "--seed", seed,
             "--latency-ms", str(latency_ms), "--task-seconds", str(task_seconds)] + list(extra),
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(workdir, "emulator.stderr"), "w"))
        deadline = time.time() + 30
        while not os.path.exists(self.port_file):
            if self.proc.poll() is not None or time.time() > deadline:
                raise SystemExit("the emulator did not start; see %s/emulator.stderr" % workdir)
            time.sleep(0.05)
        with open(self.port_file) as handle:
            self.port = int(handle.read())
        self.url = "http://127.0.0.1:%d" % self.port

    def control(self, method, path, payload=None):
        data = json.dumps(payload).encode() if payload is not None else None
        req = urllib.request.Request(self.url + "/_emulator/" + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=300) as resp:
            return json.loads(resp.read().decode("utf-8"))

    def reset(self, seed, **config):
        self.control("POST", "reset", {"seed": seed})
        conf = {"latency_ms": LATENCY_MS, "throttle_qps": 0, "task_seconds": 0.5}
        conf.update(config)
        self.control("PUT", "config", conf)
        return [d["DomainName"] for d in self.control("GET", "state")["domains"]]

    def calls(self, since=0):
        return self.control("GET", "calls?since=%d" % since)["calls"]

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# ---------------------------------------------------------------- Ansible
class Ansible:
    def __init__(self, python, workdir):
        self.python = python
        self.workdir = workdir
        bindir = os.path.dirname(python)
        self.playbook_bin = shutil.which("ansible-playbook", path=bindir) or shutil.which("ansible-playbook")
        self.adhoc_bin = shutil.which("ansible", path=bindir) or shutil.which("ansible")
        colls = os.path.join(workdir, "collections", "ansible_collections", "alicloud")
        os.makedirs(colls)
        os.symlink(REPO, os.path.join(colls, "domain"))
        self.env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(workdir, "collections"),
                        ANSIBLE_NOCOLOR="1", ANSIBLE_LOCALHOST_WARNING="False", ANSIBLE_RETRY_FILES_ENABLED="False",
                        ANSIBLE_INVENTORY_UNPARSED_WARNING="False", ANSIBLE_DEPRECATION_WARNINGS="False",
                        ANSIBLE_LOCAL_TEMP=os.path.join(workdir, "ansible-tmp"),
                        PYTHONPATH=os.path.join(workdir, "collections"))
        self.n = 0

    def _common(self, interpreter=None):
        return ["-i", "localhost,", "-c", "local", "-e", "ansible_python_interpreter=%s" % (interpreter or self.python)]

    def _run(self, cmd, env):
        t = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - t
        if proc.returncode != 0:
            sys.stderr.write("command failed (%d): %s\n%s\n%s\n" % (proc.returncode, " ".join(cmd[:4]),
                                                                    proc.stdout[-3000:], proc.stderr[-3000:]))
        return wall, proc

    def playbook(self, tasks_yaml, extra_vars=None, interpreter=None):
        """Run a one-play playbook; return (wall seconds, result of the last task as JSON, rc)."""
        self.n += 1
        base = os.path.join(self.workdir, "pb%d" % self.n)
        with open(base + ".yml", "w") as handle:
            handle.write("- hosts: localhost\n  gather_facts: false\n  tasks:\n" + tasks_yaml)
        cmd = [self.playbook_bin] + self._common(interpreter) + [base + ".yml"]
        if extra_vars is not None:
            with open(base + ".vars.json", "w") as handle:
                json.dump(extra_vars, handle)
            cmd += ["-e", "@" + base + ".vars.json"]
        env = dict(self.env, ANSIBLE_CALLBACKS_ENABLED="ansible.builtin.tree",
                   ANSIBLE_CALLBACK_TREE_DIR=base + ".tree")
        wall, proc = self._run(cmd, env)
        result = None
        tree = os.path.join(base + ".tree", "localhost")
        if os.path.exists(tree):
            with open(tree) as handle:
                result = json.load(handle)
        return wall, result, proc.returncode

    def adhoc(self, module, args=""):
        cmd = [self.adhoc_bin, "localhost"] + self._common() + ["-m", module]
        if args:
            cmd += ["-a", args]
        wall, proc = self._run(cmd, self.env)
        return wall, proc.returncode


def contacts_task(emu, extra="", var="domains"):
    return ("    - alicloud.domain.contacts:\n"
            "        endpoint: %s\n        access_key_id: %s\n        access_key_secret: %s\n"
            "        registrant_profile_id: %d\n        domains: \"{{ %s }}\"\n%s"
            % (emu.url, AK, SECRET, PROFILE_ID, var, extra))


PING_TASK = "    - ansible.builtin.ping:\n"


# ---------------------------------------------------------------- figures
class Report:
    def __init__(self):
        self.figures = []
        self.details = {}

    def add(self, fid, name, goal_text, value, unit, limit, higher_is_better=False, note=""):
        if value is None or limit in (None, 0):
            ratio, met = None, None
        else:
            ratio = value / limit
            met = value >= limit if higher_is_better else value <= limit
        self.figures.append({"id": fid, "figure": name, "goal": goal_text, "value": value, "unit": unit,
                             "limit": limit, "ratio": ratio, "met": met, "note": note})

    def table(self):
        rows = [("#", "figure", "goal", "measured", "ratio", "met")]
        for f in self.figures:
            value = "-" if f["value"] is None else ("%.4g %s" % (f["value"], f["unit"])).strip()
            ratio = "-" if f["ratio"] is None else "%.3g" % f["ratio"]
            met = {True: "yes", False: "NO", None: "-"}[f["met"]]
            rows.append((str(f["id"]), f["figure"], f["goal"], value, ratio, met))
        widths = [max(len(r[i]) for r in rows) for i in range(6)]
        lines = []
        for n, row in enumerate(rows):
            lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        notes = ["  %s: %s" % (f["id"], f["note"]) for f in self.figures if f["note"]]
        return "\n".join(lines + ([""] + notes if notes else []))


def median_of(fn, runs):
    values = [fn() for _dummy in range(runs)]
    return statistics.median(values), values


def polls_needed(task_seconds, interval):
    """Polls of TaskWaiter (first at once, then interval, x1.5 ...) until a task of ``task_seconds`` is final."""
    polls, elapsed, delay = 1, 0.0, interval
    while elapsed < task_seconds:
        elapsed += delay
        delay *= 1.5
        polls += 1
    return polls


def figure_calls(emu, ans, p, rep):
    """1. API calls per domain, from the emulator's call log."""
    n, fraction = p["calls_domains"], p["calls_fraction"]
    domains = emu.reset("bulk:%d:%s" % (n, fraction), task_seconds=0.5)
    poll_interval = 0.2
    since = emu.control("GET", "stats")["calls"]
    wall, result, rc = ans.playbook(contacts_task(emu, "        wait: true\n        poll_interval: %s\n"
                                                  "        concurrency: %d\n" % (poll_interval, p["concurrency"])),
                                    {"domains": domains})
    calls = emu.calls(since)
    task_domains = {}
    for task in emu.control("GET", "state")["tasks"]:
        task_domains[task["TaskNo"]] = [d["DomainName"] for d in task.get("details") or task.get("Details") or []]
    per = dict((d, {"read": 0, "write": 0, "poll": 0, "other": 0}) for d in domains)
    profile_reads, unattributed = 0, 0
    for call in calls:
        action, params = call["action"], call["params"]
        if action == "QueryRegistrantProfiles":
            profile_reads += 1
            continue
        if action == "QueryTaskDetailList" and params.get("TaskNo") in task_domains:
            for d in task_domains[params["TaskNo"]]:
                per[d]["poll"] += 1
            continue
        d = params.get("DomainName")
        if d not in per:
            unattributed += 1
            continue
        kind = {"QueryContactInfo": "read", "SaveSingleTaskForUpdatingContactInfo": "write"}.get(action, "other")
        per[d][kind] += 1
    changed = set(r["domain"] for r in (result or {}).get("results", []) if r.get("changed"))
    same = [per[d] for d in domains if d not in changed]
    moved = [per[d] for d in domains if d in changed]
    max_same = max((sum(c.values()) for c in same), default=0)
    max_read = max((c["read"] + c["other"] for c in moved), default=0)
    max_write = max((c["write"] for c in moved), default=0)
    max_poll = max((c["poll"] for c in moved), default=0)
    needed = polls_needed(0.5 + 2 * LATENCY_MS / 1000.0, poll_interval)
    rep.details["calls"] = {"domains": n, "changed": len(moved), "unchanged": len(same), "calls": len(calls),
                            "profile_reads": profile_reads, "unattributed": unattributed, "wall": wall, "rc": rc,
                            "totals": (result or {}).get("totals"), "api_calls": (result or {}).get("api_calls"),
                            "max_polls_per_changed": max_poll, "polls_needed": needed,
                            "mean_polls_per_changed": statistics.mean([c["poll"] for c in moved]) if moved else 0}
    rep.add("1a", "calls per already-correct domain (bulk)", "<= 1", max_same, "calls", 1,
            note="%d unchanged + %d changed domains, wait=true; profile read %d time(s) per run (goal 1); "
                 "%d call(s) not attributable to a domain" % (len(same), len(moved), profile_reads, unattributed))
    rep.add("1b", "reads + writes per changed domain (bulk)", "<= 3 (contact + domain read, 1 write)",
            max_read + max_write, "calls", 3,
            note="max reads %d (the contact, and the domain: the in-flight check), max writes %d per changed domain"
                 % (max_read, max_write))
    rep.add("1c", "polls per changed domain (wait, task 0.5 s)", "<= %d (poll schedule)" % needed, max_poll,
            "polls", needed, note="poll_interval %.1f s growing x1.5; needed = polls of that schedule until a "
                                  "0.5 s task (+2 latencies) is final" % poll_interval)
    rep.add("1d", "profile reads per bulk run", "<= 1", profile_reads, "calls", 1)
    parts = {"QueryContactInfo": n, "QueryDomainByDomainName": len(moved), "Save*": len(moved),
             "QueryTaskDetailList": len(moved) * needed, "QueryRegistrantProfiles": 1}
    m = floor.measure(calls, parts)
    rep.details["calls"]["floor"] = m
    rep.add("1e", "calls / floor (bulk, wait)", "<= 1.05", m["clean_ratio"], "", 1.05,
            note="floor = a read per domain + a domain read, a write and the schedule's %d polls per changed domain "
                 "+ the profile read; " % needed + floor.text(m))


def figure_throughput(emu, ans, p, rep):
    """2. Bulk throughput against the floor and against a loop of the single module."""
    n, conc = p["bulk_domains"], p["concurrency"]
    domains = emu.reset("bulk:%d:0" % n)
    fixed, fixed_runs = median_of(lambda: ans.playbook(PING_TASK)[0], p["fixed_runs"])
    since = emu.control("GET", "stats")["calls"]
    bulk, result, rc = ans.playbook(contacts_task(emu, "        concurrency: %d\n" % conc), {"domains": domains})
    bulk_calls = len(emu.calls(since))
    floor = n * LATENCY_MS / 1000.0 / conc
    limit = 1.5 * (floor + fixed)
    sample = domains[:p["loop_sample"]]
    loop_task = ("    - alicloud.domain.contact:\n"
                 "        endpoint: %s\n        access_key_id: %s\n        access_key_secret: %s\n"
                 "        registrant_profile_id: %d\n        domain_name: \"{{ item }}\"\n"
                 "      loop: \"{{ sample }}\"\n" % (emu.url, AK, SECRET, PROFILE_ID))
    since = emu.control("GET", "stats")["calls"]
    loop, loop_result, loop_rc = ans.playbook(loop_task, {"sample": sample})
    loop_calls = len(emu.calls(since))
    per_item = (loop - fixed) / len(sample)
    loop_scaled = fixed + per_item * n
    rep.details["throughput"] = {
        "domains": n, "concurrency": conc, "latency_ms": LATENCY_MS, "fixed_cost": fixed, "fixed_runs": fixed_runs,
        "bulk_wall": bulk, "bulk_rc": rc, "bulk_calls": bulk_calls, "bulk_totals": (result or {}).get("totals"),
        "floor": floor, "loop_sample": len(sample), "loop_wall": loop, "loop_rc": loop_rc, "loop_calls": loop_calls,
        "loop_per_item": per_item, "loop_scaled": loop_scaled}
    rep.add("2a", "bulk check of %d correct domains (wall)" % n,
            "<= 1.5 x (floor %.2f s + task %.2f s)" % (floor, fixed), bulk, "s", limit,
            note="floor = %d x %g ms / concurrency %d; task fixed cost = median one-ping playbook; %d API calls"
                 % (n, LATENCY_MS, conc, bulk_calls))
    rep.add("2b", "speed-up over a contact loop", ">= 50x", loop_scaled / bulk, "x", 50.0, higher_is_better=True,
            note="loop of %d contact tasks took %.2f s = %.3f s per item (fixed cost removed), scaled to %d: %.0f s"
                 % (len(sample), loop, per_item, n, loop_scaled))


def figure_throttle(emu, ans, p, rep):
    """3. Sustained rate under the emulator's throttling."""
    n, qps = p["throttle_domains"], p["throttle_qps"]
    domains = emu.reset("bulk:%d:0" % n, throttle_qps=qps)
    since = emu.control("GET", "stats")["calls"]
    wall, result, rc = ans.playbook(contacts_task(emu, "        concurrency: %d\n        fail_on_error: false\n"
                                                  % p["concurrency"]), {"domains": domains})
    calls = emu.calls(since)
    ok = [c for c in calls if c["status"] == 200]
    throttled = [c for c in calls if c["code"] == "Throttling.User"]
    span = (ok[-1]["time"] - ok[0]["time"]) if len(ok) > 1 else None
    rate = (len(ok) - 1) / span if span else None
    totals = (result or {}).get("totals") or {}
    failed = totals.get("failed")
    # rate per second of the run, to see the saw-tooth
    per_second = {}
    for c in ok:
        sec = int(c["time"] - ok[0]["time"])
        per_second[sec] = per_second.get(sec, 0) + 1
    rep.details["throttle"] = {"domains": n, "throttle_qps": qps, "wall": wall, "rc": rc, "ok_calls": len(ok),
                               "throttled_calls": len(throttled), "span": span, "rate": rate, "totals": totals,
                               "per_second": [per_second.get(s, 0) for s in range(max(per_second) + 1)]
                               if per_second else []}
    rep.add("3a", "sustained rate at --throttle-qps %g" % qps, ">= 0.9 x %g = %g /s" % (qps, 0.9 * qps), rate, "/s",
            0.9 * qps, higher_is_better=True,
            note="%d answered calls over %.1f s (first to last), %d throttled answers"
                 % (len(ok), span or 0, len(throttled)))
    rep.add("3b", "failed domains under throttling", "0", failed, "", 0,
            note="totals: %s" % json.dumps(totals, sort_keys=True))
    rep.figures[-1]["ratio"] = None
    rep.figures[-1]["met"] = failed == 0 and rc == 0


def figure_client(emu, ans, p, rep, python):
    """4. Client cost against the official SDK, and the emulator's own latency."""
    domains = emu.reset("bulk:1000:0", latency_ms=0)
    dfile = os.path.join(ans.workdir, "client-domains.json")
    with open(dfile, "w") as handle:
        json.dump({"domains": domains}, handle)
    cmd = [python, os.path.join(HERE, "clientcost.py"), "--port", str(emu.port), "--calls", str(p["client_calls"]),
           "--domains-file", dfile, "--import-runs", str(p["import_runs"])]
    out = json.loads(subprocess.run(cmd, env=ans.env, check=True, capture_output=True, text=True).stdout)
    emu.control("PUT", "config", {"latency_ms": LATENCY_MS})
    check = json.loads(subprocess.run(cmd + ["--latency-check", "100"], env=ans.env, check=True,
                                      capture_output=True, text=True).stdout)
    out["latency_check_wall_per_call"] = check["ours_wall_per_call"]
    rep.details["client"] = out
    rep.add("4a", "import time: ours / SDK", "<= 0.5", out["ours_import"] / out["sdk_import"], "", 0.5,
            note="fastest of %d fresh interpreters: ours %.1f ms (client module, requests included), SDK %.1f ms"
                 % (len(out["ours_import_runs"]), out["ours_import"] * 1e3, out["sdk_import"] * 1e3))
    rep.add("4b", "CPU per call: ours / SDK", "<= 0.8", out["ours_cpu_per_call"] / out["sdk_cpu_per_call"], "", 0.8,
            note="%d sequential QueryContactInfo, no latency: ours %.3f ms CPU (%.3f ms wall), SDK %.3f ms CPU "
                 "(%.3f ms wall)" % (out["calls"], out["ours_cpu_per_call"] * 1e3, out["ours_wall_per_call"] * 1e3,
                                     out["sdk_cpu_per_call"] * 1e3, out["sdk_wall_per_call"] * 1e3)
            + "; the same signed calls sent straight through urllib3 (what requests rests on): %.3f ms CPU, over "
              "http.client: %.3f ms CPU" % (out["urllib3_cpu_per_call"] * 1e3, out["http_client_cpu_per_call"] * 1e3)
            + "; our CPU by package (cProfile, ms/call): "
            + ", ".join("%s %.3f" % kv for kv in list(out["ours_profile_ms_per_call"].items())[:6]))
    rep.add("L1", "loopback call, signed (our client, 0 ms injected)", "about 1 ms", out["ours_wall_per_call"] * 1e3,
            "ms", 1.5, note="unsigned control call over http.client: %.3f ms" % (out["raw_loopback_per_call"] * 1e3))
    own = (out["latency_check_wall_per_call"] * 1e3) - LATENCY_MS
    rep.add("L2", "a call at %g ms injected, above %g ms" % (LATENCY_MS, LATENCY_MS), "(information)", own, "ms",
            None, note="100 sequential calls at %g ms injected: %.2f ms each (includes L1 and the wake-up of "
                       "client and server after an idle sleep; the official SDK sees the same)"
                       % (LATENCY_MS, out["latency_check_wall_per_call"] * 1e3))


def figure_adhoc(emu, ans, p, rep):
    """5. One ad-hoc contact run on an unchanged domain against an ad-hoc ping."""
    domains = emu.reset("bulk:10:0")
    args = ("domain_name=%s registrant_profile_id=%d endpoint=%s access_key_id=%s access_key_secret=%s"
            % (domains[0], PROFILE_ID, emu.url, AK, SECRET))
    pings, contacts = [], []
    for _dummy in range(p["adhoc_runs"]):  # interleaved, so that both see the same machine
        pings.append(ans.adhoc("ansible.builtin.ping")[0])
        contacts.append(ans.adhoc("alicloud.domain.contact", args)[0])
    ping, contact = statistics.median(pings), statistics.median(contacts)
    rep.details["adhoc"] = {"ping": pings, "contact": contacts}
    rep.add("5", "ad-hoc contact (unchanged) / ad-hoc ping", "<= 1.3", contact / ping, "", 1.3,
            note="median of %d: contact %.2f s, ping %.2f s (2 API calls at %g ms)"
                 % (len(pings), contact, ping, LATENCY_MS))


WRAPPER = """#!%(python)s
# runs the real interpreter and records the peak RSS of that process tree (KiB) in %(log)s
import os, resource, subprocess, sys
rc = subprocess.call([%(python)r] + sys.argv[1:])
with open(%(log)r, "a") as handle:
    handle.write("%%d %%s\\n" %% (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, " ".join(sys.argv[1:])[:200]))
sys.exit(rc)
"""


def figure_memory(emu, ans, p, rep):
    """6. Peak resident memory of the module process over a big account."""
    n = p["memory_domains"]
    domains = emu.reset("bulk:%d:0" % n, latency_ms=0)
    log = os.path.join(ans.workdir, "maxrss.log")
    wrapper = os.path.join(ans.workdir, "python-maxrss")
    with open(wrapper, "w") as handle:
        handle.write(WRAPPER % {"python": ans.python, "log": log})
    os.chmod(wrapper, 0o755)
    since = emu.control("GET", "stats")["calls"]
    wall, result, rc = ans.playbook(contacts_task(emu, "        concurrency: %d\n      check_mode: true\n"
                                                  % p["concurrency"]), {"domains": domains}, interpreter=wrapper)
    calls = len(emu.calls(since))
    with open(log) as handle:
        rss = [int(line.split()[0]) for line in handle if line.strip()]
    peak = max(rss) / 1024.0 if rss else None
    rep.details["memory"] = {"domains": n, "wall": wall, "rc": rc, "calls": calls, "module_maxrss_kib": rss,
                             "totals": (result or {}).get("totals")}
    rep.add("6", "peak RSS of the module over %d domains" % n, "< 200 MB", peak, "MB", 200.0,
            note="check mode, all correct, %d API calls in %.1f s (0 ms injected)" % (calls, wall))


FIGURES = {1: figure_calls, 2: figure_throughput, 3: figure_throttle, 4: figure_client, 5: figure_adhoc,
           6: figure_memory}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    ap.add_argument("--json", default=os.path.join(HERE, "results", "latest.json"), help="where to write the JSON")
    ap.add_argument("--python", default=default_python(),
                    help="interpreter with ansible-core, requests and the official SDK (default /tmp/dev/bin/python)")
    ap.add_argument("--only", default="", help="comma-separated figure numbers (default: all)")
    ap.add_argument("--keep", action="store_true", help="keep the work directory (playbooks, results)")
    args = ap.parse_args(argv)
    p = dict(QUICK if args.quick else FULL)
    only = [int(x) for x in args.only.split(",") if x] or sorted(FIGURES)
    workdir = tempfile.mkdtemp(prefix="alicloud-domain-bench-")
    emu = Emulator(args.python, workdir, "bulk:10:0", LATENCY_MS)
    ans = Ansible(args.python, workdir)
    rep = Report()
    started = time.time()
    try:
        for fid in only:
            t = time.time()
            sys.stderr.write("figure %d ... " % fid)
            sys.stderr.flush()
            if fid == 4:
                figure_client(emu, ans, p, rep, args.python)
            else:
                FIGURES[fid](emu, ans, p, rep)
            sys.stderr.write("%.1f s\n" % (time.time() - t))
    finally:
        emu.stop()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            sys.stderr.write("work directory kept: %s\n" % workdir)
    print(rep.table())
    out = {"meta": {"quick": args.quick, "python": args.python, "params": p, "latency_ms": LATENCY_MS,
                    "started": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started)),
                    "seconds": time.time() - started, "cpus": os.cpu_count(),
                    "commit": subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
                                             capture_output=True, text=True, check=False).stdout.strip()},
           "figures": rep.figures, "details": rep.details}
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w") as handle:
        json.dump(out, handle, indent=2)
    print("\nJSON: %s" % args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
