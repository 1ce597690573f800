(function () {
  "use strict";
  var table = document.getElementById("cases");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var input = document.getElementById("filter");
  var stage = document.getElementById("stage-filter");
  var late = document.getElementById("overdue-only");
  var showing = document.getElementById("showing");
  var lang = document.documentElement.lang || "en";
  var fmt = new Intl.NumberFormat(lang === "id" ? "id-ID" : "en-GB");
  function fold(s) { return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  var texts = new Map(rows.map(function (r) { return [r, fold(r.textContent)]; }));
  function apply() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var want = stage.value;
    var onlyLate = late.checked;
    var shown = 0;
    rows.forEach(function (r) {
      var text = texts.get(r);
      var ok = words.every(function (w) { return text.indexOf(w) >= 0; }) &&
        (!want || r.getAttribute("data-stage") === want) &&
        (!onlyLate || r.getAttribute("data-overdue") === "1");
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    showing.textContent = showing.getAttribute("data-template")
      .replace("{shown}", fmt.format(shown))
      .replace("{total}", fmt.format(Number(showing.getAttribute("data-total"))));
  }
  input.addEventListener("input", apply);
  stage.addEventListener("change", apply);
  late.addEventListener("change", apply);
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var collator = new Intl.Collator(lang, { numeric: true, sensitivity: "base" });
  function value(row, col) {
    var cell = row.cells[col];
    var v = cell.getAttribute("data-v");
    return v === null ? cell.textContent.trim() : v;
  }
  heads.forEach(function (th, col) {
    th.querySelector("button").addEventListener("click", function () {
      var up = th.getAttribute("aria-sort") !== "ascending";
      var numeric = th.getAttribute("data-type") === "num";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      var keyed = rows.map(function (r, i) {
        var v = value(r, col);
        return { row: r, key: numeric ? Number(v) : v, at: i };
      });
      keyed.sort(function (a, b) {
        var c = numeric ? a.key - b.key : collator.compare(a.key, b.key);
        return c === 0 ? a.at - b.at : (up ? c : -c);
      });
      rows = keyed.map(function (k) { return k.row; });
      var frag = document.createDocumentFragment();
      rows.forEach(function (r) { frag.appendChild(r); });
      body.appendChild(frag);
    });
  });
  apply();
})();
