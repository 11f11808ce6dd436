// Client-side filtering of a service-point list. The static filter pages
// work without it; this only lets a reader combine city, language and service.
(function () {
  "use strict";
  var form = document.querySelector("[data-directory-filter]");
  if (!form) return;
  var items = Array.prototype.slice.call(document.querySelectorAll(".points > .point"));
  var count = form.querySelector(".filter-count");
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
    count.textContent = count.dataset.countTemplate.replace("%(num)s", String(shown));
  }
  form.hidden = false;
  form.addEventListener("change", apply);
})();
