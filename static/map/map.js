// The map page: camera tiles, popups, filters, the list of cameras in view, search,
// permalinks (centre, zoom and filters in the URL), sharing and "locate me".
import { gettext, interpolate } from "./i18n.js";
import { CameraTileLayer } from "./layer.js";
import { cameraPopup } from "./popup.js";

const L = window.L;
const config = JSON.parse(document.getElementById("map-config").textContent);
const $ = (id) => document.getElementById(id);
const RESULT_KINDS = {
  place: gettext("place"),
  operator: gettext("operator"),
  vendor: gettext("vendor"),
  program: gettext("program"),
  camera: gettext("camera"),
};
// The camera filters of the API, tiles and exports, as the server declares them (the map sets
// `bbox` itself; `area` has no form field: links such as an area report's embed set it).
const FILTER_NAMES = config.filterNames;

function say(text) {
  $("map-status").textContent = text;
}

// ---- filters <-> URL parameters -------------------------------------------------------------

function filtersFromForm(form) {
  const params = new URLSearchParams();
  if (!form) return params;
  for (const name of FILTER_NAMES) {
    const values = [];
    for (const field of form.elements) {
      if (field.name !== name) continue;
      if (field.type === "checkbox" && field.checked) values.push(field.value);
      else if (field.tagName === "SELECT") {
        for (const option of field.selectedOptions) values.push(option.value);
      } else if (field.type === "date" && field.value) values.push(field.value);
    }
    const isDefaultStatus =
      name === "status" && values.slice().sort().join(",") === config.defaultStatuses.slice().sort().join(",");
    if (values.length && !isDefaultStatus) params.set(name, values.join(","));
  }
  return params;
}

function formFromFilters(form, params) {
  if (!form) return;
  for (const field of form.elements) {
    if (!FILTER_NAMES.includes(field.name)) continue;
    const raw = params.get(field.name);
    const values = raw ? raw.split(",") : field.name === "status" ? config.defaultStatuses : [];
    if (field.type === "checkbox") field.checked = values.includes(field.value);
    else if (field.tagName === "SELECT") {
      for (const option of field.options) option.selected = values.includes(option.value);
    } else if (field.type === "date") field.value = raw || "";
  }
}

function urlFilters() {
  const params = new URLSearchParams(window.location.search);
  const filters = new URLSearchParams();
  for (const name of FILTER_NAMES) if (params.get(name)) filters.set(name, params.get(name));
  return filters;
}

// ---- the map ---------------------------------------------------------------------------------

