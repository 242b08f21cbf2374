/* The report's behaviour, offline: figures, the member filter and sortable tables. */
function samverkanReport(config, texts) {
  "use strict";
  var figures = [];
  /* Plotly writes negatives with a hyphen; the report, like Swedish print, uses the minus sign
     U+2212 (as its tables do). Mend every text Plotly draws, after each draw and hover. */
  var hyphen = /(^|[\s(])-(?=\d)/g;
  function trueMinus(div) {
    div.querySelectorAll("text, tspan").forEach(function (t) {
      if (t.childElementCount === 0 && t.textContent.search(hyphen) >= 0) {
        t.textContent = t.textContent.replace(hyphen, "$1\u2212");
      }
    });
  }
  document.querySelectorAll("[data-figure]").forEach(function (div) {
    var spec = JSON.parse(document.getElementById(div.getAttribute("data-figure")).textContent);
    Plotly.newPlot(div, spec.data, spec.layout, config).then(function () {
      trueMinus(div);
      div.on("plotly_afterplot", function () { trueMinus(div); });
      div.on("plotly_hover", function () { setTimeout(function () { trueMinus(div); }, 0); });
    });
    figures.push(div);
  });

  /* Member filter: rows and traces about one member follow it; rows about the board stay. */
  var select = document.getElementById("member-filter");
  var state = document.getElementById("filter-state");
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
  select.addEventListener("change", applyFilter);

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
