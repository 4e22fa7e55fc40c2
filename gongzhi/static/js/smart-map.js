// 一张图: the map page polls its scoped data endpoint and draws elevators (red with open alarms),
// the child units to drill into (their boundaries: click to drill down) with figures per unit, never
// individuals (residents, volunteers, grid workers masked) and the open alarms. Without a tile URL
// the background is plain.
(function () {
  "use strict";
  var box = document.getElementById("gz-map");
  if (!box || !window.L) { return; }
  var map = L.map(box, { zoomControl: true, attributionControl: false }).setView([30.98, 104.27], 13);
  if (box.dataset.tiles) { L.tileLayer(box.dataset.tiles, { maxZoom: 19 }).addTo(map); }
  var devices = L.layerGroup().addTo(map);
  var places = { emergency: L.layerGroup().addTo(map), living: L.layerGroup().addTo(map) };
  var outlines = L.layerGroup().addTo(map);
  var figures = { residents: L.layerGroup().addTo(map), volunteers: L.layerGroup(), workers: L.layerGroup().addTo(map) };
  var colours = { emergency: "#fd7e14", living: "#0d6efd" };
  var control = null;
  var fitted = false;

  function item(href, text, badge) {
    var link = document.createElement("a");
    link.className = "list-group-item list-group-item-action d-flex justify-content-between";
    link.href = href;
    link.textContent = text;
    if (badge !== undefined) {
      var span = document.createElement("span");
      span.className = "badge text-bg-light border";
      span.textContent = badge;
      link.appendChild(span);
    }
    return link;
  }

  function label(layer, where, text) {
    L.marker(where, { icon: L.divIcon({ className: "gz-map-label", html: "", iconSize: null }), interactive: false })
      .bindTooltip(text, { permanent: true, direction: "center", className: "gz-map-figure" }).addTo(layer);
  }

  function drawOutlines(data, points) {
    outlines.clearLayers();
    Object.keys(figures).forEach(function (name) { figures[name].clearLayers(); });
    var generated = data.unit.generated;
    if (data.unit.boundary) {
      var own = L.geoJSON(data.unit.boundary, { style: { color: "#6c757d", weight: 2, dashArray: "6 4", fill: false }, interactive: false }).addTo(outlines);
      points.push(own.getBounds().getSouthWest(), own.getBounds().getNorthEast());
    }
    data.children.forEach(function (unit) {
      if (!unit.boundary) { return; }
      generated = generated || unit.generated;
      var shape = L.geoJSON(unit.boundary, { style: { color: "#0d6efd", weight: 2, fillOpacity: 0.06 } });
      var people = unit.workers.map(function (w) { return w.name + " " + w.phone; });
      shape.bindTooltip(unit.name + (people.length ? " · " + box.dataset.workersLabel + " " + people.join("，") : ""), { sticky: true });
      shape.on("click", function () { window.location.href = box.dataset.page + "?unit=" + unit.id; });
      shape.addTo(outlines);
      var bounds = shape.getBounds();
      points.push(bounds.getSouthWest(), bounds.getNorthEast());
      var centre = bounds.getCenter();
      if (unit.residents !== null) { label(figures.residents, centre, box.dataset.residentsLabel + " " + unit.residents); }
      label(figures.volunteers, [bounds.getSouth() + (bounds.getNorth() - bounds.getSouth()) * 0.3, centre.lng], box.dataset.volunteersLabel + " " + unit.volunteers);
      if (unit.workers.length) {
        label(figures.workers, [bounds.getSouth() + (bounds.getNorth() - bounds.getSouth()) * 0.7, centre.lng],
          box.dataset.workersLabel + " " + unit.workers.map(function (w) { return w.name; }).join("，"));
      }
    });
    document.getElementById("map-generated").classList.toggle("d-none", !generated);
  }

  function draw(data) {
    var crumbs = document.getElementById("map-breadcrumb");
    crumbs.replaceChildren();
    data.breadcrumb.forEach(function (unit, index) {
      var li = document.createElement("li");
      li.className = "breadcrumb-item";
      if (index === data.breadcrumb.length - 1) {
        li.textContent = unit.name;
      } else {
        var a = document.createElement("a");
        a.href = box.dataset.page + "?unit=" + unit.id;
        a.textContent = unit.name;
        li.appendChild(a);
      }
      crumbs.appendChild(li);
    });
    var children = document.getElementById("map-children");
    children.replaceChildren();
    data.children.forEach(function (unit) {
      var figures = [box.dataset.devicesLabel + " " + unit.devices, box.dataset.volunteersLabel + " " + unit.volunteers];
      if (unit.residents !== null) { figures.push(box.dataset.residentsLabel + " " + unit.residents); }
      children.appendChild(item(box.dataset.page + "?unit=" + unit.id, unit.name, figures.join(" · ")));
    });
    var alarms = document.getElementById("map-alarms");
    alarms.replaceChildren();
    data.alarms.forEach(function (alarm) {
      alarms.appendChild(item(box.dataset.alarmUrl + alarm.id + "/", alarm.fault + " · " + alarm.received_at.slice(0, 16).replace("T", " ")));
    });
    devices.clearLayers();
    var points = [];
    drawOutlines(data, points);
    data.devices.forEach(function (device) {
      if (!device.point) { return; }
      points.push(device.point);
      L.circleMarker(device.point, {
        radius: 8, weight: 2,
        color: device.open_alarms ? "#b02a37" : "#198754",
        fillOpacity: 0.7,
      }).bindTooltip(device.name + (device.open_alarms ? " · " + device.open_alarms : "")).addTo(devices);
    });
    places.emergency.clearLayers();
    places.living.clearLayers();
    var names = {};
    data.points.forEach(function (place) {
      names[place.layer] = place.layer_label;
      points.push(place.point);
      L.circleMarker(place.point, { radius: 5, weight: 1, color: colours[place.layer], fillOpacity: 0.8 })
        .bindTooltip(place.kind + " · " + place.name).addTo(places[place.layer]);
    });
    if (!control) {
      var overlays = {};
      overlays[box.dataset.boundariesLabel] = outlines;
      overlays[box.dataset.residentsLayer] = figures.residents;
      overlays[box.dataset.workersLayer] = figures.workers;
      overlays[box.dataset.volunteersLayer] = figures.volunteers;
      overlays[box.dataset.devicesLabel] = devices;
      Object.keys(names).forEach(function (layer) { overlays[names[layer]] = places[layer]; });
      control = L.control.layers(null, overlays, { collapsed: box.clientWidth < 576 }).addTo(map);
    }
    if (!fitted && points.length) { map.fitBounds(points, { maxZoom: 17, padding: [30, 30] }); fitted = true; }
  }

  function load() {
    fetch(box.dataset.url + "?unit=" + box.dataset.unit, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { draw(data); } });
  }
  load();
  setInterval(load, 2000);
})();
