// Live notices: listens to the page's event stream and fills in the count and the list without
// a reload. Without this script the page still lists everything on each visit.
(function () {
  var holder = document.querySelector('[data-live-unread]');
  if (!holder || !window.EventSource) return;
  var count = holder.querySelector('[data-unread-count]');
  var list = document.querySelector('[data-notice-list]');
  var announce = document.querySelector('[data-live-announce]');
  var source = new window.EventSource(holder.getAttribute('data-live-unread'));
  source.addEventListener('notices', function (event) {
    var data = JSON.parse(event.data);
    if (count) count.textContent = data.unreadText;
    var added = [];
    data.latest
      .slice()
      .reverse()
      .forEach(function (n) {
        if (!list || list.querySelector('[data-notice-id="' + n.id + '"]')) return;
        var li = document.createElement('li');
        li.className = 'card';
        li.setAttribute('data-notice-id', n.id);
        var a = document.createElement('a');
        a.href = n.href;
        a.textContent = n.text;
        li.appendChild(a);
        var time = document.createElement('p');
        time.className = 'hint';
        time.textContent = n.at;
        li.appendChild(time);
        list.insertBefore(li, list.firstChild);
        added.push(n.text);
      });
    if (added.length) {
      var empty = document.querySelector('[data-notice-empty]');
      if (empty) empty.remove();
      if (announce) announce.textContent = added.join('. ');
    }
  });
})();
