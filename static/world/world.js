// World view: draws Natural Earth country shapes (world-atlas TopoJSON, decoded by
// topojson-client) as SVG and colours each country by cameras mapped, or by the share of its
// cameras made by vendors from a chosen country. The table on the page holds the same figures.
(function () {
  "use strict";
  const script = document.currentScript;
  const svg = document.getElementById("world-map");
  const select = document.getElementById("world-measure");
  const legend = document.getElementById("world-legend");
  const data = JSON.parse(document.getElementById("world-data").textContent);
  const byNumeric = new Map(data.countries.map((c) => [c.numeric, c]));
  const NS = "http://www.w3.org/2000/svg";
  const W = 960, H = 480;

  // Equirectangular: x from longitude, y from latitude, the whole world in W × H.
  function ring(coordinates) {
    return coordinates
      .map(([lon, lat], i) => (i ? "L" : "M") + ((lon + 180) * W / 360).toFixed(1) + "," + ((90 - lat) * H / 180).toFixed(1))
      .join("") + "Z";
  }

  function pathData(geometry) {
    if (!geometry) return "";
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    return polygons.map((polygon) => polygon.map(ring).join("")).join("");
  }

  function colour(value) {
    // Light to dark red; value in 0..1.
    const t = Math.max(0, Math.min(1, value));
    const light = 92 - t * 60;
    return "hsl(4, 70%, " + light.toFixed(0) + "%)";
  }

  // The colour key: five steps of the scale, and the two greys.
  const key = document.getElementById("world-key");
  function drawKey(origin, peak) {
    const steps = [0.1, 0.3, 0.5, 0.75, 1].map((t) => {
      const label = origin
        ? Math.round(t * 100) + " %"
        : "≈ " + Math.max(1, Math.round(Math.exp(t * Math.log(1 + peak)) - 1)).toLocaleString(document.documentElement.lang);
      return [colour(t), label];
    });
    steps.push(["#c9d1d6", data.labels.none], ["#e3e6e8", data.labels.noData]);
    key.replaceChildren(
      ...steps.map(([fill, label]) => {
        const item = document.createElement("li");
        const swatch = document.createElement("span");
        swatch.className = "swatch";
        swatch.style.background = fill;
        item.append(swatch, " " + label);
        return item;
      }),
    );
  }

  function paint(shapes) {
    const origin = select.value;
    const peak = Math.max(1, ...data.countries.map((c) => c.cameras));
    for (const { element, country, name } of shapes) {
      const title = element.querySelector("title");
      if (!country) {
        element.setAttribute("fill", "#e3e6e8");
        title.textContent = name + ": " + data.labels.noData;
        continue;
      }
      let value, text;
      if (origin) {
        value = country.shares[origin] || 0;
        text = country.name + ": " + (value * 100).toFixed(1) + " % " + data.labels.share + " " + origin;
      } else {
        value = country.cameras ? Math.log(1 + country.cameras) / Math.log(1 + peak) : 0;
        text = country.name + ": " + country.cameras + " " + data.labels.cameras + ", " + country.programs + " " + data.labels.programs;
      }
      element.setAttribute("fill", country.cameras ? colour(value) : "#c9d1d6");
      title.textContent = text;
    }
    legend.textContent = select.options[select.selectedIndex].textContent + ". ";
    drawKey(origin, peak);
  }

  fetch(script.dataset.atlas)
    .then((response) => response.json())
    .then((atlas) => {
      const features = topojson.feature(atlas, atlas.objects.countries).features;
      const shapes = features.map((feature) => {
        const country = byNumeric.get(String(feature.id));
        const element = document.createElementNS(NS, "path");
        element.setAttribute("d", pathData(feature.geometry));
        element.setAttribute("class", "country" + (country ? " has-data" : ""));
        element.appendChild(document.createElementNS(NS, "title"));
        // A click opens the country's page; keyboards and screen readers use the table's links
        // (links inside an image would be unreachable and confusing).
        if (country) element.dataset.url = country.url;
        svg.appendChild(element);
        return { element, country, name: (feature.properties && feature.properties.name) || "" };
      });
      paint(shapes);
      select.addEventListener("change", () => paint(shapes));
      svg.addEventListener("click", (event) => {
        const url = event.target.dataset && event.target.dataset.url;
        if (url) window.location.href = url;
      });
    });
})();
