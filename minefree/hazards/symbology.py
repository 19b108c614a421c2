"""Map colours after the GICHD land release symbology (IMAS 07.11 Annex C, TN 07.11/01).

Fill shows the classification (CHA red, SHA orange, both half transparent); the outline shows
the status (open red and continuous, worked on orange and dashed, closed green, ...).
The web map's script (static/minefree/symbology.js) and the GIS styles (styles/imas.py) use these.
"""

from django.utils.translation import gettext_lazy as _

FILL = {"CHA": "#FF0000", "SHA": "#F4A718"}
OUTLINE = {
    "open": ("#FF0000", ""),
    "worked_on": ("#F4A718", "6 4"),
    "suspended": ("#7F7F7F", "2 4"),
    "closed": ("#99CC33", ""),
    "handed_over": ("#2E7D32", ""),
}
RELEASED = "#99CC33"
# Released land is green on the map; in GIS files the way it was released shows as the fill's
# pattern: cancelled by survey hatched one way, reduced cross-hatched, cleared solid.
RELEASE_BRUSH = {"cancel": "f_diagonal", "reduce": "diagonal_x", "clear": "solid"}

LEGEND = [
    {"kind": "fill", "colour": FILL["CHA"], "label": _("Confirmed hazardous area (CHA)")},
    {"kind": "fill", "colour": FILL["SHA"], "label": _("Suspected hazardous area (SHA)")},
    {"kind": "line", "colour": OUTLINE["open"][0], "dash": "", "label": _("Open")},
    {"kind": "line", "colour": OUTLINE["worked_on"][0], "dash": "6 4", "label": _("Worked on")},
    {"kind": "line", "colour": OUTLINE["suspended"][0], "dash": "2 4", "label": _("Suspended")},
    {"kind": "fill", "colour": RELEASED, "label": _("Released land")},
]
