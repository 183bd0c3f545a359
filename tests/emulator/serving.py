# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one way the emulator's HTTP servers run: a threaded server on its own daemon thread."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer


class Served(object):
    """``handler`` bound to ``host:port`` (0: any free port), served on a daemon thread until ``stop()``."""

    def __init__(self, handler, host="127.0.0.1", port=0, name="http", request_queue_size=None):
        server_class = ThreadingHTTPServer
        if request_queue_size:  # listen() runs in the constructor: the backlog must be set on the class
            server_class = type("QueuedHTTPServer", (ThreadingHTTPServer,),
                                {"request_queue_size": request_queue_size})
        self.httpd = server_class((host, port), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.2}, name=name,
                                       daemon=True)
        self.thread.start()

    @property
    def host(self):
        return self.httpd.server_address[0]

    @property
    def port(self):
        return self.httpd.server_address[1]

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class ServedMixin(object):
    """``port`` of an object that serves through ``self.served`` (a :class:`Served` its ``start`` sets)."""

    served = None

    @property
    def port(self):
        return self.served.port
