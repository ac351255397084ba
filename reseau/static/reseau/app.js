/* The installable app: registers the service worker when the browser has one
   (a page works the same without it). */
(function () {
  "use strict";
  var script = document.getElementById("app-script");
  if (!script || !("serviceWorker" in navigator)) { return; }
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(script.dataset.sw, { scope: "/" }).catch(function () {});
  });
  // Back online on the offline page: try the page again.
  window.addEventListener("online", function () {
    if (document.body.classList.contains("offline-page")) { window.location.reload(); }
  });
}());
