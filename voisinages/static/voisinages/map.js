// The neighbour map: quartiers and voisins solidaires at their blurred position.
// The list below the map holds the same information when tiles or scripts fail.
(function () {
  var el = document.getElementById("carte");
  var data = JSON.parse(document.getElementById("map-data").textContent);
  if (!el || typeof L === "undefined") { if (el) el.hidden = true; return; }
  var points = [];
  var map = L.map(el);
  L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution }).addTo(map);
  data.quartiers.forEach(function (q) {
    if (q.lat === null) return;
    points.push([q.lat, q.lng]);
    var label = document.createElement("span");
    label.textContent = q.name;  // text, never HTML
    L.circle([q.lat, q.lng], { radius: 250, color: "#1f6f5c", weight: 1 }).addTo(map).bindTooltip(label);
  });
  data.solidaires.forEach(function (s) {
    if (s.lat === null) return;
    points.push([s.lat, s.lng]);
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = s.url; link.textContent = s.name;
    box.appendChild(link);
    if (s.availability) { box.appendChild(document.createElement("br")); box.appendChild(document.createTextNode(s.availability)); }
    L.marker([s.lat, s.lng]).addTo(map).bindPopup(box);
  });
  if (points.length) { map.fitBounds(points, { padding: [30, 30], maxZoom: 15 }); } else { map.setView([46.6, 2.5], 5); }
})();
