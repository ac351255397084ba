// "Me localiser": fills the hidden latitude/longitude fields of the form it
// sits in from navigator.geolocation. Without JavaScript (or geolocation) the
// button stays hidden and the quartier is enough; the server blurs the position.
(function () {
  "use strict";
  document.querySelectorAll("[data-locate]").forEach(function (box) {
    if (!("geolocation" in navigator)) return;
    var form = box.closest("form");
    var lat = form && form.querySelector('input[name="latitude"]');
    var lng = form && form.querySelector('input[name="longitude"]');
    if (!lat || !lng) return;
    var status = box.querySelector("[role=status]");
    box.hidden = false;
    box.querySelector("button").addEventListener("click", function () {
      status.textContent = box.dataset.textWorking;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          // Rounded here already (about 100 m); the server blurs it further.
          lat.value = position.coords.latitude.toFixed(3);
          lng.value = position.coords.longitude.toFixed(3);
          status.textContent = box.dataset.textDone;
        },
        function () {
          status.textContent = box.dataset.textFailed;
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
      );
    });
  });
})();
