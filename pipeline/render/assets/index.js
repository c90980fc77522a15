// The index's table: rows come from the #data JSON block and are drawn one page at a time (10,000
// articles stay quick), sorted by a clicked column and filtered by the search box. Cells are set with
// textContent only, never parsed as HTML.
(function () {
  var config = JSON.parse(document.getElementById("columns").textContent);
  var all = JSON.parse(document.getElementById("data").textContent);
  var columns = config.columns, size = config.page_size;
  var sortKey = config.sort.key, sortDir = config.sort.dir, page = 0, shown = all.slice();
  var head = document.querySelector("#rows thead tr"), body = document.querySelector("#rows tbody");
  var search = document.getElementById("search");

  function compare(a, b) {
    var x = a[sortKey], y = b[sortKey];
    if (x === y) return a.order - b.order;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    var r = (typeof x === "number" && typeof y === "number") ? x - y : String(x).localeCompare(String(y));
    return (sortDir === "asc" ? r : -r) || a.order - b.order;
  }
  function refilter() {
    var q = search.value.trim().toLowerCase();
    shown = q ? all.filter(function (r) { return r.search.indexOf(q) !== -1; }) : all.slice();
    shown.sort(compare);
    page = 0;
    draw();
  }
  function cell(row, col) {
    var td = document.createElement("td");
    var value = row[col.key];
    if (col.num) td.className = "num";
    if (col.key === "id") {
      var a = document.createElement("a");
      a.setAttribute("href", row.page);
      a.textContent = value;
      td.appendChild(a);
    } else {
      td.textContent = value === null || value === undefined ? "" : String(value);
    }
    if (col.key === "warnings" && row.warning_text) td.title = row.warning_text;
    if (col.key === "status" && row.error) td.title = row.error;
    return td;
  }
  function draw() {
    var pages = Math.max(1, Math.ceil(shown.length / size));
    page = Math.min(page, pages - 1);
    body.textContent = "";
    shown.slice(page * size, (page + 1) * size).forEach(function (row) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-id", row.id);
      if (row.failed) tr.className = "failed";
      columns.forEach(function (col) { tr.appendChild(cell(row, col)); });
      body.appendChild(tr);
    });
    var first = shown.length ? page * size + 1 : 0;
    document.getElementById("count").textContent = first + "–" + Math.min(shown.length, (page + 1) * size) + " of " + shown.length +
      (shown.length !== all.length ? " (of " + all.length + ")" : "");
    document.getElementById("prev").disabled = page === 0;
    document.getElementById("next").disabled = page >= pages - 1;
    head.querySelectorAll("th").forEach(function (th) {
      if (th.getAttribute("data-key") === sortKey) th.setAttribute("aria-sort", sortDir === "asc" ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
  }
  columns.forEach(function (col) {
    var th = document.createElement("th");
    th.textContent = col.title;
    th.setAttribute("data-key", col.key);
    if (col.num) th.className = "num";
    th.addEventListener("click", function () {
      if (sortKey === col.key) sortDir = sortDir === "asc" ? "desc" : "asc";
      else { sortKey = col.key; sortDir = col.num ? "desc" : "asc"; }
      shown.sort(compare);
      page = 0;
      draw();
    });
    head.appendChild(th);
  });
  all.forEach(function (r, i) { r.order = i; });
  search.addEventListener("input", refilter);
  document.getElementById("prev").addEventListener("click", function () { page -= 1; draw(); });
  document.getElementById("next").addEventListener("click", function () { page += 1; draw(); });
  refilter();
})();
