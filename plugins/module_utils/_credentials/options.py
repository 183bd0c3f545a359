# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Source 1: the module options ``access_key_id`` + ``access_key_secret`` (+ ``security_token``)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.alicloud.domain.plugins.module_utils._credentials.base import key_pair


class OptionsSource:
    name = "module options (access_key_id, access_key_secret, security_token)"

    def __init__(self, params):
        self.params = params

    def load(self, warnings):
        return key_pair("module options", self.params.get("access_key_id"), self.params.get("access_key_secret"),
                        self.params.get("security_token"))
