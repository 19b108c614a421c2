"""Screenshots of the pages a field team's data passes through, for docs/field-collection.md.

It starts nothing: point it at a running demo (`minefree demo`, then `minefree serve`):

    .venv/bin/python -m minefree.demo.screenshots docs/img --base-url http://127.0.0.1:8000

It first does what ODK Collect does (as npa.clerk: form list, form, HEAD, multipart POST of a
hazard report with a photo), then, as the NMAC information officer, takes the forms page and the
review page of that report, in Debian's Chromium at 1280x800.
"""

from __future__ import annotations

import argparse
import base64
import re
import urllib.request
import uuid
from pathlib import Path
from xml.etree import ElementTree

from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
XF = "{http://www.w3.org/2002/xforms}"
ANSWERS = {
    "date": "2026-05-14",
    "name": "Pasture above the spring",
    "admin_area": "TJ-SU-GFR",
    "classification": "SHA",
    "contamination": "ap_mines",
    # Walked with the phone: four corners and back to the first, "latitude longitude altitude accuracy".
    "geometry": ";".join(
        f"{lat} {lon} 1900 5"
        for lat, lon in [(40.95, 69.95), (40.95, 69.953), (40.952, 69.953), (40.952, 69.95), (40.95, 69.95)]
    ),
    "description": "Shepherds report two mines seen after the spring thaw; marked with stones.",
    "photo": "sign.jpg",
}


def _open(
    url: str, auth: str, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None
) -> bytes:
    request = urllib.request.Request(
        url, data=data, headers={"Authorization": f"Basic {auth}", **(headers or {})}, method=method
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        body: bytes = response.read()
        return body


def _instance(form_xml: bytes, instance_id: str) -> bytes:
    """The form's primary instance with the answers filled in, as ODK Collect writes it."""
    model = ElementTree.fromstring(form_xml).find(f".//{XF}model")
    assert model is not None
    template = next(i for i in model.findall(f"{XF}instance") if "id" not in i.attrib)[0]
    out = ElementTree.Element("data", {k: v for k, v in template.attrib.items()})
    for child in template:
        name = child.tag.split("}")[-1]
        if name == "meta":
            ElementTree.SubElement(ElementTree.SubElement(out, "meta"), "instanceID").text = instance_id
        else:
            ElementTree.SubElement(out, name).text = ANSWERS.get(name)
    return ElementTree.tostring(out)


def _photo(page: Page) -> bytes:
    """A picture of a marking sign, drawn in the browser, as the JPEG a phone camera would send."""
    page.set_viewport_size({"width": 640, "height": 480})
    page.set_content(
        "<body style='margin:0;background:linear-gradient(#9bb7d4,#c9b48a 60%,#7a6a45)'>"
        "<div style='margin:90px auto;width:300px;height:240px;background:#c00;color:#fff;font:bold 54px sans-serif;"
        "text-align:center;border:10px solid #fff;border-radius:12px;padding-top:40px;box-sizing:border-box'>"
        "☠<br>МИНА<br>MINES</div></body>"
    )
    return page.screenshot(type="jpeg", quality=70)


def send_report(base: str, password: str, photo: bytes) -> str:
    """ODK Collect's exchange as npa.clerk; returns the reference of the report it became."""
    auth = base64.b64encode(f"npa.clerk:{password}".encode()).decode()
    listing = _open(f"{base}/openrosa/formList?formID=minefree_hazard", auth).decode()
    download = re.search(r"<downloadUrl>([^<]+)</downloadUrl>", listing)
    assert download, "the demo publishes no minefree_hazard form"
    instance_id = f"uuid:{uuid.uuid4()}"
    xml = _instance(_open(download.group(1), auth), instance_id)
    boundary = uuid.uuid4().hex
    body = b""
    for field, filename, kind, content in (
        ("xml_submission_file", "submission.xml", "text/xml", xml),
        ("sign.jpg", "sign.jpg", "image/jpeg", photo),
    ):
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'.encode()
        body += f"Content-Type: {kind}\r\n\r\n".encode() + content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "X-OpenRosa-Version": "1.0"}
    _open(f"{base}/openrosa/submission", auth, data=None, headers={"X-OpenRosa-Version": "1.0"}, method="HEAD")
    answer = _open(f"{base}/openrosa/submission", auth, body, headers).decode()
    received = re.search(r"Received as ([^,]+),", answer)
    assert received, answer
    return received.group(1)


def take(outdir: Path, base: str, password: str) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    names = ["forms-page.png", "forms-export.png", "odk-report-review.png", "odk-report-photo.png"]
    shots = [outdir / name for name in names]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        reference = send_report(base, password, _photo(page))
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(f"{base}/login/")
        page.fill("input[name=username]", "tnmac.im")
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.goto(f"{base}/forms/")
        page.screenshot(path=str(shots[0]))
        page.evaluate(
            "document.querySelector('table.exports').previousElementSibling.previousElementSibling.scrollIntoView()"
        )
        page.screenshot(path=str(shots[1]))
        page.goto(f"{base}/field-reports/?state=submitted&kind=hazard")
        page.click(f"a:has-text('{reference}')")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(shots[2]), full_page=True)
        page.click("ul.attachments a")
        page.wait_for_load_state("load")
        page.screenshot(path=str(shots[3]))
        browser.close()
    return shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--password", default="minefree-demo")
    args = parser.parse_args()
    for path in take(args.outdir, args.base_url.rstrip("/"), args.password):
        print(path, path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
