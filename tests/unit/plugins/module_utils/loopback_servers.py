# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Raw TCP servers on 127.0.0.1 for the transport and credential tests: misbehaving HTTP peers that
http.server cannot play (a body trickled byte by byte, a proxy that only counts, a broken TLS front)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import socket
import threading


class LoopbackServer:
    """Listens on 127.0.0.1 and hands every connection to ``handle(conn)`` on a thread of its own, then closes
    it; an ``OSError`` in ``handle`` (the client hung up) ends that connection quietly. ``accepted`` counts
    the connections. Subclasses set their own attributes before calling ``LoopbackServer.__init__``."""

    backlog = 16

    def __init__(self):
        self.accepted = 0
        self.stop = threading.Event()
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(self.backlog)
        self.port = self.listener.getsockname()[1]
        self.url = "http://127.0.0.1:%d" % self.port
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while not self.stop.is_set():
            try:
                conn, _addr = self.listener.accept()
            except OSError:
                return
            self.accepted += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn):
        try:
            self.handle(conn)
        except OSError:
            pass
        finally:
            conn.close()

    def handle(self, conn):
        raise NotImplementedError

    def close(self):
        self.stop.set()
        self.listener.close()


def read_head(conn):
    """The request line and headers (up to the blank line), or ``None`` when the peer closed first."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    return data


def request_line(data):
    return data.split(b"\r\n", 1)[0].decode("latin-1")


class RecordingProxy(LoopbackServer):
    """Records the first line of whatever reaches it (``lines``) and answers 502: a call that went through
    it would fail."""

    def __init__(self):
        self.lines = []
        LoopbackServer.__init__(self)

    def handle(self, conn):
        conn.settimeout(2)
        self.lines.append(request_line(conn.recv(65536)))
        conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
