# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Registrant profiles: listing with filters (all pages), and ensuring one exists or is gone.

Read first, write at most once: a profile is found by its ID, or by its details (the 16 contact
fields compared with :func:`contact.differences`), before anything is created, updated or deleted.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.alicloud.domain.plugins.module_utils._contacts import contact as c
from ansible_collections.alicloud.domain.plugins.module_utils import _validation as v
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import AmbiguousWriteError, ConfigurationError

LIST_ACTION = "QueryRegistrantProfiles"
LIST_PATH = ("RegistrantProfiles", "RegistrantProfile")
SAVE_ACTION = "SaveRegistrantProfile"
DELETE_ACTION = "DeleteRegistrantProfile"
PAGE_SIZE = 500
REGISTRANT_TYPES = {"individual": "1", "enterprise": "2", "1": "1", "2": "2"}
REGISTRANT_TYPE_NAMES = {"1": "individual", "2": "enterprise"}
PROFILE_TYPES = ("common", "cnnic")
REAL_NAME_STATUSES = ("SUCCEED", "NONAUDIT", "AUDITING", "FAILED")
# snake_case option -> API field, for the 16 contact fields
FIELD_OPTIONS = dict((c.snake(f), f) for f in c.CONTACT_FIELDS)
# never in a result: the identity credential number of the real-name verification (CredentialType stays)
HIDDEN_FIELDS = ("RequestId", "CredentialNo", "IdentityCredentialNo", "IdentityCredential", "IdentityCredentialUrl")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DIGITS = re.compile(r"^[0-9]+$")


def registrant_type(value, option="registrant_type"):
    if value is None:
        return None
    key = str(value).strip().lower()
    if key not in REGISTRANT_TYPES:
        raise ConfigurationError("%s must be individual (1) or enterprise (2), not %r." % (option, value))
    return REGISTRANT_TYPES[key]


def profile_record(profile):
    """A profile as a snake_case dict, with ``registrant_type_name`` (individual/enterprise) added; without the
    identity credential number that QueryRegistrantProfiles returns (personal data, never in results)."""
    out = c.snake_dict(dict((k, val) for k, val in (profile or {}).items() if k not in HIDDEN_FIELDS))
    out["registrant_type_name"] = REGISTRANT_TYPE_NAMES.get(str(out.get("registrant_type")))
    return out


def list_params(registrant_profile_id=None, email=None, registrant_type_=None, registrant_profile_type=None,
                real_name_status=None, registrant_organization=None, zh_registrant_organization=None,
                default_registrant_profile=None, remark=None):
    """Validated QueryRegistrantProfiles filters (without paging)."""
    params = {}
    if registrant_profile_id is not None:
        params["RegistrantProfileId"] = v.positive_int(registrant_profile_id, "registrant_profile_id")
    if email:
        params["Email"] = email.strip()
    if registrant_type_ is not None:
        params["RegistrantType"] = registrant_type(registrant_type_)
    if registrant_profile_type is not None:
        if registrant_profile_type not in PROFILE_TYPES:
            raise ConfigurationError("registrant_profile_type must be common or cnnic, not %r."
                                     % registrant_profile_type)
        params["RegistrantProfileType"] = registrant_profile_type
    if real_name_status is not None:
        status = str(real_name_status).strip().upper()
        if status not in REAL_NAME_STATUSES:
            raise ConfigurationError("real_name_status must be one of %s, not %r."
                                     % (", ".join(REAL_NAME_STATUSES), real_name_status))
        params["RealNameStatus"] = status
    if registrant_organization:
        params["RegistrantOrganization"] = registrant_organization
    if zh_registrant_organization:
        params["ZhRegistrantOrganization"] = zh_registrant_organization
    if default_registrant_profile is not None:
        params["DefaultRegistrantProfile"] = bool(default_registrant_profile)
    if remark:
        params["Remark"] = remark
    return params


