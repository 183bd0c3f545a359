"""Who may talk to the emulator: loopback clients and host names, same-origin requests, the bind warning."""

import ipaddress

LOOPBACK = ("127.", "::1", "::ffff:127.")
LOOPBACK_NAMES = ("localhost", "localhost.", "ip6-localhost", "ip6-loopback")
# what a browser's fetch metadata says about a request that a page of this emulator's own origin did not make
CROSS_SITE_FETCH = ("cross-site", "same-site")


def _is_loopback(address):
    return any(address.startswith(prefix) for prefix in LOOPBACK) or address.lower() in LOOPBACK_NAMES


def _is_loopback_name(host):
    """``host`` (no port, no brackets) is a loopback IP address or a loopback name."""
    host = (host or "").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def bind_warning(host):
    """The warning printed when the emulator listens on anything but a loopback address, else None."""
    if _is_loopback_name(host):
        return None
    return ("emulator: WARNING: listening on %s, which is not a loopback address: anyone who can reach this port "
            "can use the published demo key (or the --key pairs) to read and change the emulated account. "
            "Bind to 127.0.0.1 unless that is what you want." % (host or "every address"))


def _split_host(value):
    """``host[:port]`` (IPv6 in brackets) -> (lowercase host, port or None); (None, None) if malformed."""
    value = (value or "").strip().lower()
    if not value or any(c in value for c in "/@ \t\\"):
        return None, None
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return None, None
        host, rest = value[1:end], value[end + 1:]
        if rest and not rest.startswith(":"):
            return None, None
        port = rest[1:] if rest else None
    elif value.count(":") == 1:
        host, port = value.split(":")
    elif ":" in value:
        return None, None
    else:
        host, port = value, None
    if port is not None:
        if not port.isdigit() or not 0 < int(port) < 65536:
            return None, None
        port = int(port)
    return host, port


def host_allowed(host_header, bound_host):
    """A Host header naming a loopback address or name, or the address the emulator is bound to.

    A web page can point a name it controls at 127.0.0.1 (DNS rebinding); the Host header still carries that
    name, so the control API refuses it. A missing Host (HTTP/1.0 tools) is accepted: browsers always send one.
    """
    if host_header is None:
        return True
    host, _port = _split_host(host_header)
    if not host:
        return False
    if _is_loopback_name(host):
        return True
    bound = (bound_host or "").lower()
    return bool(bound) and bound not in ("0.0.0.0", "::") and host == bound


def origin_allowed(origin, bound_host, port):
    """No Origin header (every API client and tool), or exactly this emulator's own origin."""
    if origin is None:
        return True
    scheme, _sep, rest = origin.strip().lower().partition("://")
    if scheme != "http" or not rest or "/" in rest:
        return False  # "null" (sandboxed frames, file: pages), https, anything odd
    host, origin_port = _split_host(rest)
    return host_allowed(rest, bound_host) and host is not None and (origin_port or 80) == port
