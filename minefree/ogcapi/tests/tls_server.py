"""A live test server speaking HTTPS (self-signed), so HTTP Basic is read as it is behind nginx."""

from __future__ import annotations

import ssl
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import WSGIRequestHandler
from django.test.testcases import LiveServerThread

from minefree.core.tests.test_https_proxy import self_signed


class SecureHandler(WSGIRequestHandler):
    def get_environ(self) -> dict[str, Any]:
        environ = super().get_environ()
        environ["HTTPS"] = "on"  # wsgiref then sets wsgi.url_scheme to https
        return environ

    def log_message(self, format: str, *args: Any) -> None:
        pass


class TLSServerThread(LiveServerThread):
    def __init__(self, cert: Path, key: Path) -> None:
        super().__init__("127.0.0.1", StaticFilesHandler, port=0)
        self.cert, self.key = cert, key

    def _create_server(self, connections_override: Any = None) -> Any:
        server = self.server_class(
            (self.host, self.port), SecureHandler, allow_reuse_address=False, connections_override=connections_override
        )
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        return server


def https_server() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        cert, key = self_signed(Path(folder))
        thread = TLSServerThread(cert, key)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield f"https://127.0.0.1:{thread.port}"
        thread.terminate()
