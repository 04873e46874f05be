// The small map on a camera page: the same tiles, centred on the camera, every status shown.
import { CameraTileLayer } from "./layer.js";

const config = JSON.parse(document.getElementById("map-config").textContent);

window.addEventListener("map:init", (event) => {
  const map = event.detail.map;
  const { lat, lon } = config.camera;
  map.setView([lat, lon], 18, { animate: false });
  new CameraTileLayer({
    tileUrl: config.tileUrl,
    query: "status=" + config.defaultStatuses.join(","),
    version: config.version,
    maxClusterZoom: config.maxClusterZoom,
  }).addTo(map);
  window.L.circleMarker([lat, lon], { radius: 14, color: "#f4b400", weight: 3, fill: false, interactive: false }).addTo(map);
});
