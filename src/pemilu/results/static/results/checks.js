/* Evaluates the C.Hasil check catalogue (served as JSON by the server, the same definitions
   pemilu/results/checks.py evaluates) against the numbers typed in a form, as the user types.
   Usage: <form data-checks-url="..."> with inputs named after the fields and "v:<key>" for votes,
   and an element [data-check-output]. No dependencies. */
(function () {
  "use strict";
  function value(term, f) {
    if (term === "votes") {
      var keys = Object.keys(f.votes || {});
      if (!keys.length) return null;
      var s = 0;
      for (var i = 0; i < keys.length; i++) { var v = f.votes[keys[i]]; if (v === null) return null; s += v; }
      return s;
    }
    var x = f[term];
    return (x === null || x === undefined) ? null : x;
  }
  function sum(terms, f) {
    var t = 0;
    for (var i = 0; i < terms.length; i++) { var v = value(terms[i], f); if (v === null) return null; t += v; }
    return t;
  }
  function clauseFails(c, f) {
    if (c.op === "eq" || c.op === "le") {
      var l = sum(c.left, f), r = sum(c.right, f);
      if (l === null || r === null) return false;
      return c.op === "eq" ? l !== r : l > r;
    }
    if (c.op === "max") {
      var vals = [];
      c.fields.forEach(function (t) {
        if (t === "votes.*") { Object.keys(f.votes || {}).forEach(function (k) { if (f.votes[k] !== null) vals.push(f.votes[k]); }); }
        else if (f[t] !== null && f[t] !== undefined) vals.push(f[t]);
      });
      return vals.some(function (v) { return v > c.limit; });
    }
    var lv = value(c.left, f), base = value(c.base, f);
    if (lv === null || base === null) return false;
    var extra = 0;
    (c.extra || []).forEach(function (t) { extra += value(t, f) || 0; });  // a blank extra counts 0
    return lv > base + extra + Math.ceil(base * c.pct / 100);
  }
  function run(catalogue, f) {
    return catalogue.filter(function (chk) { return chk.clauses.some(function (c) { return clauseFails(c, f); }); });
  }
  function figures(form) {
    var f = { votes: {} };
    Array.prototype.forEach.call(form.querySelectorAll("input[data-field]"), function (el) {
      var raw = el.value.trim(), v = raw === "" ? null : (/^\d+$/.test(raw) ? parseInt(raw, 10) : NaN);
      var name = el.getAttribute("data-field");
      if (name.indexOf("v:") === 0) f.votes[name.slice(2)] = v; else f[name] = v;
    });
    return f;
  }
  window.pemiluChecks = { run: run, clauseFails: clauseFails };
  function attach(form) {
    var out = form.querySelector("[data-check-output]");
    var lang = document.documentElement.lang === "en" ? "en" : "id";
    fetch(form.getAttribute("data-checks-url"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (catalogue) {
        function update() {
          var f = figures(form), failed = run(catalogue, f);
          Array.prototype.forEach.call(form.querySelectorAll("input[data-field]"), function (el) {
            el.classList.remove("check-error", "check-warning");
          });
          out.innerHTML = "";
          failed.forEach(function (chk) {
            var li = document.createElement("li");
            li.className = "check-" + chk.severity;
            li.setAttribute("data-code", chk.code);
            li.textContent = chk.code + " — " + (lang === "en" ? chk.message_en : chk.message_id);
            out.appendChild(li);
            chk.fields.forEach(function (name) {
              var sel = name === "votes" || name === "votes.*" ? "input[data-field^='v:']" : "input[data-field='" + name + "']";
              Array.prototype.forEach.call(form.querySelectorAll(sel), function (el) { el.classList.add("check-" + chk.severity); });
            });
          });
          form.setAttribute("data-codes", failed.map(function (c) { return c.code; }).join(","));
          var ackBox = form.querySelector("[data-ack]");
          if (ackBox) ackBox.hidden = !failed.some(function (c) { return c.severity === "warning"; });
        }
        form.addEventListener("input", update);
        update();
      });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-checks-url]"), attach);
  });
})();
