"""The centre's mapping file: which source column fills which MineFree field, and how its values read.

A mapping is JSON (docs/migration.md shows a whole one):

    {"target": "hazard", "layer": "HAZARDS", "guid": "GUID", "local_id": "LOCALID",
     "geometry": {"wkt": "WKT"},                      # spreadsheets only; or {"lon": "X", "lat": "Y"}
     "date_formats": ["dd/mm/yyyy", "excel"],         # optional; the default tries every IMSMA format
     "fields": {
        "name": "HAZ_NAME",                           # a column, as it is
        "classification": {"column": "HAZ_TYPE", "values": {"Confirmed Hazardous Area": "CHA"}},
        "admin_area": {"column": "DISTRICT", "by": "name"},   # district by "code" (default) or "name"
        "recorded_on": {"column": "DATE_INFO", "formats": ["m/d/yyyy h:mm:ss AM"]},
        "status": {"value": "open"}}}                 # the same value for every row

Values convert by the type of the target's question (fieldwork.declare.Question): the same field
types and choices the web forms use. A value that does not convert is a Problem naming the file,
layer, row and source column; the row still goes on to the target's checks with what did convert.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.gis.geos import GEOSGeometry
from django.utils.translation import gettext as _

from minefree.fieldwork.declare import Question
from minefree.legacy.reader import GeometryColumns, LayerInfo, SourceRow
from minefree.legacy.targets import TARGETS, Problem, Row, Target

# The date formats IMSMA NG and IMSMA Core exports use, by the name a mapping gives them.
DATE_FORMATS = {
    "yyyy-mm-dd": "%Y-%m-%d",
    "dd/mm/yyyy": "%d/%m/%Y",
    "dd.mm.yyyy": "%d.%m.%Y",
    "m/d/yyyy": "%m/%d/%Y",
    "m/d/yyyy h:mm:ss AM": "%m/%d/%Y %I:%M:%S %p",
    "yyyy-mm-dd hh:mm:ss": "%Y-%m-%d %H:%M:%S",
    "yyyy-mm-ddThh:mm:ss": "%Y-%m-%dT%H:%M:%S",
    "yyyy/mm/dd": "%Y/%m/%d",
}
EXCEL = "excel"  # Excel's serial day numbers (1 = 1900-01-01, with Excel's leap-year bug)
DEFAULT_DATE_FORMATS = ("yyyy-mm-dd", "dd/mm/yyyy", "m/d/yyyy h:mm:ss AM", "yyyy-mm-dd hh:mm:ss", EXCEL)
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_LAST = 2958465  # 9999-12-31
YES = {"yes", "y", "true", "t", "1", "да", "ha", "ҳа", "x"}
NO = {"no", "n", "false", "f", "0", "нет", "не", ""}
GEOMETRY_TYPES = ("polygon", "point", "line")


class MappingError(Exception):
    """The mapping file itself is wrong: the messages say which entry and why."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class FieldMap:
    name: str  # the MineFree field
    column: str = ""  # the source column ("" with a constant value)
    value: Any = None  # the same value for every row (a code, a date as yyyy-mm-dd, ...)
    values: dict[str, Any] = field(default_factory=dict)  # source value -> MineFree value (choice code)
    folded: dict[str, Any] = field(default_factory=dict)  # the same, by source value case-folded (for lookups)
    formats: tuple[str, ...] = ()  # date formats, for a day
    by: str = "code"  # a district by its "code" or its "name"

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"column": self.column} if self.column else {"value": self.value}
        if self.values:
            out["values"] = self.values
        if self.formats:
            out["formats"] = list(self.formats)
        if self.by != "code":
            out["by"] = self.by
        return out


@dataclass(frozen=True)
class Mapping:
    target: str
    layer: str = ""
    guid: str = ""
    local_id: str = ""
    geometry: GeometryColumns | None = None
    date_formats: tuple[str, ...] = DEFAULT_DATE_FORMATS
    fields: dict[str, FieldMap] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"target": self.target, "layer": self.layer}
        if self.guid:
            out["guid"] = self.guid
        if self.local_id:
            out["local_id"] = self.local_id
        if self.geometry is not None:
            g = self.geometry
            out["geometry"] = {"wkt": g.wkt} if g.wkt else {"lon": g.lon, "lat": g.lat}
        if self.date_formats != DEFAULT_DATE_FORMATS:
            out["date_formats"] = list(self.date_formats)
        out["fields"] = {name: fm.as_json() for name, fm in self.fields.items()}
        return out

    def dumps(self) -> str:
        return json.dumps(self.as_json(), ensure_ascii=False, indent=2)

    def target_object(self) -> Target:
        return TARGETS[self.target]


