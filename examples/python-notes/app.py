"""A small notes site: the user's own application, as WebInfra runs it.

WebInfra starts it with HOST and PORT (where to listen) and two database URLs in its environment:
DATABASE_URL reaches whichever MariaDB node is primary now, DATABASE_READ_URL a replica that is not too far behind.
The application has no failover logic: after a failover the same URLs reach the new primary.

Only Python's standard library and Debian's python3-pymysql are used.
"""

import html
import json
import os
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

import pymysql

MAX_TEXT = 500


def connect(url):
    """One connection per request: the endpoint picks the node, so a new connection always reaches the right one."""
    parts = urlparse(url)
    return pymysql.connect(
        host=parts.hostname,
        port=parts.port or 3306,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        database=parts.path.lstrip("/"),
        connect_timeout=10,
        read_timeout=10,
        write_timeout=10,
        autocommit=True,
        charset="utf8mb4",
    )


WRITER = os.environ["DATABASE_URL"]
READER = os.environ.get("DATABASE_READ_URL", WRITER)


class Notes(BaseHTTPRequestHandler):
    server_version = "python-notes"
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        path = urlparse(self.path).path
        if path == "/healthz":
            return self.reply(200, "text/plain; charset=utf-8", b"ok\n")
        if path == "/":
            return self.page()
        match = re.fullmatch(r"/notes/(\d+)", path)
        if match:
            return self.note(int(match.group(1)))
        return self.reply(404, "text/plain; charset=utf-8", b"not found\n")

    def do_HEAD(self):
        self.do_GET()

    def do_POST(self):
        if urlparse(self.path).path != "/notes":
            return self.reply(404, "text/plain; charset=utf-8", b"not found\n")
        body = self.body(16 * 1024)
        if body is None:
            return self.reply(413, "text/plain; charset=utf-8", b"too large\n")
        if (self.headers.get("Content-Type") or "").startswith("application/json"):
            try:
                text = str(json.loads(body).get("text", ""))
            except (ValueError, AttributeError):
                return self.reply(400, "text/plain; charset=utf-8", b"the body is not a JSON object\n")
        else:
            text = parse_qs(body).get("text", [""])[0]
        text = text.strip()
        if not text or len(text) > MAX_TEXT:
            return self.reply(400, "text/plain; charset=utf-8", f"text must be 1 to {MAX_TEXT} characters\n".encode())
        try:
            with connect(WRITER) as db, db.cursor() as cursor:
                cursor.execute("INSERT INTO notes (text, client) VALUES (%s, %s)", (text, self.client()))
                note_id = cursor.lastrowid
        except pymysql.MySQLError as error:
            # Not acknowledged: the client may try again. A write whose connection broke after it was sent may
            # still have happened, so it is never repeated here.
            return self.unavailable(error)
        if "text/html" in (self.headers.get("Accept") or ""):
            self.send_response(303)
            self.send_header("Location", "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        return self.reply(201, "application/json", json.dumps({"id": note_id, "text": text}).encode())

    def body(self, limit):
        """The request body as text (Content-Length or chunked), or None when it is larger than limit bytes."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks, size = [], 0
            while True:
                chunk_size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if chunk_size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    break
                size += chunk_size
                if size > limit:
                    self.close_connection = True
                    return None
                chunks.append(self.rfile.read(chunk_size))
                self.rfile.readline()
            return b"".join(chunks).decode("utf-8", "replace")
        length = int(self.headers.get("Content-Length") or 0)
        if length > limit:
            self.close_connection = True
            return None
        return self.rfile.read(length).decode("utf-8", "replace")

    def note(self, note_id):
        try:
            # A replica may not have a note written a moment ago: then the primary answers.
            for url in (READER, WRITER):
                with connect(url) as db, db.cursor() as cursor:
                    cursor.execute("SELECT id, text, client, created_at FROM notes WHERE id = %s", (note_id,))
                    row = cursor.fetchone()
                if row:
                    note = {"id": row[0], "text": row[1], "client": row[2], "created_at": row[3].isoformat()}
                    return self.reply(200, "application/json", json.dumps(note).encode())
        except pymysql.MySQLError as error:
            return self.unavailable(error)
        return self.reply(404, "application/json", b'{"error":"no such note"}')

    def page(self):
        try:
            with connect(READER) as db, db.cursor() as cursor:
                cursor.execute("SELECT id, text, client FROM notes ORDER BY id DESC LIMIT 20")
                rows = cursor.fetchall()
        except pymysql.MySQLError as error:
            return self.unavailable(error)
        items = "\n".join(
            f"<li><b>#{row[0]}</b> {html.escape(row[1])} <small>from {html.escape(row[2] or '?')}</small></li>" for row in rows)
        served = html.escape(os.environ.get("WEBINFRA_COMPONENT", "?"))
        page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Notes</title><link rel="stylesheet" href="/style.css"></head>
<body><h1>Notes</h1>
<form method="post" action="/notes"><input name="text" maxlength="{MAX_TEXT}" required autofocus> <button>Add</button></form>
<ul>{items}</ul>
<footer>Served by {served} (Python) for {html.escape(self.client())}.</footer>
</body></html>
"""
        return self.reply(200, "text/html; charset=utf-8", page.encode())

    def client(self):
        """The visitor's address, as WebInfra's entry tier wrote it first in X-Forwarded-For."""
        forwarded = self.headers.get("X-Forwarded-For")
        return forwarded.split(",")[0].strip() if forwarded else self.client_address[0]

    def unavailable(self, error):
        print(f"database unavailable: {error}", file=sys.stderr, flush=True)
        self.send_response(503)
        self.send_header("Retry-After", "1")
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        body = b"the database is unavailable; try again\n"
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def reply(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        pass  # The web tier's access log has every request.


def main():
    server = ThreadingHTTPServer((os.environ["HOST"], int(os.environ["PORT"])), Notes)
    server.daemon_threads = True
    print(f"python-notes listening on {os.environ['HOST']}:{os.environ['PORT']}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    import signal

    # WebInfra stops the application with SIGTERM: finish cleanly.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    main()
