// Camera tiles on canvas: our /tiles/{z}/{x}/{y}.pbf (Mapbox Vector Tiles) drawn by a Leaflet
// GridLayer. Clusters are sized circles with counts; cameras are coloured by type, shaped by
// camera type, with a field-of-view cone whose width is the recorded one (dashed = estimate).
import { VectorTile } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";

const L = window.L;

export const TYPE_COLOURS = {
  camera: "#1f5fbf",
  ALPR: "#b3261e",
  guard: "#7a3fbf",
  gunshot_detector: "#a05a00",
  "": "#4d5a63",
};
export const ESTIMATED_ANGLE = 60; // drawn dashed when a camera has a direction but no angle
const CONE_METRES = 35;

// Active cameras nobody has vouched for since `staleBefore` (an ISO date) may be gone.
export function isStale(p, staleBefore) {
  return p.status !== "removed" && (!p.last_verified || p.last_verified < staleBefore);
}

export function typeColour(type) {
  return TYPE_COLOURS[type || ""] || TYPE_COLOURS[""];
}

// Clusters are counted in cells of 64 px (maps/grid.py: 4 × 4 cells on a 256 px tile). Each
// circle is drawn inside its own cell, so no two circles ever overlap, in a tile or across tiles.
const CELL_PIXELS = 64;

function insideCell(value, radius) {
  const start = Math.floor(value / CELL_PIXELS) * CELL_PIXELS;
  return Math.min(Math.max(value, start + radius), start + CELL_PIXELS - radius);
}

function clusterRadius(count) {
  return count <= 1 ? 5 : Math.min(30, 11 + 5 * Math.log10(count));
}

function compactCount(count) {
  if (count < 1000) return String(count);
  if (count < 10000) return (count / 1000).toFixed(1).replace(/\.0$/, "") + "k";
  if (count < 1e6) return Math.round(count / 1000) + "k";
  return (count / 1e6).toFixed(1).replace(/\.0$/, "") + "M";
}

// The cone's start and end bearings (degrees clockwise from north), and whether it is estimated.
export function coneOf(p) {
  const aov = p.angle_of_view;
  if (p.direction_from !== undefined && p.direction_to !== undefined) {
    let to = p.direction_to;
    if (to <= p.direction_from) to += 360;
    const half = aov && aov < 360 ? aov / 2 : 0;
    return { from: p.direction_from - half, to: to + half, estimated: false };
  }
  if (p.direction === undefined) return aov === 360 ? { from: 0, to: 360, estimated: false } : null;
  const width = aov || ESTIMATED_ANGLE;
  return { from: p.direction - width / 2, to: p.direction + width / 2, estimated: !aov };
}

function metresPerPixel(zoom, lat) {
  return (40075016.686 * Math.cos((lat * Math.PI) / 180)) / (256 * 2 ** zoom);
}

function drawCone(ctx, x, y, cone, radius, colour) {
  const rad = (deg) => ((deg - 90) * Math.PI) / 180;
  ctx.beginPath();
  ctx.moveTo(x, y);
  if (cone.to - cone.from >= 360) ctx.arc(x, y, radius, 0, 2 * Math.PI);
  else ctx.arc(x, y, radius, rad(cone.from), rad(cone.to));
  ctx.closePath();
  ctx.globalAlpha = cone.estimated ? 0.12 : 0.25;
  ctx.fillStyle = colour;
  ctx.fill();
  ctx.globalAlpha = 0.9;
  ctx.setLineDash(cone.estimated ? [4, 3] : []);
  ctx.lineWidth = 1.25;
  ctx.strokeStyle = colour;
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
}

function drawCameraMark(ctx, x, y, p, stale) {
  const colour = typeColour(p.type);
  const removed = p.status === "removed";
  ctx.globalAlpha = stale ? 0.5 : 1;
  ctx.beginPath();
  if (p.camera_type === "fixed") ctx.rect(x - 5, y - 5, 10, 10);
  else if (p.camera_type === "panning") {
    ctx.moveTo(x, y - 7);
    ctx.lineTo(x + 7, y);
    ctx.lineTo(x, y + 7);
    ctx.lineTo(x - 7, y);
    ctx.closePath();
  } else ctx.arc(x, y, 6, 0, 2 * Math.PI);
  ctx.fillStyle = removed ? "#ffffff" : colour;
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = removed ? colour : "#ffffff";
  ctx.setLineDash(p.status === "unknown" ? [2, 2] : []);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
}

