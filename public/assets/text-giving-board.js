/*
 * Telethon board: keeps the totals current from the server's event stream. Without this file
 * (or EventSource) the page still shows the totals as of its loading, with a refresh link.
 */
(function () {
  'use strict';
  var table = document.querySelector('[data-board-events]');
  if (!table || !window.EventSource) return;
  var source = new window.EventSource(table.getAttribute('data-board-events'));
  source.addEventListener('totals', function (event) {
    var data;
    try {
      data = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    data.rows.forEach(function (row) {
      var tr = table.querySelector('tr[data-campaign="' + row.id + '"]');
      if (!tr) return;
      ['allCount', 'allCents', 'textCount', 'textCents', 'awaiting'].forEach(function (field) {
        var cell = tr.querySelector('[data-field="' + field + '"]');
        if (cell && cell.textContent !== row[field]) cell.textContent = row[field];
      });
    });
  });
})();
