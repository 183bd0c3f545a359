# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""RateLimiter: halve once per throttling episode, estimate the rate from the real window, recover additively."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.alicloud.domain.plugins.module_utils._api.pacing import RateLimiter


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def test_throttling_halves_the_observed_rate_once_per_episode():
    clock = Clock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    for _dummy in range(64):  # 320 requests per second, no ceiling
        limiter.acquire()
        clock.now += 1 / 320.0
    for _dummy in range(8):  # the eight requests in flight all come back throttled
        limiter.throttled(0.5)
    assert 150 <= limiter.rate <= 170  # half of ~320, not 320 / 2**8, not half of a 2 s guess
    assert limiter.paused_until == clock.now + 0.5
    clock.now = limiter.paused_until
    limiter.throttled(0.5)  # a new episode after the pause halves again
    assert 75 <= limiter.rate <= 85


def test_ceiling_halves_and_recovers_additively():
    clock = Clock()
    limiter = RateLimiter(max_rate=40, clock=clock, sleep=clock.sleep)
    for _dummy in range(5):  # one episode: 5 throttling answers in a row
        limiter.throttled(1.0)
    assert limiter.rate == 20.0
    limiter.succeeded()
    assert abs(limiter.rate - 20.1) < 1e-9
    for _dummy in range(1000):
        limiter.succeeded()
    assert limiter.rate == 40.0


def test_a_stray_throttling_answer_among_successes_slows_only_its_own_request():
    clock = Clock()
    limiter = RateLimiter(max_rate=40, clock=clock, sleep=clock.sleep)
    for _dummy in range(30):
        limiter.succeeded()
    assert limiter.throttled(1.0) is False  # 1 of 31 answers: faults spread at random, not a rate limit
    assert limiter.rate == 40.0 and limiter.paused_until == 0.0
    for _dummy in range(10):  # then most answers are throttled: a limit is being hit
        limiter.throttled(1.0)
    assert limiter.rate == 20.0 and limiter.paused_until == clock.now + 1.0


def test_a_limit_being_hit_keeps_nine_tenths_of_what_got_through_and_pauses_briefly():
    clock = Clock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    limiter.rate = 75.0  # grown past the limit by additive increase
    for _dummy in range(100):  # 50 answers a second got through for the last two seconds
        limiter.acquire()
        limiter.succeeded()
        clock.now += 1 / 50.0
    for _dummy in range(30):  # then the share of throttled answers says a limit is being hit
        limiter.throttled(3.5)
    assert 44 <= limiter.rate <= 46  # 0.9 x 50, not 75 / 2
    assert limiter.paused_until == clock.now + RateLimiter.max_pause  # not the 3.5 s of one request's backoff


def test_a_servers_retry_after_is_kept_in_full():
    clock = Clock()
    limiter = RateLimiter(max_rate=40, clock=clock, sleep=clock.sleep)
    for _dummy in range(5):
        limiter.throttled(3.5, retry_after=True)
    assert limiter.paused_until == clock.now + 3.5


def test_once_the_rate_getting_through_is_known_a_limit_costs_a_cut_not_a_pause():
    """A pause after the first episode would leave the service's allowance unused; the cut alone slows down, and
    near the rate that got through the rate creeps up ten times slower."""
    clock = Clock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    limiter.rate = 250.0
    for _dummy in range(200):  # 200 answers a second got through
        limiter.acquire()
        limiter.succeeded()
        clock.now += 1 / 200.0
    for _dummy in range(30):
        limiter.throttled(0.8)
    assert 179 <= limiter.rate <= 181 and limiter.paused_until == clock.now + 0.8  # the first episode pauses
    clock.now = limiter.paused_until
    for _dummy in range(400):  # then 180 a second get through, for longer than the 2 s window
        limiter.succeeded()
        clock.now += 1 / 180.0
    rate = limiter.rate
    assert 183 < rate < 185  # +0.01 per success near the limit seen, not +0.1
    assert clock.now > limiter.paused_until  # the first pause is over: the next throttling answers are a new episode
    for _dummy in range(30):
        limiter.throttled(0.8)
    assert limiter.paused_until <= clock.now  # no pause once the rate getting through is known
    assert 160 <= limiter.rate <= 163  # nine tenths of the ~180 a second that got through


def test_a_limit_hit_while_little_was_asked_does_not_slow_the_climb_back():
    """An episode at 15 answers a second (a few polls between two steps), after 180 a second got through earlier,
    says nothing of the service's limit: the rate climbs back at the normal pace, not ten times slower."""
    clock = Clock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    limiter.rate = 250.0
    for _dummy in range(400):
        limiter.succeeded()
        clock.now += 1 / 180.0
    for _dummy in range(30):
        limiter.throttled(0.8)
    assert 160 <= limiter.limit_seen <= 200
    clock.now = limiter.paused_until + 5.0
    for _dummy in range(60):  # a quiet phase: 15 answers a second
        limiter.succeeded()
        clock.now += 1 / 15.0
    limiter.rate = 20.0
    for _dummy in range(30):
        limiter.throttled(0.8)
    assert 160 <= limiter.limit_seen <= 200  # the quiet episode did not lower it
    low = limiter.rate
    for _dummy in range(100):
        limiter.succeeded()
    assert limiter.rate >= low + 9.9  # +0.1 per success away from the limit seen


def test_a_low_limit_seen_by_a_new_process_does_not_hold_its_climb():
    """A module process starts with no limit known; its first episode at 15 answers a second (a few polls) must not
    make every later increase ten times slower: under 50 a second the climb is the normal one."""
    clock = Clock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    for _dummy in range(30):
        limiter.acquire()
        limiter.succeeded()
        clock.now += 1 / 15.0
    for _dummy in range(30):
        limiter.throttled(0.8)
    assert limiter.limit_seen < 20 and limiter.rate < 20
    low = limiter.rate
    for _dummy in range(100):
        limiter.succeeded()
    assert limiter.rate >= low + 9.9


def test_answers_that_got_through_the_limit_but_failed_count_in_what_got_through():
    """With one answer in ten a 5xx, the rate getting through is every answer the limit admitted, not only the
    successes: a cut keeps nine tenths of all of it (not 0.9 x 0.9)."""
    clock = Clock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    limiter.rate = 250.0
    for n in range(400):  # 200 answers a second, one in ten a 5xx
        limiter.acquire()
        (limiter.admitted if n % 10 == 0 else limiter.succeeded)()
        clock.now += 1 / 200.0
    for _dummy in range(30):
        limiter.throttled(0.8)
    assert 178 <= limiter.rate <= 182
