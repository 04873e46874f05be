// The cameras already on the map, drawn on the submit page's map from the first moment (the
// map page's own tiles), so that a person sees whether theirs is there before placing a pin.
import { CameraTileLayer } from "../map/layer.js";

const config = JSON.parse(document.getElementById("submit-config").textContent);
const map = window.submitMap;
if (map && config.tileUrl) {
  fetch(config.versionUrl)
    .then((response) => response.json())
    .catch(() => ({ version: "" }))
    .then(({ version }) => {
      const layer = new CameraTileLayer({
        tileUrl: config.tileUrl,
        version,
        pane: "shadowPane",
      }).addTo(map);
      window.existingCameras = layer; // for the browser tests
    });
}
