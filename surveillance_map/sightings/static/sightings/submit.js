/* The submit form: place the camera, aim it, and check for cameras already on the map. */
(function () {
  "use strict";
  // Interface text through Django's JavaScript catalog (/i18n/js/), English without it.
  var gettext = window.gettext || function (s) { return s; };
  function fill(s, values) {
    return s.replace(/%\((\w+)\)s/g, function (m, k) { return k in values ? String(values[k]) : m; });
  }
  var errors = document.getElementById("form-errors");
  if (errors) errors.focus();
  var config = JSON.parse(document.getElementById("submit-config").textContent);
  var el = document.getElementById("sm-map");
  if (!el || !window.L) return;
  var Fov = window.SightingFov;
  var form = document.getElementById("sighting-form");
  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  var dir = document.getElementById("id_direction");
  var angle = document.getElementById("id_angle_of_view");
  var kind = form.querySelector("[name=kind]");
  var cameraField = form.querySelector("[name=camera]");
  var send = document.getElementById("send");
  var sendLabel = send.textContent;
  var nearbyBox = document.getElementById("nearby");
  var chosenBox = document.getElementById("chosen");
  var CONE_PIXELS = 90;
  // Below this zoom a fingertip covers more than a few metres: a tap zooms in instead of placing.
  var PRECISE_ZOOM = 17;
  var hint = document.getElementById("where-hint");

  var map = L.map(el, { zoomControl: true, tap: true });
  window.submitMap = map; // existing.js draws the cameras already on the map
  Fov.baseLayer(map, config);
  var marker = null, cone = null, handle = null, aiming = false, others = L.layerGroup().addTo(map);

  function number(input) {
    return input.value === "" ? null : Number(input.value);
  }

  function here() {
    return marker ? marker.getLatLng() : null;
  }

  // The cone and its handle keep one size on screen, whatever the zoom.
  function coneMeters(p) {
    return CONE_PIXELS * 40075016.686 * Math.cos(p.lat * Math.PI / 180) / Math.pow(2, map.getZoom() + 8);
  }

  function details(show) {
    document.querySelectorAll(".sm-details").forEach(function (section) { section.hidden = !show; });
  }

  function draw() {
    var p = here();
    if (cone) { map.removeLayer(cone); cone = null; }
    if (!p) return;
    var d = number(dir);
    var a = number(angle) || 60;
    var aim = d === null ? 0 : d;
    if (d !== null) {
      cone = L.polygon(Fov.cone(p.lat, p.lng, aim, a, coneMeters(p)), {
        color: "#b3261e", weight: 1, fillOpacity: 0.25, interactive: false,
      }).addTo(map);
    }
    var tip = Fov.destination(p.lat, p.lng, aim, coneMeters(p));
    if (!handle) {
      handle = L.marker(tip, {
        draggable: true,
        keyboard: true,
        title: gettext("Drag to set the direction"),
        alt: gettext("Direction handle"),
        icon: L.divIcon({ className: "sm-handle", iconSize: [22, 22] }),
      }).addTo(map);
      handle.on("drag", function () {
        dir.value = Fov.bearing(here(), handle.getLatLng());
        pressCompass();
        draw();
      });
      handle.on("dragstart", function () { aiming = true; });
      handle.on("dragend", function () { aiming = false; draw(); });
    } else if (!aiming) {
      handle.setLatLng(tip);
    }
  }

  function say(text) {
    hint.textContent = text;
  }

  // The pin, its cone and its handle stay on screen together (a tap near an edge pans).
  function keepInView() {
    var p = here();
    if (p) map.panInside(p, { padding: [CONE_PIXELS + 16, CONE_PIXELS + 16] });
  }

  function aimAt(latlng) {
    dir.value = Fov.bearing(here(), latlng);
    pressCompass();
    draw();
    say(fill(gettext("Aimed at %(degrees)s°. Tap again to change it, or send."), { degrees: dir.value }));
  }

  function place(latlng, fromInput) {
    if (!marker) {
      marker = L.marker(latlng, { draggable: true, title: gettext("The camera"), alt: gettext("Camera position") }).addTo(map);
      marker.on("drag", draw);
      marker.on("dragend", function () { place(marker.getLatLng()); });
    } else {
      marker.setLatLng(latlng);
    }
    var zoom = form.querySelector("[name=zoom]");
    if (!fromInput) {
      lat.value = latlng.lat.toFixed(7);
      lon.value = latlng.lng.toFixed(7);
      if (zoom) zoom.value = map.getZoom();  // how precise the tap could be
    } else if (zoom) {
      zoom.value = "";  // typed coordinates: no map zoom to judge
    }
    say(gettext("Now tap where it looks (or pick a compass point). Drag the pin to move it."));
    draw();
    keepInView();
    lookAround(latlng);
  }

  var timer = null;
  function lookAround(latlng) {
    if (kind.value === "edit") return;
    clearTimeout(timer);
    timer = setTimeout(function () {
      var url = config.nearby + "?lat=" + latlng.lat.toFixed(7) + "&lon=" + latlng.lng.toFixed(7);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { cameras: [] }; })
        .then(showNearby)
        .catch(function () { /* the check is a help, not a gate */ });
    }, 300);
  }

  function text(tag, value, cls) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (cls) node.className = cls;
    return node;
  }

  function describe(c) {
    var parts = ["#" + c.id, c.type || gettext("Camera")];
    if (c.mount) parts.push(c.mount);
    if (c.operator) parts.push(c.operator);
    parts.push(fill(gettext("%(distance)s m away"), { distance: c.distance }));
    if (c.status === "removed") parts.push(gettext("(removed)"));
    return parts.join(" · ");
  }

  function showNearby(data) {
    others.clearLayers();
    nearbyBox.replaceChildren();
    var cams = data.cameras || [];
    if (!cams.length || kind.value === "confirm") { nearbyBox.hidden = true; return; }
    nearbyBox.appendChild(text("strong", fill(gettext("Is it one of these? Already on the map within %(meters)s m:"), { meters: data.meters })));
    var list = document.createElement("ul");
    cams.forEach(function (c) {
      L.circleMarker([c.lat, c.lon], { radius: 7, color: "#e0a800", fillOpacity: 0.8 })
        .bindTooltip("#" + c.id).addTo(others);
      var item = document.createElement("li");
      item.appendChild(text("span", describe(c)));
      var yes = text("button", gettext("Yes, this one"));
      yes.type = "button";
      yes.setAttribute("data-camera", c.id);
      yes.addEventListener("click", function () { choose(c); });
      item.appendChild(yes);
      list.appendChild(item);
    });
    nearbyBox.appendChild(list);
    nearbyBox.appendChild(text("p", gettext("If not, carry on: yours will be a new camera."), "sm-hint"));
    nearbyBox.hidden = false;
  }

  function choose(c) {
    kind.value = "confirm";
    cameraField.value = c.id;
    nearbyBox.hidden = true;
    chosenBox.replaceChildren(
      text("strong", fill(gettext("You are confirming camera %(camera)s."), { camera: describe(c) })),
      text("p", gettext("It will count as seen today. Add a photo or a note below if you like."), "sm-hint")
    );
    var undo = text("button", gettext("No, it's a different camera"));
    undo.type = "button";
    undo.addEventListener("click", function () {
      kind.value = "new";
      cameraField.value = "";
      chosenBox.hidden = true;
      send.textContent = sendLabel;
      details(true);
      if (here()) lookAround(here());
    });
    chosenBox.appendChild(undo);
    chosenBox.hidden = false;
    details(false);
    send.textContent = fill(gettext("Confirm camera #%(id)s"), { id: c.id });
  }

  function pressCompass() {
    var d = number(dir);
    document.querySelectorAll("[data-direction]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(Number(b.dataset.direction) === d));
    });
    document.querySelectorAll("[data-angle]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(Number(b.dataset.angle) === number(angle)));
    });
  }

  document.querySelectorAll("[data-direction]").forEach(function (b) {
    b.addEventListener("click", function () { dir.value = b.dataset.direction; pressCompass(); draw(); });
  });
  document.querySelectorAll("[data-angle]").forEach(function (b) {
    b.addEventListener("click", function () { angle.value = b.dataset.angle; pressCompass(); draw(); });
  });
  document.getElementById("no-direction").addEventListener("click", function () {
    dir.value = ""; pressCompass(); draw();
  });
  [dir, angle].forEach(function (input) {
    input.addEventListener("input", function () { pressCompass(); draw(); });
  });
  [lat, lon].forEach(function (input) {
    input.addEventListener("change", function () {
      var a = number(lat), b = number(lon);
      if (a !== null && b !== null && Math.abs(a) <= 90 && Math.abs(b) <= 180) {
        place(L.latLng(a, b), true);
        map.setView([a, b], Math.max(map.getZoom(), 17));
      }
    });
  });

  map.on("click", function (e) {
    if (here()) return aimAt(e.latlng);
    if (map.getZoom() < PRECISE_ZOOM) {
      map.setView(e.latlng, Math.min(map.getZoom() + 3, PRECISE_ZOOM + 1));
      return say(gettext("Zoomed in: at this scale a tap could be far off. Now tap exactly where the camera is."));
    }
    place(e.latlng);
  });
  map.on("zoomend", draw);
  // The keyboard: arrows move the map, + and - zoom, Enter puts the camera at the centre (then
  // the compass buttons aim it).
  el.addEventListener("keydown", function (e) {
    if (e.target !== el || (e.key !== "Enter" && e.key !== " ")) return;
    e.preventDefault();
    if (map.getZoom() < PRECISE_ZOOM) {
      map.setZoom(Math.min(map.getZoom() + 3, PRECISE_ZOOM + 1));
      return say(gettext("Zoomed in: at this scale a tap could be far off. Now tap exactly where the camera is."));
    }
    place(map.getCenter());
    say(gettext("Camera placed at the centre of the map. Aim it with the compass buttons below the map."));
  });

  var locate = document.getElementById("locate");
  if (!navigator.geolocation) {
    locate.hidden = true;
  } else {
    locate.addEventListener("click", function () {
      locate.textContent = gettext("Finding you…");
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          locate.textContent = gettext("Use my location");
          var p = L.latLng(pos.coords.latitude, pos.coords.longitude);
          map.setView(p, 18);
          place(p);
        },
        function () {
          locate.textContent = gettext("Location unavailable: tap the map");
        },
        { enableHighAccuracy: true, timeout: 15000 }
      );
    });
  }

  // Start where the person was looking: the pin sent back with errors, the map's last view
  // (?lat=&lon=&z= from the map's link, or kept in this browser), else the site's default view.
  function lastView() {
    var q = new URLSearchParams(location.search);
    var v = { lat: parseFloat(q.get("lat")), lon: parseFloat(q.get("lon")), z: parseInt(q.get("z"), 10) };
    if (!Number.isFinite(v.lat)) {
      try { v = JSON.parse(localStorage.getItem("sm-map-view")) || {}; } catch (e) { v = {}; }
    }
    return Number.isFinite(v.lat) && Number.isFinite(v.lon) && Number.isFinite(v.z) ? v : null;
  }
  var a0 = number(lat), b0 = number(lon), view = lastView();
  if (a0 !== null && b0 !== null && Math.abs(a0) <= 90 && Math.abs(b0) <= 180) {
    map.setView([a0, b0], 18);
    place(L.latLng(a0, b0), true);
  } else if (view) {
    map.setView([view.lat, view.lon], view.z);
  } else {
    map.setView(config.center, config.zoom);
  }
  if (!here() && !view && navigator.geolocation && navigator.permissions) {
    navigator.permissions.query({ name: "geolocation" }).then(function (state) {
      if (state.state !== "granted") return;
      navigator.geolocation.getCurrentPosition(function (pos) {
        if (!here()) map.setView([pos.coords.latitude, pos.coords.longitude], 18);
      });
    }).catch(function () { /* no permission API: the button is there */ });
  }
  if (!here() && map.getZoom() < PRECISE_ZOOM) {
    say(gettext("Zoom in to the street, or use your location, then tap where the camera is."));
  }
  window.addEventListener("sighting:queued", function () {
    if (marker) map.removeLayer(marker);
    if (handle) map.removeLayer(handle);
    marker = handle = null;
    draw();
    say(gettext("Tap the map where the next camera is."));
  });
  pressCompass();
  if (kind.value === "confirm" && cameraField.value) {
    details(false);
    send.textContent = fill(gettext("Confirm camera #%(id)s"), { id: cameraField.value });
  }
})();
