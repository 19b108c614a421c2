"""One archive that brings an installation back: database, keys, uploaded files, and a manifest.

Layout of the .tar.gz: `manifest.json` first (format, MineFree version, engine, date, the SHA-256
of every other member, one sealed value to test a key against), then `database.sqlite3` or
`database.pgdump`, `keys/secret_key` and `keys/personal_data_key` (unless left out), and
`media/...` (submission attachments). Job files are not kept: results expire after a week and
uploads are only inputs waiting for a job.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from minefree.core import database_copy, personal_key

FORMAT = 1
MANIFEST = "manifest.json"
SECRET_MEMBER = "keys/secret_key"
PERSONAL_MEMBER = "keys/personal_data_key"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup or restore cannot go on; nothing was changed. The message says why."""


@dataclass
class Summary:
    engine: str
    files: int
    size: int
    keys: bool


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _version() -> str:
    try:
        return metadata.version("minefree")
    except metadata.PackageNotFoundError:
        return "unknown"


def _media_files() -> list[tuple[str, Path]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return [(f"media/{p.relative_to(root).as_posix()}", p) for p in sorted(root.rglob("*")) if p.is_file()]


def make_backup(output: Path, keys: bool = True) -> Summary:
    """Write the archive to `output` (via a temporary name, so a half-written archive never has its name)."""
    problem = personal_key.key_problem(_("This database"))
    if problem and keys:
        raise BackupError(problem)  # an archive whose key cannot open its data restores nothing readable
    with tempfile.TemporaryDirectory(prefix="minefree-backup-") as staging:
        folder = Path(staging)
        members: list[tuple[str, Path]] = []
        database = folder / database_copy.member_name()
        try:
            database_copy.dump(database)
        except database_copy.CopyError as error:
            raise BackupError(str(error)) from None
        members.append((database_copy.member_name(), database))
        if keys:
            (folder / "secret_key").write_text(settings.SECRET_KEY)
            members.append((SECRET_MEMBER, folder / "secret_key"))
            key = personal_key.configured_key()
            if key is not None:
                (folder / "personal_data_key").write_bytes(key)
                members.append((PERSONAL_MEMBER, folder / "personal_data_key"))
        members += _media_files()
        files = {name: _sha256(path) for name, path in members}
        manifest = {
            "format": FORMAT,
            "minefree": _version(),
            "engine": database_copy.engine(),
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "sealed_sample": personal_key.sealed_sample(),
            "files": files,
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        partial.touch(mode=0o600)  # it holds the keys
        try:
            with tarfile.open(partial, "w:gz") as archive:
                data = json.dumps(manifest, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode = len(data), 0o600
                archive.addfile(info, io.BytesIO(data))
                for name, path in members:
                    archive.add(path, arcname=name, recursive=False)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(output)
    return Summary(database_copy.engine(), len(members), output.stat().st_size, PERSONAL_MEMBER in files)


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(_("The archive holds an unsafe path: %(name)s") % {"name": name})
    return path


def unpack(archive_path: Path, into: Path) -> dict[str, Any]:
    """Extract every member into `into`, checking each against the manifest; the manifest."""
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            manifest = _extract(archive, into)
    except (OSError, EOFError, zlib.error, tarfile.TarError, ValueError) as error:
        raise BackupError(_("Not a readable MineFree backup: %(error)s") % {"error": error}) from None
    return manifest


def _extract(archive: tarfile.TarFile, into: Path) -> dict[str, Any]:
    first = archive.next()
    handle = archive.extractfile(first) if first is not None and first.name == MANIFEST else None
    if handle is None:
        raise BackupError(_("Not a MineFree backup: the archive does not start with manifest.json."))
    manifest: dict[str, Any] = json.loads(handle.read())
    if manifest.get("format") != FORMAT:
        message = _("Backup format %(format)s is not one this version reads.")
        raise BackupError(message % {"format": manifest.get("format")})
    expected: dict[str, str] = manifest["files"]
    seen: set[str] = set()
    for member in archive:
        if member is first:
            continue
        source = archive.extractfile(member) if member.isfile() else None
        if source is None or member.name not in expected:
            message = _("The archive holds %(name)s, which its manifest does not list.")
            raise BackupError(message % {"name": member.name})
        target = into / _safe_name(member.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with target.open("wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != expected[member.name]:
            message = _("%(name)s does not match its checksum: the archive is damaged.")
            raise BackupError(message % {"name": member.name})
        seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(_("The archive lacks %(names)s: it is incomplete.") % {"names": ", ".join(missing)})
    return manifest


def _key_to_use(manifest: dict[str, Any], unpacked: Path) -> bytes | None:
    """The key the restored server will read: the environment's if set, else the archive's, else the file's."""
    if settings.MINEFREE_PERSONAL_DATA_KEY:
        return str(settings.MINEFREE_PERSONAL_DATA_KEY).encode()
    archived = unpacked / PERSONAL_MEMBER
    if archived.is_file():
        return archived.read_bytes().strip()
    return personal_key.configured_key()


def _check_key(manifest: dict[str, Any], unpacked: Path) -> None:
    sample = manifest.get("sealed_sample")
    key = _key_to_use(manifest, unpacked)
    where = _("The backup")
    if sample and key is None:
        raise BackupError(personal_key.missing_key_message(where))
    if not personal_key.opens(key, sample):
        if settings.MINEFREE_PERSONAL_DATA_KEY:
            raise BackupError(personal_key.wrong_key_message(where))
        raise BackupError(
            _(
                "The personal-data key (%(source)s) does not open the backup's sealed personal data; "
                "set MINEFREE_PERSONAL_DATA_KEY to the key that sealed it."
            )
            % {"source": _("in the archive") if (unpacked / PERSONAL_MEMBER).is_file() else personal_key.key_file()}
        )


def _set_aside(path: Path, stamp: str) -> None:
    """Keep what a forced restore replaces, beside it, rather than delete it."""
    if path.exists():
        path.replace(path.with_name(f"{path.name}.before-restore-{stamp}"))


def restore_backup(archive_path: Path, force: bool = False) -> dict[str, Any]:
    """Bring the archive back into this installation's database and data folder; the manifest."""
    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="restore-", dir=data_dir) as staging:
        unpacked = Path(staging)
        manifest = unpack(archive_path, unpacked)
        if manifest["engine"] != database_copy.engine():
            raise BackupError(
                _("The backup is of a %(archive)s database; this installation uses %(here)s (DATABASE_URL).")
                % {"archive": manifest["engine"], "here": database_copy.engine()}
            )
        media = Path(settings.MEDIA_ROOT)
        occupied = not database_copy.is_empty() or (media.is_dir() and any(media.rglob("*")))
        if occupied and not force:
            raise BackupError(
                _("This installation already has data (database or %(media)s); restore with --force to replace it.")
                % {"media": media}
            )
        _check_key(manifest, unpacked)
        try:
            database_copy.load(unpacked / database_copy.member_name())
        except database_copy.CopyError as error:
            raise BackupError(str(error)) from None
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        _set_aside(media, stamp)
        if (unpacked / "media").is_dir():
            shutil.move(str(unpacked / "media"), media)
        for member, name in ((SECRET_MEMBER, "secret_key"), (PERSONAL_MEMBER, personal_key.KEY_FILE)):
            if (unpacked / member).is_file():
                same = (data_dir / name).is_file() and (data_dir / name).read_bytes() == (
                    unpacked / member
                ).read_bytes()
                if not same:
                    _set_aside(data_dir / name, stamp)
                shutil.move(str(unpacked / member), data_dir / name)
                os.chmod(data_dir / name, 0o600)
    return manifest
