"""The NMAC's steps on the forms page for a new form version: upload a draft, read its test URL, publish."""

from __future__ import annotations

import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from minefree.fieldcollection.models import XForm


def upload(client: Client, name: str, text: str) -> Any:
    return client.post("/forms/", {"xlsform": SimpleUploadedFile(name, text.encode())})


def server_url(page: Any) -> str:
    """The draft's server URL as the page shows it, as a path."""
    found = re.search(r'<code class="draft-url">https?://[^/]+(/openrosa/draft/[^<]+)</code>', page.content.decode())
    assert found, "the page shows no test URL"
    return found.group(1)


def upload_and_publish(client: Client, name: str, text: str) -> XForm:
    """What the NMAC does for a new version that fits its report: upload, then Publish."""
    assert upload(client, name, text).status_code == 200
    draft = XForm.objects.filter(state="draft").latest("uploaded_at")
    assert client.post(f"/forms/drafts/{draft.pk}/publish/").status_code == 302
    draft.refresh_from_db()
    assert draft.state == "published" and draft.active
    return draft