def iter_profiles(client, params, page_size=PAGE_SIZE):
    """The profiles ``params`` select, one page read at a time (each page let go once its profiles are taken)."""
    return client.paginate(LIST_ACTION, params, LIST_PATH, page_size=page_size)


def list_profiles(client, params, page_size=PAGE_SIZE):
    return list(iter_profiles(client, params, page_size))


class DesiredProfile:
    """What the user asked for: the contact fields given (``None`` = not managed) and the profile attributes."""

    def __init__(self, fields, registrant_type_=None, profile_type=None, default=None):
        self.fields = fields  # API field name -> str, only the fields given
        self.registrant_type = registrant_type_
        self.profile_type = profile_type
        self.default = default

    @classmethod
    def from_params(cls, params):
        fields = {}
        for option, api in FIELD_OPTIONS.items():
            value = params.get(option)
            if value is not None:
                fields[api] = str(value).strip()
        email = fields.get("Email")
        if email and not _EMAIL.match(email):
            raise ConfigurationError("email %r is not an e-mail address like name@example.com." % email)
        country = fields.get("Country")
        if country:
            if not re.match(r"^[A-Za-z]{2}$", country):
                raise ConfigurationError("country must be a two-letter ISO 3166 code such as CN or US, not %r."
                                         % country)
            fields["Country"] = country.upper()
        for option in ("tel_area", "telephone", "tel_ext"):
            value = fields.get(FIELD_OPTIONS[option])
            if value and not _DIGITS.match(value):
                raise ConfigurationError("%s must hold digits only, not %r." % (option, value))
        ptype = params.get("registrant_profile_type")
        if ptype is not None and ptype not in PROFILE_TYPES:
            raise ConfigurationError("registrant_profile_type must be common or cnnic, not %r." % ptype)
        return cls(fields, registrant_type(params.get("registrant_type")), ptype,
                   params.get("default_registrant_profile"))

    def target_of(self, current):
        """``current`` with the given fields applied: what the profile must hold afterwards."""
        target = c.contact_fields(current or {})
        target.update(self.fields)
        return target

    def differences(self, current):
        """snake_case names of what differs: contact fields, then type / default attributes."""
        diffs = [c.snake(f) for f in c.differences(current, self.target_of(current))]
        if self.registrant_type is not None and str(current.get("RegistrantType")) != self.registrant_type:
            diffs.append("registrant_type")
        if self.profile_type is not None and (current.get("RegistrantProfileType") or "common") != self.profile_type:
            diffs.append("registrant_profile_type")
        if self.default is not None and bool(current.get("DefaultRegistrantProfile")) != bool(self.default):
            diffs.append("default_registrant_profile")
        return diffs

    def matches(self, profile):
        """A profile matches when the details given (contact fields, types) are the same; the default flag may differ."""
        return not [d for d in self.differences(profile) if d != "default_registrant_profile"]

    def search_params(self):
        params = {}
        if self.fields.get("Email"):
            params["Email"] = self.fields["Email"]
        if self.registrant_type:
            params["RegistrantType"] = self.registrant_type
        if self.profile_type:
            params["RegistrantProfileType"] = self.profile_type
        return params

    def save_params(self, current=None):
        """Parameters of SaveRegistrantProfile: every contact field (current ones kept) and the attributes."""
        params = dict((k, val) for k, val in self.target_of(current).items())
        if current and current.get("RegistrantProfileId") is not None:
            params["RegistrantProfileId"] = int(current["RegistrantProfileId"])
        rtype = self.registrant_type or (current or {}).get("RegistrantType")
        if rtype:
            params["RegistrantType"] = str(rtype)
        ptype = self.profile_type or (current or {}).get("RegistrantProfileType")
        if ptype:
            params["RegistrantProfileType"] = ptype
        if self.default is not None:
            params["DefaultRegistrantProfile"] = bool(self.default)
        return params

    def as_profile(self, current=None):
        """The profile as it will be after the write (for check mode and diff), raw API names."""
        after = dict(current or {})
        after.update(self.target_of(current))
        if self.registrant_type:
            after["RegistrantType"] = self.registrant_type
        if self.profile_type:
            after["RegistrantProfileType"] = self.profile_type
        if self.default is not None:
            after["DefaultRegistrantProfile"] = bool(self.default)
        return after


