"""Signature checks for the Domain API emulator (V1 HMAC-SHA1 and V3 ACS3-HMAC-SHA256).

The signing rules come from the collection itself: ``plugins/module_utils/_api/signing.py`` is
loaded by path so that the emulator and the client share one implementation of each rule.
"""

import calendar
import hashlib
import hmac
import importlib.util
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SIGNING_PATH = REPO_ROOT / "plugins" / "module_utils" / "_api" / "signing.py"


def load_signing():
    spec = importlib.util.spec_from_file_location("_alicloud_domain_signing", str(SIGNING_PATH))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


signing = load_signing()

MAX_SKEW_SECONDS = 15 * 60
NONCE_TTL_SECONDS = 15 * 60

# V1 common parameters: never part of an action's own parameters (and never logged).
V1_COMMON = frozenset((
    "Action", "Version", "Format", "Timestamp", "SignatureNonce", "SignatureMethod",
    "SignatureVersion", "AccessKeyId", "SecurityToken", "Signature", "SignatureType", "RegionId",
    "BearerToken",
))

V3_REQUIRED_SIGNED = ("host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce")


class AuthError(Exception):
    """An authentication failure, answered as the service does."""

    def __init__(self, status, code, message):
        Exception.__init__(self, message)
        self.status = status
        self.code = code
        self.message = message


class Credential(object):
    __slots__ = ("access_key_id", "secret", "token", "expired", "expires_at")

    def __init__(self, access_key_id, secret, token=None, expires_at=None):
        self.access_key_id = access_key_id
        self.secret = secret
        self.token = token or None
        self.expired = False
        self.expires_at = expires_at  # epoch seconds for keys issued by AssumeRole / the metadata service


def parse_key_spec(spec):
    """``AK:SECRET[:STS_TOKEN]`` -> Credential (the token may itself contain ``:``)."""
    parts = spec.split(":", 2)
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise ValueError("--key wants AK:SECRET[:STS_TOKEN]")
    return Credential(parts[0], parts[1], parts[2] if len(parts) > 2 else None)


def parse_utc(value):
    """Parse ``%Y-%m-%dT%H:%M:%SZ`` (a fractional second is tolerated); return epoch seconds or None."""
    if not value:
        return None
    text = value.strip()
    if "." in text and text.endswith("Z"):
        text = text.split(".", 1)[0] + "Z"
    try:
        return calendar.timegm(time.strptime(text, signing.TIME_FORMAT))
    except ValueError:
        return None


