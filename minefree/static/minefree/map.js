// The hazard map. Today's areas come as vector tiles (OGC API - Tiles), so a national record of
// 100,000 areas draws tile by tile; the legend's figures come with the page ("map-figures"). A past
// day (as_of) still comes as one GeoJSON of that day's states.
(function () {
  var element = document.getElementById("map");
  var map = MineFreeBaseMap(element);
  var lang = document.documentElement.lang || undefined;
  MineFreeHome(map, element);
  (MineFreeData("map-outlines") || []).forEach(function (g) {
    L.geoJSON(g, {interactive: false, style: {color: "#98a2b3", weight: 1, fill: false}}).addTo(map);
  });

  // The popup: the record's reference and name as a link, its classification and area, all as text.
  function details(id, p) {
    var a = document.createElement("a");
    a.href = element.dataset.detail.replace("/0/", "/" + id + "/");
    a.textContent = p.reference + " " + p.name;
    var box = document.createElement("div");
    box.appendChild(a);
    // The classification's abbreviation in the page's language (ПдОР, not CHA, in Russian).
    var classes = {CHA: element.dataset.labelCha, SHA: element.dataset.labelSha};
    box.appendChild(document.createTextNode(" · " + (classes[p.classification] || p.classification) + " · " +
      element.dataset.labelArea + " " + (p.area_m2 || 0).toLocaleString(lang) + " " + element.dataset.unitM2));
    return box;
  }

  function legend(count, total) {
    document.getElementById("map-count").textContent = element.dataset.labelAreas + ": " + count +
      " · " + element.dataset.labelTotal + " " + total.toLocaleString(lang) + " " + element.dataset.unitM2;
  }

  function fromTiles(figures) {
    var b = figures.bounds;
    if (b) { map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {maxZoom: 15}); }
    legend(figures.count, figures.total);
    var layer = L.vectorGrid.protobuf(element.dataset.tiles, {
      rendererFactory: L.svg.tile,
      interactive: true,
      maxZoom: 19,
      fetchOptions: {credentials: "same-origin"},
      // The tile carries each feature's id beside its properties; kept there for the popup's link.
      getFeatureId: function (f) { f.properties.id = f.id; return f.id; },
      vectorTileLayerStyles: {
        "hazardous-areas": function (p) {
          var style = MineFreeStyle(p);
          style.fill = true;
          // An area known only by its point: a finger-sized dot. (Leaflet asks circles of radius 10 or
          // less for a position of their own on click, which tile points do not have.)
          style.radius = 12;
          return style;
        }
      }
    });
    layer.on("click", function (e) {
      L.popup().setLatLng(e.latlng).setContent(details(e.layer.properties.id, e.layer.properties)).openOn(map);
    });
    layer.once("load", function () { element.dataset.loaded = figures.count; });
    layer.addTo(map);
  }

  function fromGeoJSON() {
    fetch(element.dataset.geojson, {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: function (f) { return MineFreeStyle(f.properties); },
          onEachFeature: function (f, l) { l.bindPopup(details(f.id, f.properties)); }
        }).addTo(map);
        if (data.features.length) { map.fitBounds(layer.getBounds(), {maxZoom: 15}); }
        element.dataset.loaded = data.features.length;
        legend(data.features.length, data.features.reduce(function (sum, f) { return sum + (f.properties.area_m2 || 0); }, 0));
      });
  }

  if (element.dataset.tiles) { fromTiles(MineFreeData("map-figures")); } else { fromGeoJSON(); }
})();
