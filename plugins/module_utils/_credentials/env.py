# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Source 2: the key variables of the environment, ``ALICLOUD_*`` (the Ansible convention), then
``ALIBABA_CLOUD_*`` (the SDK and CLI one).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.alicloud.domain.plugins.module_utils._credentials.base import first_env, key_pair


class EnvSource:
    def __init__(self, env, ids, secrets, tokens):
        self.env, self.ids, self.secrets, self.tokens = env, ids, secrets, tokens
        self.name = "environment (%s / %s)" % ("|".join(ids), "|".join(secrets))

    def load(self, warnings):
        return key_pair("environment variables %s" % "/".join(self.ids), first_env(self.env, self.ids),
                        first_env(self.env, self.secrets), first_env(self.env, self.tokens))


def ansible_env_source(env):
    return EnvSource(env, ("ALICLOUD_ACCESS_KEY", "ALICLOUD_ACCESS_KEY_ID"),
                     ("ALICLOUD_SECRET_KEY", "ALICLOUD_SECRET_ACCESS_KEY"), ("ALICLOUD_SECURITY_TOKEN",))


def sdk_env_source(env):
    return EnvSource(env, ("ALIBABA_CLOUD_ACCESS_KEY_ID",), ("ALIBABA_CLOUD_ACCESS_KEY_SECRET",),
                     ("ALIBABA_CLOUD_SECURITY_TOKEN",))
