// Appended to a review page by browser.rs: checks the page and writes a JSON
// report into a pre element the test finds in the dumped DOM.
(function () {
  "use strict";
  var want = JSON.parse(document.getElementById("guihua-want").textContent);
  var out = { records: want.length, marks: 0, visible: 0, moved: 0, flashed: 0, selected: 0, card: false, problems: [] };
  var all = document.querySelectorAll("mark[data-r]");
  out.marks = all.length;
  want.forEach(function (quote, i) {
    var els = document.querySelectorAll('mark[data-r="' + i + '"]');
    if (els.length !== 1) out.problems.push("record " + i + ": " + els.length + " highlighted spans");
    else if (els[0].textContent !== quote)
      out.problems.push("record " + i + ": span " + JSON.stringify(els[0].textContent) + " is not the quote " + JSON.stringify(quote));
  });
  var text = document.getElementById("text");
  function inView(m) {
    var a = m.getBoundingClientRect(), b = text.getBoundingClientRect();
    return a.height > 0 && a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
  }
  var rows = document.querySelectorAll("#rt tbody tr");
  Array.prototype.forEach.call(rows, function (row, k) {
    var r = row.getAttribute("data-r");
    var m = document.getElementById("r" + r);
    if (!m) { out.problems.push("row " + r + ": no span"); return; }
    // Start from the far end of the text, so the click has to scroll.
    text.scrollTop = k % 2 ? 0 : text.scrollHeight;
    var before = inView(m);
    row.click();
    if (inView(m)) { out.visible++; if (!before) out.moved++; }
    else out.problems.push("row " + r + ": its span is not in view after the click");
    if (m.classList.contains("flash")) out.flashed++;
    if (row.classList.contains("sel")) out.selected++;
  });
  if (all.length) {
    all[0].scrollIntoView({ block: "center" });
    all[0].dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
    var card = document.getElementById("card");
    var name = document.querySelector('#rt tr[data-r="0"]').cells[1].textContent;
    out.card = !card.hidden && card.textContent.indexOf(name) >= 0;
  }
  var pre = document.createElement("pre");
  pre.id = "guihua-test";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
