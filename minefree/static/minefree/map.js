(function () {
  var element = document.getElementById("map");
  var map = MineFreeBaseMap(element);
  MineFreeHome(map, element);
  (MineFreeData("map-outlines") || []).forEach(function (g) {
    L.geoJSON(g, {interactive: false, style: {color: "#98a2b3", weight: 1, fill: false}}).addTo(map);
  });
  fetch(element.dataset.geojson, {credentials: "same-origin"})
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (f) { return MineFreeStyle(f.properties); },
        onEachFeature: function (f, l) {
          var a = document.createElement("a");
          a.href = element.dataset.detail.replace("/0/", "/" + f.id + "/");
          a.textContent = f.properties.reference + " " + f.properties.name;
          var box = document.createElement("div");
          box.appendChild(a);
          // The classification's abbreviation in the page's language (ПдОР, not CHA, in Russian).
          var classes = {CHA: element.dataset.labelCha, SHA: element.dataset.labelSha};
          box.appendChild(document.createTextNode(" · " + (classes[f.properties.classification] || f.properties.classification) + " · " +
            element.dataset.labelArea + " " + f.properties.area_m2.toLocaleString(document.documentElement.lang || undefined) + " " + element.dataset.unitM2));
          l.bindPopup(box);
        }
      }).addTo(map);
      if (data.features.length) { map.fitBounds(layer.getBounds(), {maxZoom: 15}); }
      element.dataset.loaded = data.features.length;
      var total = data.features.reduce(function (sum, f) { return sum + (f.properties.area_m2 || 0); }, 0);
      document.getElementById("map-count").textContent = element.dataset.labelAreas + ": " + data.features.length +
        " · " + element.dataset.labelTotal + " " + total.toLocaleString(document.documentElement.lang || undefined) + " " + element.dataset.unitM2;
    });
})();
