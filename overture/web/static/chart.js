// Draws the actor page's timeline from the Vega-Lite spec the server put beside it.
// Sets data-rendered="true" on #chart once drawn ("error" if it failed), for readers and tests.
(function () {
  "use strict";
  var el = document.getElementById("chart");
  var source = document.getElementById("chart-spec");
  if (!el || !source) return;
  var spec = JSON.parse(source.textContent);
  vegaEmbed(el, spec, { mode: "vega-lite", renderer: "svg", actions: false })
    .then(function (result) {
      result.view.addEventListener("click", function (_event, item) {
        var href = item && item.datum && item.datum.href;
        if (typeof href === "string" && href.charAt(0) === "/") window.location.assign(href);
      });
      el.dataset.rendered = "true";
    })
    .catch(function (error) {
      el.dataset.rendered = "error";
      el.textContent = "The chart could not be drawn: " + error.message;
    });
})();