def _field_map(name: str, entry: Any, errors: list[str]) -> FieldMap | None:
    if isinstance(entry, str):
        return FieldMap(name, column=entry)
    if not isinstance(entry, dict) or ("column" not in entry and "value" not in entry):
        errors.append(_("fields.%(f)s: give a column name, or an object with “column” or “value”.") % {"f": name})
        return None
    values = entry.get("values") or {}
    formats = entry.get("formats") or ()
    if not isinstance(values, dict) or not isinstance(formats, list | tuple):
        errors.append(_("fields.%(f)s: “values” is an object and “formats” a list.") % {"f": name})
        return None
    by = str(entry.get("by") or "code")
    if by not in ("code", "name"):
        errors.append(_("fields.%(f)s: “by” is “code” or “name”.") % {"f": name})
    bad = [f for f in formats if f not in DATE_FORMATS and f != EXCEL]
    if bad:
        errors.append(_("fields.%(f)s: unknown date format %(bad)s.") % {"f": name, "bad": ", ".join(bad)})
    return FieldMap(
        name,
        column=str(entry.get("column") or ""),
        value=entry.get("value"),
        values={str(k): v for k, v in values.items()},
        folded={str(k).strip().casefold(): v for k, v in values.items()},
        formats=tuple(formats),
        by=by,
    )


def parse(data: Any) -> Mapping:
    """A Mapping from the file's JSON (a dict, or its text); MappingError names each wrong entry."""
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise MappingError([_("The mapping is not valid JSON: %(e)s") % {"e": exc}]) from exc
    if not isinstance(data, dict):
        raise MappingError([_("The mapping is a JSON object with “target” and “fields”.")])
    errors: list[str] = []
    target = str(data.get("target") or "")
    if target not in TARGETS:
        errors.append(
            _("“target” is one of %(known)s, not “%(t)s”.") % {"known": ", ".join(sorted(TARGETS)), "t": target}
        )
    geometry = None
    g = data.get("geometry")
    if isinstance(g, dict) and (g.get("wkt") or (g.get("lon") and g.get("lat"))):
        geometry = GeometryColumns(
            wkt=str(g.get("wkt") or ""), lon=str(g.get("lon") or ""), lat=str(g.get("lat") or "")
        )
    elif g:
        errors.append(_('“geometry” is {"wkt": column} or {"lon": column, "lat": column}.'))
    date_formats = tuple(data.get("date_formats") or DEFAULT_DATE_FORMATS)
    bad = [f for f in date_formats if f not in DATE_FORMATS and f != EXCEL]
    if bad:
        errors.append(
            _("Unknown date format %(bad)s; known: %(known)s.")
            % {"bad": ", ".join(map(str, bad)), "known": ", ".join([*DATE_FORMATS, EXCEL])}
        )
    fields_in = data.get("fields")
    if not isinstance(fields_in, dict):
        errors.append(_("“fields” is an object: MineFree field -> source column."))
        fields_in = {}
    fields: dict[str, FieldMap] = {}
    for name, entry in fields_in.items():
        fm = _field_map(str(name), entry, errors)
        if fm is not None:
            fields[str(name)] = fm
    if errors:
        raise MappingError(errors)
    mapping = Mapping(
        target=target,
        layer=str(data.get("layer") or ""),
        guid=str(data.get("guid") or ""),
        local_id=str(data.get("local_id") or ""),
        geometry=geometry,
        date_formats=date_formats,
        fields=fields,
    )
    problems = against_target(mapping)
    if problems:
        raise MappingError(problems)
    return mapping


