"""The SSH lab's application: the user's own program as WebInfra runs it on a host it reached over SSH.

WebInfra starts it on each host with HOST and PORT (where to listen) in its environment, as the webinfra user. It
answers every page with the host it runs on, and /healthz for the web servers' health checks. Python's standard
library only, so any host with python3 runs it.
"""

import html
import os
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/healthz":
            self.reply(200, "text/plain; charset=utf-8", "ok\n")
            return
        body = (
            "<!doctype html><title>www.foobar.com</title>"
            f"<h1>Hello from {html.escape(socket.gethostname())}</h1>"
            f"<p>served by {html.escape(os.environ.get('HOST', '?'))}:{html.escape(os.environ.get('PORT', '?'))}"
            f" as user {os.getuid()}</p>\n"
        )
        self.reply(200, "text/html; charset=utf-8", body)

    def reply(self, status, content_type, text):
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass


ThreadingHTTPServer((os.environ["HOST"], int(os.environ["PORT"])), Handler).serve_forever()
