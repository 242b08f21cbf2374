() => {
  /* Each visible text of each figure as the quadrilateral it covers on screen (its box,
     turned as the text is turned), then every pair tested by separating axes. */
  function quad(t) {
    const b = t.getBBox(), m = t.getScreenCTM();
    if (!m || b.width === 0 || b.height === 0) return null;
    return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
      .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
  }
  function apart(p, q, slack) {
    for (const poly of [p, q]) for (let i = 0; i < 4; i++) {
      const [x1, y1] = poly[i], [x2, y2] = poly[(i + 1) % 4];
      const n = [y1 - y2, x2 - x1], len = Math.hypot(n[0], n[1]) || 1;
      const pr = (pts) => pts.map(([x, y]) => (x * n[0] + y * n[1]) / len);
      const a = pr(p), c = pr(q);
      if (Math.max(...a) - slack <= Math.min(...c) || Math.max(...c) - slack <= Math.min(...a)) return true;
    }
    return false;
  }
  function shown(t, div) {
    for (let e = t; e && e !== div; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === "none" || s.visibility === "hidden" || s.opacity === "0") return false;
    }
    return true;
  }
  const out = [];
  document.querySelectorAll(".plotly-figure").forEach((div) => {
    const box = div.getBoundingClientRect();
    const texts = [];
    div.querySelectorAll("svg.main-svg text").forEach((t) => {
      const label = (t.textContent || "").trim();
      if (!label || t.closest(".hoverlayer") || !shown(t, div)) return;
      const q = quad(t);
      if (q) texts.push({label, q});
    });
    const problems = [];
    texts.forEach((a) => {
      if (a.q.some(([x, y]) => x < box.left - 1 || x > box.right + 1 || y < box.top - 1 || y > box.bottom + 1))
        problems.push("outside: " + a.label);
    });
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      if (!apart(texts[i].q, texts[j].q, 2)) problems.push("overlap: " + texts[i].label + " | " + texts[j].label);
    }
    if (problems.length) out.push({figure: div.id, caption: div.getAttribute("aria-label"), problems});
  });
  return out;
}
