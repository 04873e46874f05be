// The service worker (served as /sw.js, scope /): the submit page and the files it needs keep
// working without a network; sightings made offline wait in IndexedDB (sightings/offline.js).
// Nothing else is stored, and no request leaves for another host.
"use strict";
const SHELL = "sm-shell-v1";
const TILES = "sm-tiles-v1";
const MAX_TILES = 400;
const PAGES = ["/submit/"];

// The submit page and every script and style sheet it names (static files, the i18n catalogue).
async function cacheShell() {
  const cache = await caches.open(SHELL);
  for (const page of PAGES) {
    const response = await fetch(page, { credentials: "same-origin" });
    if (!response.ok) continue;
    await cache.put(page, response.clone());
    const html = await response.text();
    const assets = new Set(["/manifest.webmanifest"]);
    for (const match of html.matchAll(/(?:src|href)="(\/(?:static|i18n)\/[^"]+)"/g)) {
      assets.add(match[1].replace(/&amp;/g, "&"));
    }
    await Promise.all([...assets].map((url) => cache.add(url).catch(() => undefined)));
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== TILES).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function networkFirst(request, cacheName, key) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key || request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(key || request);
    if (cached) return cached;
    throw error;
  }
}

async function keepTile(request) {
  const cache = await caches.open(TILES);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(request, response.clone());
      const keys = await cache.keys();
      if (keys.length > MAX_TILES) await Promise.all(keys.slice(0, keys.length - MAX_TILES).map((k) => cache.delete(k)));
    }
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  // The empty form at any start view (?lat=&lon=&z=) falls back to the kept one; a form about a
  // given camera (?camera=) is not kept.
  if (request.mode === "navigate" && url.pathname === "/submit/" && !url.searchParams.has("camera")) {
    event.respondWith(networkFirst(request, SHELL, "/submit/"));
  } else if (url.pathname.startsWith("/static/") || url.pathname.startsWith("/i18n/js/")) {
    event.respondWith(networkFirst(request, SHELL));
  } else if (url.pathname.startsWith("/basemap/") || url.pathname.startsWith("/tiles/")) {
    event.respondWith(keepTile(request));
  }
});
