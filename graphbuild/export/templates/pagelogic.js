"use strict";
// PageLogic: what the lineage page decides without a screen, kept apart from drawing and the DOM so that
// `node --test` can hold it (tests/export/pagelogic.test.js): who builds on whom and to what depth, the path of
// citations between two papers, what Find matches, what the page's address says and what it is read back as, and
// the BibTeX and CSV the page hands out (untrusted text escaped for LaTeX and spreadsheets). Nodes are the page
// data's: `out` (what a paper cites, as node indices), `in` (who cites it), id, title, label, arxiv, ….
const PageLogic = (function () {
  // what `start` builds on (key "out") or what builds on it (key "in"), to `depth` steps (0: all), breadth first
  function reach(nodes, start, key, depth) {
    const seen = new Map([[start, 0]]), queue = [start];
    for (let head = 0; head < queue.length; head++) {
      const i = queue[head], d = seen.get(i);
      if (depth && d >= depth) continue;
      for (const j of nodes[i][key]) if (!seen.has(j)) { seen.set(j, d + 1); queue.push(j); }
    }
    seen.delete(start);
    return new Set(seen.keys());
  }

  // the fewest citations from `a` to `b` (a cites … cites b), as node indices from a to b; null when there is none
  function shortestPath(nodes, a, b) {
    const prev = new Map([[a, -1]]), queue = [a];
    for (let head = 0; head < queue.length; head++) {
      const i = queue[head];
      if (i === b) break;
      for (const j of nodes[i].out) if (!prev.has(j)) { prev.set(j, i); queue.push(j); }
    }
    if (!prev.has(b)) return null;
    const path = [];
    for (let i = b; i !== -1; i = prev.get(i)) path.unshift(i);
    return path;
  }

  // what Find compares a query with, lower-cased once: [id, arXiv id, title, short name] per paper
  const searchIndex = (nodes) => nodes.map((n) => [n.id.toLowerCase(), (n.arxiv || "").toLowerCase(),
    (n.title || "").toLowerCase(), (n.label || "").toLowerCase()]);

  // every paper the query names: an id, arXiv id, title or short name that holds it. An exact id or name is one
  // match among the titles that contain the query, never a silent winner ("LLM" is one paper's id and in 300
  // titles); a whole title or arXiv id typed out in full is that paper
  function matches(index, query) {
    const q = (query || "").trim().toLowerCase();
    if (!q) return [];
    const some = [];
    index.forEach((f, i) => { if (f[1] === q || f[2].includes(q) || f[0].includes(q) || f[3].includes(q)) some.push(i); });
    if (some.length > 1) {
      const exact = some.filter((i) => { const f = index[i]; return f[1] === q || f[2] === q; });
      if (exact.length === 1 && /\s|\d{4}\.\d{4}/.test(q)) return exact;
    }
    return some;
  }

  // the Path boxes: the one paper named exactly (id, arXiv id, title or name), else the one match; -1 if none
  function find(index, query) {
    const q = (query || "").trim().toLowerCase();
    const exact = [];
    index.forEach((f, i) => { if (f.includes(q)) exact.push(i); });
    if (q && exact.length === 1) return exact[0];
    const found = matches(index, query);
    return found.length === 1 ? found[0] : -1;
  }

  // The address says what is shown, so that a link shows the same: `view` holds the chosen paper's id (or the
  // path's ends), the hidden categories, the years shown and all the years, the open lanes and those open at
  // first, the lineage's depth (null: as first shown, 0: all) and whether the table is up.
  function encodeAddress(view) {
    const params = new URLSearchParams();
    if (view.paper) params.set("paper", view.paper);
    else if (view.path && view.path.length) params.set("path", view.path[0] + "," + view.path[view.path.length - 1]);
    if (view.hidden && view.hidden.length) params.set("hide", [...view.hidden].sort().join(","));
    const all = view.fullYears, years = view.years;
    if (years && all && (years[0] !== all[0] || years[1] !== all[1])) params.set("years", years[0] + "-" + years[1]);
    const opened = [...(view.open || [])].sort(), first = [...(view.firstOpen || [])].sort();
    if (opened.join(",") !== first.join(",")) params.set("open", opened.join(",") || "-");
    if (view.depth !== null && view.depth !== undefined) params.set("depth", view.depth ? String(view.depth) : "all");
    if (view.table) params.set("table", "1");
    if (view.cites) params.set("cites", view.cites);
    if (view.colour) params.set("colour", view.colour);
    return params.toString() ? "#" + params.toString().replace(/%2C/g, ",") : "";
  }

  // An address read back, trusting nothing in it: only categories and lanes the page has, years as two 4-digit
  // numbers in order, a depth of 1, 2 or all. `known` holds the page's categories and lanes (objects by id).
  function decodeAddress(hash, known) {
    const params = new URLSearchParams(String(hash || "").replace(/^#/, ""));
    const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
    const hide = (params.get("hide") || "").split(",").filter((c) => has(known.categories, c));
    const y = (params.get("years") || "").match(/^(\d{4})-(\d{4})$/);
    const opened = params.get("open");
    const depth = params.get("depth");
    const path = (params.get("path") || "").split(",");
    return {
      paper: params.get("paper") || null,
      path: path.length === 2 && path[0] && path[1] && path[0] !== path[1] ? path : null,
      hide,
      years: y && +y[1] <= +y[2] ? [+y[1], +y[2]] : null,
      open: opened === null ? null : opened.split(",").filter((c) => has(known.lanes, c) && known.lanes[c].children.length).sort(),
      depth: depth === "all" ? 0 : depth === "1" || depth === "2" ? +depth : null,
      cites: ["methodology", "influential"].includes(params.get("cites")) ? params.get("cites") : null,
      colour: params.get("colour") === "community" ? "community" : null,
      table: params.get("table") === "1",
    };
  }

  // a web address that may become a link: http(s) only (a list's `javascript:` never does)
  const safeUrl = (url) => (typeof url === "string" && /^https?:\/\//i.test(url) ? url : null);

  const LATEX = { "\\": "\\textbackslash{}", "&": "\\&", "%": "\\%", $: "\\$", "#": "\\#", _: "\\_", "{": "\\{",
                  "}": "\\}", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}" };
  // text for a BibTeX field: LaTeX's specials escaped, white space one space
  const latex = (v) => String(v).split(/\s+/).filter(Boolean).join(" ").replace(/[\\&%$#_{}~^]/g, (c) => LATEX[c]);
  // a DOI, arXiv id or address, kept as written but for what would end the field or start a comment
  const verbatim = (v) => String(v).replace(/[{}\\\s%]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0"));
  const PREPRINTS = /^(arxiv|arxiv preprint|corr|preprint|biorxiv|medrxiv)$/i;

  // BibTeX for papers (node objects): @article when a venue is known, else @misc with the arXiv id
  function bibtex(papers) {
    return papers.map((n) => {
      const authors = (n.authors || "").split("; ").filter(Boolean);
      const fields = [["title", "{" + latex(n.title || n.label) + "}"]];
      if (authors.length) fields.push(["author", authors.map(latex).join(" and ")]);
      if (n.year) fields.push(["year", String(n.year)]);
      const venue = n.venue && !PREPRINTS.test(n.venue.trim()) ? n.venue : null;
      if (venue) fields.push(["journal", latex(venue)]);
      else if (n.arxiv) fields.push(["howpublished", "arXiv:" + latex(n.arxiv)]);
      if (n.doi) fields.push(["doi", verbatim(n.doi)]);
      if (n.arxiv) fields.push(["eprint", verbatim(n.arxiv)], ["archivePrefix", "arXiv"]);
      if (safeUrl(n.url)) fields.push(["url", verbatim(n.url)]);
      const kind = fields.some(([k]) => k === "journal") ? "article" : "misc";
      return "@" + kind + "{" + n.id.replace(/[^\w.:/+-]/g, "-") + ",\n" + fields.map(([k, v]) => "  " + k + " = {" + v + "}").join(",\n") + "\n}\n";
    }).join("\n");
  }

  // a CSV cell, quoted; one a spreadsheet would run as a formula (=, +, -, @, tab, return) starts with '
  function csvCell(v) {
    let text = v === undefined || v === null ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return '"' + text.replace(/"/g, '""') + '"';
  }
  const csvRow = (cells) => cells.map(csvCell).join(",");

  return { reach, shortestPath, searchIndex, matches, find, encodeAddress, decodeAddress, safeUrl, latex, verbatim,
           bibtex, csvCell, csvRow };
})();
if (typeof module !== "undefined" && module.exports) module.exports = PageLogic;
