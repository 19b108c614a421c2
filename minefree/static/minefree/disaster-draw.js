// Drawing the affected area fills the hidden "drawn" field (as draw-map.js does for hazards), over the region outlines.
(function () {
  var element = document.getElementById("draw-map");
  var field = document.querySelector("input[name=drawn]");
  var map = MineFreeBaseMap(element);
  MineFreeHome(map, element);
  JSON.parse(element.dataset.outlines || "[]").forEach(function (g) {
    L.geoJSON(g, {interactive: false, pmIgnore: true, style: {color: "#98a2b3", weight: 1, fill: false}}).addTo(map);
  });
  map.pm.addControls({position: "topleft", drawMarker: false, drawCircleMarker: false, drawPolyline: false,
    drawRectangle: true, drawCircle: false, drawText: false, cutPolygon: false, rotateMode: false});
  function sync() {
    var shapes = map.pm.getGeomanDrawLayers(true).toGeoJSON();
    field.value = shapes.features.length ? JSON.stringify(shapes) : "";
  }
  map.on("pm:create", function (e) { e.layer.on("pm:edit", sync); sync(); });
  map.on("pm:remove", sync);
})();
