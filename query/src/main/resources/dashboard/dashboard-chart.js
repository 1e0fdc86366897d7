/*
 * adclick dashboard, the chart: clicks per minute of the chosen ads (solid lines, left axis) and, on
 * a second axis, their impressions (dashed) or CTR in % (dotted), one colour per ad. Each dataset
 * carries adId and metric ('clicks' | 'impressions' | 'ctr') so tests can read what is drawn.
 */
(function () {
  'use strict';

  var MINUTE = 60000;
  var COLORS = ['#2f6fed', '#e8590c', '#0f9d58', '#c2255c', '#7048e8', '#1098ad', '#f59f00', '#5c940d',
                '#d6336c', '#495057', '#364fc7', '#a61e4d'];
  /** What the second axis can show: its title, line style, and how a bucket gives its value. */
  var SECOND = {
    impressions: { title: 'impressions', dash: [6, 4], value: function (b) { return b.impressions; } },
    ctr: { title: 'CTR %', dash: [2, 3], value: function (b) { return b.ctr === null ? null : b.ctr * 100; } }
  };

  function colorOf(adId, knownAds) {
    var i = knownAds.indexOf(adId);
    if (i < 0) {
      i = 0;
      for (var k = 0; k < adId.length; k++) i = (i * 31 + adId.charCodeAt(k)) >>> 0;
    }
    return COLORS[i % COLORS.length];
  }

  function formatTime(ms) {
    var d = new Date(ms);
    return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
  }

  function tickStep(rangeMinutes) {
    if (rangeMinutes <= 15) return 5;
    if (rangeMinutes <= 60) return 10;
    if (rangeMinutes <= 360) return 60;
    return 180;
  }

  function create(canvas) {
    if (typeof Chart === 'undefined') return null;
    return new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        elements: { point: { radius: 0, hitRadius: 6 }, line: { borderWidth: 2, tension: 0 } },
        scales: {
          x: {
            type: 'linear',
            ticks: { maxTicksLimit: 10, maxRotation: 0, callback: function (v) { return formatTime(v); } },
            grid: { display: false }
          },
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'clicks' } },
          y1: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: '' } }
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12 } },
          tooltip: { callbacks: { title: function (items) { return items.length ? formatTime(items[0].parsed.x) : ''; } } }
        }
      }
    });
  }

  /**
   * One point per minute of the window for each ad and metric; minutes the API omits (all counts 0)
   * are 0, and their CTR null (no impressions, no ratio).
   * Returns { clicks: {ad: [[ms, n]]}, impressions: {...}, ctr: {ad: [[ms, percent|null]]} }.
   */
  function pointsOf(ads, answers, from, to) {
    var out = { clicks: {}, impressions: {}, ctr: {} };
    ads.forEach(function (id, i) {
      var byMinute = {};
      answers[i].buckets.forEach(function (b) { byMinute[Date.parse(b.start)] = b; });
      var empty = { clicks: 0, impressions: 0, ctr: null };
      out.clicks[id] = [];
      out.impressions[id] = [];
      out.ctr[id] = [];
      for (var t = from; t < to; t += MINUTE) {
        var b = byMinute[t] || empty;
        out.clicks[id].push([t, b.clicks]);
        out.impressions[id].push([t, SECOND.impressions.value(b)]);
        out.ctr[id].push([t, SECOND.ctr.value(b)]);
      }
    });
    return out;
  }

  function dataset(id, metric, points, style) {
    return {
      label: style.label,
      adId: id,
      metric: metric,
      yAxisID: metric === 'clicks' ? 'y' : 'y1',
      data: points.map(function (p) { return { x: p[0], y: p[1] }; }),
      borderColor: style.color,
      backgroundColor: style.color,
      borderDash: style.dash || [],
      borderWidth: metric === 'clicks' ? 2 : 1.5,
      spanGaps: false
    };
  }

  /** Redraws: ads in order, each with its clicks and, unless second is 'none', its second metric. */
  function draw(chart, view) {
    if (!chart) return;
    var second = SECOND[view.second];
    var sets = [];
    view.ads.forEach(function (id) {
      var color = colorOf(id, view.knownAds);
      var name = id + (view.titles[id] ? ' · ' + view.titles[id] : '');
      sets.push(dataset(id, 'clicks', view.points.clicks[id], { label: name + ' clicks', color: color }));
      if (second) {
        sets.push(dataset(id, view.second, view.points[view.second][id],
          { label: name + ' ' + second.title, color: color, dash: second.dash }));
      }
    });
    chart.data.datasets = sets;
    chart.options.scales.y1.display = !!second;
    chart.options.scales.y1.title.text = second ? second.title : '';
    chart.options.scales.y1.ticks = second && view.second === 'impressions' ? { precision: 0 } : {};
    // ticks on round minutes of the wall clock, a handful per window
    chart.options.scales.x.ticks.stepSize = tickStep(view.rangeMinutes) * MINUTE;
    chart.options.scales.x.min = view.from;
    chart.options.scales.x.max = view.to - MINUTE;
    chart.update('none');
  }

  /** What the chart holds now: [{adId, metric, axis, label, points: [[ms, y]]}], read from Chart.js itself. */
  function datasets(chart) {
    if (!chart) return [];
    return chart.data.datasets.map(function (d) {
      return { adId: d.adId, metric: d.metric, axis: d.yAxisID, label: d.label,
               points: d.data.map(function (p) { return [p.x, p.y]; }) };
    });
  }

  window.AdclickChart = { create: create, pointsOf: pointsOf, draw: draw, datasets: datasets, colorOf: colorOf };
})();
