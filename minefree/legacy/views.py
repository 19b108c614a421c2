"""The legacy-import pages: upload a file, build the mapping beside the file's columns and values,
dry-run it, import it, and follow the job. Only a user who may import (run.may_import) sees them."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minefree.core.errors import ActionError
from minefree.exports.models import Job
from minefree.exports.views import own_job
from minefree.legacy import jobs
from minefree.legacy.mapping import DATE_FORMATS, DEFAULT_DATE_FORMATS, EXCEL, Mapping, MappingError, parse
from minefree.legacy.models import LegacyImport
from minefree.legacy.reader import ReadError, layers, sample_columns
from minefree.legacy.run import may_import
from minefree.legacy.targets import TARGETS, Target


def _importable(user: Any) -> list[Target]:
    return [target for target in TARGETS.values() if may_import(user, target)]


def _assert_importer(user: Any) -> list[Target]:
    targets = _importable(user)
    if not targets:
        raise PermissionDenied(_("Only the NMAC's information managers import legacy files."))
    return targets


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _assert_importer(request.user)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Choose a file to upload.")
        else:
            try:
                token = jobs.store_source(request.user, upload)
            except ActionError as exc:
                error = str(exc)
            else:
                return redirect("legacy:source", token=token)
    context = {
        "error": error,
        "imports": LegacyImport.objects.select_related("user")[:20],
        "jobs": Job.objects.filter(user_id=request.user.pk or 0, kind=jobs.KIND)[:10],
        "suffixes": ", ".join(jobs.SUFFIXES),
    }
    return render(request, "legacy/index.html", context, status=400 if error else 200)


def _builder_mapping(post: Any, target: Target, layer: str) -> dict[str, Any]:
    """The mapping the builder's form describes (column, constant, value map per field)."""
    fields: dict[str, Any] = {}
    for question in target.questions():
        column = post.get(f"col_{question.name}", "")
        constant = post.get(f"val_{question.name}", "").strip()
        if not column and not constant:
            continue
        entry: dict[str, Any] = {"column": column} if column else {"value": constant}
        if question.type == "district":
            entry["by"] = post.get(f"by_{question.name}", "code")
        values = {}
        for key in post:
            if key.startswith(f"src_{question.name}__"):
                code = post.get(key.replace("src_", "map_", 1), "")
                if code:
                    values[post[key]] = code
        if values:
            entry["values"] = values
        fields[question.name] = entry
    data: dict[str, Any] = {"target": target.name, "layer": layer, "fields": fields}
    for key in ("guid", "local_id"):
        if post.get(key):
            data[key] = post[key]
    if post.get("geom_wkt"):
        data["geometry"] = {"wkt": post["geom_wkt"]}
    elif post.get("geom_lon") and post.get("geom_lat"):
        data["geometry"] = {"lon": post["geom_lon"], "lat": post["geom_lat"]}
    formats = post.getlist("date_formats")
    if formats:
        data["date_formats"] = formats
    return data


