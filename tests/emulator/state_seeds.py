"""Seeds of the Domain API emulator: the demo account (``seeds/demo.json``), ``empty``, ``bulk:N[:F]``, a file."""

import copy
import json
import random

from state_model import (SEED_DIR, contact_of, fmt_time, parse_time)


def load_seed(spec):
    """``demo`` | ``empty`` | ``bulk:N[:FRACTION[:LOCKED]]`` | path to a JSON file | a state dict.

    ``LOCKED``: a fraction of the domains under the update prohibition lock, or the word ``locked`` (5 %)."""
    if isinstance(spec, dict):
        return copy.deepcopy(spec)
    spec = spec or "demo"
    if spec == "empty":
        return {"profiles": [], "domains": []}
    if spec == "demo":
        with open(str(SEED_DIR / "demo.json"), encoding="utf-8") as handle:
            return json.load(handle)
    if spec.startswith("bulk:"):
        parts = spec.split(":")
        count = int(parts[1])
        fraction = float(parts[2]) if len(parts) > 2 and parts[2] else 0.6
        locked = 0.0
        if len(parts) > 3 and parts[3]:
            locked = BULK_LOCKED_DEFAULT if parts[3] == "locked" else float(parts[3])
        return bulk_seed(count, fraction, locked=locked)
    with open(spec, encoding="utf-8") as handle:
        return json.load(handle)


BULK_PEOPLE = [
    # (RegistrantName, ZhRegistrantName, RegistrantOrganization, ZhRegistrantOrganization, type)
    ("Zhang San", "张三", "Zhang San", "张三", "1"),
    ("Li Si", "李四", "Hangzhou Example Technology Co., Ltd.", "杭州示例科技有限公司", "2"),
    ("Zhao Liu", "赵六", "Zhao Liu", "赵六", "1"),
]
BULK_TLDS = ["com", "net", "cn", "xyz", "top", "com", "net", "cn"]
BULK_IDN_TLDS = ["中国", "com", "cn"]
BULK_WORDS = ["alpha", "beta", "cloud", "data", "shop", "mail", "blog", "tech", "home", "store", "media", "apps"]
BULK_ZH_WORDS = ["测试", "示例", "商店", "云端", "数据", "网络"]


def _bulk_profile(pid, person, idx, default=False):
    name, zh_name, org, zh_org, rtype = person
    login = name.lower().replace(" ", ".")
    return {
        "RegistrantProfileId": pid, "RegistrantType": rtype, "RegistrantProfileType": "common",
        "RealNameStatus": "SUCCEED", "EmailVerificationStatus": 1, "DefaultRegistrantProfile": default,
        "CreateTime": "2024-01-0%d 10:00:00" % (idx + 1), "UpdateTime": "2024-01-0%d 10:00:00" % (idx + 1),
        "RegistrantName": name, "ZhRegistrantName": zh_name, "RegistrantOrganization": org,
        "ZhRegistrantOrganization": zh_org, "Email": "%s@example.com" % login, "Country": "CN",
        "Province": "zhe jiang", "ZhProvince": "浙江", "City": "hang zhou shi", "ZhCity": "杭州市",
        "Address": "No. %d Wen Yi West Road, Yu Hang District" % (969 + idx),
        "ZhAddress": "余杭区文一西路%d号" % (969 + idx), "PostalCode": "311121", "TelArea": "86",
        "Telephone": "1300000%04d" % (idx + 1), "TelExt": "",
    }


BULK_LOCKED_DEFAULT = 0.05  # ``bulk:N:F:locked``: 5 % of the domains under the update prohibition lock


def bulk_seed(count, fraction=0.6, seed=20180129, locked=0.0):
    """N domains, deterministic. Profile 1 is the target: ``fraction`` of the domains have
    registrant and admin contacts that differ from it; billing and tech always match it.
    ``locked``: that fraction of the domains (chosen by a generator of its own, so the rest of the seed is
    the same as without it) has ``UpdateProhibitionLock`` ``OPEN``."""
    locked_set = set(random.Random(seed + 1).sample(range(count), int(round(count * locked)))) if count else set()
    rng = random.Random(seed)
    profiles = [_bulk_profile(i + 1, person, i, default=(i == 0)) for i, person in enumerate(BULK_PEOPLE)]
    target = profiles[0]
    differing = set(rng.sample(range(count), int(round(count * fraction)))) if count else set()
    domains = []
    base = parse_time("2020-01-01 00:00:00")
    for i in range(count):
        if i % 10 == 7:
            name = "%s%d.%s" % (BULK_ZH_WORDS[i % len(BULK_ZH_WORDS)], i, BULK_IDN_TLDS[(i // 10) % len(BULK_IDN_TLDS)])
        else:
            name = "bulk-%05d-%s.%s" % (i, BULK_WORDS[rng.randrange(len(BULK_WORDS))], BULK_TLDS[i % len(BULK_TLDS)])
        reg_epoch = base + rng.randrange(0, 5 * 365 * 86400)
        years = rng.choice([1, 2, 3, 5, 10])
        created = fmt_time(reg_epoch)
        match = contact_of(target, created)
        if i in differing:
            other = profiles[1 + (i % 2)]
            reg = contact_of(other, created)
            reg["Email"] = "owner%05d@example.net" % i
            admin = contact_of(other, created)
            admin["Telephone"] = "1390000%04d" % (i % 10000)
        else:
            reg, admin = dict(match), dict(match)
        domains.append({
            "DomainName": name,
            "InstanceId": "S2020%014d" % (i + 1),
            "RegistrationDate": created,
            # registered 2020-2024, paid for 11 to 20 years: none expired (an expired domain is blocked, issue 16)
            "ExpirationDate": fmt_time(reg_epoch + (years + 10) * 365 * 86400 + 86400 * 400),
            "DomainGroupId": 3000 + (i % 3), "DomainGroupName": ["web", "mail", "parked"][i % 3],
            "Tag": [{"Key": "batch", "Value": "b%d" % (i % 4)}],
            "RegistrantType": (other["RegistrantType"] if i in differing else target["RegistrantType"]),
            "contacts": {"registrant": reg, "admin": admin, "billing": dict(match), "tech": dict(match)},
        })
        if i in locked_set:
            domains[-1]["UpdateProhibitionLock"] = "OPEN"
    return {"profiles": profiles, "domains": domains}
