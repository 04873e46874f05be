/* Moderation: the map preview and keyboard shortcuts (a approve, r reject, m merge, n/p). */
(function () {
  "use strict";
  var configNode = document.getElementById("moderation-config");
  if (configNode && window.L) {
    var config = JSON.parse(configNode.textContent);
    var s = config.sighting;
    var map = L.map("sm-map").setView([s.lat, s.lon], 19);
    window.SightingFov.baseLayer(map, config);
    (config.cameras || []).forEach(function (c) {
      L.circleMarker([c.lat, c.lon], { radius: 7, color: "#8a6d00", fillColor: "#ffd54f", fillOpacity: 0.9 })
        .bindTooltip("#" + c.id).addTo(map);
    });
    if (s.direction !== null) {
      L.polygon(window.SightingFov.cone(s.lat, s.lon, s.direction, s.angle || 60, 25), {
        color: "#b3261e", weight: 1, fillOpacity: 0.25,
      }).addTo(map);
    }
    L.circleMarker([s.lat, s.lon], { radius: 9, color: "#b3261e", fillOpacity: 1 }).addTo(map);
  }

  function go(id) {
    var link = document.getElementById(id);
    if (link) window.location.href = link.href;
    return Boolean(link);
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || e.target.isContentEditable) return;
    if (e.target.closest && e.target.closest(".sm-redact")) return; // the photo editor's own keys
    var approve = document.getElementById("approve-form");
    if (e.key === "a" && approve) {
      e.preventDefault();
      approve.requestSubmit();
    } else if (e.key === "r" && document.getElementById("reject-reason")) {
      e.preventDefault();
      document.getElementById("reject-reason").focus();
    } else if (e.key === "m" && document.getElementById("merge-camera")) {
      e.preventDefault();
      document.getElementById("merge-camera").select();
    } else if (e.key === "n") {
      if (!go("next-link")) go("first-link");
    } else if (e.key === "p") {
      go("prev-link");
    }
  });
})();
