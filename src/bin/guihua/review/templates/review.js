// guihua review pages: sorting and filtering tables, and on a plan page the
// link between the records table and the highlighted text. No network, no
// libraries; text is only ever set with textContent.
(function () {
  "use strict";

  // Sortable tables: click a column header to sort, again to reverse.
  function sortKey(td, numeric) {
    if (!td) return numeric ? -Infinity : "";
    if (numeric) {
      var v = parseFloat(td.getAttribute("data-s") || td.textContent);
      return isNaN(v) ? -Infinity : v;
    }
    return td.textContent;
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, col) {
      th.addEventListener("click", function () {
        var numeric = th.getAttribute("data-type") === "num";
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.forEach(function (r, i) { r._i = i; });
        rows.sort(function (a, b) {
          var x = sortKey(a.cells[col], numeric), y = sortKey(b.cells[col], numeric);
          var c = numeric ? x - y : String(x).localeCompare(String(y), "zh");
          return (asc ? c : -c) || a._i - b._i;
        });
        var frag = document.createDocumentFragment();
        rows.forEach(function (r) { frag.appendChild(r); });
        body.appendChild(frag);
      });
    });
  });

  // Filtering: a row stays when its text holds every word typed.
  var filter = document.getElementById("filter");
  if (filter) {
    var table = document.getElementById(filter.getAttribute("data-table") || "rt");
    var shown = document.getElementById("shown");
    filter.addEventListener("input", function () {
      var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      var rows = table.tBodies[0].rows, n = 0;
      for (var i = 0; i < rows.length; i++) {
        var t = rows[i].textContent.toLowerCase() + " " + (rows[i].title || "").toLowerCase();
        var ok = words.every(function (w) { return t.indexOf(w) >= 0; });
        rows[i].hidden = !ok;
        if (ok) n++;
      }
      if (shown) shown.textContent = n + " of " + rows.length;
    });
  }

  // Plan page: records ↔ text.
  var text = document.getElementById("text");
  var rt = document.getElementById("rt");
  if (!text || !rt) return;
  var card = document.getElementById("card");
  var names = Array.prototype.map.call(rt.tHead.rows[0].cells, function (th) { return th.textContent; });

  function rowOf(r) { return rt.querySelector('tbody tr[data-r="' + r + '"]'); }

  function select(row) {
    var old = rt.querySelector("tbody tr.sel");
    if (old) old.classList.remove("sel");
    if (row) row.classList.add("sel");
  }

  // Scrolls the record's span into view and flashes it.
  function show(r) {
    var m = document.getElementById("r" + r);
    if (!m) return;
    m.scrollIntoView({ block: "center", inline: "nearest" });
    m.classList.remove("flash");
    void m.offsetWidth; // restart the animation
    m.classList.add("flash");
    var row = rowOf(r);
    select(row);
    if (row) row.scrollIntoView({ block: "nearest" });
  }

  rt.tBodies[0].addEventListener("click", function (e) {
    var tr = e.target.closest("tr[data-r]");
    if (tr) show(tr.getAttribute("data-r"));
  });

  function fillCard(row, mark) {
    card.textContent = "";
    var q = document.createElement("div");
    q.style.fontWeight = "600";
    q.textContent = mark.textContent;
    card.appendChild(q);
    var dl = document.createElement("dl");
    Array.prototype.forEach.call(row.cells, function (td, i) {
      var v = td.textContent;
      if (td.title) v += v ? " · " + td.title : td.title;
      if (!v) return;
      var dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = names[i];
      dd.textContent = v;
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    card.appendChild(dl);
  }

  var hovered = null;
  text.addEventListener("mouseover", function (e) {
    var m = e.target.closest("mark[data-r]");
    if (m === hovered) return;
    if (hovered) {
      hovered.classList.remove("on");
      var old = rowOf(hovered.getAttribute("data-r"));
      if (old) old.classList.remove("hl");
    }
    hovered = m;
    if (!m) { card.hidden = true; return; }
    var row = rowOf(m.getAttribute("data-r"));
    if (!row) return;
    m.classList.add("on");
    row.classList.add("hl");
    fillCard(row, m);
    card.hidden = false;
    var b = m.getBoundingClientRect(), w = card.offsetWidth, h = card.offsetHeight;
    var x = Math.min(Math.max(4, b.left), window.innerWidth - w - 4);
    var y = b.bottom + 6 + h > window.innerHeight ? b.top - h - 6 : b.bottom + 6;
    card.style.left = x + "px";
    card.style.top = Math.max(4, y) + "px";
  });
  text.addEventListener("mouseleave", function () {
    if (hovered) text.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
  });

  // A click on a highlighted span selects its row in the table.
  text.addEventListener("click", function (e) {
    var m = e.target.closest("mark[data-r]");
    if (!m) return;
    var row = rowOf(m.getAttribute("data-r"));
    if (!row) return;
    select(row);
    row.scrollIntoView({ block: "nearest" });
  });

  // page.html#r12 opens at record 12: after the browser's own jump to the
  // anchor (which puts it at the top edge), centre it and select its row.
  var hash = /^#r(\d+)$/.exec(location.hash);
  if (hash) {
    window.addEventListener("load", function () {
      setTimeout(function () { show(hash[1]); }, 0);
    });
  }
})();
