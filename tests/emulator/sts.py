"""STS ``AssumeRole`` (2015-04-01) served by the emulator: mixed into ``handler.Handler``."""

import hashlib
import re
from urllib.parse import parse_qsl

from auth import AuthError
from replies import error_body

STS_HOST_ID = "sts.aliyuncs.com"
STS_VERSION = "2015-04-01"
STS_ACCOUNT_ID = "1234567890123456"
STS_ROLE_ARN_RE = re.compile(r"^acs:ram::(\d+):role/([A-Za-z0-9.@_-]{1,64})$", re.IGNORECASE)
STS_SESSION_RE = re.compile(r"^[A-Za-z0-9.@_-]{2,64}$")


class AssumeRoleMixin(object):
    """``Handler``'s STS part: ``self`` is the request handler (``emulator``, ``_send`` come from it)."""

    # ------------------------------------------------------------ STS AssumeRole
    def _assume_role(self, method, path, query, params, headers, body, v3, action_params, request_id):
        """STS ``AssumeRole`` (2015-04-01): checks the caller's signature, then issues a temporary key that
        the Domain API of this emulator accepts."""
        emu = self.emulator
        version = "v3" if v3 else "v1"
        try:
            if v3:
                caller = emu.auth.check_v3(method, path, dict(parse_qsl(query, keep_blank_values=True)), headers,
                                           body, api_version=STS_VERSION)
            else:
                caller = emu.auth.check_v1(method, params, api_version=STS_VERSION)
            answer = self._sts_answer(emu, action_params, caller, request_id)
        except AuthError as exc:
            emu.record("AssumeRole", action_params, version, exc.status, exc.code, None)
            self._send(exc.status, error_body(request_id, exc.code, exc.message, STS_HOST_ID))
            return
        emu.record("AssumeRole", action_params, version, 200, None, None)
        self._send(200, answer, extra={"x-acs-request-id": request_id})

    @staticmethod
    def _sts_answer(emu, params, caller, request_id):
        role_arn = params.get("RoleArn") or ""
        session = params.get("RoleSessionName") or ""
        if not role_arn:
            raise AuthError(400, "MissingRoleArn", "RoleArn is mandatory for this action.")
        if not session:
            raise AuthError(400, "MissingRoleSessionName", "RoleSessionName is mandatory for this action.")
        match = STS_ROLE_ARN_RE.match(role_arn)
        if not match:
            raise AuthError(400, "InvalidParameter.RoleArn", "The parameter RoleArn is wrongly formed.")
        if not STS_SESSION_RE.match(session):
            raise AuthError(400, "InvalidParameter.RoleSessionName", "The parameter RoleSessionName is wrongly formed.")
        try:
            duration = int(params.get("DurationSeconds") or 3600)
        except ValueError:
            duration = -1
        if not 900 <= duration <= 43200:
            raise AuthError(400, "InvalidParameter.DurationSeconds",
                            "The Min/Max value of DurationSeconds is 15min/12hr.")
        if emu.roles is not None and role_arn.lower() not in emu.roles:
            raise AuthError(404, "EntityNotExist.Role", "The specified Role not exists: %s." % match.group(2))
        creds = emu.issue_sts(role_arn, session, duration, caller)
        role_id = "3%017d" % (int(hashlib.sha1(role_arn.lower().encode("utf-8")).hexdigest()[:14], 16) % (10 ** 17))
        return {"RequestId": request_id, "Credentials": creds,
                "AssumedRoleUser": {"Arn": "acs:ram::%s:role/%s/%s" % (match.group(1), match.group(2).lower(), session),
                                    "AssumedRoleId": "%s:%s" % (role_id, session)}}
