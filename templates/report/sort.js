// Sorts a table by the clicked column: numbers numerically, text alphabetically. Reads only
// text and data-sort attributes; never writes HTML.
document.querySelectorAll("th[data-sortable]").forEach(function (th) {
  th.addEventListener("click", function () {
    var table = th.closest("table"), body = table.tBodies[0];
    var column = Array.prototype.indexOf.call(th.parentNode.children, th);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var key = function (row) {
      var cell = row.children[column];
      var value = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
      var number = parseFloat(value);
      return isNaN(number) ? value.toLowerCase() : number;
    };
    Array.prototype.slice.call(body.rows).sort(function (a, b) {
      var x = key(a), y = key(b);
      var order = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : (typeof x === "number" ? -1 : 1);
      return ascending ? order : -order;
    }).forEach(function (row) { body.appendChild(row); });
  });
});
// Tells a reader (and the browser test) that the page's own script ran under its policy.
document.documentElement.setAttribute("data-sort-ready", "yes");
