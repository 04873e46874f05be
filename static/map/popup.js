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

// The first published photo, fetched when the popup opens (photos are not in the tiles).
async function addPhoto(root, recordUrl) {
  try {
    const response = await fetch(recordUrl);
    if (!response.ok) return;
    const { photos } = await response.json();
    if (!photos || !photos.length) return;
    const link = element("a", undefined, "popup-photo");
    link.href = photos[0].image;
    const image = element("img");
    image.src = photos[0].thumbnail;
    image.alt = gettext("Photo of this camera");
    link.append(image);
    root.querySelector("h3").after(link);
  } catch {
    /* the popup stays useful without its photo */
  }
}

export function cameraPopup(feature, cameraUrl, recordUrl, staleBefore) {
  const p = feature.properties;
  const root = element("div", undefined, "camera-popup");
  const title = [TYPE_LABELS[p.type] || gettext("Surveillance device"), CAMERA_TYPE_LABELS[p.camera_type]];
  root.append(element("h3", title.filter(Boolean).join(" · ")));
  if (p.name) root.append(element("p", p.name, "popup-name"));
  const list = element("dl");
  const row = (label, value) => {
    if (value === undefined || value === null || value === "") return;
    list.append(element("dt", label), element("dd", value));
  };
  const unknown = gettext("unknown");
  row(gettext("Operator"), p.operator ? p.operator + (p.operator_type ? ` (${label("operator_type", p.operator_type)})` : "") : unknown);
  row(
    gettext("Vendor"),
    p.vendor ? p.vendor + (p.vendor_country ? ` — ${countryName(p.vendor_country)}` : "") : unknown,
  );
  row(gettext("Program"), p.program);
  row(
    gettext("Capabilities"),
    p.capabilities ? p.capabilities.split(",").map((c) => label("capability", c)).join(", ") : gettext("none recorded"),
  );
  row(gettext("Direction"), directionText(p));
  row(gettext("Status"), label("status", p.status));
  row(gettext("Last verified"), p.last_verified || gettext("never"));
  root.append(list);
  if (isStale(p, staleBefore)) {
    root.append(element("p", gettext("Stale: not verified recently, it may be gone. Seen it? Confirm it from its page."), "popup-stale"));
  }
  const link = element("a", gettext("Camera page, sources and history"));
  const id = String(Number(feature.id));
  link.href = cameraUrl.replace("{id}", id);
  root.append(link);
  if (recordUrl) addPhoto(root, recordUrl.replace("{id}", id));
  return root;
}
