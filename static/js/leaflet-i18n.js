// Leaflet's own words (zoom buttons, the attribution's link) in the page's language; loaded
// after Leaflet and the JavaScript catalogue, before any map is made.
(function () {
  "use strict";
  if (!window.L) return;
  var gettext = window.gettext || function (s) { return s; };
  L.Control.Zoom.prototype.options.zoomInTitle = gettext("Zoom in");
  L.Control.Zoom.prototype.options.zoomOutTitle = gettext("Zoom out");
  var link = document.createElement("a");
  link.href = "https://leafletjs.com";
  link.title = gettext("A JavaScript library for interactive maps");
  link.textContent = "Leaflet";
  L.Control.Attribution.prototype.options.prefix = link.outerHTML;
  // Leaflet writes the popup's close label in English; say it in the page's language.
  L.Map.addInitHook(function () {
    this.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", gettext("Close popup"));
    });
  });
})();
