// The onboarding request form: the commune field suggests communes and picks
// their INSEE code (finder.js, loaded after this file, does the suggesting).
(function () {
  "use strict";
  var input = document.querySelector("[data-commune-finder]");
  var list = document.getElementById("request-suggestions");
  if (!input || !list) return;
  input.setAttribute("data-suggest-url", list.dataset.suggestUrl);
  input.setAttribute("data-pick-insee", "");
  input.setAttribute("aria-controls", "request-suggestions");
  input.parentNode.appendChild(list);
})();
