// Draws the cockpit charts from the JSON the page embeds (id "cockpit-data"); series names come
// translated from the chart elements' data attributes.
(function () {
  const data = JSON.parse(document.getElementById("cockpit-data").textContent);
  const colours = { not_started: "#adb5bd", in_progress: "#0d6efd", pending: "#fd7e14", done: "#198754", overdue: "#dc3545" };
  const charts = [];
  // Paint now (printing does not wait for the next frame), and give the drawing a viewBox so
  // that print.css can scale one that is still too wide for the paper.
  function drawn(chart) {
    chart.getZr().refreshImmediately();
    const svg = chart.getDom().querySelector("svg");
    if (svg) svg.setAttribute("viewBox", `0 0 ${chart.getWidth()} ${chart.getHeight()}`);
  }
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
    drawn(chart);
  }
  draw("chart-status", {
    tooltip: { trigger: "item" },
    legend: { bottom: 0 },
    series: [{ type: "pie", radius: ["35%", "60%"], center: ["50%", "45%"], avoidLabelOverlap: true,
      label: { formatter: "{b} {c}", overflow: "break" },
      data: data.status.filter((s) => s.value > 0)
        .map((s) => ({ name: s.name, value: s.value, itemStyle: { color: colours[s.key] } })) }],
  });
  draw("chart-phases", {
    tooltip: {}, legend: { bottom: 0 },
    grid: { left: 10, right: 10, top: 20, bottom: 30, containLabel: true },
    xAxis: { type: "category", data: data.phases.names, axisLabel: { interval: 0, hideOverlap: false, width: 80, overflow: "break" } },
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
    // containLabel: the longest unit name ("广汉市…基层治理促进中心") is measured, never cut
    grid: { left: 10, right: 20, top: 10, bottom: 40, containLabel: true },
    yAxis: { type: "category", data: data.units.names, inverse: true },
    xAxis: { type: "value", minInterval: 1 },
    series: [
      { name: unitLabels.leadDone, type: "bar", stack: "lead", data: data.units.lead_done, itemStyle: { color: "#198754" } },
      { name: unitLabels.leadOpen, type: "bar", stack: "lead", data: data.units.lead_open, itemStyle: { color: "#fd7e14" } },
      { name: unitLabels.co, type: "bar", data: data.units.co_total, itemStyle: { color: "#6c757d" } },
    ],
  });
  window.addEventListener("resize", () => charts.forEach((chart) => { chart.resize(); drawn(chart); }));

  // Printing: the page is laid out again at A4 width (print.css), narrower than most screens.
  // Redraw each chart at the width its box has on paper, and back once printed.
  const PRINT_WIDTH = 700;  // CSS pixels across an A4 page inside its 12 mm margins
  function printWidth(chart) {
    const element = chart.getDom();
    const fraction = element.closest(".col-lg-4") ? 0.5 : 1;  // two small charts a row on paper
    return Math.floor(PRINT_WIDTH * fraction) - 40;  // less the card's padding and gutter
  }
  function forPrint(printing) {
    charts.forEach((chart) => {
      if (printing) {
        const width = Math.min(printWidth(chart), chart.getDom().clientWidth || Infinity);
        const height = Math.min(chart.getDom().clientHeight, Math.round(width * 0.9));
        chart.resize({ width, height });
      } else {
        chart.resize();
      }
      drawn(chart);
    });
  }
  window.addEventListener("beforeprint", () => forPrint(true));
  window.addEventListener("afterprint", () => forPrint(false));
})();