def against_target(mapping: Mapping) -> list[str]:
    """What in the mapping the target cannot take: unknown fields, choice codes, missing required fields."""
    questions = {q.name: q for q in mapping.target_object().questions()}
    errors = []
    for name, fm in mapping.fields.items():
        question = questions.get(name)
        if question is None:
            errors.append(
                _("fields.%(f)s: the %(t)s target has no such field (it has %(known)s).")
                % {"f": name, "t": mapping.target, "known": ", ".join(questions)}
            )
            continue
        if question.type == "choice":
            codes = {str(c) for c, _label in question.choices}
            wrong = sorted({str(v) for v in fm.values.values()} - codes)
            if fm.value is not None and str(fm.value) not in codes:
                wrong.append(str(fm.value))
            if wrong:
                errors.append(
                    _("fields.%(f)s: %(wrong)s is not one of its codes (%(codes)s).")
                    % {"f": name, "wrong": ", ".join(wrong), "codes": ", ".join(sorted(codes))}
                )
    for question in questions.values():
        if question.required and question.type not in GEOMETRY_TYPES and question.name not in mapping.fields:
            errors.append(_("fields.%(f)s is required: map a column or give a value.") % {"f": question.name})
    return errors


def against_layer(mapping: Mapping, info: LayerInfo) -> list[str]:
    """Columns the mapping names that the layer does not have."""
    named = [fm.column for fm in mapping.fields.values() if fm.column]
    named += [c for c in (mapping.guid, mapping.local_id) if c]
    named += list(mapping.geometry.columns()) if mapping.geometry else []
    missing = [c for c in dict.fromkeys(named) if c not in info.columns]
    if not missing:
        return []
    return [
        _("Layer %(layer)s has no column %(missing)s (it has %(columns)s).")
        % {"layer": info.name, "missing": ", ".join(missing), "columns": ", ".join(info.columns)}
    ]


class ConversionError(ValueError):
    pass


def parse_day(value: Any, formats: tuple[str, ...]) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if EXCEL in formats and 1 <= value <= EXCEL_LAST:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ConversionError(
            _("%(v)s is a number, not a date (add “excel” to the date formats for serial days).") % {"v": value}
        )
    text = str(value).strip()
    for name in formats:
        if name == EXCEL:
            if text.replace(".", "", 1).isdigit() and 1 <= float(text) <= EXCEL_LAST:
                return EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
            continue
        try:
            return dt.datetime.strptime(text, DATE_FORMATS[name]).date()
        except ValueError:
            continue
    raise ConversionError(
        _("“%(v)s” is not a date in any of the formats %(formats)s.") % {"v": text, "formats": ", ".join(formats)}
    )


def _choice(question: Question, fm: FieldMap, value: Any) -> str:
    key = str(value).strip()
    mapped = fm.folded.get(key.casefold())
    if mapped is not None:
        return str(mapped)
    for code, label in question.choices:
        if key == str(code) or key.casefold() == str(label).casefold():
            return str(code)
    raise ConversionError(
        _("“%(v)s” is not a known %(field)s; map it to one of %(codes)s.")
        % {"v": key, "field": question.name, "codes": ", ".join(str(c) for c, _l in question.choices)}
    )


def _number(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ConversionError(_("“%(v)s” is not a number.") % {"v": value})
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # 12,5 in a Russian-language export
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ConversionError(_("“%(v)s” is not a number.") % {"v": value}) from exc
    if not number.is_finite():
        raise ConversionError(_("“%(v)s” is not a number.") % {"v": value})
    return number


def _flag(fm: FieldMap, value: Any) -> bool:
    key = str(value).strip().casefold()
    if key in fm.folded:
        mapped = fm.folded[key]
        return mapped if isinstance(mapped, bool) else str(mapped).strip().casefold() in YES
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if key in YES:
        return True
    if key in NO:
        return False
    raise ConversionError(_("“%(v)s” is not yes or no.") % {"v": value})


def convert(question: Question, fm: FieldMap, value: Any, formats: tuple[str, ...], districts: Districts) -> Any:
    """One cell as the question's type wants it; ConversionError says why not."""
    kind = question.type
    if kind in ("text", "long_text", "team"):
        text = str(fm.folded.get(str(value).strip().casefold(), value)).strip()
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))  # a local id a spreadsheet stored as 12.0
        if len(text) > question.max_length:
            raise ConversionError(
                _("The text is %(n)s characters long; at most %(max)s fit.")
                % {"n": len(text), "max": question.max_length}
            )
        return text
    if kind == "choice":
        return _choice(question, fm, value)
    if kind == "day":
        return parse_day(value, fm.formats or formats)
    if kind in ("count", "record"):
        number = _number(value)
        if number != number.to_integral_value():
            raise ConversionError(_("“%(v)s” is not a whole number.") % {"v": value})
        if kind == "count" and not question.low <= number <= question.high:
            raise ConversionError(
                _("%(v)s is outside %(low)s..%(high)s.") % {"v": value, "low": question.low, "high": question.high}
            )
        return int(number)
    if kind == "amount":
        number = _number(value)
        if number < 0:
            raise ConversionError(_("%(v)s is negative.") % {"v": value})
        return number
    if kind == "flag":
        return _flag(fm, value)
    if kind == "district":
        return districts.code(fm, value)
    if kind in GEOMETRY_TYPES:
        if isinstance(value, GEOSGeometry):
            return value
        raise ConversionError(_("No geometry."))
    raise ConversionError(_("A %(kind)s cannot come from a legacy file.") % {"kind": kind})


