"""`minefree backup` and `minefree restore` end to end, as an administrator runs them, on the engine
under test: the demo's test database (with its sealed victims) and an attachment go into one
archive, come back into a fresh installation and read back, personal data included."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from minefree.core.personal_key import configured_key
from minefree.core.tests.test_https_proxy import committed_database_url

ROOT = Path(__file__).resolve().parents[3]
PHOTO = b"\xff\xd8\xff" + bytes(range(256)) * 40
READ_BACK = (
    "import json; from minefree.casualties.models import Victim; from minefree.hazards.models import HazardArea;"
    "from minefree.core.crypto import unseal; v = Victim.objects.order_by('pk').first();"
    "print(json.dumps([Victim.objects.count(), HazardArea.objects.count(), v.reference, unseal(v.name_sealed)]))"
)


def run(data_dir: Path, database_url: str, *args: str, key: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MINEFREE_PERSONAL_DATA_KEY", "MINEFREE_SECRET_KEY")}
    env.update(PYTHONPATH=str(ROOT), MINEFREE_DATA_DIR=str(data_dir), DATABASE_URL=database_url)
    if key is not None:
        env["MINEFREE_PERSONAL_DATA_KEY"] = key
    command = [sys.executable, "-m", "minefree.cli", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


class Targets:
    """Fresh, empty installations to restore into: a data folder and a database of the same engine."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.databases: list[str] = []

    def new(self) -> tuple[Path, str]:
        name = f"restore_{uuid.uuid4().hex[:10]}"
        folder = self.root / name
        if connection.vendor != "postgresql":
            return folder, f"spatialite:///{folder / 'minefree.sqlite3'}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        self.databases.append(name)
        return folder, committed_database_url().rsplit("/", 1)[0] + f"/{name}"

    def drop(self) -> None:
        with connection.cursor() as cursor:
            for name in self.databases:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def made(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    """Two archives of the test database: with the keys, and without them."""
    from minefree.casualties.models import Victim
    from minefree.core.crypto import unseal
    from minefree.hazards.models import HazardArea

    root = tmp_path_factory.mktemp("backup")
    source = root / "source"
    (source / "media" / "submissions" / "2025" / "07").mkdir(parents=True)
    (source / "media" / "submissions" / "2025" / "07" / "photo.jpg").write_bytes(PHOTO)
    with django_db_blocker.unblock():
        key = configured_key()
        assert key is not None
        (source / "personal_data_key").write_bytes(key)  # the key travels as the file beside the data
        (source / "secret_key").write_text("secret-of-the-old-server")
        victim = Victim.objects.order_by("pk").first()
        assert victim is not None
        expected = [Victim.objects.count(), HazardArea.objects.count(), victim.reference, unseal(victim.name_sealed)]
        url = committed_database_url()
        targets = Targets(root)
        archives = {}
        for label, extra in (("keys", []), ("no-keys", ["--no-keys"])):
            archives[label] = root / f"{label}.tar.gz"
            done = run(source, url, "backup", "--output", str(archives[label]), *extra)
            assert done.returncode == 0, done.stderr
        try:
            yield {"archives": archives, "expected": expected, "key": key.decode(), "targets": targets, "url": url}
        finally:
            if connection.vendor == "postgresql":
                targets.drop()


def read_back(folder: Path, url: str, key: str | None = None) -> list[Any]:
    done = run(folder, url, "manage", "shell", "-c", READ_BACK, key=key)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def is_empty(folder: Path, url: str) -> bool:
    check = "from minefree.core.database_copy import is_empty; print(is_empty())"
    done = run(folder, url, "manage", "shell", "-c", check)
    return done.stdout.strip().endswith("True")


def test_a_backup_restores_reads_back_and_needs_its_key_to_serve(
    made: dict[str, Any],
) -> None:
    archive = made["archives"]["keys"]
    assert archive.stat().st_mode & 0o777 == 0o600  # it holds the keys
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
        assert tar.getnames()[0] == "manifest.json"
    engine = "postgis" if connection.vendor == "postgresql" else "spatialite"
    assert manifest["engine"] == engine and manifest["created_at"] and manifest["sealed_sample"]
    kept = {"keys/secret_key", "keys/personal_data_key", "media/submissions/2025/07/photo.jpg"}
    assert kept <= set(manifest["files"])

    folder, url = made["targets"].new()
    done = run(folder, url, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert read_back(folder, url) == made["expected"]  # the victim's name unsealed with the restored key
    assert (folder / "media" / "submissions" / "2025" / "07" / "photo.jpg").read_bytes() == PHOTO
    assert (folder / "personal_data_key").read_text().strip() == made["key"]
    assert (folder / "secret_key").read_text() == "secret-of-the-old-server"

    again = run(folder, url, "restore", str(archive))
    assert again.returncode == 2 and "already has data" in again.stderr and "--force" in again.stderr
    forced = run(folder, url, "restore", "--force", str(archive))
    assert forced.returncode == 0, forced.stderr
    assert read_back(folder, url) == made["expected"]

    # The restored server refuses to start when its key is gone or is another key (one restore serves both).
    (folder / "personal_data_key").unlink()
    missing = run(folder, url, "serve", "--port", "1")
    assert missing.returncode == 2 and "MINEFREE_PERSONAL_DATA_KEY" in missing.stderr, missing.stderr
    assert not (folder / "personal_data_key").exists()  # no new key made that would seal with another
    other = run(folder, url, "serve", "--port", "1", key=Fernet.generate_key().decode())
    assert other.returncode == 2 and "does not open the sealed personal data" in other.stderr, other.stderr


def test_a_restore_without_the_personal_data_key_refuses_and_writes_nothing(made: dict[str, Any]) -> None:
    archive = made["archives"]["no-keys"]
    with tarfile.open(archive) as tar:
        assert not any(name.startswith("keys/") for name in tar.getnames())
    folder, url = made["targets"].new()
    missing = run(folder, url, "restore", str(archive))
    assert missing.returncode == 2
    assert "no personal-data key" in missing.stderr and "MINEFREE_PERSONAL_DATA_KEY" in missing.stderr
    wrong = run(folder, url, "restore", str(archive), key="x" * 43 + "=")
    assert wrong.returncode == 2 and "does not open" in wrong.stderr, wrong.stderr
    assert is_empty(folder, url) and not (folder / "personal_data_key").exists()
    # With the key kept elsewhere, given in the environment, it restores and reads back.
    done = run(folder, url, "restore", str(archive), key=made["key"])
    assert done.returncode == 0, done.stderr
    assert read_back(folder, url, key=made["key"]) == made["expected"]


def test_a_damaged_archive_is_refused_before_anything_is_written(made: dict[str, Any], tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(made["archives"]["keys"]) as source, tarfile.open(damaged, "w:gz") as out:
        for member in source:
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.endswith("photo.jpg"):
                data = data[:-1] + b"\x00"
            out.addfile(member, io.BytesIO(data))
    folder, url = made["targets"].new()
    done = run(folder, url, "restore", str(damaged))
    assert done.returncode == 2 and "media/submissions/2025/07/photo.jpg does not match its checksum" in done.stderr
    assert is_empty(folder, url)
