/*
 * The chaos panel (./adclick demo --chaos only; docs/reliability.md): per minute what the demo's traffic
 * generator sent beside what the query API counts, lost and doubled, the active fault and the last faults.
 * It reads /api/v1/admin/ext/chaos, which the demo mounts on the query server for the admin key; anywhere
 * else that route answers 404 (or 401/403 to a non-admin key) and the panel stays hidden.
 */
(function () {
  'use strict';
  var KEY_STORAGE = 'adclick.apiKey';
  var KINDS = [['clicks', 'Clicks'], ['impressions', 'Rendered'], ['served_impressions', 'Served']];

  function $(id) { return document.getElementById(id); }

  function cell(text, cls) {
    var td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    return td;
  }

  function render(doc) {
    $('chaos-panel').hidden = false;
    var active = $('chaos-active');
    active.textContent = doc.active ? 'Active fault: ' + doc.active + ' (since ' + doc.active_since.substring(11, 19) + ' UTC)' : 'No fault active';
    active.className = doc.active ? 'chaos-active warn' : 'chaos-active ok';
    $('chaos-note').textContent = doc.store_note + (doc.reconcile_schedule ? '' : ' The reconcile schedule is off: no "after reconcile" counts.');
    var log = $('chaos-log');
    log.textContent = '';
    doc.faults.slice(-8).reverse().forEach(function (f) {
      var li = document.createElement('li');
      li.textContent = f.started.substring(11, 19) + ' ' + f.description + ' for ' + Math.round(f.hold_ms / 1000) + ' s'
        + (f.recovered ? ', back at ' + f.recovered.substring(11, 19) : ' (active)');
      log.appendChild(li);
    });
    var body = $('chaos-minutes').querySelector('tbody');
    body.textContent = '';
    doc.minutes.slice(-15).reverse().forEach(function (m) {
      KINDS.forEach(function (k, i) {
        var tr = document.createElement('tr');
        tr.appendChild(cell(i === 0 ? m.minute.substring(11, 16) : ''));
        tr.appendChild(cell(k[1]));
        var maybe = m.maybe[k[0]];
        tr.appendChild(cell(m.sent[k[0]] + (maybe ? ' (+' + maybe + '?)' : ''), 'num'));
        tr.appendChild(cell(m.online[k[0]], 'num'));
        tr.appendChild(cell(m.reconciled ? m.reconciled[k[0]] : '\u2013', 'num'));
        tr.appendChild(cell(m.lost[k[0]], m.lost[k[0]] ? 'num bad' : 'num'));
        tr.appendChild(cell(m.doubled[k[0]], m.doubled[k[0]] ? 'num bad' : 'num'));
        body.appendChild(tr);
      });
    });
  }

  function poll() {
    var key = sessionStorage.getItem(KEY_STORAGE);
    if (!key || $('dashboard-view').hidden) { $('chaos-panel').hidden = true; return; }
    fetch('/api/v1/admin/ext/chaos', { headers: { 'Authorization': 'Bearer ' + key }, cache: 'no-store' })
      .then(function (resp) { return resp.ok ? resp.json() : null; })
      .then(function (doc) { if (doc) render(doc); else $('chaos-panel').hidden = true; })
      .catch(function () { /* the query service is unreachable: the main view says so */ });
  }

  document.addEventListener('DOMContentLoaded', function () {
    poll();
    setInterval(poll, 5000);
  });
})();
