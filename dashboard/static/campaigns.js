// Campaign pages: the audience size while writing, live sending progress on a campaign's page.
(function () {
  "use strict";
  if (!window.fetch) { return; }

  function getJson(url) {
    return fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; });
  }

  // Audience size: recounted whenever an audience field changes.
  var audience = document.getElementById("audience");
  var sizeBox = document.getElementById("audience-size");
  if (audience && sizeBox) {
    var form = audience.closest("form");
    var timer = null;
    var recount = function () {
      var params = new URLSearchParams();
      audience.querySelectorAll("input, select").forEach(function (field) {
        if (!field.name || field.name === "audience_name") { return; }
        if (field.type === "checkbox" || field.type === "radio") {
          if (field.checked) { params.append(field.name, field.value); }
        } else if (field.multiple) {
          Array.prototype.forEach.call(field.selectedOptions, function (option) {
            params.append(field.name, option.value);
          });
        } else if (field.value) {
          params.append(field.name, field.value);
        }
      });
      getJson(audience.getAttribute("data-size-url") + "?" + params.toString())
        .then(function (data) {
          if (!data) { return; }
          sizeBox.textContent = data.error || data.text;
          sizeBox.className = data.error ? "error" : "notice";
          sizeBox.setAttribute("data-size", data.error ? "" : String(data.size));
        })
        .catch(function () { /* try again at the next change */ });
    };
    form.addEventListener("change", function (event) {
      if (!audience.contains(event.target)) { return; }
      window.clearTimeout(timer);
      timer = window.setTimeout(recount, 200);
    });
    recount();
  }

  // Progress: polled every few seconds while the campaign is not finished.
  var box = document.getElementById("progress");
  if (box) {
    var bar = document.getElementById("progress-bar");
    var percent = document.getElementById("progress-percent");
    var status = document.getElementById("campaign-status");
    var reasons = document.getElementById("failed-reasons");
    var poll = function () {
      getJson(box.getAttribute("data-url")).then(function (data) {
        if (!data) { return; }
        box.querySelectorAll("[data-figure]").forEach(function (node) {
          var value = data[node.getAttribute("data-figure")];
          if (value !== undefined) { node.textContent = String(value); }
        });
        bar.max = data.total || 1;
        bar.value = data.finished;
        percent.textContent = String(data.percent);
        if (status) { status.textContent = data.status_label; }
        var unknownHint = document.getElementById("unknown-hint");
        if (unknownHint) { unknownHint.hidden = !data.unknown; }
        reasons.textContent = "";
        Object.keys(data.failed_reasons).forEach(function (reason) {
          var item = document.createElement("li");
          item.textContent = reason + ": " + data.failed_reasons[reason];
          reasons.appendChild(item);
        });
        box.setAttribute("data-refreshed", String(Date.now()));
      }).catch(function () { /* offline for a moment */ });
    };
    window.setInterval(poll, parseInt(box.getAttribute("data-interval") || "3000", 10));
  }
})();
