// "Keep this language on my phone": asks the service worker to store the
// edition, only when the reader asks (connections may be metered). The first
// tap says how much it downloads; the second one starts it.
(function () {
  "use strict";
  var box = document.querySelector("[data-offline]");
  if (!box || !("serviceWorker" in navigator) || !window.caches) return;
  var store = box.querySelector("[data-offline-store]");
  var remove = box.querySelector("[data-offline-remove]");
  var confirm = box.querySelector("[data-offline-confirm]");
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
    if (data.type === "stored") { say(box.dataset.stored); confirm.hidden = true; showStored(true); }
    if (data.type === "failed") { say(box.dataset.failed); confirm.disabled = false; }
  });

  function megabytes(bytes) {
    var lang = document.documentElement.lang;
    try {
      return new Intl.NumberFormat(lang, { style: "unit", unit: "megabyte", maximumFractionDigits: 1 })
        .format(bytes / 1e6);
    } catch (error) {
      return (bytes / 1e6).toFixed(1) + " MB";
    }
  }

  store.addEventListener("click", function () {
    store.disabled = true;
    fetch(box.dataset.manifest, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (manifest) {
        status.textContent = box.dataset.size.replace("%(size)s", megabytes(manifest.bytes));
        store.hidden = true;
        store.disabled = false;
        confirm.hidden = false;
        confirm.focus();
      })
      .catch(function () { say(box.dataset.failed); store.disabled = false; });
  });

  confirm.addEventListener("click", function () {
    confirm.disabled = true;
    say(box.dataset.progress, 0);
    navigator.serviceWorker.register(box.dataset.worker, { scope: box.dataset.scope })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        registration.active.postMessage({ type: "store", edition: edition, manifest: box.dataset.manifest });
      })
      .catch(function () { say(box.dataset.failed); confirm.disabled = false; });
  });

  remove.addEventListener("click", function () {
    caches.delete(cacheName).then(function () {
      say(box.dataset.removed);
      showStored(false);
      store.disabled = false;
      confirm.disabled = false;
    });
  });
})();
