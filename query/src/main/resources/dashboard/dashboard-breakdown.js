/*
 * adclick dashboard, the breakdowns: the chosen ads' counts by placement, country and device (one
 * table and one bar chart of clicks each), the filter chips, and the CSV of what the tables show.
 * The rows of several ads are summed per key, so a table answers "where did these ads' clicks come
 * from"; each row is the API's breakdown row (docs/architecture.md, Contracts, query API).
 */
(function () {
  'use strict';

  var DIMENSIONS = ['placement', 'country', 'device'];
  /** The count fields of a breakdown row, as the API names them; ctr is derived from two of them. */
  var COUNTS = ['clicks', 'verified_clicks', 'suspicious_clicks', 'served_impressions', 'impressions'];
  var charts = {};

  function $(id) { return document.getElementById(id); }

  /** One list of rows from the answers of several ads: counts summed per key, most clicks first, ties by key. */
  function merge(answers) {
    var byKey = {};
    answers.forEach(function (a) {
      a.rows.forEach(function (r) {
        var m = byKey[r.key] || (byKey[r.key] = { key: r.key });
        COUNTS.forEach(function (f) { m[f] = (m[f] || 0) + r[f]; });
      });
    });
    var rows = Object.keys(byKey).map(function (k) {
      var r = byKey[k];
      r.ctr = r.impressions > 0 ? r.clicks / r.impressions : null;
      return r;
    });
    rows.sort(function (a, b) { return b.clicks - a.clicks || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0); });
    return rows;
  }

  /** The table of one dimension: rows carry data-key; clicking one filters every view by it. */
  function table(dim, rows, onPick) {
    var body = $('breakdown-' + dim).tBodies[0];
    body.textContent = '';
    if (!rows.length) {
      var tr = body.insertRow();
      var td = tr.insertCell();
      td.className = 'empty';
      td.colSpan = 4;
      td.textContent = 'No data in this period.';
      return;
    }
    rows.forEach(function (r) {
      var tr = body.insertRow();
      tr.dataset.key = r.key;
      tr.title = 'Show only ' + dim + ' ' + r.key;
      tr.addEventListener('click', function () { onPick(dim, r.key); });
      [['key', r.key], ['clicks', String(r.clicks)], ['impressions', String(r.impressions)],
       ['ctr', window.AdclickPanels.percent(r.ctr)]].forEach(function (c) {
        var cell = tr.insertCell();
        cell.className = c[0];
        cell.textContent = c[1];
      });
    });
  }

  /** A horizontal bar per key (clicks); Chart.js is loaded by the page. Clicking a bar filters too. */
  function bars(dim, rows, onPick) {
    if (typeof Chart === 'undefined') return;
    var labels = rows.map(function (r) { return r.key; });
    var data = rows.map(function (r) { return r.clicks; });
    var chart = charts[dim];
    if (!chart) {
      chart = charts[dim] = new Chart($('breakdown-chart-' + dim), {
        type: 'bar',
        data: { labels: labels, datasets: [{ label: 'clicks', data: data, backgroundColor: '#2f6fed', maxBarThickness: 24 }] },
        options: {
          indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
          onClick: function (evt, elements) {
            if (elements.length) onPick(dim, chart.data.labels[elements[0].index]);
          }
        }
      });
      return;
    }
    chart.data.labels = labels;
    chart.data.datasets[0].data = data;
    chart.update('none');
  }

  function draw(byDim, onPick) {
    DIMENSIONS.forEach(function (dim) {
      table(dim, byDim[dim] || [], onPick);
      bars(dim, byDim[dim] || [], onPick);
    });
  }

  /** What a bar chart holds: its labels and clicks, for tests. */
  function chartData(dim) {
    var c = charts[dim];
    return c ? { labels: c.data.labels.slice(), clicks: c.data.datasets[0].data.slice() } : null;
  }

  /** The active filters as chips; each one's × removes it. */
  function chips(filters, onRemove) {
    var box = $('filter-chips');
    box.textContent = '';
    DIMENSIONS.forEach(function (dim) {
      if (filters[dim] === undefined) return;
      var chip = document.createElement('span');
      chip.className = 'chip';
      chip.dataset.dimension = dim;
      chip.appendChild(document.createTextNode(dim + ': ' + filters[dim]));
      var x = document.createElement('button');
      x.type = 'button';
      x.className = 'chip-remove';
      x.title = 'Remove this filter';
      x.setAttribute('aria-label', 'Remove filter ' + dim + ' ' + filters[dim]);
      x.textContent = '×';
      x.addEventListener('click', function () { onRemove(dim); });
      chip.appendChild(x);
      box.appendChild(chip);
    });
    box.hidden = !box.childNodes.length;
  }

  /** The query of the active filters, e.g. "&country=US". */
  function query(filters) {
    return DIMENSIONS.filter(function (d) { return filters[d] !== undefined; })
      .map(function (d) { return '&' + d + '=' + encodeURIComponent(filters[d]); }).join('');
  }

  /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled; null is empty. */
  function csvField(v) {
    if (v === null || v === undefined) return '';
    var s = String(v);
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  /** The tables as one CSV: the API's breakdown fields, after the dimension they break down by. */
  function csv(byDim) {
    var header = ['by', 'key'].concat(COUNTS, ['ctr']);
    var lines = [header.join(',')];
    DIMENSIONS.forEach(function (dim) {
      (byDim[dim] || []).forEach(function (r) {
        lines.push([dim, r.key].concat(COUNTS.map(function (f) { return r[f]; }), [r.ctr]).map(csvField).join(','));
      });
    });
    return lines.join('\r\n') + '\r\n';
  }

  function download(filename, text) {
    var url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
    var a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  window.AdclickBreakdown = { DIMENSIONS: DIMENSIONS, merge: merge, draw: draw, chips: chips, query: query,
                              csv: csv, download: download, chartData: chartData };
})();
