// Service worker: serves stored editions when there is no connection.
// It stores nothing on its own: only when the page asks ("store"), it
// fetches the edition's offline.json and caches every file listed there.
"use strict";

var BATCH = 8;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function tell(message) {
  return self.clients.matchAll({ includeUncontrolled: true }).then(function (clients) {
    clients.forEach(function (client) { client.postMessage(message); });
  });
}

function storeEdition(edition, manifestUrl) {
  var root = new URL("./", self.registration.scope);
  return fetch(manifestUrl, { cache: "no-store" })
    .then(function (response) { return response.json(); })
    .then(function (manifest) {
      return caches.open("portal-" + edition).then(function (cache) {
        var urls = manifest.urls.map(function (url) { return new URL(url, root).href; });
        var done = 0;
        function next(start) {
          if (start >= urls.length) return Promise.resolve();
          return cache.addAll(urls.slice(start, start + BATCH)).then(function () {
            done = Math.min(urls.length, start + BATCH);
            return tell({ type: "progress", edition: edition, done: done }).then(function () {
              return next(start + BATCH);
            });
          });
        }
        return next(0);
      });
    })
    .then(function () { return tell({ type: "stored", edition: edition }); })
    .catch(function () {
      return caches.delete("portal-" + edition).then(function () {
        return tell({ type: "failed", edition: edition });
      });
    });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "store") event.waitUntil(storeEdition(data.edition, data.manifest));
});

self.addEventListener("fetch", function (event) {
  if (event.request.method !== "GET") return;
  event.respondWith(
    fetch(event.request).catch(function () {
      return caches.match(event.request, { ignoreSearch: true }).then(function (found) {
        return found || Response.error();
      });
    })
  );
});
