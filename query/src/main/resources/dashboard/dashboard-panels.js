/*
 * adclick dashboard, the table and the cards: top ads (clicks, impressions, CTR), freshness, the
 * counters, the period's impressions and CTR, its reach, and the last reconciliation.
 */
(function () {
  'use strict';

  function $(id) { return document.getElementById(id); }

  function show(v) { return v === null || v === undefined ? '—' : String(v); }

  /** A CTR (a ratio) as a percentage; an em dash when there were no impressions to divide by. */
  function percent(ctr) { return ctr === null || ctr === undefined ? '—' : (ctr * 100).toFixed(2) + ' %'; }

  function sumKnown(values) {
    var known = values.filter(function (v) { return v !== null && v !== undefined; });
    return known.length ? known.reduce(function (a, b) { return a + b; }, 0) : null;
  }

  function cell(tr, className, text) {
    var td = tr.insertCell();
    td.className = className;
    td.textContent = text;
    return td;
  }

  /** Rows carry data-ad-id; the cells are td.clicks, td.impressions and td.ctr. */
  function top(ads, titles, onPick) {
    var body = $('top-ads').tBodies[0];
    body.textContent = '';
    if (!ads.length) {
      var tr = body.insertRow();
      var td = cell(tr, 'empty', 'Nothing to rank in this period yet.');
      td.colSpan = 5;
      return;
    }
    ads.forEach(function (a, i) {
      var tr = body.insertRow();
      tr.dataset.adId = a.ad_id;
      tr.title = 'Show ' + a.ad_id + ' on the chart';
      tr.addEventListener('click', function () { onPick(a.ad_id); });
      cell(tr, 'rank', String(i + 1));
      var ad = cell(tr, 'ad', a.ad_id);
      if (titles[a.ad_id]) {
        var t = document.createElement('span');
        t.className = 'title';
        t.textContent = titles[a.ad_id];
        ad.appendChild(t);
      }
      cell(tr, 'clicks', String(a.clicks));
      cell(tr, 'impressions', String(a.impressions));
      cell(tr, 'ctr', percent(a.ctr));
    });
  }

  function seconds(ms) {
    var s = ms / 1000;
    return s < 60 ? s.toFixed(1) + ' s' : Math.round(s / 60) + ' min';
  }

  // Two figures on purpose: event → visible (the headline: how late counts really are) and the watermark lag
  // (how far the closing of minutes trails; always the larger, by at least the out-of-orderness allowance).
  function freshness(f) {
    var el = $('freshness');
    var known = function (v) { return v !== null && v !== undefined; };
    if (known(f.visible_lag_ms)) {
      el.textContent = seconds(f.visible_lag_ms);
      el.className = 'stat-value ' + (f.visible_lag_ms <= 10000 ? 'ok' : 'warn');
      $('freshness-note').textContent = 'from a click to its count showing here';
    } else {
      el.textContent = 'no data yet';
      el.className = 'stat-value';
      $('freshness-note').textContent = 'waiting for the aggregator to report';
    }
    var wm = known(f.watermark_lag_ms) ? f.watermark_lag_ms : f.lag_ms;
    $('freshness-watermark').textContent = known(wm)
      ? 'watermark lag ' + seconds(wm) + ' · watermark at ' + new Date(Date.parse(f.watermark)).toLocaleTimeString()
      : 'watermark lag –';
  }

  function reconciliation(report) {
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

  function stats(s) {
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
    period(s.totals);
  }

  /** The period's impressions, CTR and reach over the caller's ads. */
  function period(t) {
    $('stat-impressions').textContent = t.impressions.toLocaleString('en');
    $('stat-impressions-note').textContent = 'CTR ' + percent(t.ctr) + ' · ' + t.clicks + ' clicks · '
      + t.served_impressions + ' served';
    if (t.unique_users === null) {
      // under a filter: the sketches are per ad and hour, not per placement, country or device
      $('stat-reach').textContent = '—';
      $('stat-reach-note').textContent = 'not known under a filter (kept per ad)';
      return;
    }
    $('stat-reach').textContent = t.unique_users.toLocaleString('en');
    // the estimate is an HLL sketch's; the bounds hold the true number about 95 % of the time
    $('stat-reach-note').textContent = t.unique_users_lower === t.unique_users_upper
      ? 'distinct users who saw an ad (whole hours)'
      : 'about ' + t.unique_users_lower.toLocaleString('en') + '–' + t.unique_users_upper.toLocaleString('en')
        + ' distinct users (95 %, whole hours)';
  }

  window.AdclickPanels = { top: top, freshness: freshness, reconciliation: reconciliation, stats: stats, percent: percent };
})();
