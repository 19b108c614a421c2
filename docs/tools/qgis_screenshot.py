#!/usr/bin/python3
"""QGIS (Debian's qgis and python3-qgis) reading a MineFree server with its own authentication.

Run with Debian's Python, not the project's virtualenv, against a served demo:

    MINEFREE_DATA_DIR=/tmp/mf-qgis .venv/bin/minefree demo --password minefree-demo
    MINEFREE_DATA_DIR=/tmp/mf-qgis MINEFREE_TRUSTED_PROXY=127.0.0.1 .venv/bin/minefree serve --port 8031 &
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 docs/tools/qgis_screenshot.py --backend http://127.0.0.1:8031

HTTP Basic is accepted over HTTPS only, so the script puts a TLS proxy with a throw-away
self-signed certificate in front of the server (the part nginx plays on a national server), tells
QGIS to trust that certificate, stores a QGIS authentication configuration of type Basic, opens
MineFree's QGIS project (`/ogc/project.qgs?authcfg=ID`: every collection as an OGC API - Features
layer with its IMAS style) and renders the map and its legend to docs/img/.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import http.server
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import urllib.request
from pathlib import Path

IMG = Path(__file__).resolve().parents[1] / "img"


def self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def tls_proxy(backend: str, cert: Path, key: Path) -> int:
    """A TLS front for `backend` (host:port) on a free port, marking requests as HTTPS as nginx does."""
    host, port = backend.split(":")

    class Proxy(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            upstream = http.client.HTTPConnection(host, int(port), timeout=300)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "keep-alive")}
            headers["X-Forwarded-Proto"] = "https"
            headers["X-Forwarded-For"] = self.client_address[0]
            upstream.request("GET", self.path, headers=headers)
            answer = upstream.getresponse()
            body = answer.read()
            self.send_response(answer.status)
            for name, value in answer.getheaders():
                if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="http://127.0.0.1:8031", help="the `minefree serve` address")
    parser.add_argument("--user", default="tnmac.im")
    parser.add_argument("--password", default="minefree-demo")
    parser.add_argument("--out", default=str(IMG / "qgis-styled-layers.png"))
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="minefree-qgis-"))
    cert, key = self_signed(work)
    port = tls_proxy(args.backend.split("//", 1)[-1].rstrip("/"), cert, key)
    service = f"https://127.0.0.1:{port}/ogc/"
    os.environ["QGIS_AUTH_DB_DIR_PATH"] = str(work)  # a fresh authentication database, not the user's

    from qgis.core import (
        QgsApplication,
        QgsAuthMethodConfig,
        QgsCoordinateTransform,
        QgsExpression,
        QgsFeatureRequest,
        QgsLayoutExporter,
        QgsLayoutItemLegend,
        QgsLayoutPoint,
        QgsLayoutSize,
        QgsMapRendererSequentialJob,
        QgsMapSettings,
        QgsPrintLayout,
        QgsProject,
        QgsRectangle,
        QgsUnitTypes,
    )
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor, QImage, QPainter
    from qgis.PyQt.QtNetwork import QSslCertificate

    QgsApplication.setPrefixPath("/usr", True)  # Debian's qgis: its CRS database and providers
    app = QgsApplication([], False, str(work / "profile"))
    app.initQgis()
    if os.environ.get("MINEFREE_QGIS_LOG"):  # QGIS's own messages (network, providers), for a failed run
        QgsApplication.messageLog().messageReceived.connect(
            lambda text, tag, level: print(f"[{tag}] {text}", file=sys.stderr)
        )
    auth = QgsApplication.authManager()
    auth.setMasterPassword("throw-away", True)
    for authority in QSslCertificate.fromPath(str(cert)):
        auth.storeCertAuthority(authority)
    auth.rebuildCaCertsCache()
    auth.rebuildTrustedCaCertsCache()

    config = QgsAuthMethodConfig("Basic")
    config.setName("MineFree")
    config.setConfig("username", args.user)
    config.setConfig("password", args.password)
    stored = auth.storeAuthenticationConfig(config)
    authcfg = config.id() if not isinstance(stored, tuple) else stored[1].id()
    print(f"QGIS authentication configuration {authcfg} (Basic, {args.user})")

    # The project as a GIS officer downloads it, with the configuration's id in every layer.
    request = urllib.request.Request(f"{service}project.qgs?authcfg={authcfg}")
    token = base64.b64encode(f"{args.user}:{args.password}".encode()).decode()
    request.add_header("Authorization", f"Basic {token}")
    trusting = ssl.create_default_context(cafile=str(cert))
    project_file = work / "minefree.qgs"
    project_file.write_bytes(urllib.request.urlopen(request, context=trusting, timeout=300).read())
    project = QgsProject.instance()
    if not project.read(str(project_file)):
        print("QGIS could not read the project", file=sys.stderr)
        return 1
    layers = list(project.mapLayers().values())
    for layer in layers:
        # Reading every feature proves the log-in (a refused one reads none) and gives the layer its extent.
        count = sum(1 for _feature in layer.getFeatures()) if layer.isValid() else -1
        layer.updateExtents()
        renderer = layer.renderer().type() if layer.renderer() else None
        print(
            f"{layer.name()}: valid={layer.isValid()} features={count} geometry={layer.wkbType()} renderer={renderer}"
        )
    if not all(layer.isValid() for layer in layers):
        return 1

    hazards = next(layer for layer in layers if layer.id() == "minefree_hazardous_areas")
    status = hazards.editorWidgetSetup(hazards.fields().indexOf("status"))
    print(f"status field: {status.type()} {status.config().get('map')}")  # the pick list QGIS offers
    drawn = [layer for layer in project.layerTreeRoot().checkedLayers() if layer.isSpatial()]  # top first
    extent = QgsCoordinateTransform(hazards.crs(), project.crs(), project).transformBoundingBox(hazards.extent())
    extent.scale(1.1)
    print(f"map: {project.crs().authid()}, extent {extent.toString(0)}, layers {[layer.name() for layer in drawn]}")

    # The legend: the project's layer tree with each layer's IMAS rules.
    width, height, legend_width = 1100, 860, 430
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.pageCollection().page(0).setPageSize(QgsLayoutSize(110, 220, QgsUnitTypes.LayoutMillimeters))
    legend = QgsLayoutItemLegend(layout)
    legend.setTitle("MineFree (OGC API - Features)")
    legend.setAutoUpdateModel(True)
    legend.attemptMove(QgsLayoutPoint(2, 2, QgsUnitTypes.LayoutMillimeters))
    layout.addLayoutItem(legend)
    legend_image = QgsLayoutExporter(layout).renderPageToImage(0, QSize(legend_width, round(legend_width * 2)))

    def render(extent: QgsRectangle, path: str) -> bool:
        """The map as QGIS's canvas renders it (a layout's map item renders in this thread, where the
        OGC API provider cannot fetch), with the legend beside it."""
        settings = QgsMapSettings()
        settings.setLayers(drawn)
        settings.setDestinationCrs(project.crs())
        settings.setOutputSize(QSize(width, height))
        settings.setBackgroundColor(QColor("#ffffff"))
        settings.setExtent(extent)
        job = QgsMapRendererSequentialJob(settings)
        job.start()
        job.waitForFinished()
        for error in job.errors():
            print(f"{error.layerID}: {error.message}", file=sys.stderr)
        picture = QImage(width + legend_width, height, QImage.Format_ARGB32)
        picture.fill(QColor("#ffffff"))
        painter = QPainter(picture)
        painter.drawImage(0, 0, job.renderedImage())
        painter.drawImage(width, 0, legend_image)
        painter.end()
        written = picture.save(path)
        print(f"{path}: {'written' if written else 'not written'}")
        return written

    # Close up: an area being worked on, with its released land, in metres of UTM.
    to_map = QgsCoordinateTransform(hazards.crs(), project.crs(), project)
    worked = next(hazards.getFeatures(QgsFeatureRequest(QgsExpression("\"status\" = 'worked_on'"))))
    close = to_map.transformBoundingBox(worked.geometry().boundingBox())
    close.grow(max(close.width(), close.height()) + 2500)  # its neighbours too
    detail = args.out.replace(".png", "-detail.png")
    done = render(extent, args.out) and render(close, detail)
    app.exitQgis()
    shutil.rmtree(work, ignore_errors=True)  # the key, the certificate and the authentication database
    return 0 if done else 1


if __name__ == "__main__":
    sys.exit(main())