def _order(profile):
    """Prefer the default profile, then the oldest (lowest ID)."""
    return (not profile.get("DefaultRegistrantProfile"), int(profile.get("RegistrantProfileId") or 0))


# what a revert needs of each profile listed: its details, its ID and what orders and verifies it
INDEX_KEYS = c.CONTACT_FIELDS + ("RegistrantProfileId", "DefaultRegistrantProfile", "RealNameStatus",
                                 "EmailVerificationStatus", "RegistrantType", "RegistrantProfileType")


def index_by_details(client, wanted=None):
    """Every profile of the account, listed once (pages of ``PAGE_SIZE``), by the fingerprint of its 16 contact
    fields (``contact.contact_digest``: equal exactly when they are equal after normalisation): the best match of
    each (the default profile, then the lowest ID), as :func:`find_matching` orders them. For many lookups at once (a
    revert of thousands of contacts), instead of one search each. Each page is let go once read and only
    ``INDEX_KEYS`` of a profile are kept: an account of 30,000 profiles held about 90 MB as listed. With ``wanted``
    (a set of fingerprints) only the profiles that hold one of them are kept."""
    index = {}
    for profile in iter_profiles(client, {}):
        key = c.contact_digest(profile)
        if wanted is not None and key not in wanted:
            continue
        best = index.get(key)
        if best is None or _order(profile) < _order(best):
            index[key] = trimmed(profile)
    return index


def trimmed(profile):
    """Only ``INDEX_KEYS`` of a profile (its details, its ID, what orders and verifies it): for profiles held by
    the thousand."""
    return dict((k, profile[k]) for k in INDEX_KEYS if k in profile)


def find_matching(client, desired):
    """Every profile whose details match ``desired``, best first (the default profile, then the lowest ID).

    The search (by e-mail) is read page by page and only the matches are kept: an address shared by thousands of
    profiles (a company's admin contact; a revert creates a holder for each old contact) is not held as one list,
    once for each search running side by side."""
    return sorted((p for p in iter_profiles(client, desired.search_params()) if desired.matches(p)), key=_order)


def diff_view(profile):
    if not profile:
        return {}
    keep = set(c.CONTACT_FIELDS) | set(("RegistrantType", "RegistrantProfileType", "DefaultRegistrantProfile",
                                        "RegistrantProfileId"))
    return c.snake_dict(dict((k, val) for k, val in profile.items() if k in keep))


class ProfileResult:
    """Builds the module result for one profile."""

    @staticmethod
    def build(changed, status, profile, before=None, after=None, diff=False, differences=None, **extra):
        out = dict(changed=changed, status=status, differences=differences or [])
        profile = profile or {}
        out["registrant_profile_id"] = profile.get("RegistrantProfileId")
        out["real_name_status"] = profile.get("RealNameStatus")
        out["email_verification_status"] = profile.get("EmailVerificationStatus")
        out["profile"] = profile_record(profile) if profile else {}
        if diff:
            out["diff"] = {"before": diff_view(before), "after": diff_view(after)}
        out.update(extra)
        return out


