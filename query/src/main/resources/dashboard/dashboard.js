/*
 * adclick dashboard: signs in with an API key (kept in sessionStorage, i.e. this tab only), then
 * polls the query API every few seconds and redraws without reloading the page. The chart is
 * dashboard-chart.js, the table and cards dashboard-panels.js.
 * window.adclickDashboard.lastSeries holds the clicks the chart shows: ad id -> [[minuteStartMs, clicks], ...];
 * lastImpressions and lastCtr (in %, null without impressions) the same for the second axis;
 * chartDatasets() what Chart.js itself holds; lastTop the top-ads answer the table shows (with its by and min_impressions).
 * lastBreakdown the breakdown tables: dimension -> rows (dashboard-breakdown.js); filters() the active filters,
 * which every view is read under; breakdownCsv() the CSV that "Download CSV" saves.
 */
(function () {
  'use strict';

  var REFRESH_MS = 3000;
  var MINUTE = 60000;
  var KEY_STORAGE = 'adclick.apiKey';
  var MAX_DEFAULT_ADS = 8;
  var Charts = window.AdclickChart, Panels = window.AdclickPanels, Breakdown = window.AdclickBreakdown;

  var state = { key: null, me: null, ads: [], selected: [], rangeMinutes: 60, second: 'impressions',
                topBy: 'clicks', minImpressions: 0, timer: null, chart: null, busy: false, again: false, filters: {} };
  var dashboard = window.adclickDashboard = {
    lastSeries: {},
    lastImpressions: {},
    lastCtr: {},
    lastTopAds: [],
    lastTop: null,
    lastUpdated: null,
    lastBreakdown: {},
    filters: function () { return Object.assign({}, state.filters); },
    breakdownCsv: function () { return Breakdown.csv(dashboard.lastBreakdown); },
    breakdownChart: function (dim) { return Breakdown.chartData(dim); },
    chartDatasets: function () { return Charts.datasets(state.chart); },
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
    // /me lists the first ads by id (docs/architecture.md, query API); the others are added by id
    var unlisted = (me.ads_total || 0) - me.ads.length;
    $('ad-picker-note').hidden = unlisted <= 0;
    $('ad-picker-note').textContent = unlisted > 0 ? 'Listing the first ' + me.ads.length + ' of '
        + me.ads_total.toLocaleString() + ' ads by id: add any other by its id, or from the top ads.' : '';
    $('add-ad-form').hidden = me.role !== 'admin' && unlisted <= 0;
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
    if (!state.key) return Promise.resolve();
    // a change while a refresh runs (a filter, an ad) is drawn by one more refresh right after it
    if (state.busy) { state.again = true; return Promise.resolve(); }
    state.busy = true;
    state.again = false;
    // the window ends with the current minute, so the open minute is on the chart as it fills
    var to = Math.floor(Date.now() / MINUTE) * MINUTE + MINUTE;
    var from = to - state.rangeMinutes * MINUTE;
    var range = 'from=' + new Date(from).toISOString() + '&to=' + new Date(to).toISOString();
    var ads = state.selected.slice();
    var filter = Breakdown.query(state.filters);
    var jobs = [
      Promise.all(ads.map(function (id) {
        return api('/api/v1/ads/' + encodeURIComponent(id) + '/clicks?' + range + '&granularity=minute' + filter);
      })),
      // the minimum of impressions is a CTR ranking's (an ad shown twice is no leader); the others rank every ad
      api('/api/v1/ads/top?' + range + '&limit=10&by=' + state.topBy
          + '&min_impressions=' + (state.topBy === 'ctr' ? state.minImpressions : 0) + filter),
      api('/api/v1/freshness'),
      api('/api/v1/stats?' + range + filter),
      api('/api/v1/reconciliation/latest'),
      // per dimension, the breakdown of every chosen ad, summed per key by the panel
      Promise.all(Breakdown.DIMENSIONS.map(function (dim) {
        return Promise.all(ads.map(function (id) {
          return api('/api/v1/ads/' + encodeURIComponent(id) + '/breakdown?' + range + '&by=' + dim + filter);
        }));
      }))
    ];
    return Promise.allSettled(jobs).then(function (r) {
      var failures = r.filter(function (x) { return x.status === 'rejected'; }).map(function (x) { return x.reason; });
      if (failures.some(function (e) { return e.status === 401; })) {
        showLogin('Your API key is no longer accepted. Please sign in again.');
        return;
      }
      if (r[0].status === 'fulfilled') drawSeries(ads, r[0].value, from, to);
      if (r[1].status === 'fulfilled') drawTop(r[1].value);
      if (r[2].status === 'fulfilled') Panels.freshness(r[2].value);
      if (r[3].status === 'fulfilled') Panels.stats(r[3].value);
      if (r[4].status === 'fulfilled') Panels.reconciliation(r[4].value.latest);
      if (r[5].status === 'fulfilled') drawBreakdown(r[5].value);
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
    }).finally(function () {
      state.busy = false;
      if (state.again) refresh();
    });
  }

  // ---- breakdowns and filters ----

  function drawBreakdown(perDimension) {
    var byDim = {};
    Breakdown.DIMENSIONS.forEach(function (dim, i) { byDim[dim] = Breakdown.merge(perDimension[i]); });
    dashboard.lastBreakdown = byDim;
    Breakdown.draw(byDim, setFilter);
  }

  function setFilter(dim, key) {
    state.filters[dim] = key;
    Breakdown.chips(state.filters, removeFilter);
    refresh();
  }

  function removeFilter(dim) {
    delete state.filters[dim];
    Breakdown.chips(state.filters, removeFilter);
    refresh();
  }

  // ---- chart ----

  function colorOf(adId) { return Charts.colorOf(adId, state.ads); }

  function ensureChart() {
    if (!state.chart) state.chart = Charts.create($('chart'));
  }

  function drawSeries(ads, answers, from, to) {
    var points = Charts.pointsOf(ads, answers, from, to);
    dashboard.lastSeries = points.clicks;
    dashboard.lastImpressions = points.impressions;
    dashboard.lastCtr = points.ctr;
    ensureChart();
    Charts.draw(state.chart, { ads: ads, knownAds: state.ads, titles: state.titles, points: points,
                               second: state.second, from: from, to: to, rangeMinutes: state.rangeMinutes });
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

  // ---- table ----

  function drawTop(answer) {
    dashboard.lastTopAds = answer.ads;
    dashboard.lastTop = answer;
    Panels.top(answer.ads, state.titles, function (id) { toggleAd(id, true); });
  }

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
    $('chart-second').addEventListener('change', function () {
      state.second = $('chart-second').value;
      refresh();
    });
    $('top-by').addEventListener('change', function () {
      state.topBy = $('top-by').value;
      $('top-min-impressions-label').hidden = state.topBy !== 'ctr';
      refresh();
    });
    $('top-min-impressions').addEventListener('change', function () {
      var n = parseInt($('top-min-impressions').value, 10);
      state.minImpressions = isNaN(n) || n < 0 ? 0 : n;
      $('top-min-impressions').value = String(state.minImpressions);
      refresh();
    });
    $('breakdown-download').addEventListener('click', function () {
      Breakdown.download('adclick-breakdown.csv', dashboard.breakdownCsv());
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
