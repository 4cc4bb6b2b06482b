/* Offline-tolerant submission for the C.Hasil entry page. When the device is offline (or the
   request fails), the typed form (numbers, warning reasons, and its idempotency key) is kept in
   localStorage and re-sent when the connection returns; the server stores it once because the
   key is the same. Photos are not kept offline (too large for localStorage): send them again. */
(function () {
  "use strict";
  var STORE = "pemilu.results.outbox";
  function load() { try { return JSON.parse(localStorage.getItem(STORE) || "[]"); } catch (e) { return []; } }
  function save(items) { localStorage.setItem(STORE, JSON.stringify(items)); }
  function csrf() { var m = document.cookie.match(/csrftoken=([^;]+)/); return m ? m[1] : ""; }
  function send(item) {
    var body = new URLSearchParams(item.fields);
    return fetch(item.url, { method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf() } })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, status: r.status, body: j }; }); });
  }
  var flushing = false;
  function flush() {
    var items = load();
    if (flushing || !items.length || !navigator.onLine) return;
    flushing = true;  // one flush at a time ("online" may fire more than once)
    var rest = [];
    var chain = Promise.resolve();
    items.forEach(function (item) {
      chain = chain.then(function () {
        return send(item).then(function (res) {
          var note = document.querySelector("[data-outbox]");
          if (note) note.textContent = res.ok ? "Terkirim: " + item.label : (res.body.detail || "Gagal");
        }).catch(function () { rest.push(item); });
      });
    });
    chain.then(function () {
      var added = load().slice(items.length);  // typed while we were sending
      save(rest.concat(added));
      flushing = false;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-offline]");
    if (form) {
      form.addEventListener("submit", function (ev) {
        var hasPhoto = form.querySelector("input[type=file]") && form.querySelector("input[type=file]").files.length;
        if (navigator.onLine) return;  // normal POST
        ev.preventDefault();
        var fields = {};
        new FormData(form).forEach(function (v, k) { if (typeof v === "string") fields[k] = v; });
        var items = load();
        items.push({ url: form.action, fields: fields, label: form.getAttribute("data-label") });
        save(items);
        var note = document.querySelector("[data-outbox]");
        if (note) note.textContent = "Luring: formulir disimpan di perangkat dan akan dikirim saat tersambung" +
          (hasPhoto ? " (foto harus diunggah lagi)." : ".");
      });
    }
    var dense = document.querySelector("form.entry.operator");
    if (dense) {
      // Operator mode: Enter moves to the next number, the last one submits.
      var inputs = Array.prototype.slice.call(dense.querySelectorAll("input[data-field]"));
      inputs.forEach(function (el, i) {
        el.addEventListener("keydown", function (ev) {
          if (ev.key !== "Enter") return;
          ev.preventDefault();
          if (i + 1 < inputs.length) { inputs[i + 1].focus(); inputs[i + 1].select(); } else { dense.requestSubmit(); }
        });
      });
      if (inputs.length) inputs[0].focus();
    }
    var outbox = document.querySelector("[data-outbox]");
    if (outbox) {
      // Say so as soon as the connection drops (the text comes translated from the page).
      window.addEventListener("offline", function () {
        outbox.hidden = false;
        outbox.textContent = outbox.getAttribute("data-offline-text") || "";
      });
    }
    window.addEventListener("online", flush);
    flush();
  });
})();
