// Drawing on the map fills the hidden "drawn" field with GeoJSON; the server checks it like any other input.
(function () {
  var element = document.getElementById("draw-map");
  var field = document.querySelector("input[name=drawn]");
  var map = MineFreeBaseMap(element);
  var current = MineFreeData("map-feature");
  if (current) {
    var layer = L.geoJSON(current, {className: "draw-current", style: {color: "#FF0000", weight: 2, fillOpacity: 0.2},
      pmIgnore: true}).addTo(map);
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
  var context = MineFreeData("draw-context");
  var check = context ? drawingContext(map, element, context, current) : function () {};
  function sync() {
    var shapes = map.pm.getGeomanDrawLayers(true).toGeoJSON();
    field.value = shapes.features.length ? JSON.stringify(shapes) : "";
    check(shapes.features.length ? shapes : null);
  }
  map.on("pm:create", function (e) { e.layer.on("pm:edit", sync); sync(); });
  map.on("pm:remove", sync);

  // District outlines and the open hazards the user may see, faintly beneath; the drawn polygon's area
  // and, in words, whether it leaves the chosen district or overlaps an open hazard (the server checks again).
  function drawingContext(map, element, context, current) {
    var shapes = MineFreeShapes, hazards = [];
    var areaLabel = document.getElementById("draw-area"), box = document.getElementById("draw-warnings");
    var districts = L.layerGroup().addTo(map), hazardLayer = L.layerGroup().addTo(map);
    context.districts.forEach(function (d) {
      L.geoJSON(d.geometry, {interactive: false, pmIgnore: true, className: "draw-district",
        style: {color: "#667085", weight: 1, dashArray: "4 3", fill: false}}).addTo(districts);
    });
    var select = context.district_field ? document.querySelector("[name=" + context.district_field + "]") : null;
    var drawn = null, typed = null;
    // Typed vertices win over a drawing on the server, so they are previewed, measured and checked here too.
    var typedField = document.querySelector("[name=coordinates]"), order = document.querySelector("[name=coordinate_order]");
    var typedLayer = L.geoJSON(null, {interactive: false, pmIgnore: true, className: "draw-typed",
      style: {color: "#1849a9", weight: 2, dashArray: "6 4", fillOpacity: 0.15}}).addTo(map);
    function readTyped() {
      var ring = typedField.value.split(/\n/).map(function (line) {
        var n = (line.match(/[-+]?\d+(?:\.\d+)?/g) || []).map(Number);
        if (n.length < 2) { return null; }
        var lonlat = order && order.value === "lonlat" ? [n[0], n[1]] : [n[1], n[0]];
        return Math.abs(lonlat[0]) <= 180 && Math.abs(lonlat[1]) <= 90 ? lonlat : null;
      }).filter(Boolean);
      if (ring.length && ring[0].join() === ring[ring.length - 1].join()) { ring.pop(); }
      if (ring.length < 3) { return null; }
      return {type: "Polygon", coordinates: [ring.concat([ring[0]])]};
    }
    function onTyped() {
      typed = readTyped();
      typedLayer.clearLayers();
      if (typed) {
        typedLayer.addData(typed);
        map.fitBounds(typedLayer.getBounds(), {maxZoom: 16});
      }
      render();
    }
    if (typedField) {
      typedField.addEventListener("input", onTyped);
      if (order) { order.addEventListener("change", onTyped); }
    }
    function render() {
      var given = typed || drawn, shown = given || current;
      if (shown) {
        var m2 = Math.round(shapes.area(shown));
        // Numbers and units in the page's language: "1 234 м² (0,12 га)" in Russian.
        var lang = document.documentElement.lang || undefined;
        areaLabel.textContent = element.dataset.labelArea + " " +
          m2.toLocaleString(lang) + " " + element.dataset.unitM2 + " (" +
          (m2 / 10000).toLocaleString(lang, {maximumFractionDigits: 2}) + " " + element.dataset.unitHa + ")";
      } else {
        areaLabel.textContent = element.dataset.labelNone;
      }
      var lines = [];
      if (given && select && select.value) {
        var district = context.districts.filter(function (d) { return String(d.id) === select.value; })[0];
        if (district && shapes.leaves(given, district.geometry)) {
          lines.push(element.dataset.warnOutside + " " + district.name);
        }
      }
      if (given) {
        var hit = hazards.filter(function (f) { return f.id !== context.own && shapes.overlaps(given, f); });
        if (hit.length) {
          lines.push(element.dataset.warnOverlap + " " +
            hit.map(function (f) { return f.properties.reference + " " + f.properties.name; }).join(", "));
        }
      }
      box.replaceChildren();
      lines.concat(lines.length ? [element.dataset.warnNote] : []).forEach(function (text) {
        var p = document.createElement("p");
        p.textContent = text;
        box.appendChild(p);
      });
      box.hidden = !lines.length;
    }
    if (select) { select.addEventListener("change", render); }
    fetch(element.dataset.geojson, {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : {features: []}; })
      .then(function (data) {
        hazards = data.features.filter(function (f) { return context.open.indexOf(f.properties.status) >= 0; });
        L.geoJSON(data, {pmIgnore: true, interactive: false, className: "draw-hazard", style: function (f) {
          return Object.assign(MineFreeStyle(f.properties), {weight: 1, fillOpacity: 0.1, opacity: 0.6});
        }}).addTo(hazardLayer);
        hazardLayer.eachLayer(function (l) { l.bringToBack(); });
        element.dataset.hazards = data.features.length;
        render();
      });
    if (typedField && typedField.value) { onTyped(); } else { render(); }
    return function (shapesNow) { drawn = shapesNow; render(); };
  }
})();
