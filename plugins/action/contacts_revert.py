# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The contacts_revert action: the contacts action (progress lines while the module runs), for a revert."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.alicloud.domain.plugins.action.contacts import ActionModule as ContactsAction
from ansible_collections.alicloud.domain.plugins.module_utils._revert import taken_plan


class ActionModule(ContactsAction):
    """Prints the revert's counts (contacts classified, to go back, submitted, done, failed) every
    ``progress_interval`` seconds; see ``contacts.py`` beside this file for when and why. Of a plan given with
    ``plan_from`` it hands the module only the rows and the keys the revert reads (``_revert.taken_plan``)."""

    plan_taken = staticmethod(taken_plan)
