/*
 * adclick dashboard: signs in with an API key (kept in sessionStorage, i.e. this tab only), then
 * polls the query API every few seconds and redraws without reloading the page.
 * window.adclickDashboard.lastSeries holds what the chart shows: ad id -> [[minuteStartMs, clicks], ...].
 */
(function () {
  'use strict';

  var REFRESH_MS = 3000;
  var MINUTE = 60000;
  var KEY_STORAGE = 'adclick.apiKey';
  var MAX_DEFAULT_ADS = 8;
  var COLORS = ['#2f6fed', '#e8590c', '#0f9d58', '#c2255c', '#7048e8', '#1098ad', '#f59f00', '#5c940d',
                '#d6336c', '#495057', '#364fc7', '#a61e4d'];

  var state = { key: null, me: null, ads: [], selected: [], rangeMinutes: 60, timer: null, chart: null, busy: false };
  var dashboard = window.adclickDashboard = {
    lastSeries: {},
    lastTopAds: [],
    lastUpdated: null,
    refreshNow: function () { return refresh(); }
  };

  function $(id) { return document.getElementById(id); }

  /** An API answer that is not 2xx; message is the server's human message. */
  function ApiError(status, message) { this.status = status; this.message = message; }

  function api(path) {
    return fetch(path, { headers: { 'Authorization': 'Bearer ' + state.key }, cache: 'no-store' })
      .catch(function () { throw new ApiError(0, 'The query service cannot be reached. Is it running?'); })
      .then(function (resp) {
        return resp.json().catch(function () { return null; }).then(function (body) {
          if (resp.ok) return body;
          throw new ApiError(resp.status, (body && body.error) || ('The query service answered with status ' + resp.status + '.'));
        });
      });
  }

  // ---- sign in / out ----

  function showLogin(message) {
    stopPolling();
    state.key = null;
    sessionStorage.removeItem(KEY_STORAGE);
    $('dashboard-view').hidden = true;
    $('who').hidden = true;
    $('login-view').hidden = false;
    $('login-error').textContent = message || '';
    $('login-key').value = '';
    $('login-key').focus();
  }

  function signIn(key, fromStorage) {
    state.key = key;
    $('login-error').textContent = '';
    $('login-button').disabled = true;
    return api('/api/v1/me').then(function (me) {
      sessionStorage.setItem(KEY_STORAGE, key);
      showDashboard(me);
    }, function (e) {
      if (e.status === 401) {
        showLogin(fromStorage ? 'Your saved API key is no longer accepted. Please sign in again.'
                              : 'That API key was not accepted.');
      } else {
        showLogin(e.message);
      }
    }).then(function () { $('login-button').disabled = false; });
  }

  function showDashboard(me) {
    state.me = me;
    state.ads = me.ads.map(function (a) { return a.ad_id; });
    var titles = {};
    me.ads.forEach(function (a) { titles[a.ad_id] = a.title; });
    state.titles = titles;
    state.selected = state.ads.slice(0, MAX_DEFAULT_ADS);
    $('who-name').textContent = me.role === 'admin' ? 'Administrator' : me.advertiser.name;
    $('who').hidden = false;
    $('add-ad-form').hidden = me.role !== 'admin';
    $('login-view').hidden = true;
    $('dashboard-view').hidden = false;
    renderPicker();
    ensureChart();
    startPolling();
  }

  // ---- polling ----

  function startPolling() {
    stopPolling();
    refresh();
    state.timer = setInterval(refresh, REFRESH_MS);
  }

  function stopPolling() {
    if (state.timer) clearInterval(state.timer);
    state.timer = null;
  }

  function refresh() {
    if (!state.key || state.busy) return Promise.resolve();
    state.busy = true;
    // the window ends with the current minute, so the open minute is on the chart as it fills
    var to = Math.floor(Date.now() / MINUTE) * MINUTE + MINUTE;
    var from = to - state.rangeMinutes * MINUTE;
    var range = 'from=' + new Date(from).toISOString() + '&to=' + new Date(to).toISOString();
    var ads = state.selected.slice();
    var jobs = [
      Promise.all(ads.map(function (id) {
        return api('/api/v1/ads/' + encodeURIComponent(id) + '/clicks?' + range + '&granularity=minute');
      })),
      api('/api/v1/ads/top?' + range + '&limit=10'),
      api('/api/v1/freshness'),
      api('/api/v1/stats?' + range),
      api('/api/v1/reconciliation/latest')
    ];
    return Promise.allSettled(jobs).then(function (r) {
      var failures = r.filter(function (x) { return x.status === 'rejected'; }).map(function (x) { return x.reason; });
      if (failures.some(function (e) { return e.status === 401; })) {
        showLogin('Your API key is no longer accepted. Please sign in again.');
        return;
      }
      if (r[0].status === 'fulfilled') drawSeries(ads, r[0].value, from, to);
      if (r[1].status === 'fulfilled') drawTop(r[1].value.ads);
      if (r[2].status === 'fulfilled') drawFreshness(r[2].value);
      if (r[3].status === 'fulfilled') drawStats(r[3].value);
      if (r[4].status === 'fulfilled') drawReconciliation(r[4].value.latest);
      var status = $('status');
      if (failures.length) {
        var first = failures[0];
        status.textContent = 'Could not refresh: ' + (first.message || 'unexpected error') ;
        status.className = 'status error-text';
      } else {
        dashboard.lastUpdated = Date.now();
        status.textContent = 'Updated ' + new Date().toLocaleTimeString();
        status.className = 'status';
      }
    }).finally(function () { state.busy = false; });
  }

  // ---- chart ----

  function colorOf(adId) {
    var i = state.ads.indexOf(adId);
    if (i < 0) {
      i = 0;
      for (var k = 0; k < adId.length; k++) i = (i * 31 + adId.charCodeAt(k)) >>> 0;
    }
    return COLORS[i % COLORS.length];
  }

  function ensureChart() {
    if (state.chart || typeof Chart === 'undefined') return;
    state.chart = new Chart($('chart'), {
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
          y: { beginAtZero: true, ticks: { precision: 0 } }
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12 } },
          tooltip: { callbacks: { title: function (items) { return items.length ? formatTime(items[0].parsed.x) : ''; } } }
        }
      }
    });
  }

  function tickStep(rangeMinutes) {
    if (rangeMinutes <= 15) return 5;
    if (rangeMinutes <= 60) return 10;
    if (rangeMinutes <= 360) return 60;
    return 180;
  }

  function formatTime(ms) {
    var d = new Date(ms);
    return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
  }

  /** One point per minute of the window; minutes without clicks are 0 (the API omits them). */
  function drawSeries(ads, answers, from, to) {
    var series = {};
    ads.forEach(function (id, i) {
      var byMinute = {};
      answers[i].buckets.forEach(function (b) { byMinute[Date.parse(b.start)] = b.clicks; });
      var points = [];
      for (var t = from; t < to; t += MINUTE) points.push([t, byMinute[t] || 0]);
      series[id] = points;
    });
    dashboard.lastSeries = series;
    ensureChart();
    if (!state.chart) return;
    state.chart.data.datasets = ads.map(function (id) {
      return {
        label: id + (state.titles[id] ? ' · ' + state.titles[id] : ''),
        data: series[id].map(function (p) { return { x: p[0], y: p[1] }; }),
        borderColor: colorOf(id),
        backgroundColor: colorOf(id)
      };
    });
    // ticks on round minutes of the wall clock, a handful per window
    state.chart.options.scales.x.ticks.stepSize = tickStep(state.rangeMinutes) * MINUTE;
    state.chart.options.scales.x.min = from;
    state.chart.options.scales.x.max = to - MINUTE;
    state.chart.update('none');
  }

  function renderPicker() {
    var box = $('ad-picker');
    box.textContent = '';
    var all = state.ads.slice();
    state.selected.forEach(function (id) { if (all.indexOf(id) < 0) all.push(id); });
    if (!all.length) {
      box.textContent = 'No ads yet.';
      return;
    }
    all.forEach(function (id) {
      var label = document.createElement('label');
      var box2 = document.createElement('input');
      box2.type = 'checkbox';
      box2.value = id;
      box2.checked = state.selected.indexOf(id) >= 0;
      box2.addEventListener('change', function () { toggleAd(id, box2.checked); });
      var swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = colorOf(id);
      label.appendChild(box2);
      label.appendChild(swatch);
      label.appendChild(document.createTextNode(id + (state.titles[id] ? ' · ' + state.titles[id] : '')));
      box.appendChild(label);
    });
  }

  function toggleAd(id, on) {
    var i = state.selected.indexOf(id);
    if (on && i < 0) state.selected.push(id);
    if (!on && i >= 0) state.selected.splice(i, 1);
    renderPicker();
    refresh();
  }

  // ---- table and counters ----

  function drawTop(ads) {
    dashboard.lastTopAds = ads;
    var body = $('top-ads').tBodies[0];
    body.textContent = '';
    if (!ads.length) {
      var tr = body.insertRow();
      var td = tr.insertCell();
      td.colSpan = 3;
      td.className = 'empty';
      td.textContent = 'No clicks in this period yet.';
      return;
    }
    ads.forEach(function (a, i) {
      var tr = body.insertRow();
      tr.dataset.adId = a.ad_id;
      tr.title = 'Show ' + a.ad_id + ' on the chart';
      tr.addEventListener('click', function () { toggleAd(a.ad_id, true); });
      var rank = tr.insertCell();
      rank.className = 'rank';
      rank.textContent = String(i + 1);
      var ad = tr.insertCell();
      ad.className = 'ad';
      ad.textContent = a.ad_id;
      if (state.titles[a.ad_id]) {
        var t = document.createElement('span');
        t.className = 'title';
        t.textContent = state.titles[a.ad_id];
        ad.appendChild(t);
      }
      var clicks = tr.insertCell();
      clicks.className = 'clicks';
      clicks.textContent = String(a.clicks);
    });
  }

  function drawFreshness(f) {
    var el = $('freshness');
    if (f.lag_ms === null || f.lag_ms === undefined) {
      el.textContent = 'no data yet';
      el.className = 'stat-value';
      $('freshness-note').textContent = 'waiting for the aggregator to report';
      return;
    }
    var s = f.lag_ms / 1000;
    el.textContent = s < 60 ? s.toFixed(1) + ' s behind' : Math.round(s / 60) + ' min behind';
    el.className = 'stat-value ' + (s <= 10 ? 'ok' : 'warn');
    $('freshness-note').textContent = 'counted up to ' + new Date(Date.parse(f.watermark)).toLocaleTimeString();
  }

  function drawReconciliation(report) {
    if (!report) {
      $('reconciliation').textContent = 'none yet';
      $('reconciliation-note').textContent = 'run ./adclick reconcile --hour … for a closed hour';
      return;
    }
    var added = 0, removed = 0;
    (report.per_ad || []).forEach(function (a) { added += a.clicks_added || 0; removed += a.clicks_removed || 0; });
    $('reconciliation').textContent = report.period;
    $('reconciliation-note').textContent = (report.outcome === 'dry_run' ? 'dry run: ' : '')
      + '+' + added + ' / −' + removed + ' clicks corrected'
      + (report.finished_at ? ' · ' + new Date(Date.parse(report.finished_at)).toLocaleString() : '');
  }

  function drawStats(s) {
    var dup = sumKnown([s.layer1_duplicates, s.layer2_duplicates]);
    $('stat-duplicates').textContent = dup === null ? '—' : String(dup);
    $('stat-duplicates-note').textContent = 'at the click service ' + show(s.layer1_duplicates)
      + ' · in the pipeline ' + show(s.layer2_duplicates);
    $('stat-rejected').textContent = s.rejected === null ? '—' : String(s.rejected);
    var note = 'bad links at the click service';
    if (s.ingest_unavailable > 0) note = s.ingest_unavailable + ' of ' + s.ingest_instances + ' click services not answering';
    if (s.ingest_instances === 0) note = 'click service counters not configured';
    $('stat-rejected-note').textContent = note + ' · invalid ' + show(s.invalid) + ' · too late ' + show(s.too_late);
    $('stat-suspicious').textContent = String(s.suspicious_clicks);
  }

  function sumKnown(values) {
    var known = values.filter(function (v) { return v !== null && v !== undefined; });
    return known.length ? known.reduce(function (a, b) { return a + b; }, 0) : null;
  }

  function show(v) { return v === null || v === undefined ? '—' : String(v); }

  // ---- wiring ----

  document.addEventListener('DOMContentLoaded', function () {
    $('login-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var key = $('login-key').value.trim();
      if (!key) {
        $('login-error').textContent = 'Please enter your API key.';
        return;
      }
      signIn(key, false);
    });
    $('logout-button').addEventListener('click', function () { showLogin(''); });
    $('range').addEventListener('change', function () {
      state.rangeMinutes = parseInt($('range').value, 10);
      refresh();
    });
    $('add-ad-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var id = $('add-ad-id').value.trim();
      if (id) toggleAd(id, true);
      $('add-ad-id').value = '';
    });
    var saved = sessionStorage.getItem(KEY_STORAGE);
    if (saved) signIn(saved, true); else showLogin('');
  });
})();
