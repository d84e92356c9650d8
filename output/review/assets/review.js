// declform review site: sorting and filtering on the index, keyboard navigation between flagged
// items and the cell highlight on the form pages. Plain JavaScript, no network: it must work when
// the pages are opened straight from the file system.
(function () {
  "use strict";

  function cellValue(row, column, numeric) {
    var cell = row.cells[column];
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    return numeric ? parseFloat(raw) || 0 : raw.trim();
  }

  function sortBy(table, heading) {
    var column = heading.cellIndex;
    var numeric = heading.getAttribute("data-type") === "number";
    var ascending = heading.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, column, numeric), y = cellValue(b, column, numeric);
      var order = numeric ? x - y : x.localeCompare(y, "zh");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function setUpIndex() {
    var table = document.getElementById("forms");
    if (!table) return;
    table.querySelectorAll("th button").forEach(function (button) {
      button.addEventListener("click", function () { sortBy(table, button.parentElement); });
    });
    var onlyWarnings = document.getElementById("only-warnings");
    var search = document.getElementById("filter-text");
    var count = document.getElementById("shown-count");
    function applyFilter() {
      var words = search.value.trim().toLowerCase();
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var hide = (onlyWarnings.checked && row.getAttribute("data-warnings") === "0") ||
          (words && row.textContent.toLowerCase().indexOf(words) < 0);
        row.hidden = !!hide;
        if (!hide) shown += 1;
      });
      count.textContent = shown + " of " + table.tBodies[0].rows.length + " forms shown";
    }
    onlyWarnings.addEventListener("change", applyFilter);
    search.addEventListener("input", applyFilter);
    applyFilter();
  }

  function highlight(row) {
    document.querySelectorAll("rect.hl").forEach(function (rect) { rect.classList.remove("on"); });
    var box = row && row.getAttribute("data-box");
    if (!box) return;
    var figure = document.querySelector('figure.page[data-page="' + row.getAttribute("data-page") + '"]');
    if (!figure) return;
    var rect = figure.querySelector("rect.hl");
    var v = box.split(" ").map(Number);
    rect.setAttribute("x", v[0]);
    rect.setAttribute("y", v[1]);
    rect.setAttribute("width", v[2] - v[0]);
    rect.setAttribute("height", v[3] - v[1]);
    rect.classList.add("on");
    var frame = figure.querySelector(".frame");
    var pane = document.querySelector(".pages-pane");
    if (pane && frame) {  // bring the cell into view in the page pane, not the whole window
      var scale = frame.clientHeight / parseFloat(figure.querySelector("svg").viewBox.baseVal.height);
      pane.scrollTop = figure.offsetTop - pane.offsetTop + v[1] * scale - pane.clientHeight / 3;
    }
  }

  function setUpForm() {
    var flagged = Array.prototype.slice.call(document.querySelectorAll(".flagged"));
    var position = document.getElementById("flag-pos");
    var current = -1;
    function go(step) {
      if (!flagged.length) return;
      if (current >= 0) flagged[current].classList.remove("current");
      current = (current + step + flagged.length) % flagged.length;
      var item = flagged[current];
      item.classList.add("current");
      item.focus({ preventScroll: true });
      item.scrollIntoView({ block: "center" });
      highlight(item);
      if (position) position.textContent = "item " + (current + 1) + " of " + flagged.length;
    }
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var tag = event.target && event.target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA") return;
      if (event.key === "j" || event.key === "n") { go(1); event.preventDefault(); }
      if (event.key === "k" || event.key === "p") { go(-1); event.preventDefault(); }
    });
    document.querySelectorAll("tr[data-box]").forEach(function (row) {
      row.addEventListener("mouseenter", function () { highlight(row); });
      row.addEventListener("focus", function () { highlight(row); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpIndex();
    if (document.body.classList.contains("form")) setUpForm();
  });
})();
