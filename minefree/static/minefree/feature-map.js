(function () {
  var element = document.getElementById("map");
  var map = MineFreeBaseMap(element);
  var bounds = null;
  (MineFreeData("map-released") || []).forEach(function (g) {
    L.geoJSON(g, {style: {color: "#99CC33", fillColor: "#99CC33", fillOpacity: 0.4, weight: 1}}).addTo(map);
  });
  var feature = MineFreeData("map-feature");
  if (feature) {
    var layer = L.geoJSON(feature, {style: {color: "#FF0000", fillColor: "#FF0000", fillOpacity: 0.5, weight: 2}}).addTo(map);
    bounds = layer.getBounds();
  }
  map.eachLayer(function (l) { if (l.getBounds) { bounds = bounds ? bounds.extend(l.getBounds()) : l.getBounds(); } });
  if (bounds) { map.fitBounds(bounds, {maxZoom: 17}); } else { MineFreeHome(map, element); }
})();
