// Suggestions for the commune finder: a list under the search field fed by
// /communes/suggestions/. Without JavaScript the form submits as usual.
(function () {
  "use strict";
  var input = document.querySelector("[data-suggest-url]");
  var list = document.getElementById(input ? input.getAttribute("aria-controls") : "suggestions");
  var pick = input && input.hasAttribute("data-pick-insee");
  if (!input || !list) return;
  var timer = null, last = "";
  function clear() { list.innerHTML = ""; list.hidden = true; }
  function render(results) {
    list.innerHTML = "";
    results.forEach(function (r) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      var a = document.createElement("a");
      a.href = r.url;
      var strong = document.createElement("strong");
      strong.textContent = r.name;
      a.appendChild(strong);
      var small = document.createElement("span");
      small.className = "muted";
      small.textContent = " " + r.postcodes.join(", ") + " · " + r.department + (r.open ? " · ✓ Réseau" : "");
      a.appendChild(small);
      if (pick) {
        a.addEventListener("click", function (e) {
          e.preventDefault(); input.value = r.insee_code; last = r.insee_code; clear();
        });
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = results.length === 0;
  }
  input.addEventListener("input", function () {
    var q = input.value.trim();
    clearTimeout(timer);
    if (q.length < 2) { clear(); return; }
    timer = setTimeout(function () {
      if (q === last) return;
      last = q;
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q), {headers: {"Accept": "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (data) { if (input.value.trim() === q) render(data.results); })
        .catch(clear);
    }, 150);
  });
  input.addEventListener("keydown", function (e) { if (e.key === "Escape") clear(); });
})();
