/* The report's behaviour, offline: figures, the member filter, table search and sorting. */
function samverkanReport(config, texts) {
  "use strict";
  var figures = [];
  document.querySelectorAll("[data-figure]").forEach(function (div) {
    var spec = JSON.parse(document.getElementById(div.getAttribute("data-figure")).textContent);
    Plotly.newPlot(div, spec.data, spec.layout, config).then(samverkanMinus);
    figures.push(div);
  });

  /* Member filter: rows and traces about one member follow it; rows about the board stay. */
  var select = document.getElementById("member-filter");
  var state = document.getElementById("filter-state");
  var searches = [];  /* the table searches below, rerun when the member changes */
  function applyFilter() {
    var chosen = select.value;
    document.querySelectorAll("tr[data-member]").forEach(function (row) {
      row.hidden = chosen !== "" && row.getAttribute("data-member") !== chosen;
    });
    figures.forEach(function (div) {
      var visible = div.data.map(function (trace) {
        return chosen === "" || !trace.meta || trace.meta === chosen;
      });
      Plotly.restyle(div, {visible: visible});
    });
    document.querySelectorAll(".cover-filter").forEach(function (el) {
      el.textContent = select.options[select.selectedIndex].text;
    });
    state.hidden = chosen === "";
    state.textContent = chosen === "" ? "" : texts.filtered + " " +
      select.options[select.selectedIndex].text;
  }
  select.addEventListener("change", function () {
    applyFilter();
    searches.forEach(function (search) { search(); });
  });

  /* Long tables: a search box keeps the rows whose text holds every word typed, within what
     the member filter shows; the count says how many that is. */
  document.querySelectorAll("input[data-row-search]").forEach(function (input) {
    var figure = input.closest("figure");
    var body = figure.querySelector("tbody");
    var count = figure.querySelector(".row-count");
    function search() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0, total = 0;
      Array.prototype.forEach.call(body.rows, function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) >= 0; });
        row.classList.toggle("no-match", !match);
        if (!row.hidden) {
          total += 1;
          if (match) { shown += 1; }
        }
      });
      count.textContent = words.length === 0 ? "" :
        texts.rows.replace("{shown}", shown).replace("{total}", total);
    }
    input.addEventListener("input", search);
    searches.push(search);
  });

  /* Sortable tables: numbers written the Swedish or English way sort as numbers. */
  function value(cell) {
    var text = cell.textContent.replace(/[\u00a0\s%]/g, "").replace("\u2212", "-");
    var number = parseFloat(text.replace(/,/g, text.indexOf(".") >= 0 ? "" : "."));
    return isNaN(number) ? cell.textContent.toLowerCase() : number;
  }
  document.querySelectorAll("th.sortable").forEach(function (header) {
    function sort() {
      var table = header.closest("table");
      var body = table.tBodies[0];
      var index = Array.prototype.indexOf.call(header.parentNode.children, header);
      var ascending = header.getAttribute("aria-sort") !== "ascending";
      var rows = Array.prototype.filter.call(body.rows, function (r) {
        return !r.classList.contains("total");
      });
      var totals = Array.prototype.filter.call(body.rows, function (r) {
        return r.classList.contains("total");
      });
      rows.sort(function (a, b) {
        var x = value(a.cells[index]), y = value(b.cells[index]);
        if (x === y) { return 0; }
        return (x < y ? -1 : 1) * (ascending ? 1 : -1);
      });
      rows.concat(totals).forEach(function (r) { body.appendChild(r); });
      table.querySelectorAll("th.sortable").forEach(function (h) {
        h.setAttribute("aria-sort", "none");
      });
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    }
    header.addEventListener("click", sort);
    header.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
    });
  });
}
