/*
 * Post pages: "Copy the link" and "Share with an app" buttons. Progressive enhancement: the
 * buttons stay hidden unless the browser offers the clipboard or the Web Share API, and every
 * share link works without this file. Nothing is loaded from anywhere else.
 */
(function () {
  'use strict';

  function setup(box) {
    var url = box.getAttribute('data-url') || window.location.href;
    var title = box.getAttribute('data-title') || document.title;
    var status = box.querySelector('[data-share-status]');
    var copy = box.querySelector('[data-share-copy]');
    var native = box.querySelector('[data-share-native]');
    var shown = false;

    function say(text) {
      if (status) status.textContent = text || '';
    }

    if (copy && navigator.clipboard && window.isSecureContext) {
      copy.hidden = false;
      shown = true;
      copy.addEventListener('click', function () {
        navigator.clipboard.writeText(url).then(
          function () {
            say(box.getAttribute('data-copied'));
          },
          function () {
            say(box.getAttribute('data-copy-failed'));
          },
        );
      });
    }

    if (native && typeof navigator.share === 'function') {
      native.hidden = false;
      shown = true;
      native.addEventListener('click', function () {
        say('');
        // A reader closing the share sheet rejects the promise; that is not an error to show.
        navigator.share({ title: title, url: url }).catch(function () {});
      });
    }

    if (shown) box.hidden = false;
  }

  var boxes = document.querySelectorAll('[data-share-actions]');
  for (var i = 0; i < boxes.length; i++) setup(boxes[i]);
})();
