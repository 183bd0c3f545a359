# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # The filters of QueryDomainList, as options (their argument spec: _domain_list.FILTER_SPEC)
    DOCUMENTATION = r'''
options:
  domain_name_filter:
    description:
      - List only domains whose name contains this text.
    type: str
  group_id:
    description:
      - List only domains of this domain group (C(DomainGroupId)).
    type: int
  tags:
    description:
      - List only domains carrying every one of these tags. A tag without O(tags[].value) matches any value.
    type: list
    elements: dict
    suboptions:
      key:
        description: Tag key.
        type: str
        required: true
      value:
        description: Tag value.
        type: str
  resource_group_id:
    description:
      - List only domains of this resource group.
    type: str
  auto_renew_enabled:
    description:
      - List only domains whose automatic renewal is on (V(true)) or off (V(false)).
    type: bool
  expiration_date_from:
    description:
      - List only domains expiring on or after this day (V(YYYY-MM-DD), UTC) or epoch millisecond.
    type: str
  expiration_date_to:
    description:
      - List only domains expiring on or before this day (V(YYYY-MM-DD), UTC, the whole day included) or epoch millisecond.
    type: str
  registration_date_from:
    description:
      - List only domains registered on or after this day (V(YYYY-MM-DD), UTC) or epoch millisecond.
    type: str
  registration_date_to:
    description:
      - List only domains registered on or before this day (V(YYYY-MM-DD), UTC, the whole day included) or epoch millisecond.
    type: str
  order_by:
    description:
      - Order the list by this date.
    type: str
    choices: [registration_date, expiration_date]
  order:
    description:
      - Order direction, with O(order_by).
    type: str
    choices: [asc, desc]
'''
