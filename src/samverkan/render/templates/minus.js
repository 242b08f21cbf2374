/* Plotly writes negatives with a hyphen; samverkan, like Swedish print, uses the minus sign
   U+2212 (as its tables do). samverkanMinus(div) mends every text Plotly has drawn in a figure
   and does so again after each redraw and hover. Shared by the report and the docs. */
function samverkanMinus(div) {
  "use strict";
  var hyphen = /(^|[\s(])-(?=\d)/g;
  function mend() {
    div.querySelectorAll("text, tspan").forEach(function (t) {
      if (t.childElementCount === 0 && t.textContent.search(hyphen) >= 0) {
        t.textContent = t.textContent.replace(hyphen, "$1\u2212");
      }
    });
  }
  mend();
  div.on("plotly_afterplot", mend);
  div.on("plotly_hover", function () { setTimeout(mend, 0); });
}
