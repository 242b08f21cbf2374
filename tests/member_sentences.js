/* The visible sentences of a report page that name a member other than the chosen one and
   not the chosen one: what the member filter must hide. A sentence is a piece of a text
   block's visible text ending at . ! ? or ;, or a table cell. Left out, as not the report's
   own sentences about a member: the sources and citations, the header's facts (members,
   host), the filter's own list, quoted words (q, comments) and figures' axis text. */
(chosen) => {
  const select = document.getElementById("member-filter");
  const names = Array.from(select.options).filter(o => o.value).map(o => o.text);
  const mine = Array.from(select.options).find(o => o.value === chosen).text;
  const skip = "#kallor, .source, .facts, .filter, .cover, q, .comment-text, svg, script";
  const blocks = "p, li, td, th, figcaption, dd, h1, h2, h3, h4, summary, caption, label";
  /* A source's title is a citation, and the host's role a fact of the board, wherever the
     text quotes them ("Kallelse …, Herrljunga", "Värdkommun: Herrljunga"). */
  const cited = Array.from(document.querySelectorAll("a[href^='#kalla-'][title]"))
    .map(a => a.title.replace(/\s+/g, " ").trim()).filter(Boolean);
  const facts = Array.from(document.querySelectorAll(".facts div")).map(div =>
    div.querySelector("dt").textContent.trim() + ": " + div.querySelector("dd").textContent.trim());
  const found = [];
  document.querySelectorAll(blocks).forEach(el => {
    if (el.closest(skip) || !el.checkVisibility()) { return; }
    /* Its own text: nested blocks are checked on their own, quotes are left out. */
    const copy = el.cloneNode(true);
    copy.querySelectorAll(blocks + ", " + skip + ", [hidden]").forEach(e => e.remove());
    let text = copy.textContent.replace(/\s+/g, " ").trim();
    cited.concat(facts).forEach(quoted => { text = text.split(quoted).join(" "); });
    text.split(/(?<=[.!?;])\s+/).forEach(sentence => {
      const named = names.filter(n => sentence.includes(n));
      if (named.length && !named.includes(mine)) { found.push(sentence); }
    });
  });
  return found;
}
