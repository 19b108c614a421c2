// Each GeoPackage conflict: the national record now (red) and the field team's polygon (dashed blue).
(function () {
  document.querySelectorAll(".conflict-map").forEach(function (element) {
    var map = MineFreeBaseMap(element, {tools: false});
    var bounds = null;
    function add(data, style) {
      if (!data) { return; }
      var layer = L.geoJSON(data, {style: style}).addTo(map);
      bounds = bounds ? bounds.extend(layer.getBounds()) : layer.getBounds();
    }
    var shapes = MineFreeData(element.dataset.shapes) || {};
    add(shapes.server, {color: "#FF0000", fillColor: "#FF0000", fillOpacity: 0.3, weight: 2});
    add(shapes.field, {color: "#1d4ed8", dashArray: "6 4", fillOpacity: 0.1, weight: 3});
    if (bounds) { map.fitBounds(bounds, {maxZoom: 17}); } else { map.setView([0, 0], 2); }
  });
})();
