// Loads the search scripts only when the reader starts a search (focus, typing or submit),
// so a page costs no search code until then. The scripts (content-hashed names) come from
// the form's data-scripts, from this site only; they are loaded in order, and search.js
// picks up what the reader already did (typed text, a pending submit).
(function () {
  "use strict";
  var form = document.querySelector("form.site-search[data-scripts]");
  // From a file (an unpacked zip) the index cannot be fetched: the plain form opens the A-Z index.
  if (!form || !window.fetch || window.location.protocol === "file:") return;
  var input = form.querySelector(".search-input");
  var started = false;
  function start() {
    if (started) return;
    started = true;
    form.getAttribute("data-scripts").split(" ").forEach(function (src) {
      var script = document.createElement("script");
      script.src = src;
      script.async = false;  // in order: lunr, the text rules, the engine, the page's search
      document.head.appendChild(script);
    });
  }
  input.addEventListener("focus", start);
  input.addEventListener("input", start);
  form.addEventListener("submit", function (event) {
    if (window.PortalSearchReady) return;  // search.js handles it
    event.preventDefault();
    form.setAttribute("data-pending", "submit");
    start();
  });
  if (document.activeElement === input) start();
})();
