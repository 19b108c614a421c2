// The report's geometry (dashed blue) over the current record (red), side by side on one map, with
// possible duplicates (orange) that open their own page when clicked.
(function () {
  var element = document.getElementById("map");
  var map = MineFreeBaseMap(element);
  var bounds = null;
  var drawn = 0;
  function add(data, style) {
    if (!data) { return null; }
    var layer = L.geoJSON(data, {style: style, pointToLayer: function (f, latlng) { return L.circleMarker(latlng, style); }}).addTo(map);
    bounds = bounds ? bounds.extend(layer.getBounds()) : layer.getBounds();
    drawn += 1;
    return layer;
  }
  (MineFreeData("map-duplicates") || []).forEach(function (d) {
    var layer = add(d.geometry, {color: "#f79009", fillColor: "#f79009", fillOpacity: 0.15, weight: 2, dashArray: "2 4"});
    if (!layer) { return; }
    // Built as elements, never HTML text: the reference and name are user data.
    var a = document.createElement("a");
    a.href = d.url;
    a.textContent = d.reference;
    layer.bindPopup(a);
  });
  add(MineFreeData("map-hazard"), {color: "#FF0000", fillColor: "#FF0000", fillOpacity: 0.3, weight: 2});
  add(MineFreeData("map-report"), {color: "#1d4ed8", dashArray: "6 4", fillOpacity: 0.1, weight: 3});
  element.dataset.layers = drawn;
  if (bounds) { map.fitBounds(bounds, {maxZoom: 17}); } else { MineFreeHome(map, element); }
})();
