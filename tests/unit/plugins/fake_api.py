# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scripted HTTP exchanges: each expected API call, checked (signature included), and its answer."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import hashlib
import json

try:
    from urllib.parse import parse_qsl, urlsplit
except ImportError:  # pragma: no cover
    from urlparse import parse_qsl, urlsplit  # type: ignore

from ansible_collections.alicloud.domain.plugins.module_utils._api import client as client_mod
from ansible_collections.alicloud.domain.plugins.module_utils._api import signing

AK = "LTAI5tUnitTestKey01"
SECRET = "UnitTestSecretNeverShown0123456789"
TOKEN = "CAIS+unit/test=token"
ENDPOINT = "https://domain.aliyuncs.com"


class Call:
    """One expected request: ``action``, the parameters it must carry, and the answer to give."""

    def __init__(self, action, params=None, body=None, status=200, exc=None, raw=None, headers=None):
        self.action, self.params = action, dict(params or {})
        self.body, self.status, self.exc, self.raw = body, status, exc, raw
        self.headers = headers or {}


def error(action, code, message="", status=400, params=None, request_id="REQ-ERR"):
    return Call(action, params, {"Code": code, "Message": message, "RequestId": request_id,
                                 "HostId": "domain.aliyuncs.com"}, status=status)


class FakeResponse:
    def __init__(self, status, content, headers=None):
        self.status_code = status
        self.content = content
        self.headers = headers or {}
        self.reason = "OK" if status < 400 else "Error"


class FakeSession:
    """Stands in for requests.Session; fails the test on any unexpected or badly signed request."""

    def __init__(self, script, secret=SECRET):
        self.script = list(script)
        self.secret = secret
        self.sent = []  # (action, params, headers); params include a form body's
        self.forms = []  # the form body of each request ({} when none)
        self.verify = True
        self.trust_env = True
        self.cert = None
        self.proxies = {}

    def mount(self, prefix, adapter):
        pass

    def send(self, request, **kwargs):
        """requests.Session.send: what the client's transport calls, with a prepared request."""
        assert kwargs.get("allow_redirects") is False and kwargs.get("stream") is True, kwargs
        self.send_kwargs = kwargs
        return self.post(request.url, headers=dict(request.headers), data=request.body, timeout=kwargs.get("timeout"))

    def post(self, url, headers=None, data=None, timeout=None, allow_redirects=True):
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        # a form body (RegistrantProfileRealNameVerification's image) is signed with the query
        form = dict(parse_qsl(data.decode("utf-8"), keep_blank_values=True)) if data else {}
        self.forms.append(form)
        if "Signature" in query:  # V1
            action = query["Action"]
            signature = query.pop("Signature")
            assert signature == signing.v1_signature("POST", dict(query, **form), self.secret), "bad V1 signature"
            params = dict((k, v) for k, v in query.items() if k not in signing.v1_common_params("x", "x"))
            params.pop("SecurityToken", None)
        else:
            action = headers["x-acs-action"]
            _alg, ak, names, signature = signing.parse_v3_authorization(headers["Authorization"])
            signed = dict((k, v) for k, v in headers.items() if k.lower() in names)
            assert set(names) >= {"host", "x-acs-action", "x-acs-date", "x-acs-signature-nonce",
                                  "x-acs-content-sha256", "x-acs-version"}
            payload = hashlib.sha256(data or b"").hexdigest()
            assert signing.v3_signature("POST", "/", query, signed, self.secret, payload)[0] == signature, "bad V3 signature"
            params = query
        params = dict(params, **form)
        self.sent.append((action, params, dict(headers or {})))
        assert self.script, "unexpected call %s %r" % (action, params)
        call = self.script.pop(0)
        assert action == call.action, "expected %s, got %s %r" % (call.action, action, params)
        for key, value in call.params.items():
            assert params.get(key) == str(value), "%s: %s=%r, expected %r" % (action, key, params.get(key), value)
        if call.exc is not None:
            raise call.exc
        if call.raw is not None:
            return FakeResponse(call.status, call.raw, call.headers)
        body = dict(call.body or {})
        body.setdefault("RequestId", "REQ-%d" % len(self.sent))
        return FakeResponse(call.status, json.dumps(body).encode("utf-8"), call.headers)

    def assert_done(self):
        assert not self.script, "expected calls not made: %s; sent %s" % (
            [c.action for c in self.script], [(a, p.get("DomainName"), p.get("Email")) for a, p, _h in self.sent])

    def actions(self):
        return [a for a, _p, _h in self.sent]