def _rows(target: Target, mapping: dict[str, Any], samples: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per MineFree field: its question, what the mapping gives it, the source values to map."""
    rows = []
    fields = mapping.get("fields") or {}
    for question in target.questions():
        entry = fields.get(question.name) or {}
        if isinstance(entry, str):
            entry = {"column": entry}
        column = entry.get("column", "")
        mapped = {str(k).casefold(): v for k, v in (entry.get("values") or {}).items()}
        source_values = []
        if question.type in ("choice", "flag", "district") and column in samples:
            for value in samples[column].distinct:
                source_values.append({"value": value, "code": mapped.get(value.casefold(), "")})
        rows.append(
            {
                "q": question,
                "column": column,
                "constant": entry.get("value") or "",
                "by": entry.get("by", "code"),
                "values": source_values,
                "geometry": question.type in ("polygon", "point", "line"),
            }
        )
    return rows


@login_required
def source(request: HttpRequest, token: str) -> HttpResponse:
    targets = _assert_importer(request.user)
    path = jobs.source_path(request.user, token)
    errors: list[str] = []
    try:
        found = layers(path)
    except ReadError as exc:
        return render(request, "legacy/source.html", {"path": path, "errors": [str(exc)], "layers": []}, status=400)
    data = request.POST if request.method == "POST" else request.GET
    layer = data.get("layer") or (found[0].name if found else "")
    target = TARGETS.get(data.get("target", "")) or targets[0]
    if target not in targets:
        raise PermissionDenied(_("You may not import this record type."))
    mapping: dict[str, Any] = {"target": target.name, "layer": layer, "fields": {}}
    if request.method == "POST":
        mapping_file = request.FILES.get("mapping_file")
        if mapping_file is not None:
            try:
                mapping = json.loads(mapping_file.read().decode("utf-8"))
                layer = str(mapping.get("layer") or layer)
                target = TARGETS.get(str(mapping.get("target")), target)
            except (ValueError, UnicodeDecodeError) as exc:
                errors.append(_("The mapping file is not JSON: %(e)s") % {"e": exc})
        else:
            mapping = _builder_mapping(request.POST, target, layer)
        action = request.POST.get("action", "")
        if action in ("download", "dry_run", "run"):
            try:
                parsed = parse(mapping)
            except MappingError as exc:
                errors += exc.messages
            else:
                if action == "download":
                    return _download(parsed)
                try:
                    job = jobs.start_legacy_job(request.user, token, parsed, layer, dry=action == "dry_run")
                except ActionError as exc:
                    errors.append(str(exc))
                else:
                    return redirect("legacy:job", pk=job.pk)
    try:
        samples = {s.name: s for s in sample_columns(path, layer)} if layer else {}
    except ReadError as exc:
        errors.append(str(exc))
        samples = {}
    info = next((i for i in found if i.name == layer), None)
    context = {
        "token": token,
        "path": path,
        "layers": found,
        "layer": layer,
        "info": info,
        "targets": targets,
        "target": target,
        "mapping": mapping,
        "mapping_json": json.dumps(mapping, ensure_ascii=False, indent=2),
        "samples": list(samples.values()),
        "columns": list(samples),
        "rows": _rows(target, mapping, samples),
        "spreadsheet": path.suffix.lower() in (".csv", ".xlsx"),
        "date_formats": [*DATE_FORMATS, EXCEL],
        "chosen_formats": mapping.get("date_formats") or list(DEFAULT_DATE_FORMATS),
        "errors": errors,
    }
    return render(request, "legacy/source.html", context, status=400 if errors else 200)


def _download(mapping: Mapping) -> HttpResponse:
    response = HttpResponse(mapping.dumps(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mapping-{mapping.target}.json"'
    return response


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    _assert_importer(request.user)
    found = own_job(request.user, pk)
    if found.kind != jobs.KIND:
        return redirect("exports:job", pk=pk)
    outcome = jobs.outcome_of(found)
    record = LegacyImport.objects.filter(pk=outcome["import"]).first() if outcome and outcome.get("import") else None
    token = found.params.get("source", "")
    still_there = bool(token) and (jobs.sources_dir() / token).is_dir()
    context = {"job": found, "outcome": outcome, "record": record, "token": token if still_there else ""}
    return render(request, "legacy/job.html", context)


@login_required
def problems_csv(request: HttpRequest, pk: int) -> HttpResponse:
    _assert_importer(request.user)
    outcome = jobs.outcome_of(own_job(request.user, pk)) or {}
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="legacy-import-{pk}-problems.csv"'
    writer = csv.writer(response)
    writer.writerow(["file", "layer", "row", "field", "message"])
    for p in outcome.get("problems") or []:
        writer.writerow([p["file"], p["layer"], p["row"], p["field"], p["message"]])
    return response


@login_required
@require_POST
def forget(request: HttpRequest, token: str) -> HttpResponse:
    """Remove an uploaded file the centre no longer needs."""
    _assert_importer(request.user)
    path = jobs.source_path(request.user, token)
    import shutil

    shutil.rmtree(Path(path).parent, ignore_errors=True)
    return redirect("legacy:index")
