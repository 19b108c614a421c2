"""A small ODK Collect: it downloads a form as Collect does and fills it in from the XForm itself.

The instance is built from the form's primary instance (element names, order, repeat template),
select answers are checked against the choices the form offers (inline lists, or the CSV media
files downloaded through the manifest), so a form that cannot produce an answer fails here.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from minefree.conftest import PASSWORD

XF = "{http://www.w3.org/2002/xforms}"
JR_TEMPLATE = "{http://openrosa.org/javarosa}template"


def device(username: str | None = "npa.clerk") -> Client:
    headers = {"HTTP_X_OPENROSA_VERSION": "1.0"}  # Collect sends it on every request
    if username:
        token = base64.b64encode(f"{username}:{PASSWORD}".encode()).decode()
        headers["HTTP_AUTHORIZATION"] = f"Basic {token}"
    return Client(**headers)


def _local(tag: str) -> str:
    return tag.split("}")[-1]


@dataclass
class Form:
    form_id: str
    xml: bytes
    media: dict[str, str] = field(default_factory=dict)

    @property
    def root(self) -> ElementTree.Element:
        return ElementTree.fromstring(self.xml)

    def primary(self) -> ElementTree.Element:
        model = self.root.find(f".//{XF}model")
        assert model is not None
        first = next(i for i in model.findall(f"{XF}instance") if "id" not in i.attrib)
        return first[0]

    def choices(self) -> dict[str, set[str]]:
        """Answer name -> the values its select offers (from the inline list or the CSV file)."""
        root = self.root
        model = root.find(f".//{XF}model")
        assert model is not None
        inline: dict[str, list[dict[str, str]]] = {}
        files: dict[str, str] = {}
        for item in model.findall(f"{XF}instance"):
            if "src" in item.attrib:
                files[item.attrib["id"]] = item.attrib["src"].rsplit("/", 1)[-1]
            elif "id" in item.attrib:
                inline[item.attrib["id"]] = [{_local(c.tag): c.text or "" for c in row} for row in item[0]]
        offered: dict[str, set[str]] = {}
        for select in root.iter(f"{XF}select1"):
            itemset = select.find(f"{XF}itemset")
            if itemset is None:
                continue
            match = re.match(
                r"instance\('([^']+)'\)/root/item(?:\[(\w+)\s*=\s*'([^']*)'\])?", itemset.attrib["nodeset"]
            )
            assert match, itemset.attrib["nodeset"]
            source, column, wanted = match.groups()
            rows = list_rows(files[source], self.media[files[source]]) if source in files else inline[source]
            rows = [r for r in rows if column is None or r.get(column) == wanted]
            offered[select.attrib["ref"].rsplit("/", 1)[-1]] = {r["name"] for r in rows}
        return offered

    def static_choices(self) -> dict[str, set[str]]:
        """Only the selects whose choices are written in the XLSForm itself."""
        files = {i.attrib["id"] for i in self.root.iter(f"{XF}instance") if "src" in i.attrib}
        names = {}
        for select in self.root.iter(f"{XF}select1"):
            itemset = select.find(f"{XF}itemset")
            if (
                itemset is not None
                and re.match(r"instance\('([^']+)'\)", itemset.attrib["nodeset"]).group(1) not in files
            ):
                names[select.attrib["ref"].rsplit("/", 1)[-1]] = True
        return {name: values for name, values in self.choices().items() if name in names}

    def fill(self, values: dict[str, Any], deprecated: str = "") -> tuple[str, bytes]:
        """(instanceID, instance XML) the way Collect writes it: every question, in form order."""
        offered = self.choices()
        for name, value in _flat(values):
            if name in offered and value not in ("", None):
                assert str(value) in offered[name], f"{self.form_id}: {name}={value!r} not offered: {offered[name]}"
        template = self.primary()
        known = {_local(e.tag) for e in template.iter()}
        unknown = {name for name, _value in _flat(values)} - known
        assert not unknown, f"{self.form_id} has no question {unknown}"
        instance_id = f"uuid:{uuid.uuid4()}"
        out = _copy(template, values)
        meta = out.find("meta")
        assert meta is not None
        meta.find("instanceID").text = instance_id  # type: ignore[union-attr]
        if deprecated:
            ElementTree.SubElement(meta, "deprecatedID").text = deprecated
        body = ElementTree.tostring(out, encoding="unicode")
        return instance_id, f"<?xml version='1.0' ?>{body}".encode()


def _flat(values: dict[str, Any]) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for name, value in values.items():
        if isinstance(value, list):
            out.append((name, None))
            for item in value:
                out += _flat(item)
        else:
            out.append((name, value))
    return out


def _copy(element: ElementTree.Element, values: dict[str, Any]) -> ElementTree.Element:
    """The template element without namespaces, its leaves answered, each repeat once per item."""
    made = ElementTree.Element(_local(element.tag), {k: v for k, v in element.attrib.items() if k != JR_TEMPLATE})
    seen_repeats: set[str] = set()
    for child in element:
        name = _local(child.tag)
        if JR_TEMPLATE in child.attrib or name in seen_repeats:
            if name not in seen_repeats:  # the template: one copy per answered item
                seen_repeats.add(name)
                for item in values.get(name, []):
                    made.append(_copy(child, item))
            continue
        if name in values and isinstance(values[name], list):
            continue
        if len(child):
            made.append(_copy(child, values))
        else:
            leaf = ElementTree.SubElement(made, name)
            value = values.get(name)
            leaf.text = None if value is None else str(value)
    return made


def list_rows(name: str, content: str) -> list[dict[str, str]]:
    """An offline list's rows as a form reads them: a CSV's, or a GeoJSON's features (answer `id`)."""
    if name.endswith(".geojson"):
        return [{"name": f["properties"]["id"], **f["properties"]} for f in json.loads(content)["features"]]
    return list(csv.DictReader(io.StringIO(content)))


def download(client: Client, form_id: str, server: str = "/openrosa") -> Form:
    """formList, then the form, then its manifest and every media file, checking each md5 like Collect.
    `server` is the server URL's path, as Collect adds `/formList` to it."""
    listing = client.get(f"{server}/formList", {"formID": form_id})
    assert listing.status_code == 200 and listing["X-OpenRosa-Version"] == "1.0"
    found = re.search(
        rf"<formID>{form_id}</formID>.*?<hash>md5:(\w+)</hash><downloadUrl>([^<]+)</downloadUrl>"
        r"<manifestUrl>([^<]+)</manifestUrl>",
        listing.content.decode(),
    )
    assert found, f"{form_id} is not in the form list"
    xml = client.get(found.group(2)).content
    assert hashlib.md5(xml).hexdigest() == found.group(1)
    manifest = client.get(found.group(3))
    assert manifest.status_code == 200 and manifest["X-OpenRosa-Version"] == "1.0"
    form = Form(form_id, xml)
    entries = re.findall(
        r"<filename>([^<]+)</filename><hash>md5:(\w+)</hash><downloadUrl>([^<]+)</downloadUrl>",
        manifest.content.decode(),
    )
    for name, md5, url in entries:
        content = client.get(url).content
        assert hashlib.md5(content).hexdigest() == md5, name
        form.media[name] = content.decode()
    return form


def send(client: Client, xml: bytes, server: str = "/openrosa", **files: SimpleUploadedFile) -> Any:
    """HEAD first (Collect asks the size limit), then the multipart POST."""
    head = client.head(f"{server}/submission")
    assert head.status_code == 204
    parts = {"xml_submission_file": SimpleUploadedFile("submission.xml", xml, "text/xml"), **files}
    return client.post(f"{server}/submission", parts)