@contextlib.contextmanager
def scripted(monkeypatch, script, secret=SECRET):
    session = FakeSession(script, secret)
    monkeypatch.setattr(client_mod.requests, "Session", lambda: session)
    yield session
    session.assert_done()


def make_client(session, **kwargs):
    from ansible_collections.alicloud.domain.plugins.module_utils._credentials.base import Credentials
    kwargs.setdefault("endpoint", ENDPOINT)
    kwargs.setdefault("sleep", lambda s: None)
    return client_mod.DomainClient(Credentials(AK, SECRET, kwargs.pop("token", None)), session=session, **kwargs)


# ----------------------------------------------------------------- canned API data
FIELDS = ("Address", "City", "Country", "Email", "PostalCode", "Province", "RegistrantName",
          "RegistrantOrganization", "TelArea", "TelExt", "Telephone", "ZhAddress", "ZhCity", "ZhProvince",
          "ZhRegistrantName", "ZhRegistrantOrganization")


def person(name="zhang san", email="zs@example.com", **extra):
    data = {"Address": "wen san lu 1 hao", "City": "hang zhou shi", "Country": "CN", "Email": email,
            "PostalCode": "310000", "Province": "zhe jiang", "RegistrantName": name, "RegistrantOrganization": name,
            "TelArea": "86", "TelExt": "", "Telephone": "13000000000", "ZhAddress": u"文三路1号",
            "ZhCity": u"杭州市", "ZhProvince": u"浙江", "ZhRegistrantName": u"张三", "ZhRegistrantOrganization": u"张三"}
    data.update(extra)
    return data


def profile_answer(profile_id=123, real_name="SUCCEED", **fields):
    profile = dict(person(**fields), RegistrantProfileId=profile_id, RealNameStatus=real_name,
                   RegistrantType="1", RegistrantProfileType="common", EmailVerificationStatus=1)
    return Call("QueryRegistrantProfiles", {"RegistrantProfileId": profile_id},
                {"RegistrantProfiles": {"RegistrantProfile": [profile]}, "TotalItemNum": 1, "CurrentPageNum": 1,
                 "TotalPageNum": 1, "NextPage": False})


def contact_answer(domain, contact_type="registrant", **fields):
    return Call("QueryContactInfo", {"DomainName": domain, "ContactType": contact_type},
                dict(person(**fields), CreateDate="2020-01-01 00:00:00"))


def detail_answer(task_no, domain, code, error_msg=None):
    names = {0: "WAITING_EXECUTE", 1: "EXECUTING", 2: "EXECUTE_SUCCESS", 3: "EXECUTE_FAILURE"}
    detail = {"TaskNo": task_no, "DomainName": domain, "TaskStatusCode": code, "TaskStatus": names[code],
              "TaskDetailNo": "D-" + task_no, "TaskType": "CHG_HOLDER", "ErrorMsg": error_msg, "TryCount": 0}
    return Call("QueryTaskDetailList", {"TaskNo": task_no},
                {"Data": {"TaskDetail": [detail]}, "TotalItemNum": 1, "TotalPageNum": 1, "CurrentPageNum": 1,
                 "NextPage": False})


def domain_answer(domain, updating="NORMAL"):
    return Call("QueryDomainByDomainName", {"DomainName": domain},
                {"DomainName": domain, "RegistrantUpdatingStatus": updating, "InstanceId": "S-" + domain})
