"""Domain actions of the Domain API emulator (QueryDomain*, QueryContactInfo)."""

import math

from state_model import (ApiError, LIST_PAGE_MAX, contact_type_param, illegal, norm_domain, p_bool, p_int, p_str,
                         p_tags, page_of, parse_time, strip_none)


class DomainActions(object):
    """Mixed into ``state.State``: runs under ``State.lock``, with ``self`` the state."""

    # ------------------------------------------------------------ domains
    def _domain_base(self, dom, now):
        reg = dom["contacts"]["registrant"]
        exp = parse_time(dom["ExpirationDate"])
        regd = parse_time(dom["RegistrationDate"])
        return {
            "DomainName": dom["DomainName"],
            "InstanceId": dom["InstanceId"],
            "DomainStatus": dom["DomainStatus"],
            "DomainType": dom["DomainType"],
            "DomainGroupId": dom.get("DomainGroupId"),
            "DomainGroupName": dom.get("DomainGroupName"),
            "ExpirationDate": dom["ExpirationDate"],
            "ExpirationDateLong": exp * 1000,
            "ExpirationCurrDateDiff": int(math.floor((exp - now) / 86400.0)),
            "ExpirationDateStatus": "1" if exp > now else "2",
            "RegistrationDate": dom["RegistrationDate"],
            "RegistrationDateLong": regd * 1000,
            "Premium": bool(dom.get("Premium")),
            "Remark": dom.get("Remark", ""),
            "ResourceGroupId": dom.get("ResourceGroupId"),
            "RegistrantType": dom.get("RegistrantType"),
            "_reg": reg,
        }

    def _domain_detail(self, dom, now, by_instance):
        view = self._domain_base(dom, now)
        reg = view.pop("_reg")
        view.update({
            "CnnicPrivacyServiceStatus": dom.get("CnnicPrivacyServiceStatus"),
            "DnsList": {"Dns": list(dom.get("DnsList") or [])},
            "DomainNameProxyService": bool(dom.get("DomainNameProxyService")),
            "DomainNameVerificationStatus": dom.get("DomainNameVerificationStatus"),
            "Email": reg.get("Email"),
            "EmailVerificationClientHold": bool(dom.get("EmailVerificationClientHold")),
            "EmailVerificationStatus": int(dom.get("EmailVerificationStatus") or 0),
            "PrivacyServiceStatus": dom.get("PrivacyServiceStatus"),
            "RealNameStatus": dom.get("RealNameStatus"),
            "RegistrantName": reg.get("RegistrantName"),
            "RegistrantOrganization": reg.get("RegistrantOrganization"),
            "ZhRegistrantName": reg.get("ZhRegistrantName"),
            "ZhRegistrantOrganization": reg.get("ZhRegistrantOrganization"),
            "RegistrantUpdatingStatus": "PENDING" if self.busy.get(dom["DomainName"]) else "NORMAL",
            "TransferOutStatus": dom.get("TransferOutStatus"),
            "TransferProhibitionLock": dom.get("TransferProhibitionLock"),
            "UpdateProhibitionLock": dom.get("UpdateProhibitionLock"),
            "UserId": dom.get("UserId"),
        })
        if by_instance:
            view["DomainLifecycleStatus"] = dom.get("DomainLifecycleStatus")
            view["Tag"] = {"Tag": [{"Key": t.get("Key"), "Value": t.get("Value")} for t in dom.get("Tag") or []]}
        else:
            view["Registrar"] = dom.get("Registrar")
            view["Tag"] = {"Tag": [{"Key": t.get("Key"), "Vaue": t.get("Value")} for t in dom.get("Tag") or []]}
        return strip_none(view)

    def a_query_domain_by_domain_name(self, params, now, ip):
        dom = self._domain(p_str(params, "DomainName", required=True))
        return self._domain_detail(dom, now, by_instance=False)

    def a_query_domain_by_instance_id(self, params, now, ip):
        iid = p_str(params, "InstanceId", required=True)
        name = self.by_instance.get(iid)
        if name is None or name not in self.domains:
            raise ApiError(400, "DomainNotExist", "The domain name does not exist.")
        return self._domain_detail(self.domains[name], now, by_instance=True)

    def a_query_domain_list(self, params, now, ip):
        page_num = p_int(params, "PageNum", required=True, minimum=1)
        page_size = p_int(params, "PageSize", required=True, minimum=1, maximum=LIST_PAGE_MAX)
        name_part = p_str(params, "DomainName")
        group = p_str(params, "DomainGroupId")
        tags = p_tags(params)
        bounds = {k: p_int(params, k) for k in ("StartExpirationDate", "EndExpirationDate",
                                                "StartRegistrationDate", "EndRegistrationDate")}
        order_key = p_str(params, "OrderKeyType")
        order_by = (p_str(params, "OrderByType") or "ASC").upper()
        if order_key is not None and order_key not in ("RegistrationDate", "ExpirationDate"):
            raise illegal("OrderKeyType")
        if order_by not in ("ASC", "DESC"):
            raise illegal("OrderByType")
        auto_renew = p_bool(params, "AutoRenewEnabled")
        needle = norm_domain(name_part) if name_part else None
        need_dates = bool(order_key) or any(v is not None for v in bounds.values())
        if not (needle or group is not None or auto_renew is not None or tags or need_dates):
            doms, paging = page_of(list(self.domains.values()), page_num, page_size)
            return self._domain_list_page(doms, paging, now)
        selected = []
        for dom in self.domains.values():
            if needle and needle not in dom["DomainName"]:
                continue
            if group is not None and str(dom.get("DomainGroupId")) != group:
                continue
            if auto_renew is not None and bool(dom.get("AutoRenewEnabled")) != auto_renew:
                continue
            dtags = dom.get("Tag") or []
            if tags and any(not any(t.get("Key") == want.get("Key") and
                                    (want.get("Value") in (None, "") or t.get("Value") == want.get("Value"))
                                    for t in dtags) for want in tags):
                continue
            if not need_dates:
                selected.append((0, "", dom))
                continue
            exp = parse_time(dom["ExpirationDate"]) * 1000
            regd = parse_time(dom["RegistrationDate"]) * 1000
            if bounds["StartExpirationDate"] is not None and exp < bounds["StartExpirationDate"]:
                continue
            if bounds["EndExpirationDate"] is not None and exp > bounds["EndExpirationDate"]:
                continue
            if bounds["StartRegistrationDate"] is not None and regd < bounds["StartRegistrationDate"]:
                continue
            if bounds["EndRegistrationDate"] is not None and regd > bounds["EndRegistrationDate"]:
                continue
            selected.append((exp if order_key == "ExpirationDate" else regd, dom["DomainName"], dom))
        if order_key:
            selected.sort(key=lambda row: (row[0], row[1]), reverse=(order_by == "DESC"))
        doms, paging = page_of([row[2] for row in selected], page_num, page_size)
        return self._domain_list_page(doms, paging, now)

    def _domain_list_page(self, doms, paging, now):
        rows = []
        for dom in doms:
            view = self._domain_base(dom, now)
            reg = view.pop("_reg")
            view.update({
                "AutoRenewEnabled": bool(dom.get("AutoRenewEnabled")),
                "Ccompany": reg.get("ZhRegistrantOrganization") or reg.get("RegistrantOrganization"),
                "ChgholderStatus": "PENDING" if self.busy_pair.get((dom["DomainName"], "registrant")) else "NORMAL",
                "DnsList": {"DnsList": list(dom.get("DnsList") or [])},
                "DomainAuditStatus": dom.get("DomainAuditStatus"),
                "DomainGroupId": None if dom.get("DomainGroupId") is None else str(dom.get("DomainGroupId")),
                "ProductId": dom.get("ProductId"),
                "Registrar": dom.get("Registrar"),
                "Tag": {"Tag": [{"Key": t.get("Key"), "Value": t.get("Value")} for t in dom.get("Tag") or []]},
            })
            rows.append(strip_none(view))
        paging["Data"] = {"Domain": rows}
        return paging

    def a_query_contact_info(self, params, now, ip):
        ctype = contact_type_param(params)
        dom = self._domain(p_str(params, "DomainName", required=True))
        return strip_none(dict(dom["contacts"][ctype]))

    # fields of a domain the control API may set (POST /_emulator/domains/set), to put a domain in a state that
    # blocks a change: transferring out, expired, under real-name review, frozen or in arbitration (DomainStatus,
    # DomainLifecycleStatus), locked
    SETTABLE = ("DomainStatus", "DomainLifecycleStatus", "TransferOutStatus", "RealNameStatus", "ExpirationDate",
                "EmailVerificationStatus", "EmailVerificationClientHold", "UpdateProhibitionLock",
                "TransferProhibitionLock", "DomainNameVerificationStatus", "DomainAuditStatus")

    def set_domain_fields(self, name, fields):
        unknown = sorted(set(fields) - set(self.SETTABLE))
        if unknown:
            raise ValueError("fields that cannot be set: %s (settable: %s)" % (", ".join(unknown), ", ".join(self.SETTABLE)))
        if "ExpirationDate" in fields:
            parse_time(fields["ExpirationDate"])
        with self.lock:
            dom = self._domain(name)
            dom.update(fields)
            self.dirty = True
            return {"domain": dom["DomainName"], "fields": {k: dom[k] for k in fields}}
