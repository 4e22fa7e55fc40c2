// Draws the cockpit charts from the JSON the page embeds (id "cockpit-data"); series names come
// translated from the chart elements' data attributes.
(function () {
  const data = JSON.parse(document.getElementById("cockpit-data").textContent);
  const colours = { not_started: "#adb5bd", in_progress: "#0d6efd", pending: "#fd7e14", done: "#198754", overdue: "#dc3545" };
  const charts = [];
  function labels(id) {
    const element = document.getElementById(id);
    return element ? element.dataset : {};
  }
  const phaseLabels = labels("chart-phases");
  const unitLabels = labels("chart-units");
  function draw(id, option) {
    const element = document.getElementById(id);
    if (!element) return;
    const chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(Object.assign({ animation: false, textStyle: { fontFamily: "inherit" } }, option));
    charts.push(chart);
  }
  draw("chart-status", {
    tooltip: { trigger: "item" },
    legend: { bottom: 0 },
    series: [{ type: "pie", radius: ["40%", "70%"], label: { formatter: "{b} {c}" },
      data: data.status.filter((s) => s.value > 0)
        .map((s) => ({ name: s.name, value: s.value, itemStyle: { color: colours[s.key] } })) }],
  });
  draw("chart-phases", {
    tooltip: {}, legend: { bottom: 0 },
    xAxis: { type: "category", data: data.phases.names, axisLabel: { interval: 0 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: phaseLabels.total, type: "bar", data: data.phases.total, itemStyle: { color: "#ced4da" } },
      { name: phaseLabels.done, type: "bar", data: data.phases.done, itemStyle: { color: "#198754" } },
    ],
  });
  draw("chart-types", {  // horizontal: "strand · type" names stay readable however many there are
    tooltip: { formatter: "{b}: {c}%" },
    grid: { left: 10, right: 40, top: 10, bottom: 20, containLabel: true },
    yAxis: { type: "category", data: data.types.names, inverse: true, axisLabel: { interval: 0 } },
    xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    series: [{ type: "bar", data: data.types.percent, itemStyle: { color: "#b3261e" }, label: { show: true, position: "right", formatter: "{c}%" } }],
  });
  draw("chart-units", {
    tooltip: { trigger: "axis" }, legend: { bottom: 0 },
    grid: { left: 110, right: 20, top: 10, bottom: 40 },
    yAxis: { type: "category", data: data.units.names, inverse: true },
    xAxis: { type: "value", minInterval: 1 },
    series: [
      { name: unitLabels.leadDone, type: "bar", stack: "lead", data: data.units.lead_done, itemStyle: { color: "#198754" } },
      { name: unitLabels.leadOpen, type: "bar", stack: "lead", data: data.units.lead_open, itemStyle: { color: "#fd7e14" } },
      { name: unitLabels.co, type: "bar", data: data.units.co_total, itemStyle: { color: "#6c757d" } },
    ],
  });
  window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
})();
