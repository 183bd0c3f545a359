"""Registrant profile actions of the Domain API emulator."""

from state_model import (CONTACT_FIELDS, PROFILE_DEFAULTS, PROFILE_PAGE_MAX, REAL_NAME_STATUSES, fmt_time, illegal,
                         p_bool, p_int, p_str, page_of)


class ProfileActions(object):
    """Mixed into ``state.State``: runs under ``State.lock``, with ``self`` the state."""

    # ------------------------------------------------------------ profiles
    def _profile_view(self, prof):
        return {k: v for k, v in prof.items() if not k.startswith("_")}

    def a_query_registrant_profiles(self, params, now, ip):
        page_num = p_int(params, "PageNum", minimum=1) or 1
        page_size = p_int(params, "PageSize", minimum=1, maximum=PROFILE_PAGE_MAX) or 10
        pid = p_int(params, "RegistrantProfileId")
        default = p_bool(params, "DefaultRegistrantProfile")
        exact = {k: p_str(params, k) for k in ("RealNameStatus", "RegistrantProfileType", "RegistrantType")}
        contains = {k: p_str(params, k) for k in ("Email", "RegistrantOrganization", "ZhRegistrantOrganization",
                                                  "Remark")}
        if exact["RealNameStatus"] and exact["RealNameStatus"] not in REAL_NAME_STATUSES:
            raise illegal("RealNameStatus")
        items = []
        for prof in sorted(self.profiles.values(), key=lambda p: p["RegistrantProfileId"]):
            if pid is not None and prof["RegistrantProfileId"] != pid:
                continue
            if default is not None and bool(prof.get("DefaultRegistrantProfile")) != default:
                continue
            if any(v and str(prof.get(k)) != v for k, v in exact.items()):
                continue
            if any(v and v.lower() not in (prof.get(k) or "").lower() for k, v in contains.items()):
                continue
            items.append(self._profile_view(prof))
        rows, paging = page_of(items, page_num, page_size)
        paging["RegistrantProfiles"] = {"RegistrantProfile": rows}
        return paging

    def a_save_registrant_profile(self, params, now, ip):
        pid = p_int(params, "RegistrantProfileId")
        rtype = p_str(params, "RegistrantType")
        if rtype is not None and rtype not in ("1", "2"):
            raise illegal("RegistrantType", "Valid values: 1 (individual), 2 (enterprise).")
        ptype = p_str(params, "RegistrantProfileType")
        if ptype is not None and ptype not in ("common", "cnnic"):
            raise illegal("RegistrantProfileType")
        email = p_str(params, "Email")
        if email is not None and ("@" not in email or email.startswith("@") or email.endswith("@")):
            raise illegal("Email")
        default = p_bool(params, "DefaultRegistrantProfile")
        stamp = fmt_time(now)
        if pid is None:
            pid = self.next_profile_id
            self.next_profile_id += 1
            prof = dict(PROFILE_DEFAULTS)
            prof.update({"RegistrantProfileId": pid, "CreateTime": stamp})
            for f in CONTACT_FIELDS:
                prof[f] = ""
            self.profiles[pid] = prof
        else:
            prof = self.profiles.get(pid)
            if prof is None:
                raise illegal("RegistrantProfileId", "The registrant profile does not exist.")
        for f in CONTACT_FIELDS:
            if f in params:
                prof[f] = params[f]
        if rtype is not None:
            prof["RegistrantType"] = rtype
        if ptype is not None:
            prof["RegistrantProfileType"] = ptype
        if default is not None:
            if default:
                for other in self.profiles.values():
                    other["DefaultRegistrantProfile"] = False
            prof["DefaultRegistrantProfile"] = default
        prof["EmailVerificationStatus"] = 1 if self.email_verified(prof.get("Email")) else 0
        prof["UpdateTime"] = stamp
        self.dirty = True
        return {"RegistrantProfileId": pid}

    def a_delete_registrant_profile(self, params, now, ip):
        pid = p_int(params, "RegistrantProfileId", required=True)
        if pid not in self.profiles:
            raise illegal("RegistrantProfileId", "The registrant profile does not exist.")
        del self.profiles[pid]
        self.dirty = True
        return {}
