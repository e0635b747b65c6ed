// Live counts on the report queue: refresh the per-status numbers every 15 seconds.
(function () {
  "use strict";
  var box = document.getElementById("status-counts");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-url");
  // «Có N phản ánh mới — Tải lại»: reports of this filter filed since the page was loaded.
  var banner = document.getElementById("new-reports");
  function showNewReports(n) {
    if (!banner || !n) { return; }
    banner.querySelector(".text").textContent =
      banner.getAttribute("data-template").replace("{n}", String(n));
    banner.hidden = false;
  }
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
        showNewReports(data["new"] || 0);
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
// Bulk changes: the form appears once reports are ticked; the status or officer field follows
// the chosen change.
(function () {
  "use strict";
  var form = document.getElementById("bulk-form");
  if (!form) { return; }
  var boxes = document.querySelectorAll("input[name=ma][form=bulk-form]");
  var all = document.getElementById("pick-all");
  var count = document.getElementById("bulk-count");
  var action = document.getElementById("bulk-action");
  function sync() {
    var n = 0;
    boxes.forEach(function (b) { if (b.checked) { n += 1; } });
    form.hidden = n === 0;
    count.textContent = count.getAttribute("data-template").replace("{n}", String(n));
    if (all) { all.checked = n > 0 && n === boxes.length; }
    var op = action.value;
    form.querySelector(".bulk-status").hidden = op !== "trang-thai";
    form.querySelector(".bulk-officer").hidden = op !== "giao-can-bo";
    form.querySelector(".bulk-note").hidden = op === "giao-can-bo";
  }
  boxes.forEach(function (b) { b.addEventListener("change", sync); });
  if (all) {
    all.addEventListener("change", function () {
      boxes.forEach(function (b) { b.checked = all.checked; });
      sync();
    });
  }
  action.addEventListener("change", sync);
  sync();
})();
// The report page's action panel: one action at a time, chosen by its tab (the address's
// #form-… opens that one); canned replies fill the reply or question text.
(function () {
  "use strict";
  var panel = document.getElementById("thao-tac");
  if (!panel) { return; }
  var tabs = panel.querySelectorAll("[data-tab]");
  if (!tabs.length) { return; }
  function open(id) {
    var found = false;
    tabs.forEach(function (tab) {
      var on = tab.getAttribute("data-tab") === id;
      found = found || on;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.classList.toggle("current", on);
      var pane = document.getElementById(tab.getAttribute("data-tab"));
      if (pane) { pane.hidden = !on; }
    });
    return found;
  }
  panel.classList.add("tabbed");
  tabs.forEach(function (tab) {
    tab.addEventListener("click", function (event) {
      event.preventDefault();
      open(tab.getAttribute("data-tab"));
    });
  });
  var wanted = window.location.hash.replace("#", "");
  if (!wanted || !open(wanted)) { open(tabs[0].getAttribute("data-tab")); }
  panel.querySelectorAll("select.canned").forEach(function (select) {
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var target = document.getElementById(select.getAttribute("data-target"));
      if (target && option && option.value) { target.value = option.getAttribute("data-text"); }
    });
  });
})();
