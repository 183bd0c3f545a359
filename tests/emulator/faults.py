"""Faults and throttling of the Domain API emulator: armed ``--fault`` specs and the ``--throttle-qps`` bucket."""

import fnmatch
import time

FAULT_KINDS = ("throttle", "500", "503", "slow", "drop_after", "reset_before", "malformed", "empty")


class Fault(object):
    def __init__(self, spec):
        parts = spec.split(":")
        if len(parts) not in (2, 3) or not parts[0] or parts[1] not in FAULT_KINDS:
            raise ValueError("fault spec wants ACTION_OR_*:KIND[:N_OR_PROB] with KIND in %s: %r"
                             % ("|".join(FAULT_KINDS), spec))
        self.spec = spec
        self.action = parts[0]
        self.kind = parts[1]
        self.remaining = None  # None: every matching call (unless prob)
        self.prob = None
        if len(parts) == 3 and parts[2] != "":
            text = parts[2]
            if "." in text:
                self.prob = float(text)
                if not 0.0 < self.prob <= 1.0:
                    raise ValueError("fault probability must be in (0, 1]: %r" % spec)
            else:
                self.remaining = int(text)
                if self.remaining < 0:
                    raise ValueError("fault count must be >= 0: %r" % spec)

    def matches(self, action):
        """``*`` is every action; ``Save*`` (any shell-style pattern) the actions it matches; else exactly."""
        if self.action == action or self.action == "*":
            return True
        return any(c in self.action for c in "*?[") and fnmatch.fnmatchcase(action or "", self.action)

    def to_json(self):
        return {"spec": self.spec, "action": self.action, "kind": self.kind, "remaining": self.remaining,
                "probability": self.prob}


class TokenBucket(object):
    def __init__(self, qps):
        self.qps = float(qps or 0)
        self.tokens = max(self.qps, 1.0)
        self.stamp = time.monotonic()

    def take(self):
        """True when the call may go on (call under the emulator's lock)."""
        if self.qps <= 0:
            return True
        now = time.monotonic()
        burst = max(self.qps, 1.0)
        self.tokens = min(burst, self.tokens + (now - self.stamp) * self.qps)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False
