// The quartiers map of /gestion/: shows the outlines, and on a quartier's page
// lets the ambassador draw its outline by clicking; the polygon goes into the
// form's GeoJSON field (which still works by hand without JavaScript).
(function () {
  "use strict";
  var el = document.getElementById("quartier-map");
  if (!el || !window.L) return;
  var outlines = JSON.parse(document.getElementById("quartier-outlines").textContent) || [];
  var centre = JSON.parse(document.getElementById("commune-centre").textContent);
  var map = L.map(el);
  L.tileLayer(el.dataset.tileUrl || "https://tile.openstreetmap.org/{z}/{x}/{y}.png", {attribution: "© OpenStreetMap"}).addTo(map);
  var group = L.featureGroup().addTo(map);
  outlines.forEach(function (q) {
    var label = document.createElement("span");
    label.textContent = q.name;  // a name is text, never HTML
    L.geoJSON(q.outline, {style: {weight: 2, fillOpacity: 0.1}}).bindTooltip(label).addTo(group);
  });
  if (group.getLayers().length) { map.fitBounds(group.getBounds(), {padding: [20, 20]}); }
  else if (centre) { map.setView(centre, 14); }
  else { map.setView([46.6, 2.4], 5); }

  var input = document.querySelector("[data-outline-input]");
  if (!input) return;
  var clearButton = document.querySelector("[data-outline-clear]");
  var points = [];
  var shape = null;
  try {
    var current = JSON.parse(input.value || "null");
    var geometry = current && (current.geometry || current);
    if (geometry && geometry.type === "Polygon") {
      points = geometry.coordinates[0].slice(0, -1).map(function (p) { return [p[1], p[0]]; });
    }
  } catch (e) { points = []; }
  function draw() {
    if (shape) { map.removeLayer(shape); }
    shape = points.length ? L.polygon(points, {color: "#c0392b"}).addTo(map) : null;
    if (points.length >= 3) {
      var ring = points.map(function (p) { return [Number(p[1].toFixed(6)), Number(p[0].toFixed(6))]; });
      ring.push(ring[0]);
      input.value = JSON.stringify({type: "Polygon", coordinates: [ring]});
    } else if (!points.length) {
      input.value = "";
    }
    if (clearButton) { clearButton.hidden = !points.length; }
  }
  map.on("click", function (e) { points.push([e.latlng.lat, e.latlng.lng]); draw(); });
  if (clearButton) { clearButton.addEventListener("click", function () { points = []; draw(); }); }
  draw();
  if (shape && points.length >= 3) { map.fitBounds(shape.getBounds(), {padding: [20, 20]}); }
})();
