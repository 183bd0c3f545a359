"""The call floor of a run: the API calls it cannot do without, and how far a run's calls are above it (issue 13).

floor = one QueryContactInfo per (domain, contact type) read by the plan (or the run)
      + one QueryDomainByDomainName per domain that differs (the in-flight check, shared by its contact types)
      + the writes (one per batch task per contact type, or one per contact with batch_size 1)
      + the polls of the wait schedule (per task: TaskWaiter's polls - at once, then poll_interval growing x1.5 up to
        15 s - until a task of task_seconds is final)
      + one verification QueryContactInfo per changed contact
      + one QueryRegistrantProfiles per module run, and the QueryDomainList pages of a listing.

A faulted call (the emulator's call log marks it: throttle, 503, drop_after ...) is counted apart: its retry (or the
reads that settle a write whose answer was lost) is what it costs. So a run prints calls / floor, the same without the
faulted calls, and its extra calls (calls - floor) per fault injected.
"""

import math
from collections import Counter

PAGE_SIZE = 500  # _domain_list.MAX_PAGE_SIZE, the listing's page
MAX_INTERVAL = 15.0  # TaskWaiter.max_interval


def polls_per_task(task_seconds, interval, max_interval=MAX_INTERVAL):
    """TaskWaiter's polls (first at once, then ``interval`` growing x1.5 up to 15 s) until a task is final."""
    polls, elapsed, delay = 1, 0.0, interval
    while elapsed < task_seconds:
        elapsed += delay
        delay = min(max_interval, delay * 1.5)
        polls += 1
    return polls


def kind(action):
    return "Save*" if (action or "").startswith("Save") else (action or "?")


def role_floor(rows, contact_types, batch_size, polls_each, module_runs=3, pages=0, verify=True, locks=0):
    """The floor of one run of the registrant_change role from its report rows (plan, apply, verify).

    ``locks``: the domains whose update prohibition lock the run lifts and restores (issue 16); see lock_floor.
    """
    to_change = [r for r in rows if r.get("outcome") not in ("already_correct", "blocked")]
    # the domains that differ, blocked ones included: each is read once (that read is what blocks it)
    differing = set(r["domain"] for r in rows if r.get("outcome") != "already_correct")
    writes = 0
    for ctype in contact_types:
        count = sum(1 for r in to_change if r["contact_type"] == ctype)
        writes += int(math.ceil(count / float(batch_size))) if count else 0
    changed = sum(1 for r in to_change if r.get("outcome") == "changed") if verify else 0
    return add({"QueryContactInfo": len(rows) + changed, "QueryDomainByDomainName": len(differing),
                "Save*": writes, "QueryTaskDetailList": writes * polls_each, "QueryRegistrantProfiles": module_runs,
                "QueryDomainList": pages}, lock_floor(locks, batch_size, polls_each))


def lock_floor(domains, batch_size, polls_each):
    """The calls of lifting the update lock of ``domains`` domains and restoring it (two domain_lock runs), and of the
    apply reading each such domain again once it is unlocked.

    Per domain_lock run: one QueryDomainByDomainName per domain before the write and one to read it back after the
    task, one QueryTaskList (the lock tasks still running), one write per batch and the polls of its task.
    """
    if not domains:
        return {}
    batches = int(math.ceil(domains / float(batch_size)))
    return {"QueryDomainByDomainName": 2 * 2 * domains + domains, "QueryTaskList": 2, "Save*": 2 * batches,
            "QueryTaskDetailList": 2 * batches * polls_each}


def listing_pages(domains, page_size=PAGE_SIZE):
    return max(1, int(math.ceil(domains / float(page_size))))


def add(*parts):
    out = Counter()
    for part in parts:
        out.update(part)
    return dict(out)


def measure(calls, parts):
    """Calls against the floor ``parts`` ({action kind: calls}); faulted and throttled calls counted apart."""
    floor = sum(parts.values())
    by, faulted_by = Counter(), Counter()
    throttled = 0
    for call in calls:
        by[kind(call.get("action"))] += 1
        if call.get("fault"):
            faulted_by[kind(call.get("action"))] += 1
        elif call.get("code") == "Throttling.User":
            throttled += 1  # the emulator's rate limit (throttle_qps), not a random fault
    total, faulted = len(calls), sum(faulted_by.values())
    return {"calls": total, "floor": floor, "faulted": faulted, "throttled": throttled,
            "ratio": total / float(floor) if floor else None,
            "clean_ratio": (total - faulted - throttled) / float(floor) if floor else None,
            "extra": total - floor,
            "extra_per_fault": (total - floor) / float(faulted + throttled) if faulted + throttled else None,
            "by_action": dict((a, {"calls": by.get(a, 0), "faulted": faulted_by.get(a, 0), "floor": parts.get(a, 0)})
                              for a in sorted(set(by) | set(parts)))}


def text(m):
    """One line: calls / floor, faults apart, then per action 'calls (faulted f, floor n)'."""
    head = "%d calls / floor %d = %.3f; without the %d faulted%s: %.3f" % (
        m["calls"], m["floor"], m["ratio"] or 0, m["faulted"],
        " and %d throttled" % m["throttled"] if m["throttled"] else "", m["clean_ratio"] or 0)
    if m["extra_per_fault"] is not None:
        head += "; extra calls %d = %.2f x the faults" % (m["extra"], m["extra_per_fault"])
    per = "; ".join("%s %d (faulted %d, floor %d)" % (a, v["calls"], v["faulted"], v["floor"])
                    for a, v in m["by_action"].items())
    return head + " | " + per
