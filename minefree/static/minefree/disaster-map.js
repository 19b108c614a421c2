// The overlay map: the affected area, the search zone, released land, and each hazard as its polygon and a marker.
(function () {
  var element = document.getElementById("map");
  var map = MineFreeBaseMap(element);
  var data = MineFreeData;
  (data("map-outlines") || []).forEach(function (g) {
    L.geoJSON(g, {interactive: false, style: {color: "#98a2b3", weight: 1, fill: false}}).addTo(map);
  });
  var area = L.geoJSON(data("overlay-area"), {interactive: false,
    style: {color: "#1d4ed8", weight: 2, fillColor: "#bfdbfe", fillOpacity: 0.35}}).addTo(map);
  var zone = data("overlay-zone");
  if (zone) {
    L.geoJSON(zone, {interactive: false, style: {color: "#1d4ed8", weight: 1.5, dashArray: "4 3", fill: false}}).addTo(map);
  }
  function label(p) {
    return p.reference + " · " + (p.inside ? element.dataset.labelInside : Math.round(p.distance).toLocaleString(document.documentElement.lang || undefined) + " " + element.dataset.unitM);
  }
  L.geoJSON(data("overlay-released"), {
    style: {color: "#99CC33", fillColor: "#99CC33", fillOpacity: 0.5, weight: 1},
    onEachFeature: function (f, l) {
      var text = document.createElement("span");
      text.textContent = label(f.properties) + " · " + f.properties.hazard_reference;
      l.bindPopup(text);
    }
  }).addTo(map);
  var hazards = data("overlay-hazards");
  var markers = L.layerGroup().addTo(map);
  L.geoJSON(hazards, {
    style: function (f) { return MineFreeStyle(f.properties); },
    onEachFeature: function (f, l) {
      var a = document.createElement("a");
      a.href = element.dataset.detail.replace("/0/", "/" + f.id + "/");
      a.textContent = label(f.properties) + " " + f.properties.name;
      l.bindPopup(a);
      // Hazards are a few hundred metres across: a marker keeps each visible at the scale of a flood.
      var style = MineFreeStyle(f.properties);
      L.circleMarker(l.getBounds().getCenter(), {radius: 5, color: "#1d2330", weight: 1, fillColor: style.fillColor,
        fillOpacity: 0.9, className: "hazard-marker", pane: "markerPane"}).bindPopup(a.cloneNode(true)).addTo(markers);
    }
  }).addTo(map);
  map.fitBounds((zone ? L.geoJSON(zone) : area).getBounds(), {maxZoom: 16});
  element.dataset.hazards = hazards.features.length;
})();
