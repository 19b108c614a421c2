// GICHD land release symbology: fill by classification, outline by status (see hazards/symbology.py).
window.MineFreeStyle = function (p) {
  var fill = {CHA: "#FF0000", SHA: "#F4A718"}[p.classification] || "#999999";
  var line = {open: ["#FF0000", null], worked_on: ["#F4A718", "6 4"], suspended: ["#7F7F7F", "2 4"],
              closed: ["#99CC33", null], handed_over: ["#2E7D32", null]}[p.status] || ["#333333", null];
  return {color: line[0], dashArray: line[1], weight: 2, fillColor: fill, fillOpacity: 0.5};
};
// Data the server wrote with json_script (escaped, never run): null when the page has none.
window.MineFreeData = function (id) {
  var holder = document.getElementById(id);
  return holder ? JSON.parse(holder.textContent) : null;
};
// Open on the home country (from the data) until there is something better to show.
window.MineFreeHome = function (map, element) {
  var e = (element.dataset.extent || "").split(",").map(Number);
  if (e.length === 4) { map.fitBounds([[e[1], e[0]], [e[3], e[2]]]); } else { map.setView([0, 0], 2); }
};
