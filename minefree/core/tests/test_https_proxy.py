"""The documented national set-up serves pages: a real nginx ends TLS in front of `minefree serve`.

nginx runs with the `server` block of docs/deployment.md (port, certificate and upstream swapped
for the test's) and connects from 127.0.0.2, the one address the app is told to trust; the test's
own direct requests come from 127.0.0.1, an untrusted client.
"""

from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from minefree.conftest import PASSWORD
from minefree.core.personal_key import configured_key

ROOT = Path(__file__).resolve().parents[3]
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
MIB = 1024 * 1024
PROXY_SOURCE = "127.0.0.2"  # nginx connects from here; the test's direct requests from 127.0.0.1

pytestmark = pytest.mark.skipif(
    NGINX is None,
    reason="NGINX IS NOT INSTALLED: the HTTPS proxy test did not run (./dev setup installs nginx-light)",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args!r} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"nothing listens on {port}:\n{log.read_text()[-3000:]}")


def self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def documented_server_block() -> str:
    """The HTTPS `server` block of the nginx sample in docs/deployment.md."""
    sample = re.search(r"```nginx\n(.*?)```", (ROOT / "docs" / "deployment.md").read_text(), re.S)
    assert sample, "docs/deployment.md has no nginx sample"
    blocks = re.findall(r"^server \{\n.*?^\}", sample.group(1), re.S | re.M)
    https = [b for b in blocks if "listen 443 ssl;" in b]
    assert len(https) == 1, blocks
    return https[0]


def swap(text: str, pattern: str, replacement: str) -> str:
    changed, count = re.subn(pattern, lambda _m: replacement, text)
    assert count == 1, f"the documented nginx block no longer has {pattern!r}"
    return changed


