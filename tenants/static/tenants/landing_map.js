// The map of the communes open on Réseau (landing page). Names go in as text.
(function () {
  "use strict";
  var box = document.getElementById("open-map");
  var data = document.getElementById("open-communes");
  if (!box || !data || typeof L === "undefined") return;
  var points = JSON.parse(data.textContent);
  var map = L.map(box);
  L.tileLayer(box.dataset.tiles, {attribution: "© OpenStreetMap"}).addTo(map);
  var bounds = [];
  points.forEach(function (p) {
    var marker = L.marker([p.lat, p.lng]).addTo(map);
    var link = document.createElement("a"); link.href = p.url; link.textContent = p.name;
    marker.bindPopup(link);
    bounds.push([p.lat, p.lng]);
  });
  if (bounds.length === 1) { map.setView(bounds[0], 11); } else { map.fitBounds(bounds, {padding: [30, 30]}); }
})();
