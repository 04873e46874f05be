/* Field-of-view cones drawn with their real width. */
(function () {
  "use strict";
  var EARTH = 6371000;

  function destination(lat, lon, bearing, meters) {
    var b = bearing * Math.PI / 180;
    var dLat = (meters * Math.cos(b)) / EARTH;
    var dLon = (meters * Math.sin(b)) / (EARTH * Math.cos(lat * Math.PI / 180));
    return [lat + dLat * 180 / Math.PI, lon + dLon * 180 / Math.PI];
  }

  function bearing(from, to) {
    var dy = to.lat - from.lat;
    var dx = (to.lng - from.lng) * Math.cos(from.lat * Math.PI / 180);
    return (Math.round(Math.atan2(dx, dy) * 180 / Math.PI) + 360) % 360;
  }

  function cone(lat, lon, direction, angle, meters) {
    var width = Math.min(angle || 60, 360);
    var points = width >= 360 ? [] : [[lat, lon]];
    var start = direction - width / 2;
    var steps = Math.max(4, Math.round(width / 10));
    for (var i = 0; i <= steps; i++) {
      points.push(destination(lat, lon, start + (width * i) / steps, meters));
    }
    return points;
  }

  function baseLayer(map, config) {
    if (config.tiles) {
      L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    }
  }

  window.SightingFov = { destination: destination, bearing: bearing, cone: cone, baseLayer: baseLayer };
})();
