// Every map's basemap and tools, from the "map-settings" base.html writes once per page: the
// centre's own tiles (/basemap/), an online tile URL or a plain background; gazetteer place names;
// a place search; "zoom to my location". Text reaches the page as text (textContent), never as HTML.
(function () {
  var settings = null, labelRequest = null;

  function config() {
    if (settings === null) { settings = MineFreeData("map-settings") || {text: {}}; }
    return settings;
  }

  window.MineFreeBaseMap = function (element, options) {
    var s = config();
    var map = L.map(element, {preferCanvas: false});
    if (s.tiles) {
      var tileOptions = {maxZoom: 19};
      // The file's deepest tiles are enlarged beyond it rather than asked for and missing.
      if (s.maxNativeZoom !== undefined) { tileOptions.maxNativeZoom = s.maxNativeZoom; }
      if (s.bounds) { tileOptions.bounds = [[s.bounds[1], s.bounds[0]], [s.bounds[3], s.bounds[2]]]; }
      L.tileLayer(s.tiles, tileOptions).addTo(map);
    }
    if (s.attribution) { credit(map, s.attribution); }
    if (!options || options.tools !== false) {
      labels(map, s);
      search(map, s);
      locate(map, s);
    }
    return map;
  };

  function control(map, position, build) {
    var c = L.control({position: position});
    c.onAdd = function () {
      var box = build();
      // Clicks, wheel and keys inside a control are for the control, not for panning the map.
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      L.DomEvent.on(box, "keydown", L.DomEvent.stopPropagation);
      return box;
    };
    c.addTo(map);
  }

  // Leaflet's own attribution takes HTML; the file's attribution is shown as text.
  function credit(map, text) {
    control(map, "bottomright", function () {
      var box = L.DomUtil.create("div", "leaflet-control-attribution");
      box.textContent = text;
      return box;
    });
  }

  // Region names when the whole country shows, district names closer in, villages closer still.
  function labels(map, s) {
    if (!s.labels) { return; }
    var pane = map.createPane("mf-labels");
    pane.style.zIndex = 450;
    pane.style.pointerEvents = "none";
    var levels = {1: L.layerGroup(), 2: L.layerGroup(), 3: L.layerGroup()};
    function show() {
      var z = map.getZoom();
      [[1, z <= 8], [2, z >= 8], [3, z >= 11]].forEach(function (pair) {
        var layer = levels[pair[0]];
        if (pair[1] && !map.hasLayer(layer)) { layer.addTo(map); }
        if (!pair[1] && map.hasLayer(layer)) { map.removeLayer(layer); }
      });
    }
    labelRequest = labelRequest || fetch(s.labels, {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : {labels: []}; });
    labelRequest.then(function (data) {
      data.labels.forEach(function (p) {
        var name = document.createElement("span");
        name.textContent = p.name;
        L.marker([p.lat, p.lon], {pane: "mf-labels", interactive: false, keyboard: false, pmIgnore: true,
          icon: L.divIcon({className: "map-label map-label-" + p.level, html: name, iconSize: null})})
          .addTo(levels[p.level]);
      });
      map.whenReady(show);
    });
    map.on("zoomend", show);
  }

  function search(map, s) {
    var t = s.text;
    function go(hit) {
      if (hit.bbox) {
        map.fitBounds([[hit.bbox[1], hit.bbox[0]], [hit.bbox[3], hit.bbox[2]]]);
      } else {
        map.setView([hit.lat, hit.lon], 14);
      }
    }
    control(map, "topright", function () {
      var box = L.DomUtil.create("div", "leaflet-bar map-search");
      // Not a <form>: the drawing maps sit inside the record's form, and forms cannot nest.
      var form = document.createElement("div");
      form.className = "map-search-form";
      form.setAttribute("role", "search");
      var input = document.createElement("input");
      input.type = "search";
      input.maxLength = 100;
      input.placeholder = t.find;
      input.setAttribute("aria-label", t.find);
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = t.findButton;
      var status = document.createElement("p");
      status.className = "map-status";
      status.setAttribute("role", "status");
      var list = document.createElement("ul");
      list.className = "map-search-results";
      form.append(input, button);
      box.append(form, status, list);
      function find() {
        var q = input.value.trim();
        if (!q) { return; }
        status.textContent = t.searching;
        list.replaceChildren();
        fetch(s.places + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
          .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
          .then(function (data) {
            status.textContent = data.results.length ? "" : t.noPlace;
            data.results.forEach(function (hit) {
              var item = document.createElement("li"), choice = document.createElement("button");
              choice.type = "button";
              choice.textContent = hit.name + (hit.detail ? " · " + hit.detail : "");
              choice.addEventListener("click", function () { go(hit); });
              item.append(choice);
              list.append(item);
            });
            if (data.results.length === 1) { go(data.results[0]); }
          })
          .catch(function () { status.textContent = t.failed; });
      }
      button.addEventListener("click", find);
      // Enter in the box finds, and never submits the record's form around a drawing map.
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); find(); }
      });
      return box;
    });
  }

  // A crosshair drawn as SVG: no icon font or image file, and the same on every system.
  function crosshair() {
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 20 20");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true");
    [["circle", {cx: 10, cy: 10, r: 6}], ["circle", {cx: 10, cy: 10, r: 2, fill: "currentColor"}],
     ["path", {d: "M10 0v4M10 16v4M0 10h4M16 10h4"}]].forEach(function (part) {
      var node = document.createElementNS(ns, part[0]);
      Object.keys(part[1]).forEach(function (key) { node.setAttribute(key, part[1][key]); });
      if (!part[1].fill) { node.setAttribute("fill", "none"); }
      node.setAttribute("stroke", "currentColor");
      node.setAttribute("stroke-width", "2");
      svg.append(node);
    });
    return svg;
  }

  function locate(map, s) {
    var t = s.text, here = L.layerGroup().addTo(map), status = null;
    control(map, "topleft", function () {
      var box = L.DomUtil.create("div", "leaflet-bar map-locate");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "map-locate-button";
      button.title = t.locate;
      button.setAttribute("aria-label", t.locate);
      button.append(crosshair());
      button.addEventListener("click", function () {
        if (!navigator.geolocation) { status.textContent = t.unsupported; return; }
        status.textContent = t.locating;
        map.locate({setView: false, timeout: 20000, enableHighAccuracy: true});
      });
      box.append(button);
      return box;
    });
    control(map, "bottomleft", function () {
      status = L.DomUtil.create("p", "map-status map-locate-status");
      status.setAttribute("role", "status");
      return status;
    });
    // A view change asked for while Leaflet animates a zoom (the map fitting its data just after the
    // page opens) is undone when that animation ends; so the move waits for it.
    var zooming = false;
    map.on("zoomanim", function () { zooming = true; });
    map.on("zoomend", function () { zooming = false; });
    function goHere(e) { map.setView(e.latlng, Math.min(map.getBoundsZoom(e.bounds), 15)); }
    map.on("locationfound", function (e) {
      if (zooming) { map.once("zoomend", function () { goHere(e); }); } else { goHere(e); }
      here.clearLayers();
      L.circle(e.latlng, {radius: e.accuracy, interactive: false, pmIgnore: true, className: "map-here-accuracy",
        color: "#1849a9", weight: 1, fillOpacity: 0.1}).addTo(here);
      L.circleMarker(e.latlng, {radius: 6, interactive: false, pmIgnore: true, className: "map-here",
        color: "#ffffff", weight: 2, fillColor: "#1849a9", fillOpacity: 1}).addTo(here);
      status.textContent = t.located.replace("%(metres)s", Math.round(e.accuracy).toLocaleString());
    });
    // Code 1: the person or the browser refused (also any page not opened over HTTPS).
    map.on("locationerror", function (e) { status.textContent = e.code === 1 ? t.denied : t.unavailable; });
  }
})();
