"""Real web processes on the test database, and a logged-in user's HTTP calls to them.

`start_web(env)` runs `minefree serve --no-worker` (waitress, as in production, without the worker it
would start beside itself) on a free port and returns once it answers. `Session` logs a user in through
the log-in page and then sends requests with that session's cookie to any of the processes: the
sessions live in the database, so one log-in serves every web process, as behind a load balancer.
"""

from __future__ import annotations

import http.client
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

READY_SECONDS = 120.0
TIMEOUT_SECONDS = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Web:
    process: subprocess.Popen[bytes]
    port: int
    log: Path


def start_web(env: dict[str, str], log: Path) -> Web:
    port = free_port()
    with log.open("w") as stderr:  # a file: a full pipe would stall the server
        command = [sys.executable, "-m", "minefree.cli", "serve", "--no-worker", "--port", str(port)]
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    deadline = time.monotonic() + READY_SECONDS
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                return Web(process, port, log)
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"the web process did not start: {log.read_text()[-2000:]}") from None
            time.sleep(0.2)


def stop_web(web: Web) -> None:
    if web.process.poll() is None:
        web.process.send_signal(signal.SIGTERM)
        try:
            web.process.wait(30)
        except subprocess.TimeoutExpired:
            web.process.kill()
            web.process.wait()


@dataclass
class Answer:
    status: int
    location: str
    body: bytes


@dataclass
class Session:
    """One user's cookies (session, CSRF), sent to whichever web process a call names by its port."""

    cookies: dict[str, str] = field(default_factory=dict)

    def call(self, port: int, method: str, path: str, body: bytes = b"", content_type: str = "") -> Answer:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": "127.0.0.1"}
        if method != "GET":
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_SECONDS)
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            answer = Answer(response.status, response.getheader("Location") or "", response.read())
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
        finally:
            connection.close()
        return answer

    def post(self, port: int, path: str, form: dict[str, str]) -> Answer:
        return self.call(port, "POST", path, urlencode(form).encode(), "application/x-www-form-urlencoded")

    def upload(self, port: int, path: str, field_name: str, file: Path) -> Answer:
        boundary = uuid.uuid4().hex
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field_name}"; filename="{file.name}"\r\n'
            "Content-Type: application/geopackage+sqlite3\r\n\r\n"
        ).encode()
        body += file.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        return self.call(port, "POST", path, body, f"multipart/form-data; boundary={boundary}")


def log_in(port: int, username: str, password: str) -> Session:
    session = Session()
    page = session.call(port, "GET", "/login/").body.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None, "the log-in page has no CSRF token"
    form = {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
    answer = session.post(port, "/login/", form)
    assert answer.status == 302 and "sessionid" in session.cookies, f"{username} could not log in: {answer.status}"
    return session