class Authenticator(object):
    """Keys, nonce memory and the two signature checks; thread-safe."""

    def __init__(self, credentials):
        self._lock = threading.Lock()
        self.keys = {c.access_key_id: c for c in credentials}
        self._nonces = {}  # (ak, nonce) -> expiry
        self._next_sweep = 0.0
        self.nonces_dirty = False  # a nonce was used since the last dump_nonces() (the persister saves them)
        self.clock = time.time  # tests may pin it to replay captured requests

    # ----------------------------------------------------------- helpers
    def add_key(self, cred):
        """Accept one more key (an STS key issued by ``AssumeRole`` or the metadata server)."""
        with self._lock:
            self.keys[cred.access_key_id] = cred

    def expire_token(self, access_key_id):
        with self._lock:
            cred = self.keys.get(access_key_id)
            if cred is None:
                return False
            cred.expired = True
            return True

    def _credential(self, access_key_id):
        cred = self.keys.get(access_key_id or "")
        if cred is None:
            raise AuthError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
        return cred

    @staticmethod
    def _check_token(cred, token):
        if cred.token is None:
            return  # a plain AccessKey: a token, if sent, is ignored as the service does for AK pairs
        if not token:
            raise AuthError(400, "MissingSecurityToken", "SecurityToken is mandatory for this action.")
        if not hmac.compare_digest(token.encode("utf-8"), cred.token.encode("utf-8")):
            raise AuthError(400, "InvalidSecurityToken.MismatchWithAccessKey",
                            "The security token you provided does not match the access key.")
        if cred.expired or (cred.expires_at is not None and time.time() >= cred.expires_at):
            raise AuthError(400, "InvalidSecurityToken.Expired", "The security token you provided has expired.")

    @staticmethod
    def _check_time(value, name, now):
        if not value:
            raise AuthError(400, "MissingParameter", "The input parameter \"%s\" that is mandatory for "
                                                     "processing this request is not supplied." % name)
        ts = parse_utc(value)
        if ts is None:
            raise AuthError(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.")
        if abs(now - ts) > MAX_SKEW_SECONDS:
            raise AuthError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")

    def _use_nonce(self, access_key_id, nonce, now):
        key = (access_key_id, nonce)
        with self._lock:
            if now >= self._next_sweep:
                self._nonces = {k: v for k, v in self._nonces.items() if v > now}
                self._next_sweep = now + 60
            expiry = self._nonces.get(key)
            if expiry is not None and expiry > now:
                raise AuthError(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
            self._nonces[key] = now + NONCE_TTL_SECONDS
            self.nonces_dirty = True

    def dump_nonces(self):
        """The nonces still remembered, ``[[access_key_id, nonce, expiry], ...]``, for the state file."""
        now = time.time()
        with self._lock:
            self.nonces_dirty = False
            return [[ak, nonce, expiry] for (ak, nonce), expiry in self._nonces.items() if expiry > now]

    def load_nonces(self, rows):
        """Remember the nonces a state file kept (those not yet expired)."""
        now = time.time()
        with self._lock:
            for row in rows:
                ak, nonce, expiry = row
                if float(expiry) > now:
                    self._nonces[(str(ak), str(nonce))] = float(expiry)

    @staticmethod
    def _mismatch(string_to_sign):
        return AuthError(400, "SignatureDoesNotMatch",
                         "Specified signature is not matched with our calculation. server string to sign is:"
                         + string_to_sign)

    # ----------------------------------------------------------- V1
    def check_v1(self, method, params, now=None, api_version=None):
        """``params``: query + form body, decoded. Returns the access key id.

        ``api_version``: the product's version (default the Domain API's; ``2015-04-01`` for STS).
        """
        now = self.clock() if now is None else now
        for name in ("AccessKeyId", "Signature", "SignatureMethod", "SignatureNonce", "Timestamp", "Version"):
            if not params.get(name):
                if name == "AccessKeyId":
                    raise AuthError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
                raise AuthError(400, "MissingParameter", "The input parameter \"%s\" that is mandatory for "
                                                         "processing this request is not supplied." % name)
        cred = self._credential(params["AccessKeyId"])
        if params["SignatureMethod"] != signing.V1_METHOD:
            raise AuthError(400, "InvalidParameter", "Specified SignatureMethod is not supported.")
        if params.get("SignatureVersion", "1.0") != "1.0":
            raise AuthError(400, "InvalidParameter", "Specified SignatureVersion is not supported.")
        if params["Version"] != (api_version or signing.API_VERSION):
            raise AuthError(400, "InvalidVersion", "Specified parameter Version is not valid.")
        self._check_token(cred, params.get("SecurityToken"))
        self._check_time(params.get("Timestamp"), "Timestamp", now)
        unsigned = {k: v for k, v in params.items() if k != "Signature"}
        expected = signing.v1_signature(method, unsigned, cred.secret)
        if not hmac.compare_digest(expected.encode("ascii"), params["Signature"].encode("utf-8")):
            shown = dict(unsigned)
            if "SecurityToken" in shown:  # never echo a token, not even inside the string to sign
                shown["SecurityToken"] = "<redacted>"
            raise self._mismatch(signing.v1_string_to_sign(method, shown))
        self._use_nonce(cred.access_key_id, params["SignatureNonce"], now)
        return cred.access_key_id

    # ----------------------------------------------------------- V3
    def check_v3(self, method, path, query, headers, body, now=None, api_version=None):
        """``headers``: dict with lowercase names (repeated values joined). Returns the access key id."""
        now = self.clock() if now is None else now
        try:
            algorithm, access_key_id, signed_names, signature = signing.parse_v3_authorization(
                headers.get("authorization"))
        except ValueError:
            raise AuthError(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.")
        cred = self._credential(access_key_id)
        if algorithm != signing.V3_ALGORITHM:
            raise AuthError(400, "IncompleteSignature", "Specified signature algorithm is not supported.")
        signed_names = [n.lower() for n in signed_names]
        for name in V3_REQUIRED_SIGNED:
            if name not in signed_names:
                raise AuthError(400, "IncompleteSignature",
                                "The request signature does not conform to Aliyun standards: header \"%s\" "
                                "must be signed." % name)
        if headers.get("x-acs-version") != (api_version or signing.API_VERSION):
            raise AuthError(400, "InvalidVersion", "Specified parameter Version is not valid.")
        payload_hash = hashlib.sha256(body or b"").hexdigest()
        if headers.get("x-acs-content-sha256", payload_hash) != payload_hash:
            raise AuthError(400, "ContentSHA256NotMatched", "The x-acs-content-sha256 header does not match the body.")
        self._check_token(cred, headers.get("x-acs-security-token"))
        self._check_time(headers.get("x-acs-date"), "x-acs-date", now)
        signed = {}
        for name in signed_names:
            if name not in headers:
                raise AuthError(400, "IncompleteSignature", "Signed header \"%s\" is missing." % name)
            signed[name] = headers[name]
        expected, _names = signing.v3_signature(method, path or "/", query, signed, cred.secret,
                                                headers.get("x-acs-content-sha256", payload_hash))
        if not hmac.compare_digest(expected.encode("ascii"), signature.encode("utf-8")):
            canonical, _unused = signing.v3_canonical_request(method, path or "/", query, signed,
                                                              headers.get("x-acs-content-sha256", payload_hash))
            sts = "%s\n%s" % (signing.V3_ALGORITHM, hashlib.sha256(canonical.encode("utf-8")).hexdigest())
            raise self._mismatch(sts)
        self._use_nonce(cred.access_key_id, headers["x-acs-signature-nonce"], now)
        return cred.access_key_id
