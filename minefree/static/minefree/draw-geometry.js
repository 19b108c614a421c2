// Plain geometry for the drawing map: geodesic area, point in polygon, crossing edges.
// Works on GeoJSON coordinates ([lon, lat]); a few lines here instead of a bundled library.
window.MineFreeShapes = (function () {
  var R = 6378137, rad = Math.PI / 180;
  // Polygons (arrays of rings) in a GeoJSON geometry, feature or collection.
  function polygons(g) {
    if (!g) { return []; }
    if (g.type === "FeatureCollection") { return [].concat.apply([], g.features.map(polygons)); }
    if (g.type === "Feature") { return polygons(g.geometry); }
    if (g.type === "Polygon") { return [g.coordinates]; }
    if (g.type === "MultiPolygon") { return g.coordinates; }
    return [];
  }
  // Area on the sphere of the authalic radius used by web maps (as Leaflet.draw and Turf do).
  function ringArea(ring) {
    var sum = 0;
    for (var i = 0; i < ring.length - 1; i++) {
      var a = ring[i], b = ring[i + 1];
      sum += (b[0] - a[0]) * rad * (2 + Math.sin(a[1] * rad) + Math.sin(b[1] * rad));
    }
    return Math.abs(sum * R * R / 2);
  }
  function area(g) {
    return polygons(g).reduce(function (total, p) {
      return total + ringArea(p[0]) - p.slice(1).reduce(function (h, ring) { return h + ringArea(ring); }, 0);
    }, 0);
  }
  function inRing(pt, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var a = ring[i], b = ring[j];
      if ((a[1] > pt[1]) !== (b[1] > pt[1]) && pt[0] < (b[0] - a[0]) * (pt[1] - a[1]) / (b[1] - a[1]) + a[0]) {
        inside = !inside;
      }
    }
    return inside;
  }
  function inPolygon(pt, p) { return inRing(pt, p[0]) && !p.slice(1).some(function (h) { return inRing(pt, h); }); }
  function side(a, b, c) { return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]); }
  // Edges that properly cross (touching along a shared border does not count).
  function edgesCross(p, q) {
    var ringsP = [].concat(p), ringsQ = [].concat(q);
    return ringsP.some(function (r) {
      return ringsQ.some(function (s) {
        for (var i = 0; i < r.length - 1; i++) {
          for (var j = 0; j < s.length - 1; j++) {
            var a = r[i], b = r[i + 1], c = s[j], d = s[j + 1];
            if (side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0) { return true; }
          }
        }
        return false;
      });
    });
  }
  function overlaps(g, h) {
    return polygons(g).some(function (p) {
      return polygons(h).some(function (q) {
        return edgesCross(p, q) || p[0].some(function (pt) { return inPolygon(pt, q); }) ||
          q[0].some(function (pt) { return inPolygon(pt, p); });
      });
    });
  }
  // True when some part of g lies outside h: a corner outside, or an edge crossing h's border.
  function leaves(g, h) {
    var outer = polygons(h);
    return polygons(g).some(function (p) {
      return p[0].some(function (pt) { return !outer.some(function (q) { return inPolygon(pt, q); }); }) ||
        outer.some(function (q) { return edgesCross(p, q); });
    });
  }
  return {area: area, overlaps: overlaps, leaves: leaves};
})();
