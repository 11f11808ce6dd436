// "Keep this language on my phone": asks the service worker to store the
// edition, only when the reader asks (connections may be metered).
(function () {
  "use strict";
  var box = document.querySelector("[data-offline]");
  if (!box || !("serviceWorker" in navigator) || !window.caches) return;
  var store = box.querySelector("[data-offline-store]");
  var remove = box.querySelector("[data-offline-remove]");
  var status = box.querySelector("[data-offline-status]");
  var edition = box.dataset.edition;
  var cacheName = "portal-" + edition;
  box.hidden = false;

  function say(template, count) {
    status.textContent = template.replace("%(num)s", String(count || 0));
  }
  function showStored(stored) {
    store.hidden = stored;
    remove.hidden = !stored;
  }
  caches.has(cacheName).then(function (stored) {
    showStored(stored);
    if (stored) say(box.dataset.stored);
  });

  navigator.serviceWorker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.edition !== edition) return;
    if (data.type === "progress") say(box.dataset.progress, data.done);
    if (data.type === "stored") { say(box.dataset.stored); showStored(true); }
    if (data.type === "failed") { say(box.dataset.failed); store.disabled = false; }
  });

  store.addEventListener("click", function () {
    store.disabled = true;
    say(box.dataset.progress, 0);
    navigator.serviceWorker.register(box.dataset.worker, { scope: box.dataset.scope })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        registration.active.postMessage({ type: "store", edition: edition, manifest: box.dataset.manifest });
      })
      .catch(function () { say(box.dataset.failed); store.disabled = false; });
  });

  remove.addEventListener("click", function () {
    caches.delete(cacheName).then(function () {
      say(box.dataset.removed);
      showStored(false);
      store.disabled = false;
    });
  });
})();