def create(client, desired, attempts=1, read_back=True, settle=True):
    """Create the profile ``desired``: ``(profile, found_after_lost_answer, request_id)``.

    A lost answer (``AmbiguousWriteError``: no answer, a 5xx) may hide a create that was carried out: the profiles
    are searched before anything else. By default nothing is sent again (a profile the user asked for is never
    created twice, even if the search lagged behind the create); with ``attempts`` > 1 the create is sent again
    when none matches, at most ``attempts`` sends in all (the revert's holders of old details, where a second
    identical profile is harmless and a failed revert is not). ``read_back``: read the new profile (its statuses);
    else the profile as sent, with its ID. ``settle`` False: a lost answer is raised at once, for the caller to
    settle (the revert settles all its lost creates with one listing of the account).
    """
    for attempt in range(1, attempts + 1):
        try:
            answer = client.call(SAVE_ACTION, desired.save_params())
        except AmbiguousWriteError:
            if not settle:
                raise
            found = find_matching(client, desired)
            if found:
                return found[0], True, None
            if attempt == attempts:
                raise
            continue
        new_id = answer.get("RegistrantProfileId")
        created = c.find_profile(client, new_id) if new_id is not None and read_back else None
        return created or dict(desired.as_profile(), RegistrantProfileId=new_id), False, answer.get("RequestId")


def ensure_present(client, desired, profile_id=None, check_mode=False, diff=False):
    matched = []
    if profile_id is not None:
        current = c.find_profile(client, profile_id)
        if current is None:
            raise ConfigurationError("Registrant profile %s does not exist in this account; leave out "
                                     "registrant_profile_id to create one, or list the profiles with "
                                     "alicloud.domain.registrant_profile_info." % profile_id)
    else:
        if not desired.fields:
            raise ConfigurationError("Give registrant_profile_id, or the contact details (at least email, "
                                     "registrant_name and the address fields) of the profile to find or create.")
        matched = find_matching(client, desired)
        current = matched[0] if matched else None
    extra = {}
    if len(matched) > 1:
        extra["matched_profile_ids"] = [p.get("RegistrantProfileId") for p in matched]
    if current is None:
        after = desired.as_profile()
        if check_mode:
            return ProfileResult.build(True, "would_create", after, None, after, diff,
                                       sorted(c.snake(f) for f in desired.fields), **extra)
        created, found, request_id = create(client, desired)
        warnings = ["The answer to %s was lost; the profile was found created." % SAVE_ACTION] if found else []
        return ProfileResult.build(True, "created", created, None, created, diff,
                                   sorted(c.snake(f) for f in desired.fields), request_id=request_id,
                                   warnings=warnings, **extra)
    diffs = desired.differences(current)
    if not diffs:
        return ProfileResult.build(False, "unchanged", current, current, current, diff, [], **extra)
    after = desired.as_profile(current)
    if check_mode:
        return ProfileResult.build(True, "would_update", after, current, after, diff, diffs, **extra)
    answer = client.call(SAVE_ACTION, desired.save_params(current))
    updated = c.find_profile(client, current["RegistrantProfileId"]) or after
    return ProfileResult.build(True, "updated", updated, current, updated, diff, diffs,
                               request_id=answer.get("RequestId"), **extra)


def ensure_absent(client, desired, profile_id=None, check_mode=False, diff=False):
    if profile_id is not None:
        current = c.find_profile(client, profile_id)
    else:
        if not desired.fields:
            raise ConfigurationError("state=absent needs registrant_profile_id or contact details (such as email "
                                     "and registrant_name) that identify the profile to delete.")
        matched = find_matching(client, desired)
        if len(matched) > 1:
            raise ConfigurationError("%d registrant profiles match these details (IDs %s); name the one to delete "
                                     "with registrant_profile_id."
                                     % (len(matched), ", ".join(str(p.get("RegistrantProfileId")) for p in matched)))
        current = matched[0] if matched else None
    if current is None:
        return ProfileResult.build(False, "absent", None, None, None, diff, [])
    if check_mode:
        return ProfileResult.build(True, "would_delete", current, current, None, diff, [])
    answer = client.call(DELETE_ACTION, {"RegistrantProfileId": int(current["RegistrantProfileId"])})
    return ProfileResult.build(True, "deleted", current, current, None, diff, [], request_id=answer.get("RequestId"))
