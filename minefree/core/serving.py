"""How `minefree serve` runs waitress: which proxy it believes, and the largest request it reads.

Behind a TLS proxy the app only knows a request came over HTTPS from `X-Forwarded-Proto`. Waitress
takes that header (and `X-Forwarded-For`, the client's address) from MINEFREE_TRUSTED_PROXY only
and removes it from every other peer, so a client cannot claim HTTPS or another address. Django
then reads the scheme waitress set (`wsgi.url_scheme`); it trusts no header itself.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

# Multipart boundaries and form fields around the largest file a form accepts.
BODY_MARGIN_BYTES = 1024 * 1024


class ServeConfigError(Exception):
    """The settings cannot give a working server; the message says which to change."""


def largest_body() -> int:
    """Waitress refuses (413) a request body above this before the app reads any of it."""
    return max(settings.MINEFREE_MAX_UPLOAD_BYTES, settings.MINEFREE_GPKG_MAX_BYTES) + BODY_MARGIN_BYTES


def waitress_options() -> dict[str, Any]:
    """Keyword arguments for waitress.serve beyond host and port."""
    options: dict[str, Any] = {
        "threads": 8,
        "ident": "MineFree",
        "max_request_body_size": largest_body(),
        "clear_untrusted_proxy_headers": True,
    }
    proxy = settings.MINEFREE_TRUSTED_PROXY
    if proxy == "*":
        raise ServeConfigError(
            _("MINEFREE_TRUSTED_PROXY=* would let any client claim HTTPS or another address; give the proxy's address.")
        )
    if settings.HTTPS and not proxy:
        raise ServeConfigError(
            _(
                "MINEFREE_HTTPS=1 needs the address of the TLS proxy in MINEFREE_TRUSTED_PROXY "
                "(127.0.0.1 when it runs on this machine); without it every page redirects to itself."
            )
        )
    if proxy:
        options.update(
            trusted_proxy=proxy,
            trusted_proxy_count=1,
            trusted_proxy_headers={"x-forwarded-proto", "x-forwarded-for"},
        )
    return options


WILDCARDS = {"", "0.0.0.0", "::", "[::]"}


def listening_hosts(host: str) -> list[str]:
    """The host names a server listening on `host` answers to besides MINEFREE_ALLOWED_HOSTS.

    `minefree serve --host 192.168.1.20` on a field office network: phones reach the server at that
    address, so a Host header naming it is this server's own and is accepted (Django answers 400 to
    any host it was not told of). A wildcard (all addresses) adds nothing: which of the machine's
    addresses the phones use is named in MINEFREE_ALLOWED_HOSTS, never taken from the request.
    """
    if host in WILDCARDS:
        return []
    return [host.strip("[]")]


def allow_listening_host(host: str) -> list[str]:
    """Adds the address `minefree serve` listens on to the hosts Django answers to; returns them all."""
    added = [h for h in listening_hosts(host) if h not in settings.ALLOWED_HOSTS]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, *added]
    return list(settings.ALLOWED_HOSTS)
