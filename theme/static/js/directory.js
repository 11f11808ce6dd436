// Client-side filtering of a service-point list: one set of controls. The static filter
// pages (links in a disclosure) work without it; with it, a form that combines city,
// language and service takes their place, starting from this page's own filter, and the
// count heading always says how many cards are shown.
(function () {
  "use strict";
  var form = document.querySelector("[data-directory-filter]");
  if (!form) return;
  var links = document.querySelector("[data-filter-links]");
  var items = Array.prototype.slice.call(document.querySelectorAll(".points > .point"));
  var count = document.querySelector(".filter-count");
  var initial = count.textContent;
  function apply() {
    var city = form.elements.city.value;
    var language = form.elements.language.value;
    var service = form.elements.service.value;
    var shown = 0;
    items.forEach(function (item) {
      var ok = (!city || item.dataset.city === city) &&
        (!language || item.dataset.languages.split(" ").indexOf(language) >= 0) &&
        (!service || item.dataset.services.split(" ").indexOf(service) >= 0);
      item.hidden = !ok;
      if (ok) shown += 1;
    });
    var number = typeof Intl !== "undefined"
      ? new Intl.NumberFormat(document.documentElement.lang).format(shown) : String(shown);
    count.textContent = shown === items.length ? initial
      : count.dataset.countTemplate.replace("%(num)s", number);
  }
  form.hidden = false;
  if (links) links.hidden = true;
  form.addEventListener("change", apply);
  apply();
})();