class Districts:
    """Districts (level 2) by code and by name, read once per file: the mapping turns a name into its code."""

    def __init__(self) -> None:
        from minefree.gazetteer.models import AdminArea

        self.codes: set[str] = set()
        self.names: dict[str, list[str]] = {}
        for code, name in AdminArea.objects.filter(level=AdminArea.Level.DISTRICT).values_list("code", "name"):
            self.codes.add(code)
            self.names.setdefault(name.casefold(), []).append(code)

    def code(self, fm: FieldMap, value: Any) -> str:
        text = str(value).strip()
        mapped = fm.folded.get(text.casefold())
        if mapped is not None:
            text = str(mapped)
            if text in self.codes:
                return text
        if fm.by == "code" or text in self.codes:
            if text in self.codes:
                return text
            raise ConversionError(_("No district has the code “%(v)s”.") % {"v": text})
        found = self.names.get(text.casefold(), [])
        if len(found) == 1:
            return found[0]
        if found:
            raise ConversionError(
                _("Several districts are called “%(v)s” (%(codes)s); map the name to one code.")
                % {"v": text, "codes": ", ".join(found)}
            )
        raise ConversionError(_("No district is called “%(v)s”.") % {"v": text})


def _geometry_question(questions: dict[str, Question]) -> Question | None:
    return next((q for q in questions.values() if q.type in GEOMETRY_TYPES), None)


def map_rows(
    mapping: Mapping,
    source: list[SourceRow],
    *,
    file: str,
    layer: str,
    districts: Districts,
) -> tuple[list[Row], list[Problem]]:
    """Turn one batch of source rows into the target's rows; every cell that does not convert is a Problem."""
    questions = {q.name: q for q in mapping.target_object().questions()}
    geometry_question = _geometry_question(questions)
    rows: list[Row] = []
    problems: list[Problem] = []
    for src in source:
        values: dict[str, Any] = {}
        columns: dict[str, str] = {"guid": mapping.guid or "guid", "local_id": mapping.local_id or "local_id"}
        for column, message in src.problems:
            problems.append(Problem(file, layer, src.number, column, message))
        if geometry_question is not None:
            values[geometry_question.name] = src.geometry
            columns[geometry_question.name] = (
                ",".join(mapping.geometry.columns()) if mapping.geometry else geometry_question.name
            )
        for name, fm in mapping.fields.items():
            question = questions[name]
            columns[name] = fm.column or name
            raw = src.cells.get(fm.column) if fm.column else fm.value
            if raw is None:
                values[name] = None
                continue
            try:
                values[name] = convert(question, fm, raw, mapping.date_formats, districts)
            except ConversionError as exc:
                values[name] = None
                problems.append(Problem(file, layer, src.number, columns[name], str(exc)))
        rows.append(
            Row(
                number=src.number,
                values=values,
                guid=_id(src.cells.get(mapping.guid)) if mapping.guid else "",
                local_id=_id(src.cells.get(mapping.local_id)) if mapping.local_id else "",
                columns=columns,
                wkb=src.wkb,
            )
        )
    return rows, problems


def _id(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip().strip("{}").lower() if _looks_like_guid(value) else str(value).strip()


def _looks_like_guid(value: Any) -> bool:
    text = str(value).strip().strip("{}")
    return len(text) == 36 and text.count("-") == 4
