/*
 * Passkeys: signing in with one (sign-in page) and adding one (account security page).
 * Progressive enhancement: where the browser cannot use passkeys, the boxes stay hidden and
 * every other way to sign in works without this file. Messages come from the server, in the
 * page's language.
 */
(function () {
  'use strict';

  var lib = window.SimpleWebAuthnBrowser;
  if (!window.PublicKeyCredential || !lib || !window.fetch) return;

  async function postJson(url, csrf, body) {
    var res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf || '' },
      body: JSON.stringify(body),
    });
    var data = {};
    try {
      data = await res.json();
    } catch (e) {
      data = {};
    }
    return { ok: res.ok, data: data };
  }

  function say(status, text) {
    if (status) status.textContent = text || '';
  }

  /** The most precise message the server gave: a field's, else the error's own. */
  function errorText(data, field) {
    var error = data && data.error;
    if (!error) return '';
    var fields = error.fields || {};
    if (field && fields[field]) return fields[field];
    var first = Object.keys(fields)[0];
    return first ? fields[first] : error.message || '';
  }

  /** Navigates to the server's target, reloading when only the fragment differs. */
  function go(target) {
    var url = new URL(target || '/', window.location.href);
    if (url.pathname === window.location.pathname && url.search === window.location.search) {
      window.location.hash = url.hash;
      window.location.reload();
    } else {
      window.location.assign(url.href);
    }
  }

  // ---- Sign in with a passkey ----
  var signInBox = document.getElementById('passkey-sign-in');
  var signInButton = document.getElementById('passkey-sign-in-button');
  var signInStatus = document.getElementById('passkey-sign-in-status');
  if (signInBox && signInButton) {
    signInBox.hidden = false;
    var signingIn = false;
    signInButton.addEventListener('click', async function () {
      if (signingIn) return;
      signingIn = true;
      signInButton.setAttribute('aria-disabled', 'true');
      var csrf = signInButton.getAttribute('data-csrf');
      var next = signInButton.getAttribute('data-next') || '/';
      var messages = null;
      try {
        var start = await postJson('/sign-in/passkey/options', csrf, {});
        if (!start.ok) return say(signInStatus, errorText(start.data));
        messages = start.data.messages;
        say(signInStatus, messages.waiting);
        var response;
        try {
          response = await lib.startAuthentication({ optionsJSON: start.data.options });
        } catch (e) {
          return say(signInStatus, messages.cancelled);
        }
        var done = await postJson('/sign-in/passkey', csrf, { response: response, next: next });
        if (!done.ok) return say(signInStatus, errorText(done.data, 'response'));
        say(signInStatus, done.data.message);
        go(done.data.redirect);
      } catch (e) {
        say(signInStatus, messages ? messages.failed : '');
      } finally {
        signingIn = false;
        signInButton.removeAttribute('aria-disabled');
      }
    });
  }

  // ---- Add a passkey ----
  var addForm = document.getElementById('passkey-add-form');
  if (addForm) {
    var unsupported = document.getElementById('passkey-unsupported');
    var nameInput = addForm.querySelector('input[name="name"]');
    var addStatus = document.getElementById('passkey-add-status');
    if (unsupported) unsupported.hidden = true;
    addForm.hidden = false;

    var showFieldError = function (input, text) {
      var id = input.id + '-error';
      var p = document.getElementById(id);
      if (!p) {
        p = document.createElement('p');
        p.className = 'error-message';
        p.id = id;
        input.parentNode.insertBefore(p, input);
      }
      p.textContent = text;
      input.setAttribute('aria-invalid', 'true');
      var described = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
      if (described.indexOf(id) < 0) described.push(id);
      input.setAttribute('aria-describedby', described.join(' '));
      var field = input.closest('.field');
      if (field) field.classList.add('field-error');
      input.focus();
    };
    var clearFieldError = function (input) {
      var id = input.id + '-error';
      var p = document.getElementById(id);
      if (p) p.remove();
      input.removeAttribute('aria-invalid');
      var described = (input.getAttribute('aria-describedby') || '').split(' ').filter(function (x) {
        return x && x !== id;
      });
      if (described.length) input.setAttribute('aria-describedby', described.join(' '));
      else input.removeAttribute('aria-describedby');
      var field = input.closest('.field');
      if (field) field.classList.remove('field-error');
    };
    var showFailure = function (data) {
      var fields = (data && data.error && data.error.fields) || {};
      if (fields.name) {
        say(addStatus, '');
        showFieldError(nameInput, fields.name);
      } else {
        say(addStatus, errorText(data, 'response'));
      }
    };

    var adding = false;
    addForm.addEventListener('submit', async function (event) {
      event.preventDefault();
      if (adding) return;
      adding = true;
      clearFieldError(nameInput);
      var csrf = addForm.getAttribute('data-csrf');
      var name = nameInput.value;
      var messages = null;
      try {
        var start = await postJson('/account/passkeys/options', csrf, { name: name });
        if (!start.ok) return showFailure(start.data);
        messages = start.data.messages;
        say(addStatus, messages.waiting);
        var response;
        try {
          response = await lib.startRegistration({ optionsJSON: start.data.options });
        } catch (e) {
          return say(addStatus, messages.cancelled);
        }
        var done = await postJson('/account/passkeys', csrf, { name: name, response: response });
        if (!done.ok) return showFailure(done.data);
        say(addStatus, done.data.message);
        go(done.data.redirect);
      } catch (e) {
        say(addStatus, messages ? messages.failed : '');
      } finally {
        adding = false;
      }
    });
  }
})();