function drawCluster(ctx, x, y, p) {
  const count = p.count || 1;
  const radius = clusterRadius(count);
  ctx.beginPath();
  ctx.arc(x, y, radius, 0, 2 * Math.PI);
  ctx.fillStyle = typeColour(p.type);
  ctx.globalAlpha = count > 1 ? 0.85 : 1;
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.lineWidth = 2;
  ctx.strokeStyle = "#ffffff";
  ctx.stroke();
  if (count > 1) {
    ctx.fillStyle = "#ffffff";
    ctx.font = "600 12px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(compactCount(count), x, y + 0.5);
  }
  return radius;
}

export const CameraTileLayer = L.GridLayer.extend({
  options: { tileUrl: "", query: "", version: "", maxClusterZoom: 13, staleBefore: "", pane: "overlayPane" },

  initialize(options) {
    L.GridLayer.prototype.initialize.call(this, options);
    this.on("tileunload", (event) => event.tile._abort && event.tile._abort.abort());
  },

  setQuery(query, version) {
    this.options.query = query;
    if (version !== undefined) this.options.version = version;
    this.redraw();
  },

  tileUrlFor(coords) {
    const path = this.options.tileUrl
      .replace("{z}", coords.z)
      .replace("{x}", coords.x)
      .replace("{y}", coords.y);
    const query = [this.options.query, "v=" + encodeURIComponent(this.options.version)];
    return path + "?" + query.filter(Boolean).join("&");
  },

  createTile(coords, done) {
    const size = this.getTileSize();
    const ratio = window.devicePixelRatio || 1;
    const tile = document.createElement("canvas");
    tile.width = size.x * ratio;
    tile.height = size.y * ratio;
    tile._features = [];
    tile._abort = new AbortController();
    fetch(this.tileUrlFor(coords), { signal: tile._abort.signal })
      .then((response) => {
        if (!response.ok) throw new Error("tile " + response.status);
        return response.arrayBuffer();
      })
      .then((buffer) => {
        const ctx = tile.getContext("2d");
        ctx.scale(ratio, ratio);
        if (buffer.byteLength) this._draw(ctx, tile, new VectorTile(new PbfReader(buffer)), coords, size);
        done(null, tile);
      })
      .catch((error) => {
        if (error.name !== "AbortError") done(error, tile);
      });
    return tile;
  },

  _draw(ctx, tile, vt, coords, size) {
    const clusters = vt.layers.clusters;
    const cameras = vt.layers.cameras;
    const lat = this._map.unproject(coords.scaleBy(size), coords.z).lat;
    const cone = Math.max(16, Math.min(60, CONE_METRES / metresPerPixel(coords.z, lat)));
    const points = [];
    for (const [layer, kind] of [[clusters, "cluster"], [cameras, "camera"]]) {
      if (!layer) continue;
      const scale = size.x / layer.extent;
      for (let i = 0; i < layer.length; i++) {
        const feature = layer.feature(i);
        const point = feature.loadGeometry()[0][0];
        points.push({
          kind,
          id: feature.id,
          properties: feature.properties,
          x: point.x * scale,
          y: point.y * scale,
        });
      }
    }
    for (const f of points) {
      if (f.kind !== "camera") continue;
      const c = coneOf(f.properties);
      if (c) drawCone(ctx, f.x, f.y, c, cone, typeColour(f.properties.type));
    }
    for (const f of points) {
      if (f.kind === "camera") {
        drawCameraMark(ctx, f.x, f.y, f.properties, isStale(f.properties, this.options.staleBefore));
        f.radius = 9;
      } else {
        const drawn = clusterRadius(f.properties.count || 1) + 1; // + half the white outline
        f.x = insideCell(f.x, drawn);
        f.y = insideCell(f.y, drawn);
        f.drawn = drawn;
        f.radius = drawCluster(ctx, f.x, f.y, f.properties) + 2;
      }
    }
    tile._features = points;
    tile.dataset.features = String(points.length);
  },

  // The feature drawn under a container point, nearest first, or null.
  featureAt(latlng) {
    const zoom = this._tileZoom;
    if (zoom === undefined) return null;
    const size = this.getTileSize();
    const pixel = this._map.project(latlng, zoom);
    const tileX = Math.floor(pixel.x / size.x);
    const tileY = Math.floor(pixel.y / size.y);
    let best = null;
    for (const dx of [-1, 0, 1]) {
      for (const dy of [-1, 0, 1]) {
        const key = this._tileCoordsToKey({ x: tileX + dx, y: tileY + dy, z: zoom });
        const tile = this._tiles[key];
        if (!tile || !tile.el._features) continue;
        for (const f of tile.el._features) {
          const fx = (tileX + dx) * size.x + f.x;
          const fy = (tileY + dy) * size.y + f.y;
          const distance = Math.hypot(fx - pixel.x, fy - pixel.y);
          if (distance <= f.radius && (!best || distance < best.distance)) {
            best = { ...f, distance, latlng: this._map.unproject([fx, fy], zoom) };
          }
        }
      }
    }
    return best;
  },
});
