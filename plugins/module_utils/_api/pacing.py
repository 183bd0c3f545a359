# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pacing of requests: the backoff between attempts of one request, and the rate shared by every request."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import random
import threading
import time


class Backoff:
    """Full-jitter exponential backoff: ``uniform(0, min(cap, base * 2**attempt))``."""

    def __init__(self, base=0.2, cap=20.0, throttle_base=1.0, rng=None):
        self.base, self.cap, self.throttle_base = base, cap, throttle_base
        self.rng = rng or random.Random()

    def delay(self, attempt, throttled=False, retry_after=None):
        if retry_after:
            return min(self.cap, float(retry_after))
        base = self.throttle_base if throttled else self.base
        return self.rng.uniform(base / 2.0, min(self.cap, base * (2 ** attempt)))


def _rate_over(times, now, window=2.0, min_span=0.0):
    """Events per second among ``times`` of the last ``window`` seconds; None when too few to tell."""
    recent = [t for t in times if now - window < t <= now]
    span = now - recent[0] if recent else 0.0
    return len(recent) / span if len(recent) > 1 and span > 0 and span >= min_span else None


class RateLimiter:
    """A request pacer shared by threads: a ceiling (``max_rate``) and a pause after throttling.

    Throttling halves the current rate (from the observed rate when no ceiling is set), but not below
    nine tenths of the rate that was getting through (answered successfully over the last two seconds),
    and every success adds back a little of it, so a bulk run settles just under what the API allows.
    The first time a limit is hit every request waits out a short pause (at most ``max_pause`` seconds,
    unless the server named a retry-after time), not the growing backoff of whichever request saw the
    limit; once the rate that gets through is known, the cut alone is enough (a pause would leave the
    service's allowance unused), and near the highest such rate the increase is ten times slower. A stray throttling
    answer among many successes (under ``sparse_share`` of the last ``window_answers`` answers) is not
    a rate limit being hit: only the request that got it backs off.
    """

    window_answers = 50
    sparse_share = 0.2
    max_pause = 1.0
    slow_climb_from = 50.0  # requests a second

    def __init__(self, max_rate=None, clock=time.monotonic, sleep=time.sleep):
        self.ceiling = float(max_rate) if max_rate else None
        self.rate = self.ceiling
        self.clock, self.sleep = clock, sleep
        self.lock = threading.Lock()
        self.next_slot = 0.0
        self.paused_until = 0.0
        self.sent = collections.deque(maxlen=64)  # send times of recent requests
        self.delivered = collections.deque(maxlen=256)  # times of recent successful answers
        self.answers = collections.deque(maxlen=self.window_answers)  # True: throttled
        self.limit_seen = None  # the rate that was getting through when a limit was last hit

    def acquire(self):
        with self.lock:
            now = self.clock()
            start = max(now, self.next_slot, self.paused_until)
            if self.rate:
                self.next_slot = start + 1.0 / self.rate
            self.sent.append(start)
        wait = start - now
        if wait > 0:
            self.sleep(wait)

    def throttled(self, pause, retry_after=False):
        """Slow every request down (and return True), or return False for a stray throttling answer:
        then only its own request backs off. ``retry_after``: ``pause`` is the server's, kept in full."""
        with self.lock:
            self.answers.append(True)
            if sum(self.answers) < self.sparse_share * max(len(self.answers), self.window_answers // 2):
                return False
            now = self.clock()
            if now < self.paused_until:
                # the other requests that were in flight when the first throttling answer came: one slow-down
                # per episode, not one halving per worker thread
                return True
            current = self.rate or _rate_over(self.sent, now) or 10.0
            getting_through = _rate_over(self.delivered, now, min_span=0.5) or 0.0
            self.rate = max(0.5, current / 2.0, min(current, 0.9 * getting_through))
            if not retry_after:
                pause = min(pause, self.max_pause) if self.limit_seen is None or not getting_through else 0.0
            # the highest rate seen getting through at a limit: an episode while little was asked of the service (a
            # few polls between two steps) says nothing of its limit, and must not make the climb back ten times slower
            self.limit_seen = max(self.limit_seen or 0.0, getting_through) or None
            self.paused_until = max(self.paused_until, now + pause)
            return True

    def admitted(self):
        """An answer that got through the service's limit but is no success (a 5xx, an error of the request): it
        counts in the rate getting through, so that a cut keeps nine tenths of what the limit let through, and
        among the answers that are not throttling; it earns no increase."""
        with self.lock:
            self._got_through()

    def _got_through(self):
        self.answers.append(False)
        self.delivered.append(self.clock())

    def succeeded(self):
        with self.lock:
            self._got_through()
            if self.rate is None:
                return
            limit = self.ceiling or float("inf")
            if self.rate < limit:
                # just under the limit seen: ten times slower, so that a high rate does not overshoot it at once (a
                # low rate climbs slowly anyway: +0.1 per success is a few a second); well above it, it no longer holds
                near = self.limit_seen is not None and self.rate >= self.slow_climb_from and \
                    0.9 * self.limit_seen <= self.rate <= 1.1 * self.limit_seen
                self.rate = min(limit, self.rate + (0.01 if near else 0.1))
                if self.ceiling is None and self.rate > 1000:
                    self.rate = None
