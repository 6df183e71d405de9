// Draws each chart of the page (<div class="chart" data-spec="ID">) from the Vega-Lite spec the
// server put beside it in <script type="application/json" id="ID">. Sets data-rendered="true" on
// the chart once drawn ("error" if it failed), for readers and tests. A click on a mark whose
// datum has an `href` (a path on this server) opens it.
(function () {
  "use strict";
  function draw(el) {
    var source = document.getElementById(el.dataset.spec);
    if (!source) return;
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
  }
  Array.prototype.forEach.call(document.querySelectorAll("div.chart[data-spec]"), draw);
})();
