// Quick exit from a sensitive page: leave without a history entry to come back to.
// Clicking the button, or pressing Shift three times within two seconds, does it.
(function () {
  "use strict";
  var button = document.querySelector("[data-quick-exit]");
  if (!button) return;
  function leave(event) {
    if (event) event.preventDefault();
    document.body.hidden = true;
    window.location.replace(button.href);
  }
  button.addEventListener("click", leave);
  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") return;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 2000; });
    presses.push(now);
    if (presses.length >= 3) leave();
  });
})();
