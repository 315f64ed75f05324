"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("graph-data").textContent);
  const HINT = document.querySelector("#details .hint").textContent;  // the text Python put in the page
  const N = DATA.nodes;
  const byId = new Map(N.map((n, i) => [n.id, i]));
  const VEIL = "rgba(255,255,255,0.78)", DIM_NAME = "#b8c0c8";  // what is not highlighted fades behind the veil
  const UP = "#c2410c", DOWN = "#1d4ed8", PATH = "#b42318";
  const EDGE = "rgba(82,96,109,0.35)", SPINE = "rgba(31,41,51,0.8)";
  const yearOf = (n) => (n.first_appearance ? parseInt(n.first_appearance.slice(0, 4), 10) : n.year || null);
  const colorOf = (n) => (DATA.categories[n.category] || {}).color || "#999999";

  const state = { selected: null, upstream: [], downstream: [], path: [], hiddenCategories: [], yearRange: [null, null], visible: N.length };

  function baseNode(i) {
    const n = N[i], c = colorOf(n);
    return { id: i, color: c, borderWidth: 1, shapeProperties: { borderDashes: false } };  // names: drawn by the page
  }
  const nodes = new vis.DataSet(N.map((n, i) => Object.assign(baseNode(i), {
    x: n.x, y: n.y, size: n.size, shape: "dot", fixed: true })));  // names are drawn by the page itself, below
  // An edge along a row of the timeline with papers between its ends bends around them, so that it (and a path
  // drawn on it) never looks as if it passed through them.
  const CURVE = { enabled: true, type: "curvedCW", roundness: 0.35 };
  // An edge is drawn thicker the more sources vouch for it (curated, OpenAlex, Semantic Scholar: w, from
  // layout.edge_width), dashed when the list's own references alone say so.
  const sourcesOf = new Map(DATA.edges.map((e) => [e.from + ">" + e.to, e.sources]));
  const baseEdge = (e, i) => Object.assign({ id: i, width: e.main_path ? 3 : e.w || 1, dashes: !!e.dashed && !e.main_path,
                                 color: e.main_path ? SPINE : EDGE }, e.curve ? { smooth: CURVE } : {});  // a smooth key only where it bends: vis re-creates an edge's shape for every smooth it is sent
  // Colours as plain strings (one colour for normal, hover and highlight): vis-network applies a string several
  // times faster than a colour object, which matters when a click restyles thousands of edges.
  const edges = new vis.DataSet(DATA.edges.map((e, i) => Object.assign(baseEdge(e, i), { from: e.from, to: e.to })));

  const container = document.getElementById("network");
  const network = new vis.Network(container, { nodes, edges }, {
    physics: false,
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: N.length > 1500, multiselect: false,
                   selectConnectedEdges: false },
    nodes: { shape: "dot", font: { size: 13, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff" } },
    edges: { arrows: { to: { enabled: true, scaleFactor: 0.5 } }, smooth: false, selectionWidth: 0 },
  });

  const timings = { firstDraw: null, lastSelect: null };  // read by benchmarks/page.py
  // vis-network may draw inside its constructor; two animation frames later the graph is certainly on screen
  requestAnimationFrame(() => requestAnimationFrame(() => { timings.firstDraw = performance.now(); }));

  // --- lanes and the year axis, drawn under the graph in network coordinates ---
  // Lane titles sit in the gutter left of the first year, in graph units like the papers' names: Python placed the
  // names around them (layout.place_labels), so nothing drawn here can cover a name or a tick.
  const FACE = "system-ui, sans-serif";
  const laneTop = DATA.lanes.length ? DATA.lanes[0].top : 0, laneBottom = DATA.lanes.length ? DATA.lanes[DATA.lanes.length - 1].bottom : 0;
  const axisRight = DATA.axis.length ? DATA.axis[DATA.axis.length - 1].x : 0;
  const [viewLeft, , viewRight] = DATA.view;  // the first view, planned in Python
  const right = Math.max(viewRight, axisRight);
  const MIN_READABLE = 7;  // screen pixels: smaller text is not drawn (it shows when zoomed in)
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const MAX_PX = 15;  // screen pixels: larger names would only crowd a zoomed-in view
  let drawnTicks = [];
  network.on("beforeDrawing", (ctx) => drawAxis(ctx, false));
  // labelsOnly: the lane titles and tick labels alone, drawn again above the veil of a highlight (they stay legible)
  function drawAxis(ctx, labelsOnly) {
    if (!DATA.lanes.length) return;
    const scale = network.getScale(), view = network.DOMtoCanvas({ x: 0, y: 0 });
    const px = (n) => n / scale;  // a size in screen pixels, whatever the zoom
    const left = viewLeft;
    DATA.lanes.forEach((lane, k) => {
      if (!labelsOnly) {
        ctx.globalAlpha = k % 2 ? 0.06 : 0.11;
        ctx.fillStyle = lane.color;
        ctx.fillRect(left, lane.top, right - left, lane.bottom - lane.top);
        ctx.globalAlpha = 1;
      }
      const [x0, y0, x1] = lane.title_box;
      if (lane.title_size * scale < MIN_READABLE) return;
      ctx.font = "bold " + Math.min(lane.title_size, MAX_PX / scale) + "px " + FACE;
      ctx.textBaseline = "top"; ctx.textAlign = "right";
      ctx.fillStyle = lane.color;
      ctx.fillText(lane.title, x1, y0, x1 - x0);
      ctx.textAlign = "left";
    });
    // ticks: every year while they have room, else every 2nd, 5th, 10th: labels never collide
    const yearWidth = DATA.axis.length > 1 ? DATA.axis[1].x - DATA.axis[0].x : 192;
    const step = [1, 2, 5, 10, 20, 50].find((s) => s * yearWidth * scale >= 56) || 100;
    ctx.strokeStyle = labelsOnly ? "rgba(0,0,0,0)" : "rgba(82,96,109,0.25)";
    ctx.lineWidth = px(1);
    ctx.fillStyle = "#52606d";
    ctx.font = px(12) + "px " + FACE;
    ctx.textBaseline = "top";
    const labelY = Math.max(laneTop - px(18), view.y + px(4));  // above the lanes, in the band kept for it
    drawnTicks = [];
    const tickText = (text, x) => {
      ctx.fillText(text, x, labelY);
      drawnTicks.push({ id: text, box: [x, labelY, x + ctx.measureText(text).width, labelY + px(12)] });
    };
    DATA.axis.forEach((tick, k) => {
      const last = k === DATA.axis.length - 1;
      if (k % step && !last) return;
      ctx.beginPath(); ctx.moveTo(tick.x, laneTop); ctx.lineTo(tick.x, laneBottom); ctx.stroke();
      if (tick.label && (!last || tick.label === "undated")) tickText(tick.label, tick.x + px(3));
    });
    // zoomed in far enough, the years split into half-years, then quarters (lighter, labelled by month)
    const parts = yearWidth * scale >= 400 ? 4 : yearWidth * scale >= 200 ? 2 : 1;
    if (parts > 1) {
      ctx.strokeStyle = labelsOnly ? "rgba(0,0,0,0)" : "rgba(82,96,109,0.12)"; ctx.fillStyle = "#9aa5b1";
      DATA.axis.slice(0, -1).forEach((tick) => {
        for (let q = 1; q < parts; q++) {
          const x = tick.x + (yearWidth * q) / parts;
          ctx.beginPath(); ctx.moveTo(x, laneTop); ctx.lineTo(x, laneBottom); ctx.stroke();
          tickText(MONTHS[(12 / parts) * q], x + px(3));
        }
      });
    }
  }

  // A redraw in the next animation frame, where vis-network's own requests (hover, selection) land too: one frame
  // drawn where calling network.redraw() would draw now and again at the next frame (40 ms each at 2,000 papers).
  function redrawSoon() {
    if (network.body && network.body.emitter) network.body.emitter.emit("_requestRedraw");
    else network.redraw();
  }

  // --- names of the papers: placed in Python, drawn once each is large enough to read (level of detail) ---
  let hovered = null;  // the paper under the mouse
  let hiddenNow = N.map(() => false);  // what the filters hide, read on every frame (no DataSet lookups there)
  let drawnBoxes = [];
  function nameColor(i) { return focus && !focus.nodes.has(i) ? DIM_NAME : "#1f2933"; }
  network.on("afterDrawing", (ctx) => {
    if (focus) drawFocus(ctx);
    const scale = network.getScale(), tl = network.DOMtoCanvas({ x: 0, y: 0 });
    const br = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    drawnBoxes = [];
    ctx.textBaseline = "middle"; ctx.textAlign = "left";
    ctx.lineJoin = "round"; ctx.strokeStyle = "#ffffff";
    N.forEach((n, i) => {
      if (n.lx === undefined || n.ls * scale < MIN_READABLE || i === hovered) return;
      if (n.lx > br.x || n.lx + n.lw < tl.x || n.ly - n.ls > br.y || n.ly + n.ls < tl.y) return;
      if (hiddenNow[i]) return;
      // never larger than MAX_PX on screen: zoomed in, a name shrinks towards its circle, inside the box it owns
      const size = Math.min(n.ls, MAX_PX / scale);
      ctx.font = size + "px " + FACE;
      const width = Math.min(ctx.measureText(n.label).width, n.lw);
      const x0 = n.la === "right" ? n.lx + n.lw - width : n.la === "center" ? n.lx + (n.lw - width) / 2 : n.lx;
      ctx.lineWidth = size / 4;
      ctx.strokeText(n.label, x0, n.ly, n.lw);
      ctx.fillStyle = nameColor(i);
      ctx.fillText(n.label, x0, n.ly, n.lw);
      drawnBoxes.push({ id: n.id, box: [x0, n.ly - size * 0.65, x0 + width, n.ly + size * 0.65] });
    });
    const h = hovered;  // hovering shows any paper's name, on a card above everything
    if (h !== null && !hiddenNow[h]) {
      const n = N[h], size = 13 / scale, text = n.label + " (" + (yearOf(n) || "?") + ")";
      ctx.font = size + "px " + FACE;
      const w = ctx.measureText(text).width, x = n.x + n.size + 4 / scale, y = n.y;
      ctx.fillStyle = "rgba(255,255,255,0.92)";
      ctx.fillRect(x - 3 / scale, y - size * 0.8, w + 6 / scale, size * 1.6);
      ctx.fillStyle = "#111"; ctx.fillText(text, x, y);
    }
  });
  network.on("hoverNode", (p) => { hovered = p.node; redrawSoon(); });
  network.on("blurNode", () => { hovered = null; redrawSoon(); });

  // the first view: everything drawn (lane titles in the gutter, the undated column, the names), fitted
  function fitAll() {
    const w = container.clientWidth, h = container.clientHeight;
    const [x0, y0, x1, y1] = DATA.view;
    const scale = Math.min(w / (x1 - x0), h / (y1 - y0)) * 0.99;
    network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale, animation: false });
  }

  // --- helpers ---
  function reach(start, key) {
    const seen = new Set([start]), queue = [start];
    while (queue.length) {
      const i = queue.shift();
      for (const j of N[i][key]) if (!seen.has(j)) { seen.add(j); queue.push(j); }
    }
    seen.delete(start);
    return seen;
  }
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function message(text) { document.getElementById("message").textContent = text || ""; }
  function paperLink(i) {
    const a = el("a", N[i].label + " (" + (yearOf(N[i]) || "?") + ")", "paper-link");
    a.title = N[i].title || N[i].id;
    a.tabIndex = 0;
    a.addEventListener("click", () => select(i, true));
    return a;
  }
  function safeUrl(url) { return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null; }

  // --- highlighting: a veil over the drawing, the lineage (or the path) drawn again above it ---
  // vis-network restyles nodes and edges through its DataSets, and every update call re-indexes the whole network
  // (tens of milliseconds on 2,000 papers and 10,000 citations, however few items change): dimming every other
  // paper that way made a click cost half a second. So a click leaves vis-network's styles alone. The page lays a
  // translucent veil over what vis-network drew and draws the highlighted papers and citations above it, in
  // afterDrawing, where a few hundred circles and lines cost a millisecond or two.
  let focus = null;  // null: nothing highlighted; else { nodes: Map(index -> role), edges: Map(index -> style) }
  const ROLES = { selected: { color: "#111", width: 5 }, up: { color: UP, width: 4 },
                  down: { color: DOWN, width: 4, dashes: [4, 3] }, path: { color: PATH, width: 4 } };
  function highlight(nodeRoles, edgeStyles) {
    focus = nodeRoles ? { nodes: nodeRoles, edges: edgeStyles } : null;
    redrawSoon();
  }
  function drawFocus(ctx) {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = VEIL;
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
    drawAxis(ctx, true);
    focus.edges.forEach((style, k) => {
      const e = DATA.edges[k];
      if (!hiddenNow[e.from] && !hiddenNow[e.to]) drawEdge(ctx, e, k, style);
    });
    focus.nodes.forEach((role, i) => {
      if (hiddenNow[i]) return;
      const n = N[i], look = ROLES[role];
      ctx.beginPath(); ctx.arc(n.x, n.y, n.size, 0, 2 * Math.PI);
      ctx.fillStyle = colorOf(n); ctx.fill();
      ctx.lineWidth = look.width; ctx.strokeStyle = look.color; ctx.setLineDash(look.dashes || []);
      ctx.stroke(); ctx.setLineDash([]);
    });
  }
  function drawEdge(ctx, e, k, style) {
    // the same line vis-network draws: straight, or along the curve it bends an edge on a row with (its control
    // point), ending in an arrow whose tip touches the cited paper's rim
    const a = N[e.from], b = N[e.to], drawn = network.body.edges[k];
    const via = e.curve && drawn && drawn.edgeType.getViaNode ? drawn.edgeType.getViaNode() : null;
    const sx = via ? via.x : a.x, sy = via ? via.y : a.y, length = Math.hypot(b.x - sx, b.y - sy) || 1;
    const dx = (b.x - sx) / length, dy = (b.y - sy) / length, head = Math.max(8, style.width * 3);
    const tipX = b.x - dx * (b.size + 1), tipY = b.y - dy * (b.size + 1);
    ctx.strokeStyle = style.color; ctx.fillStyle = style.color; ctx.lineWidth = style.width;
    ctx.beginPath(); ctx.moveTo(a.x, a.y);
    if (via) ctx.quadraticCurveTo(via.x, via.y, tipX - dx * head * 0.8, tipY - dy * head * 0.8);
    else ctx.lineTo(tipX - dx * head * 0.8, tipY - dy * head * 0.8);
    ctx.stroke();
    ctx.beginPath(); ctx.moveTo(tipX, tipY);
    ctx.lineTo(tipX - dx * head - dy * head * 0.45, tipY - dy * head + dx * head * 0.45);
    ctx.lineTo(tipX - dx * head + dy * head * 0.45, tipY - dy * head - dx * head * 0.45);
    ctx.closePath(); ctx.fill();
  }

  function remember(id) {  // the address says what is shown, so a link shows the same (no new history entry)
    const params = new URLSearchParams();
    if (id) params.set("paper", id);
    else if (state.path && state.path.length) params.set("path", state.path[0] + "," + state.path[state.path.length - 1]);
    if (state.hiddenCategories && state.hiddenCategories.length) params.set("hide", [...state.hiddenCategories].sort().join(","));
    const all = state.fullYears;
    if (state.yearRange && all && (state.yearRange[0] !== all[0] || state.yearRange[1] !== all[1]))
      params.set("years", state.yearRange[0] + "-" + state.yearRange[1]);
    const hash = params.toString() ? "#" + params.toString().replace(/%2C/g, ",") : "";
    if (location.hash !== hash) history.replaceState(null, "", hash || location.pathname + location.search);
  }

  function select(i, focus) {
    remember(N[i].id);
    const up = reach(i, "out"), down = reach(i, "in");
    state.selected = N[i].id; state.path = [];
    state.upstream = [...up].map((j) => N[j].id).sort();
    state.downstream = [...down].map((j) => N[j].id).sort();
    const roles = new Map([[i, "selected"]]), lines = new Map();
    up.forEach((j) => roles.set(j, "up"));
    down.forEach((j) => roles.set(j, "down"));
    DATA.edges.forEach((e, k) => {
      if ((e.from === i || up.has(e.from)) && up.has(e.to)) lines.set(k, { color: UP, width: 2 });
      else if (down.has(e.from) && (e.to === i || down.has(e.to))) lines.set(k, { color: DOWN, width: 2 });
    });
    highlight(roles, lines);
    network.selectNodes([i]);
    if (focus) network.focus(i, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showDetails(i, up.size, down.size);
    message("");
    timings.lastSelect = performance.now();
  }

  function reset() {
    remember(null);
    state.selected = null; state.upstream = []; state.downstream = []; state.path = [];
    highlight(null);
    network.unselectAll();
    const details = document.getElementById("details");
    details.replaceChildren(el("p", HINT, "hint"));
    message("");
  }

  function showDetails(i, upCount, downCount) {
    const n = N[i], details = document.getElementById("details");
    details.replaceChildren();
    details.appendChild(el("h3", n.title || n.id));
    const dl = el("dl");
    const row = (k, v) => { if (v === undefined || v === null || v === "") return; dl.appendChild(el("dt", k)); dl.appendChild(el("dd", v)); };
    row("id", n.id);
    row("authors", n.authors);
    row("first appeared", n.first_appearance);
    row("year, venue", [n.year, n.venue].filter(Boolean).join(", "));
    row("category", (DATA.categories[n.category] || {}).label || n.category);
    row("arXiv", n.arxiv);
    row("DOI", n.doi);
    row("citations", n.citation_count);
    row("influential", n.influential_citation_count);
    if (n.reference_count !== undefined) row("references", (n.references_resolved !== undefined ? n.references_resolved + " resolved of " : "") + n.reference_count);
    if (n.s2_status && n.s2_status !== "resolved") row("Semantic Scholar", n.s2_status === "unresolved" ? "not found" : "no data fetched");
    if (n.openalex_status === "resolved") row("OpenAlex", n.openalex_id + ", " + (n.openalex_references_status === "unknown" ? "references unknown (none listed)" : n.openalex_reference_count + " references"));
    else if (n.openalex_status === "unresolved") row("OpenAlex", "not found");
    row("lineage", upCount + " upstream, " + downCount + " downstream");
    if (n.main_path) row("main path", DATA.main_path_label);
    details.appendChild(dl);
    const links = el("p");
    [["paper", n.url], ["code", n.code_url], ["project", n.project_url]].forEach(([name, url]) => {
      const href = safeUrl(url);
      if (!href) return;
      const a = el("a", name); a.href = href; a.target = "_blank"; a.rel = "noopener noreferrer";
      links.appendChild(a); links.appendChild(document.createTextNode(" "));
    });
    if (links.childNodes.length) details.appendChild(links);
    const list = (heading, items, edgeOf) => {
      details.appendChild(el("h2", heading + " (" + items.length + ")"));
      if (!items.length) { details.appendChild(el("p", "none in the list", "hint")); return; }
      const ul = el("ul");
      items.slice().sort((a, b) => (N[a].first_appearance || "").localeCompare(N[b].first_appearance || "") || N[a].id.localeCompare(N[b].id))
        .forEach((j) => {
          const li = el("li"); li.appendChild(paperLink(j));
          const said = sourcesOf.get(edgeOf(j));  // who vouches for this citation
          if (said) li.appendChild(el("span", " · " + said.split(",").map((s) => DATA.source_titles[s] || s).join(", "), "sources"));
          ul.appendChild(li);
        });
      details.appendChild(ul);
    };
    list("Cites in the list", n.out, (j) => i + ">" + j);
    list("Cited by in the list", n.in, (j) => j + ">" + i);
  }

  // --- search ---
  const datalist = document.getElementById("paper-list");
  N.forEach((n) => { const o = document.createElement("option"); o.value = n.title || n.id;
    o.label = n.id + " · " + (yearOf(n) || "undated"); datalist.appendChild(o); });  // title, id and year under the box
  function matches(query) {
    // every paper the query names: an exact id, arXiv id, title or short name first, else a fragment of them
    const q = (query || "").trim().toLowerCase();
    if (!q) return [];
    const exact = N.map((n, i) => i).filter((i) => { const n = N[i];
      return n.id.toLowerCase() === q || (n.arxiv || "").toLowerCase() === q || (n.title || "").toLowerCase() === q || (n.label || "").toLowerCase() === q; });
    if (exact.length) return exact;
    return N.map((n, i) => i).filter((i) => { const n = N[i];
      return (n.title || "").toLowerCase().includes(q) || n.id.toLowerCase().includes(q) || (n.label || "").toLowerCase().includes(q); });
  }
  function find(query) { const found = matches(query); return found.length === 1 ? found[0] : -1; }
  const search = document.getElementById("search");
  function runSearch(typing) {
    const q = search.value.trim(), found = matches(q);
    if (!q) { message(""); return; }
    if (!found.length) { message("No paper matches “" + q + "”"); return; }
    if (found.length > 1) {  // never a silent pick: say how many, and let the list under the box narrow it
      message(found.length + " papers match “" + q + "”: type more, or pick one from the list");
      return;
    }
    if (typing && state.selected === N[found[0]].id) return;
    if (hiddenNow[found[0]]) showAll();
    select(found[0], true);
  }
  search.addEventListener("keydown", (ev) => { if (ev.key === "Enter") runSearch(false); });
  search.addEventListener("input", () => runSearch(true));  // find as you type: a unique match selects at once
  search.addEventListener("change", () => runSearch(false));

  // --- filters: categories (legend) and years ---
  const years = N.map(yearOf).filter((y) => y);
  const minYear = years.length ? Math.min(...years) : 2000, maxYear = years.length ? Math.max(...years) : 2000;
  const yearFrom = document.getElementById("year-from"), yearTo = document.getElementById("year-to");
  [yearFrom, yearTo].forEach((input) => { input.min = minYear; input.max = maxYear; });
  yearFrom.value = minYear; yearTo.value = maxYear;
  state.yearRange = [minYear, maxYear];
  state.fullYears = [minYear, maxYear];

  function applyFilters() {
    const hidden = new Set(state.hiddenCategories);
    const lo = parseInt(yearFrom.value, 10) || minYear, hi = parseInt(yearTo.value, 10) || maxYear;
    if (lo > hi) {  // an inverted range shows nothing: refuse it and say why
      message("The years run from " + lo + " to " + hi + ": the first must not be after the last");
      yearFrom.value = state.yearRange[0]; yearTo.value = state.yearRange[1];
      return;
    }
    state.yearRange = [lo, hi];
    const hide = N.map((n) => { const y = yearOf(n); return hidden.has(n.category) || (y !== null && (y < lo || y > hi)); });
    hiddenNow = hide;
    nodes.update(N.map((_, i) => ({ id: i, hidden: hide[i] })));
    edges.update(DATA.edges.map((e, k) => ({ id: k, hidden: hide[e.from] || hide[e.to] })));
    state.visible = hide.filter((h) => !h).length;
    updateStats();
    remember(state.selected);
  }
  function showAll() {
    state.hiddenCategories = [];
    yearFrom.value = minYear; yearTo.value = maxYear;
    legend.querySelectorAll("button").forEach((b) => b.setAttribute("aria-pressed", "true"));
    applyFilters();
  }
  yearFrom.addEventListener("change", applyFilters);
  yearTo.addEventListener("change", applyFilters);

  const legend = document.getElementById("legend");
  const counts = {};
  N.forEach((n) => { counts[n.category] = (counts[n.category] || 0) + 1; });
  const categoryIds = DATA.lanes.map((l) => l.id);
  categoryIds.forEach((cid) => {
    const info = DATA.categories[cid] || { label: cid, color: "#999999" };
    const b = el("button");
    b.type = "button"; b.dataset.category = cid; b.setAttribute("aria-pressed", "true");
    const sw = el("span", null, "swatch"); sw.style.background = info.color;
    b.append(sw, el("span", info.label || cid), el("span", counts[cid] || 0, "count"));
    b.addEventListener("click", () => {
      const set = new Set(state.hiddenCategories);
      if (set.has(cid)) set.delete(cid); else set.add(cid);
      state.hiddenCategories = [...set].sort();
      b.setAttribute("aria-pressed", set.has(cid) ? "false" : "true");
      applyFilters();
    });
    legend.appendChild(b);
  });

  function updateStats() {
    const shown = state.visible === N.length ? "" : " (" + state.visible + " shown)";
    document.getElementById("stats").textContent = N.length + " papers · " + DATA.edges.length + " citations" + shown;
  }

  // --- path between two papers (follows citations: the first paper cites ... cites the second) ---
  function shortestPath(a, b) {
    const prev = new Map([[a, -1]]), queue = [a];
    while (queue.length) {
      const i = queue.shift();
      if (i === b) break;
      for (const j of N[i].out) if (!prev.has(j)) { prev.set(j, i); queue.push(j); }
    }
    if (!prev.has(b)) return null;
    const path = [];
    for (let i = b; i !== -1; i = prev.get(i)) path.unshift(i);
    return path;
  }
  document.getElementById("path-go").addEventListener("click", () => {
    const a = find(document.getElementById("path-from").value), b = find(document.getElementById("path-to").value);
    if (a < 0 || b < 0) { message("Choose two papers for the path"); return; }
    showPath(a, b);
  });
  function showPath(a, b) {
    const path = shortestPath(a, b) || shortestPath(b, a);
    if (!path) { reset(); message("No citation path between " + N[a].label + " and " + N[b].label); return; }
    if (path.some((i) => hiddenNow[i])) showAll();  // filters stay, unless they hide the path itself
    const pairs = new Set();
    for (let k = 0; k + 1 < path.length; k++) pairs.add(path[k] + ">" + path[k + 1]);
    const lines = new Map();
    DATA.edges.forEach((e, k) => { if (pairs.has(e.from + ">" + e.to)) lines.set(k, { color: PATH, width: 4 }); });
    highlight(new Map(path.map((j) => [j, "path"])), lines);
    state.selected = null; state.upstream = []; state.downstream = [];
    state.path = path.map((i) => N[i].id);
    const details = document.getElementById("details");
    details.replaceChildren(el("h3", "Citation path (" + (path.length - 1) + " steps)"));
    const ol = el("ol");
    path.forEach((i) => { const li = el("li"); li.appendChild(paperLink(i)); ol.appendChild(li); });
    details.appendChild(ol);
    network.fit({ nodes: path, animation: false });
    message("");
    remember(null);
  }

  network.on("click", (params) => {
    if (params.nodes.length) select(params.nodes[0], false);
    else if (!params.edges.length) reset();
  });
  document.getElementById("reset").addEventListener("click", () => { showAll(); reset(); fitAll(); });
  document.addEventListener("keydown", (ev) => {  // Esc: no selection, and the whole graph in view again
    if (ev.key === "Escape") { reset(); fitAll(); }
  });

  // --- shareable state: lineage.html#paper=hubert opens with HuBERT selected, and the address follows ---
  function fromAddress() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    const hide = (params.get("hide") || "").split(",").filter((c) => DATA.categories[c]);
    const years = (params.get("years") || "").match(/^(\d{4})-(\d{4})$/);
    if (hide.length || years) {
      state.hiddenCategories = hide;
      legend.querySelectorAll("button").forEach((b) => b.setAttribute("aria-pressed", String(!hide.includes(b.dataset.category))));
      if (years && +years[1] <= +years[2]) { yearFrom.value = years[1]; yearTo.value = years[2]; }
      applyFilters();
    }
    const wanted = params.get("paper"), path = (params.get("path") || "").split(",");
    if (wanted && byId.has(wanted)) select(byId.get(wanted), true);
    else if (path.length === 2 && byId.has(path[0]) && byId.has(path[1])) showPath(byId.get(path[0]), byId.get(path[1]));
  }
  window.addEventListener("hashchange", fromAddress);

  updateStats();
  if (N.length) fitAll();
  fromAddress();
  window.graphbuild = { data: DATA, network, nodes, edges, state, timings, select: (id) => select(byId.get(id), true),
                        reset, find, fitAll,
                        highlighted: () => focus && { nodes: Object.fromEntries([...focus.nodes].map(([i, r]) => [N[i].id, r])),
                                                      edges: [...focus.edges.keys()].map((k) => N[DATA.edges[k].from].id + ">" + N[DATA.edges[k].to].id) },
                        labelBoxes: () => drawnBoxes.map((b) => ({ id: b.id, box: b.box.slice() })),
                        tickBoxes: () => drawnTicks.map((b) => ({ id: b.id, box: b.box.slice() })),
                        titleBoxes: () => DATA.lanes.map((l) => ({ id: l.id, box: l.title_box.slice() })) };
  document.body.dataset.ready = "true";
})();
