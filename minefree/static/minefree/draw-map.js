// Drawing on the map fills the hidden "drawn" field with GeoJSON; the server checks it like any other input.
(function () {
  var element = document.getElementById("draw-map");
  var field = document.querySelector("input[name=drawn]");
  var map = MineFreeBaseMap(element);
  var current = MineFreeData("map-feature");
  if (current) {
    var layer = L.geoJSON(current, {style: {color: "#FF0000", weight: 2, fillOpacity: 0.2}, pmIgnore: true}).addTo(map);
    map.fitBounds(layer.getBounds(), {maxZoom: 16});
  } else {
    MineFreeHome(map, element);
  }
  // Grey outlines for orientation without a base map (the disaster overlay passes the regions).
  (MineFreeData("map-outlines") || []).forEach(function (g) {
    L.geoJSON(g, {interactive: false, pmIgnore: true, style: {color: "#98a2b3", weight: 1, fill: false}}).addTo(map);
  });
  map.pm.addControls({position: "topleft", drawMarker: false, drawCircleMarker: false, drawPolyline: false,
    drawRectangle: true, drawCircle: false, drawText: false, cutPolygon: false, rotateMode: false});
  // Geoman's toolbar buttons are empty links with the tool's name only as the tooltip of their box;
  // screen readers and voice control need it on the button itself.
  function nameTools() {
    element.querySelectorAll(".leaflet-buttons-control-button").forEach(function (button) {
      var box = button.closest("[title]");
      if (box) { button.setAttribute("aria-label", box.getAttribute("title")); }
    });
  }
  nameTools();
  map.on("pm:langchange", nameTools);
  function sync() {
    var shapes = map.pm.getGeomanDrawLayers(true).toGeoJSON();
    field.value = shapes.features.length ? JSON.stringify(shapes) : "";
  }
  map.on("pm:create", function (e) { e.layer.on("pm:edit", sync); sync(); });
  map.on("pm:remove", sync);
})();
