// Gardens on a Leaflet map. The page lists every garden with its address, so
// the map is a bonus: without JavaScript, or when tiles fail, nothing is lost.
(function () {
  "use strict";
  var box = document.querySelector("[data-garden-map]");
  var data = document.getElementById("garden-points");
  if (!box || !data || typeof L === "undefined") return;
  var points = JSON.parse(data.textContent);
  if (!points.length) return;
  box.hidden = false;
  var map = L.map(box, { scrollWheelZoom: false });
  var layer = L.tileLayer(box.dataset.tiles, {
    attribution: box.dataset.attribution,
    maxZoom: 19,
  });
  var failures = 0;
  layer.on("tileerror", function () {
    failures += 1;
    if (failures === 1) {
      var note = document.querySelector("[data-map-fallback]");
      if (note) note.hidden = false;
      box.classList.add("map-no-tiles");
    }
  });
  layer.addTo(map);
  var bounds = [];
  points.forEach(function (p) {
    var marker = L.marker([p.lat, p.lng], { title: p.name, alt: p.name }).addTo(map);
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.name;
    var popup = document.createElement("div");
    popup.appendChild(link);
    if (p.address) {
      var address = document.createElement("div");
      address.textContent = p.address;
      popup.appendChild(address);
    }
    marker.bindPopup(popup);
    bounds.push([p.lat, p.lng]);
  });
  if (bounds.length === 1) map.setView(bounds[0], 16);
  else map.fitBounds(bounds, { padding: [30, 30] });
})();
