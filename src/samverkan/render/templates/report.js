/* The report's behaviour, offline: figures, the member filter, table search and sorting. */
function samverkanReport(config, texts) {
  "use strict";
  var select = document.getElementById("member-filter");
  /* Figures: plotly.js comes after the text, so the first screen is painted before it is
     parsed. Then every figure is drawn without waiting for the reader to scroll: those near
     the screen first (the observer's first answer, at the first frame), the rest in the
     order they stand, back to back: a task of its own for each figure made the browser
     render the whole page after every one. A task still ends after SLICE ms, or as soon as
     the reader clicks or types, so the page keeps answering. Printing draws what is left. */
  var SLICE = 200;
  var figures = [];
  var waiting = [];
  var inputPending = navigator.scheduling && navigator.scheduling.isInputPending ?
    function () { return navigator.scheduling.isInputPending(); } :
    function () { return false; };
  function traceVisible(trace) {
    var chosen = select.value;
    return chosen === "" || typeof trace.meta !== "string" || trace.meta === chosen;
  }
  /* A series of several members' points (meta: a kommunkod or null per point): the chosen
     member's points and the whole board's stay as they are, the other members' fade. */
  function pointOpacity(trace) {
    var chosen = select.value;
    return trace.meta.map(function (code) {
      return chosen === "" || code === null || code === chosen ? 1 : 0.25;
    });
  }
  function draw(div) {
    var at = waiting.indexOf(div);
    if (at < 0) { return; }
    waiting.splice(at, 1);
    var spec = JSON.parse(document.getElementById(div.getAttribute("data-figure")).textContent);
    spec.data.forEach(function (trace) {
      trace.visible = traceVisible(trace);
      if (Array.isArray(trace.meta)) {
        trace.marker = trace.marker || {};
        trace.marker.opacity = pointOpacity(trace);
      }
    });
    Plotly.newPlot(div, spec.data, spec.layout, config).then(samverkanMinus);
    figures.push(div);
  }
  function drawAll() { waiting.slice().forEach(draw); }
  function drawInSlices() {
    var start = performance.now();
    do { draw(waiting[0]); } while (
      waiting.length && performance.now() - start < SLICE && !inputPending());
    if (waiting.length) { setTimeout(drawInSlices, 0); }
  }
  document.querySelectorAll("[data-figure]").forEach(function (div) { waiting.push(div); });
  var started = false;
  function startDrawing() {
    if (!started && waiting.length) { started = true; setTimeout(drawInSlices, 0); }
  }
  if ("IntersectionObserver" in window) {
    var near = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { near.unobserve(entry.target); draw(entry.target); }
      });
      startDrawing();
    }, {rootMargin: "400px 0px"});
    waiting.forEach(function (div) { near.observe(div); });
  } else {
    startDrawing();
  }
  window.addEventListener("beforeprint", drawAll);

  /* Member filter: rows, summary sentences and traces about one member follow it; what is
     about the whole board stays. The choice is kept in the address (#kommun=1466), so a
     link can open the report filtered. */
  var state = document.getElementById("filter-state");
  var searches = [];  /* the table searches below, rerun when the member changes */
  function applyFilter() {
    var chosen = select.value;
    document.querySelectorAll("tr[data-member], li[data-member], p[data-member], span[data-member]").forEach(
      function (el) {
        el.hidden = chosen !== "" && el.getAttribute("data-member") !== chosen;
      });
    figures.forEach(function (div) {
      Plotly.restyle(div, {visible: div.data.map(traceVisible)});
      var marked = [];
      div.data.forEach(function (trace, i) { if (Array.isArray(trace.meta)) { marked.push(i); } });
      if (marked.length) {
        Plotly.restyle(div, {"marker.opacity": marked.map(function (i) {
          return pointOpacity(div.data[i]);
        })}, marked);
      }
    });
    /* What shows only for one member (its KPI card), only for the whole board (a card
       another member's replaces), or only once a member is chosen (that a figure is the
       whole cooperation's). */
    /* A figure's numbers: the other members' columns hide, as their rows do. */
    document.querySelectorAll("[data-member-column]").forEach(function (el) {
      el.hidden = chosen !== "" && el.getAttribute("data-member-column") !== chosen;
    });
    document.querySelectorAll("[data-member-only]").forEach(function (el) {
      el.hidden = el.getAttribute("data-member-only") !== chosen;
    });
    document.querySelectorAll("[data-whole-only]").forEach(function (el) {
      el.hidden = chosen !== "";
    });
    document.querySelectorAll("[data-filtered-only]").forEach(function (el) {
      el.hidden = chosen === "";
    });
    document.querySelectorAll(".cover-filter").forEach(function (el) {
      el.textContent = select.options[select.selectedIndex].text;
    });
    state.hidden = chosen === "";
    var total = document.querySelector('[data-total="' + chosen + '"]');
    state.textContent = chosen === "" ? "" : texts.filtered + " " +
      select.options[select.selectedIndex].text +
      (total ? ". " + total.textContent : "");
  }
  function fromAddress() {
    var found = /(?:^#|&)kommun=(\d{4})/.exec(window.location.hash);
    var code = found ? found[1] : "";
    var known = Array.prototype.some.call(select.options, function (o) { return o.value === code; });
    return known ? code : "";
  }
  select.addEventListener("change", function () {
    applyFilter();
    searches.forEach(function (search) { search(); });
    var address = window.location.pathname + window.location.search +
      (select.value ? "#kommun=" + select.value : "");
    try { history.replaceState(null, "", address); } catch (e) { /* a sandboxed frame */ }
  });
  if (fromAddress()) {
    select.value = fromAddress();
    applyFilter();
  }
  /* A link from the dashboard names a place and a member (#mal-x&kommun=1442): the browser
     cannot find "mal-x&kommun=1442", so go to the place here, once the filter is set. */
  var place = window.location.hash.replace(/^#/, "").split("&")[0];
  if (place && place.indexOf("kommun=") !== 0 && window.location.hash.indexOf("&") >= 0) {
    var target = document.getElementById(place);
    if (target) { target.scrollIntoView(); }
  }

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
