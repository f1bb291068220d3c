// httpcts report: matrix filters.  Strategy: every case row carries its facts in
// data-* attributes (profile, category, verdicts, disagree, text); a filter pass
// hides rows that fail any control, then hides group headers left empty.  The
// state lives in the URL hash so a filtered view can be linked.  No dependencies.
(function () {
  "use strict";
  // Printing shows everything behind <details>.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
  var table = document.getElementById("matrix-table");
  if (!table) return;
  var ids = ["profile", "verdict", "category", "text", "disagree"];
  var controls = {};
  ids.forEach(function (id) { controls[id] = document.getElementById("f-" + id); });
  var rows = Array.prototype.slice.call(table.querySelectorAll("tr.case-row"));
  var groups = Array.prototype.slice.call(table.querySelectorAll("tbody.group"));
  var count = document.getElementById("f-count");
  var empty = document.getElementById("f-empty");

  function state() {
    return {
      profile: controls.profile.value,
      verdict: controls.verdict.value,
      category: controls.category.value,
      text: controls.text.value.trim().toLowerCase(),
      disagree: controls.disagree.checked
    };
  }

  function matches(row, s) {
    var d = row.dataset;
    if (s.profile && d.profile !== s.profile) return false;
    if (s.category && d.category !== s.category) return false;
    if (s.verdict && (" " + d.verdicts + " ").indexOf(" " + s.verdict + " ") < 0) return false;
    if (s.disagree && d.disagree !== "yes") return false;
    if (s.text) {
      var words = s.text.split(/\s+/);
      for (var i = 0; i < words.length; i++) {
        if (d.text.indexOf(words[i]) < 0) return false;
      }
    }
    return true;
  }

  function apply(remember) {
    var s = state();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = matches(row, s);
      row.hidden = !ok;
      if (ok) shown++;
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("tr.case-row:not([hidden])");
    });
    count.textContent = shown + " of " + rows.length + " rows";
    empty.hidden = shown !== 0;
    var parts = [];
    ids.forEach(function (id) {
      var v = s[id];
      if (v === true) parts.push(id);
      else if (v) parts.push(id + "=" + encodeURIComponent(v));
    });
    if (remember === true) {
      history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search);
    }
  }

  function restore() {
    var hash = location.hash.replace(/^#/, "");
    if (!hash || hash.indexOf("row-") === 0) return;  // an anchor, not a filter state
    hash.split("&").forEach(function (part) {
      var kv = part.split("=");
      var c = controls[kv[0]];
      if (!c) return;
      if (c.type === "checkbox") c.checked = true;
      else c.value = decodeURIComponent(kv[1] || "");
    });
  }

  ids.forEach(function (id) {
    controls[id].addEventListener(id === "text" ? "input" : "change", function () { apply(true); });
  });
  restore();
  apply(false);
})();
