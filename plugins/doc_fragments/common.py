# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # Credentials, endpoint and transport options shared by every module
    DOCUMENTATION = r'''
options:
  access_key_id:
    description:
      - Alibaba Cloud access key ID.
      - "When not given, credentials come from the first of these, in order:
        O(ecs_role_name); O(profile);
        E(ALICLOUD_ACCESS_KEY) / E(ALICLOUD_ACCESS_KEY_ID) (with E(ALICLOUD_SECRET_KEY) / E(ALICLOUD_SECRET_ACCESS_KEY)
        and E(ALICLOUD_SECURITY_TOKEN)); E(ALIBABA_CLOUD_ACCESS_KEY_ID) (with E(ALIBABA_CLOUD_ACCESS_KEY_SECRET)
        and E(ALIBABA_CLOUD_SECURITY_TOKEN)); the ECS RAM role named by E(ALICLOUD_ECS_ROLE_NAME) or
        E(ALIBABA_CLOUD_ECS_METADATA); the profile named by E(ALICLOUD_PROFILE) or E(ALIBABA_CLOUD_PROFILE)
        in O(shared_credentials_file), else in the INI file E(ALIBABA_CLOUD_CREDENTIALS_FILE)
        (default V(~/.alibabacloud/credentials.ini)); the V(current) profile of O(shared_credentials_file);
        the V([default]) section of the INI file."
      - With O(assume_role_arn), the credentials found that way are only used to call STS C(AssumeRole),
        and the role's temporary key is used for the Domain API.
      - Giving an ID without its secret (or the reverse) is an error, never a silent fallback.
      - Error messages name the option, variable or file field that is wrong, never its value (a secret pasted
        into the wrong field is not printed).
    type: str
    aliases: [alicloud_access_key, access_key]
  access_key_secret:
    description:
      - Secret of O(access_key_id). Never logged, never returned.
    type: str
    aliases: [alicloud_secret_key, secret_key]
  security_token:
    description:
      - STS security token, for temporary credentials. Never logged, never returned.
    type: str
    aliases: [alicloud_security_token]
  profile:
    description:
      - Name of a profile in the aliyun CLI configuration file O(shared_credentials_file), or else of a section
        of the INI credentials file (E(ALIBABA_CLOUD_CREDENTIALS_FILE), default V(~/.alibabacloud/credentials.ini)).
        It must be in one of them.
      - CLI profiles of mode V(AK), V(StsToken), V(RamRoleArn) (C(access_key_id), C(access_key_secret),
        C(ram_role_arn), C(ram_session_name), C(expired_seconds), C(sts_region)) and V(EcsRamRole)
        (C(ram_role_name)) are supported; INI sections of type V(access_key), V(ram_role_arn)
        (C(access_key_id), C(access_key_secret), C(role_arn), C(role_session_name)) and V(ecs_ram_role)
        (C(role_name)).
      - An explicit O(profile) takes precedence over credentials in the environment.
    type: str
  shared_credentials_file:
    description:
      - Path of the aliyun CLI configuration file.
      - Defaults to E(ALICLOUD_SHARED_CREDENTIALS_FILE), then V(~/.aliyun/config.json).
      - This file and the INI credentials file are checked as OpenSSH checks C(authorized_keys) (StrictModes).
        Refused, with a message that names the problem, are a file (or a symbolic link, or the file it points
        to) owned by someone other than you or root, a file its group or other users can change, and a file
        in a directory, up to your home directory, that someone else owns or can change (a sticky directory
        such as C(/tmp) is fine). A file its group or other users can read gets a warning (V(chmod 600)).
    type: path
  assume_role_arn:
    description:
      - ARN of a RAM role to assume, such as V(acs:ram::123456789012:role/domain-admin).
      - The credentials found as described under O(access_key_id) sign an STS C(AssumeRole) call (API version
        2015-04-01, C(HMAC-SHA1) like the official SDK); the temporary access key, secret and security token it
        returns are used for the Domain API calls. They are masked in all output and never returned.
      - Defaults to E(ALICLOUD_ASSUME_ROLE_ARN), then E(ALIBABA_CLOUD_ROLE_ARN).
    type: str
    aliases: [alicloud_assume_role_arn]
  assume_role_session_name:
    description:
      - Session name of the assumed role (2 to 64 letters, digits and C(.@-_)), visible in ActionTrail.
      - Defaults to E(ALICLOUD_ASSUME_ROLE_SESSION_NAME), then E(ALIBABA_CLOUD_ROLE_SESSION_NAME),
        then V(ansible-alicloud-domain-<unix time>).
    type: str
    aliases: [alicloud_assume_role_session_name]
  assume_role_duration:
    description:
      - Lifetime in seconds of the assumed role's temporary credentials, between 900 and 3600.
      - Defaults to V(3600).
    type: int
  sts_endpoint:
    description:
      - STS endpoint for C(AssumeRole) (for O(assume_role_arn) and for role profiles).
      - A bare host name means HTTPS; a full URL such as V(http://127.0.0.1:8089) is used as given, plain HTTP
        only on loopback unless O(allow_http=true). A user name or password in it (V(user:password@host)) is
        refused.
      - The C(AssumeRole) call is bounded like a Domain API call (O(connect_timeout) + O(timeout) in all) and
        never goes through a proxy to a loopback endpoint.
      - Defaults to E(ALICLOUD_STS_ENDPOINT), then V(sts.<sts_region>.aliyuncs.com) for a CLI profile with
        C(sts_region), then V(sts.aliyuncs.com).
    type: str
  ecs_role_name:
    description:
      - Name of the RAM role attached to the ECS instance this runs on; its temporary credentials are read
        from the instance metadata service (IMDSv2 token first, IMDSv1 unless
        E(ALIBABA_CLOUD_IMDSV1_DISABLED=true); each call at most 2 seconds in all, 1 to connect; never through
        a proxy).
      - Defaults to E(ALICLOUD_ECS_ROLE_NAME), then E(ALIBABA_CLOUD_ECS_METADATA). The metadata service is only
        asked when a role is named (here, in the environment, or by a profile of mode V(EcsRamRole)), never probed.
      - The metadata service address is E(ALICLOUD_ECS_METADATA_ENDPOINT), default V(http://100.100.100.200).
    type: str
  endpoint:
    description:
      - Domain API endpoint. A bare host name means HTTPS.
      - Use V(domain.aliyuncs.com) for China site (aliyun.com) accounts and V(domain-intl.aliyuncs.com) for
        international site (alibabacloud.com) accounts.
      - A full URL such as V(http://127.0.0.1:8089) is used as given; that is how the local emulator is reached.
        A user name or password in it (V(user:password@host)) is refused; requests are signed with the access key.
      - Defaults to the environment variable E(ALICLOUD_DOMAIN_ENDPOINT), then V(domain.aliyuncs.com).
    type: str
  allow_http:
    description:
      - Allow a plain V(http://) endpoint on a host that is not loopback. Plain HTTP to loopback is always allowed.
    type: bool
    default: false
  signature_version:
    description:
      - How requests are signed. V(v3) is V(ACS3-HMAC-SHA256), the default of the official SDK;
        V(v1) is the older V(HMAC-SHA1) RPC signature.
    type: str
    choices: [v3, v1]
    default: v3
  validate_certs:
    description:
      - Verify the endpoint's TLS certificate. Turn off only for a test endpoint you trust.
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for an answer (read timeout), between 1 and 600.
      - One request, from connecting to the last byte of the answer, takes at most O(connect_timeout) + O(timeout)
        seconds in all, however slowly a server sends; the same holds for the STS C(AssumeRole) call.
    type: float
    default: 10
  connect_timeout:
    description:
      - Seconds to wait for the connection, between 1 and 120.
    type: float
    default: 5
  max_retries:
    description:
      - Retries, with jittered exponential backoff, of a read that met throttling, a 5xx answer or a
        connection problem, and of a write that was refused by throttling (0 to 20).
      - A write whose answer was lost is never sent again blindly; the domain is read again first.
    type: int
    default: 4
  lang:
    description:
      - Language of the API's messages.
    type: str
    choices: [en, zh]
  user_client_ip:
    description:
      - IP address of the end user on whose behalf the call is made (C(UserClientIp)), sent with every call.
    type: str
notes:
  - The modules talk to the Domain API with the Python library C(requests); the Alibaba Cloud SDK is not needed.
  - Proxies are taken from E(HTTPS_PROXY) / E(HTTP_PROXY) / E(NO_PROXY), but a loopback endpoint (the local
    emulator, a local STS) is never reached through a proxy.
  - Secrets read from the environment or from credentials files are masked in all output like no_log options.
requirements:
  - requests
'''

    ATTRIBUTES = r'''
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying the domains.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
  action_group:
    description: Use C(group/alicloud.domain.all) in C(module_defaults) to set the shared options once.
    support: full
    membership:
      - alicloud.domain.all
'''

    INFO_ATTRIBUTES = r'''
attributes:
  check_mode:
    description: This module changes nothing; it runs the same in check mode.
    support: full
    details:
      - This action does not modify state.
  diff_mode:
    description: This module changes nothing, so there is no diff.
    support: N/A
    details:
      - This action does not modify state.
  action_group:
    description: Use C(group/alicloud.domain.all) in C(module_defaults) to set the shared options once.
    support: full
    membership:
      - alicloud.domain.all
'''

    # Every module: a second run with the same arguments changes nothing
    IDEMPOTENT = r'''
attributes:
  idempotent:
    description:
      - When run twice in a row outside check mode, with the same arguments, the second run reports no change.
      - This assumes that nothing else has changed the domains, contacts or profiles in between.
    support: full
'''

    # Waiting for the asynchronous tasks of the Domain API
    WAIT = r'''
options:
  wait:
    description:
      - Wait until the tasks have finished (every detail succeeded or failed), polling C(QueryTaskDetailList).
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait with O(wait=true), between 1 and 86400.
    type: int
    default: 600
  poll_interval:
    description:
      - Seconds between the first polls with O(wait=true); later polls are spaced out up to 15 seconds.
    type: float
    default: 2
'''

    # a check-mode run's results handed to the apply by name (plugins/action/contacts.py, plugin_utils/_registered.py)
    PLAN_FROM = r'''
options:
  plan_from:
    description:
      - The name of the variable that the check-mode run of this module (the plan) was registered under, for
        example V(plan) for a run with C(register) V(plan). Its C(results) are taken as O(plan), read by this
        module's action plugin straight from the task's variables, and the same rules apply to them.
      - For a big plan. Given as O(plan) (C("{{ plan.results }}")), 20,000 rows first go through a template, which
        costs seconds and a copy of every row with ansible-core 2.19.
      - Mutually exclusive with O(plan). A name that holds no results of this module is refused before the module
        starts.
    type: str
'''

    # progress lines while a many-domain module runs (plugins/action/contacts.py, module_utils/_progress.py)
    PROGRESS = r'''
options:
  progress_interval:
    description:
      - Seconds between progress lines in the playbook output while the module runs, between 0 and 86400; V(0)
        prints none. A line holds counts only (contacts read, planned, submitted, done, failed), never a domain
        name, and reaches the terminal and an AWX job's output while the task runs.
      - Printed by this module's action plugin when the task runs on the controller (connection C(local), as
        with C(hosts) or C(delegate_to) set to C(localhost)), without C(async) and without C(become).
        Otherwise no line is printed and the module runs as any module does.
      - The default, 20 seconds, leaves room for the seconds the task takes to start and to end, so that the output
        is never silent for more than about 30 seconds.
    type: int
    default: 20
  progress_path:
    description:
      - A file on the host that runs the module where it keeps its counts (JSON, replaced atomically at most
        once a second, mode C(0600)), read by the action plugin for the progress lines.
      - The action plugin sets it when it prints progress lines. Set it yourself only to follow a run in another
        way, for example a task run with C(async).
    type: path
'''
