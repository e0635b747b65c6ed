// Live counts on the report queue: refresh the per-status numbers every 15 seconds.
(function () {
  "use strict";
  var box = document.getElementById("status-counts");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-url");
  function refresh() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        box.querySelectorAll("[data-count]").forEach(function (node) {
          var key = node.getAttribute("data-count");
          var value = key === "open" || key === "total" ? data[key] : data.counts[key];
          if (value !== undefined && String(value) !== node.textContent.trim()) {
            node.textContent = String(value);
          }
        });
        box.setAttribute("data-refreshed", String(Date.now()));
      })
      .catch(function () { /* offline for a moment: try again at the next tick */ });
  }
  var interval = parseInt(box.getAttribute("data-interval") || "15000", 10);
  window.setInterval(refresh, interval);
})();
// On a small screen the filters start folded (the first report shows without scrolling);
// they stay open when a filter is in use so the officer sees what narrows the list.
(function () {
  "use strict";
  var box = document.getElementById("filters-box");
  if (!box || !window.matchMedia) { return; }
  if (window.matchMedia("(max-width: 600px)").matches && !box.getAttribute("data-filtering")) {
    box.removeAttribute("open");
  }
})();
