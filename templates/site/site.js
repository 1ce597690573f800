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
  var texts = rows.map(function (r) { return fold(r.textContent); });
  function apply() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var want = stage.value;
    var onlyLate = late.checked;
    var shown = 0;
    rows.forEach(function (r, i) {
      var ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; }) &&
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
      var order = rows.map(function (r, i) { return [r, i]; });
      order.sort(function (a, b) {
        var x = value(a[0], col), y = value(b[0], col);
        var c = numeric ? Number(x) - Number(y) : collator.compare(x, y);
        if (c === 0) { c = a[1] - b[1]; return c; }
        return up ? c : -c;
      });
      rows = order.map(function (p) { return p[0]; });
      texts = rows.map(function (r) { return fold(r.textContent); });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  apply();
})();
