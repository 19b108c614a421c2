// The report's geometry (dashed blue) over the current record (red), side by side on one map.
(function () {
  var element = document.getElementById("map");
  var map = MineFreeBaseMap(element);
  var bounds = null;
  function add(data, style) {
    if (!data) { return; }
    var layer = L.geoJSON(data, {style: style, pointToLayer: function (f, latlng) { return L.circleMarker(latlng, style); }}).addTo(map);
    bounds = bounds ? bounds.extend(layer.getBounds()) : layer.getBounds();
  }
  add(MineFreeData("map-hazard"), {color: "#FF0000", fillColor: "#FF0000", fillOpacity: 0.3, weight: 2});
  add(MineFreeData("map-report"), {color: "#1d4ed8", dashArray: "6 4", fillOpacity: 0.1, weight: 3});
  if (bounds) { map.fitBounds(bounds, {maxZoom: 17}); } else { MineFreeHome(map, element); }
})();