function start(map) {
  const form = $("filters-form");
  let filters = urlFilters();
  formFromFilters(form, filters);

  const here = new URLSearchParams(window.location.search);
  const lat = parseFloat(here.get("lat"));
  const lon = parseFloat(here.get("lon"));
  const zoom = parseInt(here.get("z"), 10);
  if (Number.isFinite(lat) && Number.isFinite(lon) && Number.isFinite(zoom)) {
    map.setView([lat, lon], zoom, { animate: false });
  }
  map.zoomControl.setPosition("bottomright");
  map.getContainer().setAttribute(
    "aria-label",
    gettext("Map of surveillance cameras. The List button gives the cameras in view as text."),
  );

  const layer = new CameraTileLayer({
    tileUrl: config.tileUrl,
    query: filters.toString(),
    version: config.version,
    maxClusterZoom: config.maxClusterZoom,
    staleBefore: config.staleBefore,
  }).addTo(map);
  window.cameraMap = map; // for the browser tests and the curious
  window.cameraLayer = layer;

  function permalink() {
    const params = new URLSearchParams();
    const centre = map.getCenter();
    const z = map.getZoom();
    const digits = Math.max(2, Math.ceil(Math.log10(2 ** z)));
    params.set("z", String(z));
    params.set("lat", centre.lat.toFixed(digits));
    params.set("lon", centre.lng.toFixed(digits));
    for (const [name, value] of filters) params.set(name, value);
    return params;
  }

  function viewBbox() {
    const bounds = map.getBounds();
    const clamp = (v, limit) => Math.max(-limit, Math.min(limit, v)).toFixed(5);
    return [clamp(bounds.getWest(), 180), clamp(bounds.getSouth(), 90), clamp(bounds.getEast(), 180), clamp(bounds.getNorth(), 90)].join(",");
  }

  function updateUrl() {
    const url = window.location.pathname + "?" + permalink().toString();
    window.history.replaceState(null, "", url);
    // The submit page opens where the person was last looking (kept in this browser only).
    const view = { lat: map.getCenter().lat, lon: map.getCenter().lng, z: map.getZoom() };
    try {
      localStorage.setItem("sm-map-view", JSON.stringify(view));
    } catch {
      /* private mode: the submit page falls back to the default view */
    }
    const report = $("report-here");
    if (report) report.href = `/submit/?lat=${view.lat.toFixed(6)}&lon=${view.lon.toFixed(6)}&z=${view.z}`;
    const feed = $("feed-link");
    if (feed) {
      // The Atom feed of what changes in this view, with the same filters.
      const params = new URLSearchParams(filters);
      params.set("bbox", viewBbox());
      feed.href = config.changesFeedUrl + "?" + params.toString();
    }
    const open = $("embed-open");
    if (open) open.href = "/?" + permalink().toString();
  }
  map.on("moveend", updateUrl);
  updateUrl();

  map.on("click", (event) => {
    const feature = layer.featureAt(event.latlng);
    if (!feature) return;
    if (feature.kind === "cluster") {
      const count = feature.properties.count || 1;
      const next = count > 1 ? map.getZoom() + 2 : config.maxClusterZoom + 1;
      map.setView(feature.latlng, Math.min(Math.max(next, map.getZoom() + 1), map.getMaxZoom()));
    } else {
      openPopup(feature);
    }
  });

  // The toolbar floats over the map: a popup pans clear of it, not under it (on a phone it
  // would hide the popup's first lines).
  const toolbar = document.querySelector(".map-toolbar");
  function openPopup(feature) {
    const top = toolbar ? toolbar.getBoundingClientRect().bottom + 8 : 8;
    return L.popup({ maxWidth: 300, autoPanPaddingTopLeft: L.point(8, top) })
      .setLatLng(feature.latlng)
      .setContent(cameraPopup(feature, config.cameraUrl, config.recordUrl, config.staleBefore))
      .openOn(map);
  }

  // "Show on map" from the list: centre the camera, open its popup once its tile is drawn, and
  // move the focus into the popup (Escape or its close button returns to the map).
  function showCamera(camera, button) {
    const latlng = L.latLng(camera.lat, camera.lon);
    map.setView(latlng, Math.max(map.getZoom(), 18), { animate: false });
    let tries = 0;
    const attempt = () => {
      const feature = layer.featureAt(latlng);
      if (feature && feature.kind === "camera") {
        const popup = openPopup(feature);
        const target = popup.getElement() && popup.getElement().querySelector("a[href], button");
        if (target) target.focus();
        popup.once("remove", () => button.isConnected && button.focus());
      } else if (tries++ < 50) setTimeout(attempt, 100);
    };
    attempt();
  }
  map.on("mousemove", (event) => {
    map.getContainer().style.cursor = layer.featureAt(event.latlng) ? "pointer" : "";
  });

  // New data shows up without a reload: the tile URLs carry the data version.
  setInterval(async () => {
    if (document.hidden || !config.versionUrl) return;
    try {
      const response = await fetch(config.versionUrl);
      const { version } = await response.json();
      if (String(version) !== String(layer.options.version)) layer.setQuery(layer.options.query, version);
    } catch {
      /* offline: try again later */
    }
  }, 60000);

  if (config.embed) return;

  function applyFilters() {
    // An area (from an area report's link) has no form field: it stays until the filters are cleared.
    const area = filters.get("area");
    filters = filtersFromForm(form);
    if (area && !clearing) filters.set("area", area);
    if (filters.toString() !== layer.options.query) layer.setQuery(filters.toString());
    const count = [...filters.keys()].length;
    $("filter-count").textContent = count ? `(${count})` : "";
    updateUrl();
    refreshList(1);
  }
  form.addEventListener("change", applyFilters);
  let clearing = false;
  form.addEventListener("reset", () => setTimeout(() => {
    formFromFilters(form, new URLSearchParams());
    clearing = true;
    applyFilters();
    clearing = false;
  }));
  applyFilters();

  // ---- panels ----
  function togglePanel(id, open) {
    const panel = $(id);
    const button = document.querySelector(`[aria-controls="${id}"]`);
    const show = open === undefined ? panel.hidden : open;
    for (const other of document.querySelectorAll(".map-panel")) {
      if (other !== panel) {
        other.hidden = true;
        document.querySelector(`[aria-controls="${other.id}"]`).setAttribute("aria-expanded", "false");
      }
    }
    panel.hidden = !show;
    button.setAttribute("aria-expanded", String(show));
    if (show) panel.querySelector("h2").focus();
    if (id === "list-panel" && show) refreshList(1);
  }
  $("filters-button").addEventListener("click", () => togglePanel("filters-panel"));
  $("list-button").addEventListener("click", () => togglePanel("list-panel"));
  for (const close of document.querySelectorAll(".panel-close")) {
    close.addEventListener("click", () => {
      togglePanel(close.dataset.close, false);
      document.querySelector(`[aria-controls="${close.dataset.close}"]`).focus();
    });
  }
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const open = document.querySelector(".map-panel:not([hidden])");
    if (!open) return;
    togglePanel(open.id, false);
    document.querySelector(`[aria-controls="${open.id}"]`).focus();
  });

  // ---- list of cameras in view: the accessible alternative to the canvas ----
  let listPage = 1;
  let listTimer = null;
  async function refreshList(page) {
    if ($("list-panel").hidden) return;
    listPage = page;
    const bounds = map.getBounds();
    const clamp = (v, limit) => Math.max(-limit, Math.min(limit, v)).toFixed(5);
    const params = new URLSearchParams(filters);
    params.set(
      "bbox",
      [clamp(bounds.getWest(), 180), clamp(bounds.getSouth(), 90), clamp(bounds.getEast(), 180), clamp(bounds.getNorth(), 90)].join(","),
    );
    params.set("page", String(page));
    const centre = map.getCenter();
    params.set("near", `${centre.lng.toFixed(6)},${centre.lat.toFixed(6)}`);
    $("list-status").textContent = gettext("Loading…");
    try {
      const response = await fetch(config.listUrl + "?" + params.toString());
      const data = await response.json();
      if (!response.ok) throw new Error(data.error || response.statusText);
      renderList(data);
    } catch (error) {
      $("list-status").textContent = gettext("Could not load the list:") + " " + error.message;
    }
  }
  function distanceText(metres) {
    const language = document.documentElement.lang;
    return metres < 1000
      ? `${metres.toLocaleString(language)} m`
      : `${(metres / 1000).toLocaleString(language, { maximumFractionDigits: 1 })} km`;
  }
  function renderList(data) {
    const list = $("camera-list");
    list.replaceChildren();
    list.start = (data.page - 1) * data.page_size + 1;
    for (const camera of data.cameras) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = camera.url;
      link.textContent = camera.name || `${camera.type} #${camera.id}`;
      const details = document.createElement("span");
      details.className = "list-details";
      const vendor = camera.vendor && camera.vendor + (camera.vendor_country ? ` (${camera.vendor_country})` : "");
      const parts = [
        camera.distance === null || camera.distance === undefined
          ? ""
          : interpolate(gettext("%(distance)s from the centre"), { distance: distanceText(camera.distance) }),
        camera.name ? camera.type : "",
        camera.camera_type,
        camera.operator,
        vendor,
        camera.status !== "active" ? camera.status_label : "",
        camera.last_verified
          ? interpolate(gettext("verified %(date)s"), { date: camera.last_verified })
          : gettext("never verified"),
      ];
      details.textContent = parts.filter(Boolean).join(" · ");
      const show = document.createElement("button");
      show.type = "button";
      show.className = "list-show";
      show.textContent = gettext("Show on map");
      show.addEventListener("click", () => showCamera(camera, show));
      item.append(link, details, show);
      list.append(item);
    }
    const first = (data.page - 1) * data.page_size + 1;
    $("list-status").textContent = data.cameras.length
      ? interpolate(gettext("Cameras %(first)s–%(last)s"), { first, last: first + data.cameras.length - 1 }) +
        (data.has_next ? " " + gettext("(more on the next page)") : "")
      : gettext("No cameras in view with these filters.");
    $("list-page").textContent = interpolate(gettext("Page %(page)s"), { page: data.page });
    $("list-prev").disabled = data.page <= 1;
    $("list-next").disabled = !data.has_next;
  }
  // ---- counts beside each filter choice, for the cameras in view ----
  let countsTimer = null;
  async function refreshCounts() {
    if ($("filters-panel").hidden) return;
    const bounds = map.getBounds();
    const clamp = (v, limit) => Math.max(-limit, Math.min(limit, v)).toFixed(5);
    const params = new URLSearchParams(filters);
    params.set(
      "bbox",
      [clamp(bounds.getWest(), 180), clamp(bounds.getSouth(), 90), clamp(bounds.getEast(), 180), clamp(bounds.getNorth(), 90)].join(","),
    );
    let counts;
    try {
      const response = await fetch(config.countsUrl + "?" + params.toString());
      if (!response.ok) return;
      counts = await response.json();
    } catch {
      return;
    }
    const language = document.documentElement.lang;
    for (const span of form.querySelectorAll(".facet-count")) {
      const n = (counts[span.dataset.facet] || {})[span.dataset.value] || 0;
      span.textContent = `(${n.toLocaleString(language)})`;
    }
    for (const option of form.querySelectorAll("option[data-label]")) {
      const n = (counts[option.parentElement.name] || {})[option.value] || 0;
      option.textContent = `${option.dataset.label} (${n.toLocaleString(language)})`;
    }
  }
  function countsSoon() {
    clearTimeout(countsTimer);
    countsTimer = setTimeout(refreshCounts, 300);
  }
  map.on("moveend", countsSoon);
  form.addEventListener("change", countsSoon);
  $("filters-button").addEventListener("click", countsSoon);

  $("list-prev").addEventListener("click", () => refreshList(listPage - 1));
  $("list-next").addEventListener("click", () => refreshList(listPage + 1));
  map.on("moveend", () => {
    clearTimeout(listTimer);
    listTimer = setTimeout(() => refreshList(1), 300);
  });

  // ---- search ----
  const results = $("search-results");
  let searchTimer = null;
  async function runSearch() {
    const q = $("search-input").value.trim();
    if (!q) {
      results.hidden = true;
      return;
    }
    const response = await fetch(config.searchUrl + "?" + new URLSearchParams({ q }).toString());
    const data = await response.json();
    results.replaceChildren();
    for (const result of data.results || []) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      const kind = document.createElement("span");
      kind.className = "result-kind";
      kind.textContent = RESULT_KINDS[result.kind] || result.kind;
      const label = document.createElement("span");
      label.textContent = result.label + (result.detail ? ` — ${result.detail}` : "");
      button.append(kind, label);
      button.addEventListener("click", () => choose(result));
      item.append(button);
      results.append(item);
    }
    if (!results.children.length) {
      const item = document.createElement("li");
      item.textContent = gettext("Nothing found.");
      results.append(item);
    }
    results.hidden = false;
  }
  function choose(result) {
    results.hidden = true;
    if (result.filter) {
      const params = new URLSearchParams(filters);
      for (const [name, value] of Object.entries(result.filter)) params.set(name, value);
      formFromFilters(form, params);
      applyFilters();
      say(interpolate(gettext("Showing %(kind)s %(label)s"), { kind: RESULT_KINDS[result.kind] || result.kind, label: result.label }));
    }
    if (result.bbox) {
      const [w, s, e, n] = result.bbox;
      map.fitBounds([[s, w], [n, e]], { maxZoom: 17 });
    } else if (result.point) {
      map.setView([result.point[1], result.point[0]], 18);
    }
  }
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    runSearch();
  });
  $("search-input").addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, 250);
  });

  // ---- share and locate ----
  $("embed-button").addEventListener("click", () => {
    const src = window.location.origin + "/embed/?" + permalink().toString();
    const title = gettext("Map of surveillance cameras");
    const code = `<iframe src="${src}" title="${title}" width="600" height="450" style="border:0" loading="lazy"></iframe>`;
    const box = $("embed-code");
    box.value = code;
    $("embed-panel").hidden = false;
    box.focus();
    box.select();
  });
  $("embed-close").addEventListener("click", () => {
    $("embed-panel").hidden = true;
    $("embed-button").focus();
  });
  $("share-button").addEventListener("click", async () => {
    $("share-menu").hidden = false; // with the feed of changes in this view
    $("share-button").setAttribute("aria-expanded", "true");
    const url = window.location.origin + window.location.pathname + "?" + permalink().toString();
    try {
      await navigator.clipboard.writeText(url);
      say(gettext("Link copied:") + " " + url);
    } catch {
      say(gettext("Copy this link:") + " " + url);
    }
  });
  let youAreHere = null;
  $("locate-button").addEventListener("click", () => {
    if (!navigator.geolocation) return say(gettext("Your browser cannot tell where you are."));
    say(gettext("Finding you… (your position stays in your browser)"));
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const here = [position.coords.latitude, position.coords.longitude];
        if (youAreHere) youAreHere.remove();
        youAreHere = L.circle(here, { radius: position.coords.accuracy, interactive: false }).addTo(map);
        map.setView(here, Math.max(map.getZoom(), 16));
        say(gettext("Centred on your position."));
      },
      (error) => say(gettext("Could not find you:") + " " + error.message),
      { enableHighAccuracy: true, timeout: 15000 },
    );
  });
}

window.addEventListener("map:init", (event) => start(event.detail.map));