def nginx_config(folder: Path, port: int, app_port: int, cert: Path, key: Path) -> Path:
    server = documented_server_block()
    server = swap(server, r"listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;")
    server = swap(server, r"server_name [^;]+;", "server_name 127.0.0.1;")
    server = swap(server, r"ssl_certificate [^;]+;", f"ssl_certificate {cert};")
    server = swap(server, r"ssl_certificate_key [^;]+;", f"ssl_certificate_key {key};")
    server = swap(
        server,
        r"proxy_pass http://127\.0\.0\.1:8000;",
        f"proxy_pass http://127.0.0.1:{app_port}; proxy_bind {PROXY_SOURCE};",
    )
    temp = "\n".join(
        f"  {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = folder / "nginx.conf"
    config.write_text(
        f"daemon off;\nmaster_process off;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} info;\n"
        f"events {{ worker_connections 64; }}\n"
        f"http {{\n  access_log {folder / 'access.log'};\n{temp}\n{server}\n}}\n"
    )
    return config


def personal_data_key() -> str:
    """The key that sealed the test database's victims: `minefree serve` refuses to start without it."""
    key = configured_key()
    assert key is not None
    return key.decode()


def committed_database_url() -> str:
    """The test database the demo was committed to, as a DATABASE_URL for another process."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        return f"postgis://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return f"spatialite:///{db['NAME']}"


@pytest.fixture(scope="module")
def proxied(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("https-proxy")
    with django_db_blocker.unblock():
        database_url = committed_database_url()
    app_port, port = free_port(), free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "MINEFREE_DATA_DIR": str(folder / "data"),
        "MINEFREE_HTTPS": "1",
        "MINEFREE_TRUSTED_PROXY": PROXY_SOURCE,
        "MINEFREE_ALLOWED_HOSTS": "127.0.0.1",
        "MINEFREE_PERSONAL_DATA_KEY": personal_data_key(),
        "MINEFREE_MAX_UPLOAD_BYTES": str(2 * MIB),
        "MINEFREE_GPKG_MAX_MB": "1",
    }
    app_log = folder / "serve.log"
    with app_log.open("wb") as out:
        app = subprocess.Popen(
            [sys.executable, "-m", "minefree.cli", "serve", "--host", "127.0.0.1", "--port", str(app_port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    cert, key = self_signed(folder)
    config = nginx_config(folder, port, app_port, cert, key)
    nginx_log = folder / "error.log"
    nginx_log.touch()
    assert NGINX is not None
    proxy = subprocess.Popen(
        [NGINX, "-p", str(folder), "-e", str(nginx_log), "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=nginx_log.open("ab"),
    )
    try:
        wait_for_port(app_port, app, app_log)
        wait_for_port(port, proxy, nginx_log)
        yield {"port": port, "app_port": app_port, "cafile": cert}
    finally:
        for process in (proxy, app):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def https(proxied: dict[str, Any]) -> http.client.HTTPSConnection:
    context = ssl.create_default_context(cafile=str(proxied["cafile"]))
    return http.client.HTTPSConnection("127.0.0.1", proxied["port"], context=context, timeout=30)


def cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    """Set-Cookie lines by cookie name."""
    return {line.split("=", 1)[0]: line for line in response.headers.get_all("Set-Cookie") or []}


def test_a_login_through_the_tls_proxy_gives_pages_and_secure_cookies(proxied: dict[str, Any]) -> None:
    origin = f"https://127.0.0.1:{proxied['port']}"
    client = https(proxied)
    client.request("GET", "/login/")
    login = client.getresponse()
    body = login.read().decode()
    # Before: waitress dropped X-Forwarded-Proto, so Django saw HTTP and sent every page to itself.
    assert login.status == 200, (login.status, login.getheader("Location"))
    assert "max-age=31536000" in (login.getheader("Strict-Transport-Security") or "")
    csrf_cookie = cookies(login)["csrftoken"]
    assert "; Secure" in csrf_cookie
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert token
    form = f"csrfmiddlewaretoken={token.group(1)}&username=tnmac.im&password={PASSWORD}"
    client.request(
        "POST",
        "/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": csrf_cookie.split(";", 1)[0],
            "Referer": f"{origin}/login/",
            "Origin": origin,
        },
    )
    logged_in = client.getresponse()
    logged_in.read()
    assert logged_in.status == 302, logged_in.status
    session = cookies(logged_in)["sessionid"]
    assert "; Secure" in session and "; HttpOnly" in session
    location = logged_in.getheader("Location") or ""
    assert location.startswith("/") or location.startswith(origin), location
    client.request("GET", location.removeprefix(origin), headers={"Cookie": session.split(";", 1)[0]})
    page = client.getresponse()
    assert page.status == 200 and "tnmac.im" in page.read().decode()


@pytest.mark.parametrize("claimed", [None, "https"])
def test_plain_http_straight_to_the_app_is_sent_to_https_once(proxied: dict[str, Any], claimed: str | None) -> None:
    """A client on the app's own port, even one that sends X-Forwarded-Proto: https, is not the proxy."""
    client = http.client.HTTPConnection("127.0.0.1", proxied["app_port"], timeout=30)
    client.request("GET", "/login/", headers={"X-Forwarded-Proto": claimed} if claimed else {})
    response = client.getresponse()
    response.read()
    assert response.status == 301
    assert response.getheader("Location") == f"https://127.0.0.1:{proxied['app_port']}/login/"


@pytest.mark.parametrize(
    ("proxy", "says"),
    [("", "MINEFREE_HTTPS=1 needs the address of the TLS proxy"), ("*", "would let any client claim HTTPS")],
)
def test_serve_refuses_a_proxy_setting_that_cannot_work_or_trusts_everyone(
    tmp_path: Path, proxy: str, says: str
) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MINEFREE_DATA_DIR": str(tmp_path), "MINEFREE_HTTPS": "1"}
    env["MINEFREE_TRUSTED_PROXY"] = proxy
    done = subprocess.run(
        [sys.executable, "-m", "minefree.cli", "serve", "--port", str(free_port())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and says in done.stderr, done.stderr


def test_the_app_refuses_a_body_above_the_largest_upload_before_reading_it(proxied: dict[str, Any]) -> None:
    """Largest upload here: 2 MiB (forms) against 1 MiB (GeoPackage), plus 1 MiB of form around it."""
    client = http.client.HTTPConnection("127.0.0.1", proxied["app_port"], timeout=30)
    client.putrequest("POST", "/api/v1/geopackage/import/")
    client.putheader("Content-Length", str(3 * MIB + 1))
    client.putheader("Content-Type", "multipart/form-data; boundary=x")
    client.endheaders()  # no byte of the body is sent: waitress answers from the length alone
    response = client.getresponse()
    assert response.status == 413
