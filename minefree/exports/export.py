"""One export, from a list's slug, a format and the list's filters: straight to a file, or as a job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext as _

from minefree.core.errors import ActionError
from minefree.exports.crs import WGS84, chosen_srid
from minefree.exports.exportable import Export
from minefree.exports.formats import FORMATS, Format, formats_for
from minefree.exports.jobs import Progress, Result, job_kind
from minefree.exports.models import Job
from minefree.exports.sources import Source, sources
from minefree.gazetteer.home import local_today

# Above this many rows an export runs as a job (progress page, download link); below, at once.
ROWS_BEFORE_JOB: int = settings.MINEFREE_ROWS_BEFORE_JOB
# Query parameters that are the export's own, not the list's filters.
OWN_PARAMS = ("fmt", "hxl", "bom", "headers", "crs", "after", "csrfmiddlewaretoken")


class UnknownList(ActionError):
    """No exportable list by that name (or one of personal data, which is never exported)."""


def find(slug: str, fmt: str) -> tuple[Source, Format]:
    source = sources().get(slug)
    if source is None:
        raise UnknownList(_("No exportable list named “%(name)s”.") % {"name": slug}, field="list")
    offered = formats_for(source)
    chosen = FORMATS.get(fmt)
    if chosen not in offered:
        codes = ", ".join(f.code for f in offered)
        message = _("Unknown export format “%(fmt)s” for %(list)s; use one of %(codes)s.")
        raise ActionError(message % {"fmt": fmt, "list": source.title, "codes": codes}, field="fmt")
    return source, chosen


def filters_only(params: QueryDict) -> QueryDict:
    """The list's filters alone; empty ones are dropped (the FilterSet ignores them as well)."""
    kept = QueryDict(mutable=True)
    for name, values in params.lists():
        if name not in OWN_PARAMS and any(values):
            kept.setlist(name, [v for v in values if v])
    return kept


def prepare(
    user: Any, slug: str, fmt: str, params: QueryDict, options: dict[str, str], *, in_request: bool = True
) -> tuple[Export, Format]:
    """The filtered list for `user` (FilterError on a bad filter) and the format to write it in.

    In a request the rows are counted only up to one past ROWS_BEFORE_JOB, enough to choose between
    writing at once and a job; the job counts them all (its progress needs the total).
    """
    source, chosen = find(slug, fmt)
    srid = chosen_srid(options.get("crs", ""))
    filters = filters_only(params)
    qs = source.queryset(user, filters)
    total = qs[: ROWS_BEFORE_JOB + 1].count() if in_request else qs.count()
    if chosen.max_rows is not None and total > chosen.max_rows:
        message = _("%(rows)s rows are more than %(format)s holds (%(max)s); use CSV or GeoPackage.")
        raise ActionError(message % {"rows": total, "format": chosen.label, "max": chosen.max_rows}, field="fmt")
    return Export(source, qs, total, filters.urlencode(), options, srid=srid), chosen


def too_large_for_a_request(export: Export) -> bool:
    return export.total > ROWS_BEFORE_JOB


def file_name(export: Export, fmt: Format) -> str:
    # A file in a projected system says so in its name: the same list in UTM 42N and 43N side by side.
    projected = f"-epsg{export.srid}" if export.srid != WGS84 and export.source.geometry else ""
    return f"{export.source.slug}-{local_today().isoformat()}{projected}.{fmt.extension}"


def job_params(slug: str, fmt: str, params: QueryDict, options: dict[str, str]) -> dict[str, Any]:
    return {
        "list": slug,
        "fmt": fmt,
        "filters": filters_only(params).urlencode(),
        "options": options,
    }


@job_kind("export")
def run_export(job: Job, progress: Progress, workdir: Path) -> Result:
    """The job: the same export as a request would write, read as the job's owner at run time."""
    params = job.params
    export, chosen = prepare(
        job.user,
        params["list"],
        params["fmt"],
        QueryDict(params.get("filters", "")),
        params.get("options", {}),
        in_request=False,
    )
    progress(0, f"{export.total} rows")
    export.progress = lambda done, total: progress.rows(done, total, f"{done} / {total} rows")
    name = file_name(export, chosen)
    path = workdir / name
    chosen.write(export, path)
    return Result(path, name, chosen.content_type)
