/* Draws every <canvas data-chart="id"> from the JSON spec in <script type="application/json" id="id">
   with Chart.js (served from node_modules). Amounts arrive in cents and show in euros, French style. */
(function () {
  'use strict';
  function format(unit, value) {
    if (value === null || value === undefined) return '';
    if (unit === 'money') return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(value / 100);
    if (unit === 'percent') return new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(value) + ' %';
    if (unit === 'days') return new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(value) + ' j';
    return new Intl.NumberFormat('fr-FR').format(value);
  }
  var palette = ['#1f5fa8', '#e08a1e', '#2e9e6b', '#c0392b', '#7d5ba6', '#5d6d7e', '#17a2b8', '#b8860b'];
  function draw(canvas) {
    var data = document.getElementById(canvas.getAttribute('data-chart'));
    if (!data || typeof window.Chart === 'undefined') return;
    var spec = JSON.parse(data.textContent);
    var datasets = spec.datasets.map(function (d, i) {
      var color = palette[i % palette.length];
      return { label: d.label, data: d.data, stack: d.stack, backgroundColor: spec.type === 'line' ? color + '33' : color, borderColor: color, borderWidth: spec.type === 'line' ? 2 : 0, fill: spec.type === 'line', tension: 0.2, spanGaps: true };
    });
    // Nothing to draw yet (a new portfolio, an empty period): an axis of whole units, not eleven "0 €".
    var allZero = spec.datasets.every(function (d) { return d.data.every(function (v) { return !v; }); });
    var emptyMax = spec.unit === 'money' ? 10000 : spec.unit === 'percent' ? 100 : 10;
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: datasets.length > 1 },
          tooltip: { callbacks: { label: function (c) { return c.dataset.label + ' : ' + format(spec.unit, c.parsed.y); } } },
        },
        scales: {
          x: { stacked: !!spec.stacked },
          y: {
            stacked: !!spec.stacked, beginAtZero: true, suggestedMax: allZero ? emptyMax : undefined,
            // Amounts are in cents and show in whole euros: a label that repeats the one below it is left out.
            ticks: { callback: function (v, i, ticks) { var label = format(spec.unit, v); return i > 0 && format(spec.unit, ticks[i - 1].value) === label ? '' : label; } },
          },
        },
      },
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('canvas[data-chart]'), draw);
  });
})();
