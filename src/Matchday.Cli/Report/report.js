// Matchday report: draws the night's charts from the data embedded in the page (no requests).
// Each chart: drag to zoom (double-click to reset), hover for the values; faults shaded, match phases marked,
// the objective's threshold as a dashed red line.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("matchday-data").textContent);
  const palette = ["#1f77b4", "#ff7f0e", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
  const minutes = data.minutes;

  function clock(m) {
    const s = Math.round(m * 60), h = Math.floor(s / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
    return h + ":" + String(mm).padStart(2, "0") + ":" + String(ss).padStart(2, "0");
  }

  // Fault spans and phase markers, drawn under the series.
  function annotations() {
    return {
      hooks: {
        drawClear: [u => {
          const ctx = u.ctx, top = u.bbox.top, height = u.bbox.height;
          ctx.save();
          ctx.fillStyle = "rgba(255, 69, 0, 0.16)";
          for (const f of data.faults) {
            const x0 = u.valToPos(f.from, "x", true), x1 = u.valToPos(f.to, "x", true);
            ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
          }
          ctx.strokeStyle = "rgba(90, 90, 90, 0.7)";
          ctx.setLineDash([3, 4]);
          ctx.fillStyle = "#555";
          ctx.font = (11 * devicePixelRatio) + "px sans-serif";
          for (const p of data.phases) {
            const x = u.valToPos(p.at, "x", true);
            if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
            ctx.beginPath();
            ctx.moveTo(x, top);
            ctx.lineTo(x, top + height);
            ctx.stroke();
            ctx.fillText(p.label, x + 4, top + 12 * devicePixelRatio);
          }
          ctx.restore();
        }],
      },
    };
  }

  function draw(chart, host) {
    const series = [{ label: "time", value: (u, v) => v == null ? "-" : clock(v) }];
    const columns = [minutes];
    chart.lines.forEach((line, i) => {
      series.push({ label: line.label, stroke: palette[i % palette.length], width: 1.5, points: { show: false },
        value: (u, v) => v == null ? "-" : (chart.whole ? Math.round(v).toString() : v.toPrecision(4)) });
      columns.push(line.values);
    });
    if (chart.threshold != null) {
      series.push({ label: chart.thresholdLabel, stroke: "#d62728", dash: [8, 5], width: 1.5, points: { show: false }, value: () => chart.threshold.toPrecision(4) });
      columns.push(minutes.map(() => chart.threshold));
    }
    let top = 0;
    for (const c of columns.slice(1)) for (const v of c) if (v != null && v > top) top = v;
    const opts = {
      title: data.scenario + ", " + data.stage + ": " + chart.title,
      width: Math.min(1100, host.clientWidth || 1100),
      height: 340,
      plugins: [annotations()],
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: false }, y: { range: (u, min, max) => [0, Math.max(top, max, 1e-9) * 1.08] } },
      axes: [
        { label: "minutes from the start of the timeline" },
        { label: chart.unit, size: 70, incrs: chart.whole ? [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000] : undefined },
      ],
      series: series,
    };
    return new uPlot(opts, columns, host);
  }

  const plots = [];
  for (const chart of data.charts) {
    const host = document.createElement("div");
    host.className = "chart";
    host.id = "chart-" + chart.file;
    document.getElementById("charts").appendChild(host);
    plots.push(draw(chart, host));
  }
  window.addEventListener("resize", () => {
    for (const p of plots) p.setSize({ width: Math.min(1100, p.root.parentElement.clientWidth), height: 340 });
  });
  window.matchdayPlots = plots; // for tests and for the curious: the uPlot instances
  document.body.dataset.chartsDrawn = String(plots.length);
})();
