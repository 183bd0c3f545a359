#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: run_lock
short_description: Keep two runs on one controller from changing the same account's domains at once
version_added: 0.1.0
description:
  - Takes (O(state=acquired)) or releases (O(state=released)) a lock file on the Ansible controller for one
    Alibaba Cloud account and endpoint, so that two plays started at the same time on the same controller do not
    plan against each other's changes and submit the same change twice.
  - The lock belongs to the C(ansible-playbook) (or C(ansible)) process that runs the task. A second run finds
    it held and waits up to O(timeout) seconds for it to be released, then fails with a message that names the
    holder (its process id, host and since when) and the lock file. With the default O(timeout=0) it fails at
    once.
  - A lock whose process is gone (killed, crashed, the machine restarted) is taken over by the next run, with a
    warning. A lock written by another host (a shared home directory) is never taken over; remove it by hand.
  - The account is named the way the options and the environment name it, in the credential chain's order
    (the access key id, else the ECS RAM role, else the profile, plus the role to assume), together with the
    endpoint. The file name is a SHA-256 of those; neither the access key id nor any secret is written to the file.
    Two runs that name one account differently (for example by access key id and by a profile holding the same
    key) are not recognised as the same account.
  - Taking the lock again in the same run (another host of the same play, or the same host twice) is allowed;
    the file goes when every host that took it has released it.
  - This is an action plugin; it runs on the controller whatever the task's host, and never calls the API. It
    accepts the shared options of the collection, so C(module_defaults) for C(group/alicloud.domain.all) apply; only
    those that name the account and the endpoint are used.
author:
  - alicloud.domain contributors (@alicloud-domain)
extends_documentation_fragment:
  - alicloud.domain.common
options:
  state:
    description:
      - V(acquired) takes the lock (waiting up to O(timeout) seconds), V(released) releases it.
      - Releasing a lock that another run holds leaves it alone, with a warning.
    type: str
    choices: [acquired, released]
    default: acquired
  timeout:
    description:
      - Seconds to wait for another run to release the lock, between 0 and 86400. V(0) fails at once.
    type: int
    default: 0
  lock_dir:
    description:
      - Directory of the lock files on the controller, created with mode C(0700) when missing.
    type: path
    default: ~/.ansible/alicloud.domain/locks
attributes:
  action:
    description: Runs on the controller as an action plugin.
    support: full
  async:
    description: Cannot run asynchronously.
    support: none
  check_mode:
    description:
      - In check mode nothing is written and nothing is waited for. The module reports whether the lock could be
        taken now, and warns (without failing) when another run holds it, because a check-mode plan changes
        nothing and need not wait; the plan may be overtaken by that run.
    support: full
  diff_mode:
    description: There is nothing to show as a diff.
    support: none
  action_group:
    description: Use C(group/alicloud.domain.all) in C(module_defaults) to set the shared options once.
    support: full
    membership:
      - alicloud.domain.all
  platform:
    description: The controller must be a POSIX system (the lock uses C(flock)).
    support: full
    platforms: posix
notes:
  - The owner's process id and start time (from C(/proc) on Linux) tell a live owner from a dead one; elsewhere
    only the process id is checked.
  - Release the lock in an C(always) section, so that a failed run releases it too. The
    M(alicloud.domain.contacts) writes still check for a change in flight right before each write; the lock
    keeps whole runs apart on one controller, not runs on different machines.
seealso:
  - module: alicloud.domain.contacts
    description: The bulk contact change the lock protects.
'''

EXAMPLES = r'''
- name: Move contacts with no other run on this account at the same time
  module_defaults:
    group/alicloud.domain.all:
      access_key_id: "{{ vault_alicloud_access_key_id }}"
      access_key_secret: "{{ vault_alicloud_access_key_secret }}"
  block:
    - name: Take the lock (wait up to 10 minutes for another run)
      alicloud.domain.run_lock:
        timeout: 600

    - name: Change the contacts
      alicloud.domain.contacts:
        domains: [example.com, example.net]
        registrant_profile_id: 18100001
  always:
    - name: Release the lock
      alicloud.domain.run_lock:
        state: released
'''

RETURN = r'''
outcome:
  description:
    - V(acquired), V(taken_over) (from a run whose process is gone), V(joined) (this run held it for other hosts;
      this host now holds it too, and releases its hold with O(state=released)), V(reentered) (this host already
      held it; release it where it was taken),
      V(held) (another run holds it), V(released), V(still_held) (other hosts of this run still hold it),
      V(not_held) or V(held_by_other).
  returned: always
  type: str
  sample: acquired
lock_file:
  description: Path of the lock file on the controller.
  returned: always
  type: str
  sample: /home/user/.ansible/alicloud.domain/locks/5d41402abc4b2a76b9719d911017c592.lock
key:
  description: The lock's key, a SHA-256 (shortened) of the account as named and the endpoint.
  returned: always
  type: str
  sample: 5d41402abc4b2a76b9719d911017c592
endpoint:
  description: The endpoint the lock is for, normalised (scheme and host, no user name or password).
  returned: always
  type: str
  sample: https://domain.aliyuncs.com
holder:
  description: Who holds the lock (process id, host, since when), with O(state=acquired).
  returned: when O(state=acquired)
  type: str
  sample: process 4242 on controller1 since 2026-12-02 16:00:00 UTC
waited:
  description: Whether the run waited for another run's lock.
  returned: when O(state=acquired)
  type: bool
'''
