/* The search box: results as the reader types, all in the browser.
 *
 * The edition's index is fetched the first time the box is used, the shards
 * of postings only for the words typed, and the text chunks only for the
 * results shown (for their snippets). Nothing is
 * sent anywhere else and nothing is stored: the query stays in the page.
 * Localized strings come from the form's data- attributes (the theme's
 * gettext catalog); search-engine.js does the searching.
 *
 * Keyboard: typing searches; Down moves into the results, Up and Down move
 * between them, Home and End jump, Escape goes back to the box and clears
 * it; Enter in the box opens the first result.
 */
(function () {
  "use strict";

  var SHOWN = 10;
  var DELAY = 120;
  var ANNOUNCE_DELAY = 600;

  function start(form) {
    var input = form.querySelector(".search-input");
    var status = form.querySelector(".search-status");
    var list = form.querySelector(".search-list");
    var base = form.getAttribute("data-index");
    var root = form.getAttribute("data-root");
    var lang = document.documentElement.getAttribute("lang") || undefined;
    var loading = null, failed = false, index = null, files = {}, timer = null, announceTimer = null, generation = 0;

    function message(name, values) {
      var text = form.getAttribute("data-msg-" + name) || "";
      Object.keys(values || {}).forEach(function (key) { text = text.split("{" + key + "}").join(values[key]); });
      return text;
    }

    function announce(text, now) {
      clearTimeout(announceTimer);
      if (now) { status.textContent = text; return; }
      announceTimer = setTimeout(function () { status.textContent = text; }, ANNOUNCE_DELAY);
    }

    /* Every file of the index is fetched from this site only, and at most once (a failed
     * fetch is forgotten, to be tried again). */
    function fetchJson(name) {
      if (!files[name]) {
        files[name] = fetch(base + name, { credentials: "same-origin" }).then(function (response) {
          if (!response.ok) throw new Error(name + ": HTTP " + response.status);
          return response.json();
        });
        files[name].catch(function () { delete files[name]; });
      }
      return files[name];
    }

    function load() {
      if (!loading) {
        loading = fetchJson("index.json").then(function (data) {
          index = new window.PortalSearchEngine.SearchIndex(window.lunr, window.PortalSearchText, data);
          return index;
        });
        loading.catch(function () { failed = true; announce(message("error"), true); });
      }
      return loading;
    }

    function appendMarked(parent, parts) {
      parts.forEach(function (part) {
        var node = part.mark ? document.createElement("mark") : document.createTextNode(part.text);
        if (part.mark) node.textContent = part.text;
        parent.appendChild(node);
      });
    }

    function marked(text, terms) {
      return window.PortalSearchEngine.snippet(text, index.highlights(text, terms), text.length + 1);
    }

    /* One result: the page's title, the section's heading, a snippet with the words marked.
     * section is the document's [heading, anchor, text] from its text chunk. */
    function item(result, section) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + result.url + (section[1] ? "#" + section[1] : "");
      link.className = "search-result";
      var title = document.createElement("span");
      title.className = "search-result-title";
      if (result.lang) title.lang = result.lang;
      appendMarked(title, marked(result.title, result.terms));
      link.appendChild(title);
      if (section[0]) {
        var heading = document.createElement("span");
        heading.className = "search-result-section";
        appendMarked(heading, marked(section[0], result.terms));
        link.appendChild(heading);
      }
      li.appendChild(link);
      var snippet = document.createElement("p");
      snippet.className = "search-result-snippet";
      appendMarked(snippet, window.PortalSearchEngine.snippet(section[2], index.highlights(section[2], result.terms)));
      li.appendChild(snippet);
      return li;
    }

    /* The [heading, anchor, text] of a result's best document (empty if its chunk cannot be had). */
    function section(result) {
      var place = index.chunkOf(result.doc);
      return fetchJson(place.file).then(function (entries) {
        return entries[place.offset] || ["", "", ""];
      }, function () { return ["", "", ""]; });
    }

    function clear() {
      list.textContent = "";
      list.hidden = true;
    }

    function run() {
      var query = input.value.trim(), mine = ++generation, results = [];
      if (!query) { clear(); announce("", true); return; }
      if (!index) announce(message("loading"), true);
      load().then(function () {
        return index.prepare(query, fetchJson);
      }).then(function () {
        results = index.search(query);
        return Promise.all(results.slice(0, SHOWN).map(section));
      }).then(function (sections) {
        if (mine !== generation) return;
        clear();
        sections.forEach(function (found, i) { list.appendChild(item(results[i], found)); });
        list.hidden = results.length === 0;
        var count = typeof Intl !== "undefined" ? new Intl.NumberFormat(lang).format(results.length)
          : String(results.length);
        announce(results.length ? message("count", { count: count }) : message("none", { query: query }));
      }).catch(function () {
        if (mine === generation) announce(message("error"), true);
      });
    }

    function links() { return Array.prototype.slice.call(list.querySelectorAll("a.search-result")); }

    function move(links, current, key) {
      var at = links.indexOf(current), last = links.length - 1;
      if (key === "ArrowDown") return at < last ? links[at + 1] : links[at];
      if (key === "ArrowUp") return at > 0 ? links[at - 1] : input;
      if (key === "Home") return links[0];
      if (key === "End") return links[last];
      return null;
    }

    input.addEventListener("focus", function () { load(); });
    // Loaded by search-loader.js once the reader started: catch up with what they did.
    if (document.activeElement === input || input.value) load();
    if (input.value.trim()) run();
    form.removeAttribute("data-pending");
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      var found = links();
      if (event.key === "ArrowDown" && found.length) {
        event.preventDefault();
        found[0].focus();
      } else if (event.key === "Escape") {
        input.value = "";
        clear();
        announce("", true);
      }
    });
    list.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        input.focus();
        return;
      }
      var target = move(links(), document.activeElement, event.key);
      if (target) {
        event.preventDefault();
        target.focus();
      }
    });
    form.addEventListener("submit", function (event) {
      var first = links()[0];
      if (failed) return;  // the plain form: the A-Z index
      if (first) {
        event.preventDefault();
        window.location.href = first.href;
      } else if (input.value.trim()) {
        event.preventDefault();
        clearTimeout(timer);
        run();
      }
    });
  }

  function init() {
    if (!window.lunr || !window.PortalSearchText || !window.PortalSearchEngine || !window.fetch) return;
    // A page read from a file (an unpacked zip) cannot fetch the index: the plain form
    // takes the reader to the A-Z index instead.
    if (window.location.protocol === "file:") return;
    Array.prototype.forEach.call(document.querySelectorAll("form.site-search"), start);
    window.PortalSearchReady = true;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
