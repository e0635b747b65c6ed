// The map of reports: markers from the page's data attributes, clustered; a popup per report.
// Popups are built with DOM calls and textContent, never from HTML strings of report data.
(function () {
  "use strict";
  var box = document.getElementById("report-map");
  if (!box || typeof L === "undefined") { return; }
  var markers = JSON.parse(box.dataset.markers || "[]");
  var labels = JSON.parse(box.dataset.labels || "{}");
  var centre = (box.dataset.centre || "21.2428,106.167").split(",").map(Number);
  // The map takes the rest of the window below the page's header, at any width.
  function fit() {
    var top = box.getBoundingClientRect().top + window.scrollY;
    box.style.height = Math.max(320, window.innerHeight - top - 16) + "px";
  }
  fit();
  var map = L.map(box, { zoomControl: true }).setView(centre, 10);
  window.addEventListener("resize", function () { fit(); map.invalidateSize(); });
  L.tileLayer(box.dataset.tileUrl, {
    maxZoom: Number(box.dataset.maxZoom || 19),
    attribution: box.dataset.attribution || ""
  }).addTo(map);

  function line(list, term, value) {
    if (!value) { return; }
    var dt = document.createElement("dt");
    dt.textContent = term;
    var dd = document.createElement("dd");
    dd.textContent = value;
    list.appendChild(dt);
    list.appendChild(dd);
  }

  function popup(m) {
    var root = document.createElement("div");
    root.className = "map-popup";
    var code = document.createElement("div");
    code.className = "map-code";
    code.textContent = m.code;
    root.appendChild(code);
    var list = document.createElement("dl");
    line(list, labels.category, m.category);
    line(list, labels.status, m.status_label);
    line(list, labels.place, m.place);
    root.appendChild(list);
    if (m.approximate) {
      var approx = document.createElement("p");
      approx.className = "map-approx";
      approx.textContent = labels.approximate;
      root.appendChild(approx);
    }
    var link = document.createElement("a");
    link.href = m.url;
    link.className = "map-open";
    link.textContent = labels.open;
    root.appendChild(link);
    return root;
  }

  function icon(m) {
    var dot = document.createElement("span");
    dot.className = "map-dot" + (m.urgency === "cao" ? " urgent" : "") +
      (m.approximate ? " approximate" : "");
    return L.divIcon({ html: dot, className: "map-marker", iconSize: [20, 20] });
  }

  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
  var points = [];
  markers.forEach(function (m) {
    var marker = L.marker([m.lat, m.lon], { icon: icon(m), title: m.code, alt: m.code });
    marker.bindPopup(function () { return popup(m); });
    cluster.addLayer(marker);
    points.push([m.lat, m.lon]);
  });
  map.addLayer(cluster);
  if (points.length === 1) {
    map.setView(points[0], 15);
  } else if (points.length > 1) {
    map.fitBounds(L.latLngBounds(points), { padding: [30, 30], maxZoom: 15 });
  }
  box.dataset.ready = String(markers.length);
}());
