// A camera's popup, built with DOM nodes and textContent only: tile attributes come from
// contributors and imports, so none of them is ever parsed as HTML.
import { gettext, interpolate } from "./i18n.js";
import { ESTIMATED_ANGLE, coneOf, isStale } from "./layer.js";

const TYPE_LABELS = {
  camera: gettext("Camera"),
  ALPR: gettext("Plate reader (ALPR)"),
  guard: gettext("Guard"),
  gunshot_detector: gettext("Gunshot detector"),
};
const CAMERA_TYPE_LABELS = { fixed: gettext("Fixed"), dome: gettext("Dome"), panning: gettext("Panning (PTZ)") };
const LANGUAGE = document.documentElement.lang || "en";
// The server's names for status, operator type and capability codes (map-config), codes without.
const LABELS = JSON.parse(document.getElementById("map-config")?.textContent || "{}").labels || {};
const label = (kind, code) => (LABELS[kind] && LABELS[kind][code]) || code;

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function countryName(code) {
  try {
    return new Intl.DisplayNames([LANGUAGE], { type: "region" }).of(code) || code;
  } catch {
    return code;
  }
}

function directionText(p) {
  const cone = coneOf(p);
  if (!cone) return gettext("not recorded");
  if (p.direction_from !== undefined) return `${p.direction_from}°–${p.direction_to}° (${gettext("range")})`;
  if (p.direction === undefined) return gettext("all around");
  const width = p.angle_of_view
    ? interpolate(gettext("%(angle)s° wide"), { angle: p.angle_of_view })
    : interpolate(gettext("width unknown (drawn %(angle)s°)"), { angle: ESTIMATED_ANGLE });
  return `${p.direction}°, ${width}`;
}

// The record's first published photo (photos are not in the tiles).
function addPhoto(root, photos) {
  if (!photos || !photos.length) return;
  const link = element("a", undefined, "popup-photo");
  link.href = photos[0].image;
  const image = element("img");
  image.src = photos[0].thumbnail;
  image.alt = gettext("Photo of this camera");
  link.append(image);
  root.querySelector("h3").after(link);
}

function row(list, label, value, before) {
  if (value === undefined || value === null || value === "") return;
  const term = element("dt", label);
  list.insertBefore(term, before || null);
  list.insertBefore(element("dd", value), before || null);
}

// Tiles carry only what the map draws; names, links and capabilities come from the camera's
// record (maps:camera-json), fetched when the popup opens.
async function addDetails(root, list, recordUrl) {
  const waiting = root.querySelector(".popup-loading");
  try {
    const response = await fetch(recordUrl);
    if (!response.ok) throw new Error(response.statusText);
    const r = await response.json();
    const unknown = gettext("unknown");
    const first = list.firstChild;
    const operator = r.operator
      ? r.operator.name + (r.operator.operator_type ? ` (${label("operator_type", r.operator.operator_type)})` : "")
      : unknown;
    row(list, gettext("Operator"), operator, first);
    const vendor = r.vendor
      ? r.vendor.name + (r.vendor.country_of_origin ? ` — ${countryName(r.vendor.country_of_origin)}` : "")
      : unknown;
    row(list, gettext("Vendor"), vendor, first);
    row(list, gettext("Program"), r.program && r.program.name, first);
    const capabilities = (r.capabilities || []).map((c) => label("capability", c)).join(", ");
    row(list, gettext("Capabilities"), capabilities || gettext("none recorded"), first);
    if (r.name) list.before(element("p", r.name, "popup-name"));
    addPhoto(root, r.photos);
    waiting.remove();
  } catch {
    waiting.textContent = gettext("Could not load the details of this camera.");
  }
  root.removeAttribute("aria-busy");
}

export function cameraPopup(feature, cameraUrl, recordUrl, staleBefore) {
  const p = feature.properties;
  const root = element("div", undefined, "camera-popup");
  root.setAttribute("aria-busy", "true");
  const title = [TYPE_LABELS[p.type] || gettext("Surveillance device"), CAMERA_TYPE_LABELS[p.camera_type]];
  root.append(element("h3", title.filter(Boolean).join(" · ")));
  root.append(element("p", gettext("Loading…"), "popup-loading"));
  const list = element("dl");
  row(list, gettext("Direction"), directionText(p));
  row(list, gettext("Status"), label("status", p.status));
  row(list, gettext("Last verified"), p.last_verified || gettext("never"));
  root.append(list);
  if (isStale(p, staleBefore)) {
    root.append(element("p", gettext("Stale: not verified recently, it may be gone. Seen it? Confirm it from its page."), "popup-stale"));
  }
  const link = element("a", gettext("Camera page, sources and history"));
  const id = String(Number(feature.id));
  link.href = cameraUrl.replace("{id}", id);
  root.append(link);
  if (recordUrl) addDetails(root, list, recordUrl.replace("{id}", id));
  return root;
}
