// The map of France by department on /entraide/: outlines from
// tenants/static/tenants/carte/departements.json (see the README beside it),
// each department a link to its page, shaded by its number of public posts.
// Without JavaScript the list of departments under it stays the way in.
(function () {
  "use strict";
  var box = document.getElementById("entraide-map");
  var data = document.getElementById("entraide-counts");
  if (!box || !data || !window.fetch) return;
  var counts = JSON.parse(data.textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var max = 0;
  Object.keys(counts).forEach(function (code) { max = Math.max(max, counts[code]); });

  function label(name, code, count) {
    var text = count === 0 ? box.dataset.none : count === 1 ? box.dataset.one
      : box.dataset.many.replace("%(count)s", String(count));
    return name + " (" + code + ") : " + text;
  }

  function shade(count) {
    if (!count) return "entraide-map-none";
    var level = Math.min(4, 1 + Math.floor((3 * Math.log(count)) / Math.log(Math.max(max, 2))));
    return "entraide-map-level" + level;
  }

  fetch(box.dataset.outlines, {credentials: "same-origin"})
    .then(function (response) { if (!response.ok) throw new Error(); return response.json(); })
    .then(function (outlines) {
      var svg = document.createElementNS(SVG, "svg");
      svg.setAttribute("viewBox", outlines.viewBox);
      svg.setAttribute("role", "group");
      svg.setAttribute("aria-label", box.dataset.label);
      outlines.departments.forEach(function (dep) {
        var count = counts[dep.code] || 0;
        var link = document.createElementNS(SVG, "a");
        link.setAttribute("href", box.dataset.url.replace("CODE", dep.code));
        link.setAttribute("aria-label", label(dep.name, dep.code, count));
        var title = document.createElementNS(SVG, "title");
        title.textContent = label(dep.name, dep.code, count);
        var path = document.createElementNS(SVG, "path");
        path.setAttribute("d", dep.d);
        path.setAttribute("class", shade(count) + (dep.code === box.dataset.current ? " entraide-map-current" : ""));
        path.setAttribute("data-code", dep.code);
        link.appendChild(title);
        link.appendChild(path);
        svg.appendChild(link);
      });
      box.appendChild(svg);
      box.hidden = false;
    })
    .catch(function () { /* the list of departments stays */ });
})();
