/*
 * Campaign page: keeps the total, the progress bar and the count of gifts current from the
 * server's event stream while gifts (texts among them) arrive. Without this file (or
 * EventSource) the page still shows the totals as of its loading.
 */
(function () {
  'use strict';
  var box = document.querySelector('[data-live-totals]');
  if (!box || !window.EventSource) return;
  var url = box.getAttribute('data-live-totals');
  if (!url) return;
  var source = new window.EventSource(url);
  source.addEventListener('totals', function (event) {
    var data;
    try {
      data = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    var label = box.querySelector('.progress-text');
    if (label && label.textContent !== data.progressText) label.textContent = data.progressText;
    var bar = box.querySelector('progress');
    if (bar) {
      bar.setAttribute('max', String(data.goalCents));
      bar.setAttribute('value', String(Math.min(data.raisedCents, data.goalCents)));
      bar.setAttribute('aria-valuetext', data.progressText);
      bar.textContent = data.percent + '%';
    }
    var count = box.querySelector('[data-live="giftCount"]');
    if (count && count.textContent !== data.giftCountText) count.textContent = data.giftCountText;
    var pledged = box.querySelector('[data-live="pledged"]');
    if (pledged) {
      pledged.textContent = data.pledgedText || '';
      pledged.hidden = !data.pledgedText;
    }
  });
})();
