"use strict";
// The lineage page. vis-network (the library pyvis ships) is the camera: the canvas, pan, wheel and pinch zoom,
// taps and moveTo. It is given no nodes and no edges: the page draws lanes, citations, papers and names itself in
// vis-network's beforeDrawing/afterDrawing, batched (one path per colour and shape, one per kind of line) and
// culled to the view, which is what lets 10,000 papers pan and zoom; vis-network's own nodes re-index the whole
// network for every restyle. Python laid everything out (graphbuild/layout.py): the page only stacks the blocks of
// the lanes that are open, in the same way (stack() here, layout.stacked there; a test holds them equal).
(function () {
  const DATA = JSON.parse(document.getElementById("graph-data").textContent);
  const HINT = document.querySelector("#details .hint").textContent;  // the text Python put in the page
  let hintText = HINT;
  const L = DATA.layout;
  const N = DATA.nodes;
  const byId = new Map(N.map((n, i) => [n.id, i]));
  const FACE = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  // The drawing's colours, light and dark (following the reader's system, as the style sheet does). Citations:
  // those between the most important papers dark (light) enough to read against the page, 3:1 or more, the rest
  // faint, so that a large list reads as its strongest lines first, not as a grey hairball.
  const THEMES = {
    light: { ink: "#1f2933", muted: "#52606d", tickSub: "#7b8794", veil: "rgba(255,255,255,0.8)", dimName: "#9aa5b1",
             up: "#c2410c", down: "#1d4ed8", path: "#b42318", selected: "#111111", match: "#7c3aed",
             spine: "rgba(31,41,51,0.85)", edgeStrong: "rgba(82,96,109,0.75)", edgeFaint: "rgba(82,96,109,0.22)",
             tick: "rgba(82,96,109,0.25)", tickFine: "rgba(82,96,109,0.12)", halo: "#ffffff",
             band: "rgba(255,255,255,0.92)", chip: "rgba(255,255,255,0.9)", card: "rgba(255,255,255,0.96)",
             cardInk: "#111111", cardRim: "#9aa5b1", lane: [0.11, 0.06] },
    dark: { ink: "#e4e7eb", muted: "#a9b4bf", tickSub: "#9aa5b1", veil: "rgba(21,25,30,0.8)", dimName: "#616e7c",
            up: "#fb923c", down: "#8ab4ff", path: "#f87171", selected: "#ffffff", match: "#c4b5fd",
            spine: "rgba(228,231,235,0.85)", edgeStrong: "rgba(169,180,191,0.75)", edgeFaint: "rgba(169,180,191,0.2)",
            tick: "rgba(169,180,191,0.22)", tickFine: "rgba(169,180,191,0.1)", halo: "#15191e",
            band: "rgba(21,25,30,0.92)", chip: "rgba(21,25,30,0.9)", card: "rgba(31,37,44,0.97)",
            cardInk: "#f5f7fa", cardRim: "#616e7c", lane: [0.2, 0.12] },
  };
  const darkScheme = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  let T = darkScheme && darkScheme.matches ? THEMES.dark : THEMES.light;
  // the strong ones: the 300 citations between the most important papers (by the sum of their ranks), at most a
  // quarter of all
  const STRONG = new Uint8Array(DATA.edges.length);
  DATA.edges.map((e, k) => [N[e[0]].rank + N[e[1]].rank, k]).sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .slice(0, Math.min(300, Math.ceil(DATA.edges.length / 4))).forEach(([, k]) => { STRONG[k] = 1; });
  const PICK_PX = 10;  // a tap or click within this many screen pixels of a paper's rim picks it: a 2.5 px mark is a 25 px target
  const yearOf = (n) => (n.first_appearance ? parseInt(n.first_appearance.slice(0, 4), 10) : n.year || null);
  const laneOf = (n) => DATA.lanes[n.category] || null;
  const COMMUNITIES = DATA.communities || {};
  const communityOf = (n) => (n.community !== undefined ? COMMUNITIES[String(n.community)] : null);
  const OTHER = { color: "#8a8a8a", shape: "circle" };  // a paper linked to no other: in no community
  const colorOf = (n) => (state.colour === "community" ? (communityOf(n) || OTHER).color
    : (laneOf(n) || {}).color || (DATA.categories[n.category] || {}).color || "#999999");
  const shapeOf = (n) => (state.colour === "community" ? (communityOf(n) || OTHER).shape : (laneOf(n) || {}).shape || "circle");
  const sourcesOf = (e) => DATA.edge_sources[e[2]];
  const edgeWidth = (e) => 0.5 + 0.5 * Math.max(1, sourcesOf(e).split(",").filter(Boolean).length);

  const state = { selected: null, upstream: [], downstream: [], path: [], hiddenCategories: [], yearRange: [null, null],
                  visible: N.length, open: DATA.open.slice(), depth: null, cites: "", colour: "" };

  // --- stacking the lanes that are open (layout.drawn_blocks and layout.stacked, in JavaScript) ---
  function drawnBlocks(opened) {
    const out = [];
    const emit = (c) => {
      const lane = DATA.lanes[c];
      if (lane.children.length && opened.has(c)) {
        if (!lane.group) out.push({ key: c + "/own", lane: c, depth: lane.depth, open: true });
        lane.children.forEach(emit);
      } else out.push({ key: c, lane: c, depth: lane.depth, open: false });
    };
    DATA.roots.forEach(emit);
    return out;
  }
  const round2 = (v) => Math.round(v * 100) / 100;
  function stack(opened) {
    const blocks = drawnBlocks(opened);
    const natural = blocks.reduce((sum, b) => sum + DATA.blocks[b.key].h, 0);
    const extra = blocks.length ? Math.min(L.stretch_max, Math.max(0, L.room - natural) / blocks.length) : 0;
    let top = 0;
    return blocks.map((b) => {
      const bottom = top + DATA.blocks[b.key].h + extra;
      const out = Object.assign({}, b, { top: round2(top), bottom: round2(bottom) });
      top = bottom;
      return out;
    });
  }
  // positions and names for the lanes drawn: Y[i], and NAME[i] = [x, y, size, anchor, width] or undefined
  let LANES = [], Y = new Float64Array(N.length), NAME = new Array(N.length), CURVED = new Uint8Array(DATA.edges.length);
  function compose() {
    LANES = stack(new Set(state.open));
    NAME = new Array(N.length);
    LANES.forEach((lane) => {
      const block = DATA.blocks[lane.key];
      const dy = lane.top + (lane.bottom - lane.top - block.h) / 2;
      block.p.forEach(([i, y]) => { Y[i] = round2(y + dy); });
      block.n.forEach(([i, x, y, size, anchor, width]) => { NAME[i] = [x, y + dy, size, anchor, width]; });
    });
    buildGrid();
    // an edge whose straight line would pass over another paper (a row's neighbours, mostly) bends around it:
    // a line through a paper reads as a citation of it
    DATA.edges.forEach((e, k) => { CURVED[k] = passesOver(e[0], e[1]) ? 1 : 0; });
    EDGE_GRID = null;  // built when a pointer first asks for a citation (edgeGrid), not before the first draw
    updateFolds();
  }
  const laneBottom = () => (LANES.length ? LANES[LANES.length - 1].bottom : 0);

  const PASSED = new Map();  // cell -> the last line that looked at it (no set to allocate for each of 50,000)
  let passStamp = 0;
  function passesOver(a, b) {  // does the segment a → b come within 2 units of the rim of a paper but its ends?
    const ax = N[a].x, ay = Y[a], bx = N[b].x, by = Y[b], dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy || 1;
    const steps = Math.ceil(Math.sqrt(len2) / CELL) + 1, stamp = ++passStamp;
    for (let s = 0; s <= steps; s++) {
      const px = ax + (dx * s) / steps, py = ay + (dy * s) / steps;
      for (let gx = Math.floor(px / CELL) - 1; gx <= Math.floor(px / CELL) + 1; gx++) {
        for (let gy = Math.floor(py / CELL) - 1; gy <= Math.floor(py / CELL) + 1; gy++) {
          const key = cellKey(gx, gy), papers = GRID.get(key);
          if (!papers || PASSED.get(key) === stamp) continue;  // an empty cell, or one this line has looked at
          PASSED.set(key, stamp);
          for (const i of papers) {
            if (i === a || i === b) continue;
            const t = Math.max(0, Math.min(1, ((N[i].x - ax) * dx + (Y[i] - ay) * dy) / len2));
            if (t <= 0 || t >= 1) continue;
            if (Math.hypot(ax + t * dx - N[i].x, ay + t * dy - Y[i]) < N[i].size + 2) return true;
          }
        }
      }
    }
    return false;
  }

  // --- picking: papers in a grid of cells, so a tap looks at its neighbours only ---
  const CELL = 32;
  // a cell's key, a number (a string key cost a third of the page's start at 50,000 citations); |gy| < 2^19
  const cellKey = (gx, gy) => gx * 1048576 + gy;
  let GRID = new Map();
  function buildGrid() {
    GRID = new Map();
    N.forEach((n, i) => {
      const key = cellKey(Math.floor(n.x / CELL), Math.floor(Y[i] / CELL));
      if (!GRID.has(key)) GRID.set(key, []);
      GRID.get(key).push(i);
    });
  }
  function pick(point) {  // the paper whose rim is nearest `point` (canvas units) within PICK_PX screen pixels
    const scale = network.getScale(), reachPx = PICK_PX / scale;
    const span = Math.ceil((reachPx + 30) / CELL);
    const cx = Math.floor(point.x / CELL), cy = Math.floor(point.y / CELL);
    let best = -1, bestD = Infinity;
    for (let gx = cx - span; gx <= cx + span; gx++) for (let gy = cy - span; gy <= cy + span; gy++) {
      for (const i of GRID.get(cellKey(gx, gy)) || []) {
        if (hiddenNow[i]) continue;
        const d = Math.hypot(N[i].x - point.x, Y[i] - point.y), rim = d - N[i].size;
        if (rim <= reachPx && d < bestD) { best = i; bestD = d; }  // nearest centre wins among those in reach
      }
    }
    return best;
  }

  const container = document.getElementById("network");
  const network = new vis.Network(container, { nodes: [], edges: [] }, {
    physics: false,
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: false, dragNodes: false, selectable: false, keyboard: false, zoomView: true, dragView: true },
  });
  const timings = { firstDraw: null, lastSelect: null, frames: [] };  // read by benchmarks/page.py
  requestAnimationFrame(() => requestAnimationFrame(() => {
    timings.firstDraw = performance.now();
    // the citations' grid for the pointer, once the page is idle after its first frame (at most 2 s later)
    if (window.requestIdleCallback) requestIdleCallback(() => edgeGrid(), { timeout: 2000 });
  }));
  function redrawSoon() {  // one frame, in the next animation frame, where vis-network's own requests land too
    if (network.body && network.body.emitter) network.body.emitter.emit("_requestRedraw");
    else network.redraw();
  }

  let hiddenNow = new Uint8Array(N.length);  // what the filters hide
  let hovered = -1;
  let hoveredEdge = { k: -1 };  // the citation under the pointer, and where the pointer is (canvas units)
  let focus = null;  // null: nothing highlighted; else { nodes: Map(index -> role), edges: Map(k -> style) }
  let matched = null;  // Find's matches: a Set of indices, marked on the drawing
  let drawnBoxes = [], drawnTicks = [], drawnTitles = [];

  function viewBox() {
    const tl = network.DOMtoCanvas({ x: 0, y: 0 });
    const br = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    return [tl.x, tl.y, br.x, br.y];
  }

  // --- the drawing, under and over ---
  function drawUnder(ctx) {  // lanes, years, citations, papers and (nothing chosen) their names
    const scale = network.getScale(), box = viewBox();
    drawLanes(ctx, box);
    drawTicks(ctx, scale, box);
    drawEdges(ctx, scale, box);
    drawMarks(ctx, box, null);
    layoutTitles(ctx, scale, box);
    if (!focus) drawNames(ctx, scale, box, null);
  }
  function drawOver(ctx, pointer) {  // what is chosen and found, the sticky band and titles, the pointer's card
    const scale = network.getScale(), box = viewBox();
    if (focus) drawFocus(ctx, scale, box);
    if (matched) drawMatches(ctx, scale);
    drawScreen(ctx, scale, box);  // the year band and lane titles; the cards go over them
    if (focus) drawChosenCards(ctx, scale);
    if (!pointer) return;
    if (hovered >= 0 && !hiddenNow[hovered]) drawCard(ctx, scale, hovered);
    else if (hoveredEdge.k >= 0) drawEdgeCard(ctx, scale, hoveredEdge.k, hoveredEdge.at);
  }
  network.on("beforeDrawing", (ctx) => {
    const started = performance.now();
    drawUnder(ctx);
    timings.frames.push(performance.now() - started);
    if (timings.frames.length > 400) timings.frames.splice(0, 200);
  });
  network.on("afterDrawing", (ctx) => drawOver(ctx, true));
  // The view as SVG: the same drawing into a recording context (svgcanvas.js), in the transform vis-network draws
  // with (canvas to screen: scale, then the translation canvasToDOM gives for the origin); no pointer card.
  function svgOfView() {
    const w = container.clientWidth, h = container.clientHeight, ctx = new SvgCanvas(w, h);
    const scale = network.getScale(), origin = network.canvasToDOM({ x: 0, y: 0 });
    ctx.setTransform(scale, 0, 0, scale, origin.x, origin.y);
    drawUnder(ctx);
    drawOver(ctx, false);
    const background = getComputedStyle(document.body).backgroundColor;
    return ctx.toString(background, document.getElementById("page-title").textContent);
  }

  function drawLanes(ctx, box) {
    const [x0, , x1] = DATA.view;
    LANES.forEach((lane, k) => {
      if (lane.bottom < box[1] || lane.top > box[3]) return;
      const info = DATA.lanes[lane.lane];
      ctx.globalAlpha = T.lane[k % 2];
      ctx.fillStyle = info.color;
      ctx.fillRect(x0, lane.top, Math.max(x1, box[2]) - x0, lane.bottom - lane.top);
    });
    ctx.globalAlpha = 1;
  }

  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function drawTicks(ctx, scale, box) {  // year lines under the lanes (their labels: drawScreen, a sticky band)
    const px = (v) => v / scale, bottom = laneBottom();
    ctx.lineWidth = px(1);
    ctx.strokeStyle = T.tick;
    ctx.beginPath();
    DATA.axis.forEach((tick) => { if (tick.x >= box[0] && tick.x <= box[2]) { ctx.moveTo(tick.x, 0); ctx.lineTo(tick.x, bottom); } });
    ctx.stroke();
    ctx.strokeStyle = T.tickFine;
    ctx.beginPath();
    DATA.axis.slice(0, -1).forEach((tick, k) => {  // a year wide enough on screen: its half-years or quarters
      const w = DATA.axis[k + 1].x - tick.x, parts = yearParts(w * scale);
      if (tick.x + w < box[0] || tick.x > box[2]) return;
      for (let q = 1; q < parts; q++) { const x = tick.x + (w * q) / parts; ctx.moveTo(x, 0); ctx.lineTo(x, bottom); }
    });
    ctx.stroke();
  }
  // years are as wide as their papers ask (layout.timeline_years): each is split by its own width on screen
  const yearParts = (pixels) => (pixels >= 400 ? 4 : pixels >= 200 ? 2 : 1);

  function edgeEnds(e, k) {  // from the citing paper's centre to the cited one's rim, and the bend's control point
    const a = e[0], b = e[1], ax = N[a].x, ay = Y[a], bx = N[b].x, by = Y[b];
    let cx = null, cy = null;
    if (CURVED[k]) {  // the control point off to one side (always the same side of the citing → cited line)
      const len = Math.hypot(bx - ax, by - ay) || 1, bend = Math.min(0.15 * len, 40) + 5;
      cx = (ax + bx) / 2 + ((by - ay) / len) * bend; cy = (ay + by) / 2 - ((bx - ax) / len) * bend;
    }
    const sx = cx === null ? ax : cx, sy = cy === null ? ay : cy;
    const length = Math.hypot(bx - sx, by - sy) || 1, ux = (bx - sx) / length, uy = (by - sy) / length;
    const r = N[b].size + 1;
    return [ax, ay, bx - ux * r, by - uy * r, ux, uy, cx, cy];
  }
  // why a citation is made, where a source read it (DATA.why by the edge's row; flags 4 influential, 8 methodology)
  function citesShown(e) {
    return !state.cites || (state.cites === "methodology" ? e[3] & 8 : e[3] & 4);
  }
  // DATA.why[k]: [sentences known, "intents", sentence, "its intents", ...]; influential is flag 4
  function whyOf(k) {
    const row = DATA.why[k];
    if (!row) return null;
    const split = (text) => (text ? text.split(",") : []);
    const s = [];
    for (let j = 2; j + 1 < row.length; j += 2) s.push([row[j], split(row[j + 1])]);
    return { n: row[0], t: split(row[1]), s, i: DATA.edges[k][3] & 4 ? "true" : "false" };
  }
  function whySummary(k) {
    const known = whyOf(k);
    if (!known) return "unknown (no citing sentence read)";
    const parts = known.t.length ? known.t.slice() : ["no intent given"];
    if (known.i === "true") parts.push("influential");
    return parts.join(", ");
  }
  const WHY_KNOWN = Object.keys(DATA.why).length;  // citations whose reason was read (none: nothing to say per line)
  function whyBadges(k) {
    const known = whyOf(k);
    if (!known) return WHY_KNOWN ? [el("span", "unknown", "intent unknown")] : [];
    const badges = known.t.map((t) => el("span", t, "intent " + t));
    if (known.i === "true") badges.push(el("span", "influential", "intent influential"));
    return badges;
  }
  function visibleEdge(e, box) {
    const a = e[0], b = e[1];
    if (hiddenNow[a] || hiddenNow[b] || !citesShown(e)) return false;
    const lo = Math.min(N[a].x, N[b].x), hi = Math.max(N[a].x, N[b].x), top = Math.min(Y[a], Y[b]) - 60, bottom = Math.max(Y[a], Y[b]);
    return hi >= box[0] && lo <= box[2] && bottom >= box[1] && top <= box[3];
  }
  function drawEdges(ctx, scale, box) {
    // one path per kind: faint, strong (citing one of the most cited), curated-only (dashed), the main path
    const kinds = new Map();
    const arrows = [];
    let count = 0;
    DATA.edges.forEach((e, k) => {
      if (!visibleEdge(e, box)) return;
      count++;
      const spine = e[3] & (state.cites === "methodology" ? 16 : 2), dashed = e[3] & 1 && !spine, strong = spine || STRONG[k];
      const key = (spine ? "s" : strong ? "t" : "f") + (dashed ? "d" : "") + edgeWidth(e);
      if (!kinds.has(key)) kinds.set(key, []);
      kinds.get(key).push(k);
    });
    const withArrows = count <= 4000;
    kinds.forEach((list, key) => {
      const spine = key[0] === "s", strong = key[0] === "t", dashed = key[1] === "d";
      const width = spine ? 3 : parseFloat(key.slice(dashed ? 2 : 1));
      ctx.strokeStyle = spine ? T.spine : strong ? T.edgeStrong : T.edgeFaint;
      ctx.fillStyle = ctx.strokeStyle;
      ctx.lineWidth = width / Math.max(scale, 0.5);
      ctx.setLineDash(dashed ? [4 / scale, 3 / scale] : []);
      ctx.beginPath();
      list.forEach((k) => {
        const [ax, ay, tx, ty, ux, uy, cx, cy] = edgeEnds(DATA.edges[k], k);
        ctx.moveTo(ax, ay);
        if (cx !== null) ctx.quadraticCurveTo(cx, cy, tx, ty); else ctx.lineTo(tx, ty);
        if (withArrows && (strong || spine)) arrows.push([tx, ty, ux, uy, ctx.strokeStyle, width]);
      });
      ctx.stroke();
    });
    ctx.setLineDash([]);
    const groups = new Map();
    arrows.forEach((a) => { const key = a[4] + "|" + a[5]; if (!groups.has(key)) groups.set(key, []); groups.get(key).push(a); });
    groups.forEach((list, key) => {
      const [colour, width] = key.split("|");
      ctx.fillStyle = colour;
      fillHeads(ctx, list, Math.max(6, parseFloat(width) * 3) / Math.max(scale, 0.5));
    });
  }
  function fillHeads(ctx, heads, size) {
    // in paths of 64 heads: one fill of thousands of overlapping triangles costs the rasteriser far more than the
    // same triangles in small batches (200 ms against 15 ms for 7,000 of them)
    for (let k = 0; k < heads.length; k += 64) {
      ctx.beginPath();
      heads.slice(k, k + 64).forEach(([tx, ty, ux, uy]) => arrowHead(ctx, tx, ty, ux, uy, size));
      ctx.fill();
    }
  }
  function arrowHead(ctx, tx, ty, ux, uy, head) {
    ctx.moveTo(tx, ty);
    ctx.lineTo(tx - ux * head - uy * head * 0.45, ty - uy * head + ux * head * 0.45);
    ctx.lineTo(tx - ux * head + uy * head * 0.45, ty - uy * head - ux * head * 0.45);
    ctx.closePath();
  }

  function markPath(ctx, shape, x, y, r) {
    if (shape === "square") { const s = r * 0.89; ctx.rect(x - s, y - s, 2 * s, 2 * s); return; }
    if (shape === "triangle") { const s = r * 1.3; ctx.moveTo(x, y - s); ctx.lineTo(x + s * 0.87, y + s * 0.5); ctx.lineTo(x - s * 0.87, y + s * 0.5); ctx.closePath(); return; }
    if (shape === "diamond") { const s = r * 1.25; ctx.moveTo(x, y - s); ctx.lineTo(x + s, y); ctx.lineTo(x, y + s); ctx.lineTo(x - s, y); ctx.closePath(); return; }
    ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
  function drawMarks(ctx, box, only) {  // papers, one path per colour and shape, culled to the view
    const groups = new Map();
    const each = only ? [...only] : N.map((_, i) => i);
    each.forEach((i) => {
      const n = N[i], y = Y[i];
      if (hiddenNow[i] || n.x + n.size < box[0] || n.x - n.size > box[2] || y + n.size < box[1] || y - n.size > box[3]) return;
      const key = colorOf(n) + "|" + shapeOf(n);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(i);
    });
    ctx.lineWidth = 1 / network.getScale();
    ctx.strokeStyle = T.halo;
    groups.forEach((list, key) => {
      const [colour, shape] = key.split("|");
      ctx.fillStyle = colour;
      ctx.beginPath();
      list.forEach((i) => markPath(ctx, shape, N[i].x, Y[i], N[i].size));
      ctx.fill();
      if (list.length < 3000) ctx.stroke();
    });
  }

  // Names: placed in Python at sizes in tiers; each is written once it is at least min_name_px on screen (level of
  // detail), never larger than max_name_px (zoomed in, it keeps to its own box, beside its own paper).
  function nameThreshold() { return Math.min(L.min_name_px, L.name_px * fitScale() * 0.999); }
  function drawNames(ctx, scale, box, only) {
    drawnBoxes = [];
    const least = nameThreshold();
    ctx.textBaseline = "middle"; ctx.textAlign = "left"; ctx.lineJoin = "round"; ctx.strokeStyle = T.halo;
    const each = only ? [...only] : N.map((_, i) => i);
    each.forEach((i) => {
      const name = NAME[i];
      if (!name || hiddenNow[i] || i === hovered) return;
      const [lx, ly, ls, anchor, lw] = name;
      if (ls * scale < least) return;
      if (lx > box[2] || lx + lw < box[0] || ly - ls > box[3] || ly + ls < box[1]) return;
      const size = Math.min(ls, L.max_name_px / scale);
      ctx.font = size + "px " + FACE;
      const width = Math.min(ctx.measureText(N[i].label).width, lw);
      const x0 = anchor === 1 ? lx + lw - width : anchor === 2 ? lx + (lw - width) / 2 : lx;
      const named = [x0, ly - size * 0.65, x0 + width, ly + size * 0.65];
      if (underTitle(named)) return;
      ctx.lineWidth = size / 4;
      ctx.strokeText(N[i].label, x0, ly, lw);
      ctx.fillStyle = focus && !focus.nodes.has(i) ? T.dimName : T.ink;
      ctx.fillText(N[i].label, x0, ly, lw);
      drawnBoxes.push({ id: N[i].id, box: named });
    });
  }

  function drawCard(ctx, scale, i) {  // the paper under the pointer: its name and year on a card above everything
    const n = N[i], size = 13 / scale, text = n.label + " (" + (yearOf(n) || "?") + ")";
    ctx.font = size + "px " + FACE;
    ctx.textBaseline = "middle"; ctx.textAlign = "left";
    const w = ctx.measureText(text).width, x = n.x + n.size + 4 / scale, y = Y[i];
    ctx.fillStyle = T.card;
    ctx.fillRect(x - 3 / scale, y - size * 0.8, w + 6 / scale, size * 1.6);
    ctx.strokeStyle = T.cardRim; ctx.lineWidth = 1 / scale;
    ctx.strokeRect(x - 3 / scale, y - size * 0.8, w + 6 / scale, size * 1.6);
    ctx.fillStyle = T.cardInk; ctx.fillText(text, x, y);
  }

  function edgeCardLines(k) {  // what the card of a hovered citation says: who cites whom, who says so, why
    const e = DATA.edges[k], short = (t) => (t.length > 90 ? t.slice(0, 88) + "…" : t);
    const said = sourcesOf(e).split(",").filter(Boolean).map((s) => DATA.source_titles[s] || s).join(", ");
    const lines = [N[e[0]].label + " cites " + N[e[1]].label, "reported by " + said + (e[3] & 2 ? " · main path" : "")];
    lines.push("why: " + whySummary(k));
    const first = DATA.why[k] && whyOf(k).s[0];
    if (first) lines.push("“" + short(first[0]) + "”");
    if (DATA.evidence[k]) lines.push(short(DATA.evidence[k]));
    return lines;
  }

  function drawEdgeCard(ctx, scale, k, at) {  // the citation under the pointer: its line drawn dark, who cites whom
    const e = DATA.edges[k];
    if (hiddenNow[e[0]] || hiddenNow[e[1]]) return;
    const [ax, ay, tx, ty, ux, uy, cx, cy] = edgeEnds(e, k);
    ctx.strokeStyle = T.ink; ctx.fillStyle = T.ink; ctx.lineWidth = 2.5 / Math.max(scale, 0.5);
    ctx.beginPath(); ctx.moveTo(ax, ay);
    if (cx !== null) ctx.quadraticCurveTo(cx, cy, tx, ty); else ctx.lineTo(tx, ty);
    ctx.stroke();
    fillHeads(ctx, [[tx, ty, ux, uy]], 8 / Math.max(scale, 0.5));
    const lines = edgeCardLines(k);
    const size = 12 / scale, pad = 4 / scale;
    ctx.font = size + "px " + FACE; ctx.textBaseline = "middle"; ctx.textAlign = "left";
    const w = Math.max(...lines.map((t) => ctx.measureText(t).width)), h = lines.length * size * 1.35;
    const view = viewBox();  // below right of the pointer, or on the other side where the view ends
    const x = at.x + 12 / scale + w + pad > view[2] ? at.x - 12 / scale - w : at.x + 12 / scale;
    const y = at.y + 12 / scale + h + pad > view[3] ? at.y - 12 / scale - h : at.y + 12 / scale;
    ctx.fillStyle = T.card; ctx.fillRect(x - pad, y - pad, w + 2 * pad, h + 2 * pad);
    ctx.strokeStyle = T.cardRim; ctx.lineWidth = 1 / scale; ctx.strokeRect(x - pad, y - pad, w + 2 * pad, h + 2 * pad);
    ctx.fillStyle = T.cardInk;
    lines.forEach((t, j) => ctx.fillText(t, x, y + size * 0.68 + j * size * 1.35));
  }

  // --- highlighting: a veil over the drawing, the lineage (or the path) drawn again above it ---
  // each role's look; a colour is the name of one of the theme's (THEMES)
  const ROLES = { selected: { color: "selected", width: 4 }, up: { color: "up", width: 3 },
                  down: { color: "down", width: 3, dashes: [4, 3] }, path: { color: "path", width: 4 } };
  function drawFocus(ctx, scale, box) {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = T.veil;
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
    const byStyle = new Map();
    focus.edges.forEach((style, k) => {
      const e = DATA.edges[k];
      if (hiddenNow[e[0]] || hiddenNow[e[1]]) return;
      const key = style.color + "|" + style.width;
      if (!byStyle.has(key)) byStyle.set(key, []);
      byStyle.get(key).push(k);
    });
    // thousands of lines (a foundational paper's citers) are drawn as hairlines: a wide line costs the
    // rasteriser ten times as much, and a thousand of them read as a band anyway
    const many = focus.edges.size > 1500;
    byStyle.forEach((list, key) => {
      const [role, width] = key.split("|");
      ctx.strokeStyle = T[role]; ctx.fillStyle = T[role]; ctx.lineWidth = (many ? 1 : parseFloat(width)) / Math.max(scale, 0.5);
      ctx.beginPath();
      const heads = [];
      list.forEach((k) => {
        const [ax, ay, tx, ty, ux, uy, cx, cy] = edgeEnds(DATA.edges[k], k);
        ctx.moveTo(ax, ay);
        if (cx !== null) ctx.quadraticCurveTo(cx, cy, tx, ty); else ctx.lineTo(tx, ty);
        heads.push([tx, ty, ux, uy]);
      });
      ctx.stroke();
      fillHeads(ctx, heads, Math.max(7, parseFloat(width) * 3) / Math.max(scale, 0.5));
    });
    drawMarks(ctx, box, focus.nodes.keys());
    Object.keys(ROLES).forEach((role) => {  // each role's rings in one path
      const look = ROLES[role];
      ctx.beginPath();
      let any = false;
      focus.nodes.forEach((r, i) => {
        if (r !== role || hiddenNow[i]) return;
        const n = N[i], y = Y[i];
        if (n.x + n.size < box[0] || n.x - n.size > box[2] || y + n.size < box[1] || y - n.size > box[3]) return;
        markPath(ctx, shapeOf(n), n.x, y, n.size + 1.5 / scale);
        any = true;
      });
      if (!any) return;
      ctx.lineWidth = look.width / scale; ctx.strokeStyle = T[look.color]; ctx.setLineDash((look.dashes || []).map((d) => d / scale));
      ctx.stroke(); ctx.setLineDash([]);
    });
    drawNames(ctx, scale, box, focus.nodes.keys());
  }
  function drawChosenCards(ctx, scale) {
    // the selected paper's name, and the path's, always: on a card (over the lane titles) when no placed name is
    // large enough to read
    const least = nameThreshold();
    focus.nodes.forEach((role, i) => {
      if ((role === "selected" || role === "path") && !(NAME[i] && NAME[i][2] * scale >= least) && i !== hovered) drawCard(ctx, scale, i);
    });
  }
  function drawMatches(ctx, scale) {
    ctx.strokeStyle = T.match; ctx.lineWidth = 2.5 / scale;
    ctx.beginPath();
    matched.forEach((i) => { if (!hiddenNow[i]) { const r = N[i].size + 4 / scale; ctx.moveTo(N[i].x + r, Y[i]); ctx.arc(N[i].x, Y[i], r, 0, 2 * Math.PI); } });
    ctx.stroke();
  }

  // --- in screen space, over everything: the year band at the top and the lane titles at the left, sticky ---
  function drawScreen(ctx, scale, box) {
    const ratio = ctx.canvas.width / container.clientWidth;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const toX = (x) => (x - box[0]) * scale, toY = (y) => (y - box[1]) * scale;
    const width = container.clientWidth, band = 20;
    ctx.fillStyle = T.band;
    ctx.fillRect(0, 0, width, band);
    ctx.font = "12px " + FACE; ctx.textBaseline = "middle"; ctx.textAlign = "left"; ctx.fillStyle = T.muted;
    drawnTicks = [];
    // a label is written where it has room: the last one ("undated") first, then the years from the left, then
    // the months of the years wide enough for them; one that would touch a written one is left out
    const taken = [];
    const tickText = (text, x) => {
      const w = ctx.measureText(text).width;
      if (x + w < 0 || x > width || taken.some(([a, b]) => x < b + 8 && a < x + w + 8)) return;
      taken.push([x, x + w]);
      ctx.fillText(text, x, band / 2);
      drawnTicks.push({ id: text, box: [box[0] + x / scale, box[1], box[0] + (x + w) / scale, box[1] + band / scale] });
    };
    const axis = DATA.axis, lastTick = axis[axis.length - 1];
    if (lastTick && lastTick.label) tickText(lastTick.label, toX(lastTick.x) + 3);
    axis.slice(0, -1).forEach((tick) => { if (tick.label) tickText(tick.label, toX(tick.x) + 3); });
    ctx.fillStyle = T.tickSub;
    axis.slice(0, -1).forEach((tick, k) => {
      const w = axis[k + 1].x - tick.x, parts = yearParts(w * scale);
      for (let q = 1; q < parts; q++) tickText(MONTHS[(12 / parts) * q], toX(tick.x + (w * q) / parts) + 3);
    });
    // lane titles (laid out by layoutTitles, before the names: no name is written under a title)
    drawnTitles.forEach((t) => {
      const [x, y, x1] = t.screen, info = DATA.lanes[t.id];
      ctx.fillStyle = T.chip;
      ctx.fillRect(x, y, x1 - x, 17);
      ctx.fillStyle = info.color;
      ctx.beginPath(); markPath(ctx, info.shape, x + 8, y + 8.5, 4.5); ctx.fill();
      ctx.font = "bold " + L.title_px + "px " + FACE;
      ctx.fillStyle = T.ink; ctx.textBaseline = "middle"; ctx.textAlign = "left";
      ctx.fillText(t.text, x + 16, y + 9, x1 - x - 20);
    });
    ctx.restore();
  }

  // Lane titles: a chip at the left edge of the view (or of the gutter), at the top of its lane while the lane is
  // on screen (sticky); a lane with subcategories says whether it is open (▾) or folded (▸); a click toggles it.
  function layoutTitles(ctx, scale, box) {
    drawnTitles = [];
    ctx.save();
    ctx.font = "bold " + L.title_px + "px " + FACE;
    const toX = (x) => (x - box[0]) * scale, toY = (y) => (y - box[1]) * scale, band = 20;
    const width = container.clientWidth, left = Math.max(4, toX(DATA.view[0]) + 4);
    LANES.forEach((lane) => {
      const top = toY(lane.top), bottom = toY(lane.bottom);
      if (bottom < band + 14 || top > container.clientHeight || bottom - top < 15) return;
      const info = DATA.lanes[lane.lane];
      const text = (info.children.length ? (lane.open ? "▾ " : "▸ ") : "") + info.title;
      const x = left + L.indent * lane.depth, y = Math.max(top + 2, band + 2);
      if (y + 16 > bottom) return;
      const w = Math.min(ctx.measureText(text).width, width - x - 30) + 22;
      drawnTitles.push({ id: lane.lane, text, screen: [x, y, x + w, y + 17],
                         box: [box[0] + x / scale, box[1] + y / scale, box[0] + (x + w) / scale, box[1] + (y + 17) / scale] });
    });
    ctx.restore();
  }
  const underTitle = (b) => drawnTitles.some((t) => b[0] < t.box[2] && t.box[0] < b[2] && b[1] < t.box[3] && t.box[1] < b[3]);

  // --- the view ---
  const narrow = window.matchMedia ? window.matchMedia("(max-width: 899px)") : { matches: false };
  const sheetOpen = () => narrow.matches && document.body.classList.contains("sheet-open");
  function fitScale() {  // the first view's zoom: the same for a screen whether the phone's sheet is up or down
    const [x0, y0, x1, y1] = DATA.view, w = container.clientWidth;
    // the height the drawing has with the phone's sheet down and the table closed: opening them shows less of the
    // drawing, at the same zoom, rather than all of it too small to read
    const h = sheetOpen() ? window.innerHeight - document.querySelector("header").offsetHeight - 56
      : tableState.shown ? container.parentElement.clientHeight : container.clientHeight;
    const wide = w / (x1 - x0), tall = h / (y1 - y0 + 20);
    // a narrow portrait screen (a phone): the lanes fill its height and the timeline pans sideways, rather than
    // the whole width shrunk until no name can be read
    return (w < 600 && h > w ? Math.min(tall, wide * 3) : Math.min(wide, tall)) * 0.99;
  }
  function fitAll() {  // the first view: the whole width (on a phone: the latest years), the lanes from the top
    const [x0, y0, x1] = DATA.view, scale = fitScale(), seen = container.clientWidth / scale;
    const x = seen >= x1 - x0 ? (x0 + x1) / 2 : x1 - seen / 2;
    network.moveTo({ position: { x, y: y0 - 20 / scale + container.clientHeight / scale / 2 }, scale, animation: false });
  }
  // A box in view, at most twice the first view's zoom and never beyond it out. A box larger than the view at that
  // zoom is not centred but shown from the part around `anchor` (the chosen paper), which stays in view.
  function fitBox(x0, y0, x1, y1, anchor) {
    const w = container.clientWidth, h = container.clientHeight;
    const scale = Math.max(fitScale(), Math.min(2 * fitScale(), w / (x1 - x0 + 80), h / (y1 - y0 + 80)));
    const halfW = w / scale / 2, halfH = h / scale / 2, around = (lo, hi, at, half) =>
      (!anchor || hi - lo <= 2 * half ? (lo + hi) / 2 : Math.min(Math.max(at, lo + half), hi - half));
    network.moveTo({ position: { x: around(x0, x1, anchor && anchor.x, halfW), y: around(y0, y1, anchor && anchor.y, halfH) },
                     scale, animation: false });
  }
  // the drawing's area changed (the table or the phone's sheet opened or closed): its canvas takes the new size now,
  // not at the next frame, and what is chosen is fitted again (or, with nothing chosen and `whole`, the first view)
  function refit(whole) {
    network.setSize("100%", "100%");
    if (focus) fitPapers([...focus.nodes.keys()]); else if (whole) fitAll();
    redrawSoon();
  }
  function fitPapers(list) {  // the papers in view, the first of them kept in view if they do not all fit
    if (!list.length) return;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    list.forEach((i) => { x0 = Math.min(x0, N[i].x - N[i].size); x1 = Math.max(x1, N[i].x + N[i].size + 60);
                          y0 = Math.min(y0, Y[i] - N[i].size); y1 = Math.max(y1, Y[i] + N[i].size); });
    fitBox(x0, y0, x1, y1, { x: N[list[0]].x, y: Y[list[0]] });
  }
  function zoomBy(factor, around) {
    const scale = Math.min(40, Math.max(fitScale() * 0.5, network.getScale() * factor));
    const centre = network.getViewPosition();
    const at = around || centre;
    const k = network.getScale() / scale;
    network.moveTo({ position: { x: at.x + (centre.x - at.x) * k, y: at.y + (centre.y - at.y) * k }, scale, animation: false });
  }
  function panBy(dx, dy) {  // screen pixels; the view's centre stays within the drawing (no scrolling into nothing)
    const scale = network.getScale(), c = network.getViewPosition();
    const halfW = container.clientWidth / scale / 2, halfH = container.clientHeight / scale / 2;
    const [x0, y0, x1] = DATA.view, bottom = Math.max(laneBottom(), DATA.view[3]);
    const clamp = (v, lo, hi) => (lo > hi ? (lo + hi) / 2 : Math.min(hi, Math.max(lo, v)));
    const x = clamp(c.x + dx / scale, x0 + halfW - 40 / scale, x1 - halfW + 40 / scale);
    const y = clamp(c.y + dy / scale, y0 - 20 / scale + halfH, bottom + 10 / scale - halfH);
    network.moveTo({ position: { x, y }, scale, animation: false });
  }
  // The wheel scrolls the drawing like a document (a tall list is read downwards); with Ctrl (and a trackpad's
  // pinch, which the browser sends as a Ctrl wheel) it zooms around the pointer.
  container.addEventListener("wheel", (ev) => {
    ev.preventDefault(); ev.stopPropagation();
    const rect = container.getBoundingClientRect();
    if (ev.ctrlKey || ev.metaKey) {
      const at = network.DOMtoCanvas({ x: ev.clientX - rect.left, y: ev.clientY - rect.top });
      zoomBy(Math.exp(-ev.deltaY * 0.002), at);
    } else panBy(ev.shiftKey ? ev.deltaY : ev.deltaX, ev.shiftKey ? 0 : ev.deltaY);
  }, { capture: true, passive: false });
  // never zoomed out past half the first view's scale
  network.on("zoom", () => { if (network.getScale() < fitScale() * 0.5) zoomBy(1); });
  if (darkScheme) darkScheme.addEventListener("change", () => { T = darkScheme.matches ? THEMES.dark : THEMES.light; redrawSoon(); });
  window.addEventListener("resize", () => { if (!state.selected && !state.path.length) fitAll(); redrawSoon(); });

  // --- helpers ---
  // what the page decides without a screen (pagelogic.js, which `node --test` holds), on this page's papers
  // a lineage follows the citations shown: all, or (with the Citations filter) only those made for a method or
  // found influential; LINKS holds each paper's neighbours along them (N itself when nothing is filtered)
  let LINKS = N;
  const reach = (start, key, depth) => PageLogic.reach(LINKS, start, key, depth);
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function message(text) { document.getElementById("message").textContent = text || ""; }
  // the page's own address with the paper in its fragment: whole, so that it opens in a new tab, and never a bare
  // "#…", which screen readers and axe take for a skip link to an element of that name
  function paperAddress(id) { return location.href.replace(/#.*$/, "") + "#paper=" + encodeURIComponent(id); }
  function paperLink(i) {
    const a = el("a", N[i].label + " (" + (yearOf(N[i]) || "?") + ")", "paper-link");
    a.href = paperAddress(N[i].id);  // a real link: Enter follows it, and it opens in a new tab
    a.title = N[i].title || N[i].id;
    a.addEventListener("click", (ev) => { if (ev.button === 0 && !ev.ctrlKey && !ev.metaKey && !ev.shiftKey) { ev.preventDefault(); select(i, true); } });
    return a;
  }
  const safeUrl = PageLogic.safeUrl;

  const address = (id) => PageLogic.encodeAddress({ paper: id, path: state.path, hidden: state.hiddenCategories,
    years: state.yearRange, fullYears: state.fullYears, open: state.open, firstOpen: DATA.open, depth: state.depth,
    table: tableState.shown, cites: state.cites, colour: state.colour });
  // The address says what is shown, so a link shows the same; a new paper or path is a new history entry (Back
  // returns to the one before), a change of filters or folds replaces the entry.
  let restoring = false;  // while the page follows its address, it does not write it
  function remember(id, entry) {
    if (restoring) return;
    const hash = address(id);
    if (location.hash === hash || (!location.hash && !hash)) return;
    if (entry) history.pushState(null, "", hash || location.pathname + location.search);
    else history.replaceState(null, "", hash || location.pathname + location.search);
  }

  // --- selecting a paper: its lineage, as deep as asked ---
  const LARGE_LINEAGE = 50;
  function select(i, fit, fromAddress) {
    if (hiddenNow[i]) showAll();
    openLaneOf(i);
    const whole = reach(i, "out", 0).size + reach(i, "in", 0).size;
    // depth: 1 direct citations, 2 two steps, 0 the whole lineage; unasked, a foundational paper shows its direct
    // citations first (painting 2,000 papers blue tells nothing)
    const depth = state.depth === null ? (whole > LARGE_LINEAGE ? 1 : 0) : state.depth;
    const up = reach(i, "out", depth), down = reach(i, "in", depth);
    state.selected = N[i].id; state.path = []; state.edge = null;
    state.upstream = [...up].map((j) => N[j].id).sort();
    state.downstream = [...down].map((j) => N[j].id).sort();
    state.shownDepth = depth;
    const roles = new Map([[i, "selected"]]), lines = new Map();
    up.forEach((j) => roles.set(j, "up"));
    down.forEach((j) => { if (!roles.has(j)) roles.set(j, "down"); });
    DATA.edges.forEach((e, k) => {
      if (!citesShown(e)) return;
      if ((e[0] === i || up.has(e[0])) && up.has(e[1])) lines.set(k, { color: "up", width: 2 });
      else if (down.has(e[0]) && (e[1] === i || down.has(e[1]))) lines.set(k, { color: "down", width: 2 });
    });
    focus = { nodes: roles, edges: lines };
    if (fit) fitPapers([i, ...up, ...down]);
    showDetails(i, up.size, down.size, whole);
    revealInTable(i);
    sheetSays(N[i].label + " (" + (yearOf(N[i]) || "undated") + ")");
    message("");
    if (!fromAddress) remember(N[i].id, true);
    redrawSoon();
    timings.lastSelect = performance.now();
  }
  function reset(fromAddress) {
    state.selected = null; state.upstream = []; state.downstream = []; state.path = []; state.edge = null;
    focus = null;
    document.getElementById("details").replaceChildren(el("p", hintText, "hint"));
    renderTable();
    sheetSays(null);
    message("");
    if (!fromAddress) remember(null, true);
    redrawSoon();
  }

  function showDetails(i, upCount, downCount, whole) {
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
    row("lineage", upCount + " upstream, " + downCount + " downstream" + (upCount + downCount < whole ? " (" + (whole - upCount - downCount) + " more in the whole lineage)" : ""));
    if (n.main_path) row("main path", DATA.main_path_label);
    const group = communityOf(n);
    if (group) row("community", n.community + ": " + (group.label || "-") + " (" + group.size + " papers)");
    details.appendChild(dl);
    // how deep the lineage goes: direct citations, two steps, or all of it
    const depths = el("div", null, "depth");
    depths.setAttribute("role", "group"); depths.setAttribute("aria-label", "Lineage depth");
    [[1, "direct"], [2, "2 steps"], [0, "whole"]].forEach(([d, label]) => {
      const b = el("button", label); b.type = "button"; b.dataset.depth = String(d);
      b.setAttribute("aria-pressed", String(state.shownDepth === d));
      b.addEventListener("click", () => setDepth(d));
      depths.appendChild(b);
    });
    details.appendChild(depths);
    details.appendChild(exportButtons("lineage-" + n.id));
    const links = el("p");
    [["paper", n.url], ["code", n.code_url], ["project", n.project_url]].forEach(([name, url]) => {
      const href = safeUrl(url);
      if (!href) return;
      const a = el("a", name); a.href = href; a.target = "_blank"; a.rel = "noopener noreferrer";
      links.appendChild(a); links.appendChild(document.createTextNode(" "));
    });
    if (links.childNodes.length) details.appendChild(links);
    const edgeIndex = new Map(DATA.edges.map((e, k) => [e[0] + ">" + e[1], k]));
    const list = (heading, items, edgeOf) => {
      details.appendChild(el("h2", heading + " (" + items.length + ")"));
      if (!items.length) { details.appendChild(el("p", "none in the list", "hint")); return; }
      const ul = el("ul");
      items.slice().sort((a, b) => (N[a].first_appearance || "").localeCompare(N[b].first_appearance || "") || N[a].id.localeCompare(N[b].id))
        .forEach((j) => {
          const li = el("li"); li.appendChild(paperLink(j));
          const k = edgeIndex.get(edgeOf(j));  // who vouches for this citation
          if (k !== undefined) {
            li.appendChild(el("span", " · " + sourcesOf(DATA.edges[k]).split(",").map((s) => DATA.source_titles[s] || s).join(", "), "sources"));
            whyBadges(k).forEach((b) => { li.appendChild(document.createTextNode(" ")); li.appendChild(b); });
          }
          ul.appendChild(li);
        });
      details.appendChild(ul);
    };
    list("Cites in the list", n.out, (j) => i + ">" + j);
    list("Cited by in the list", n.in, (j) => j + ">" + i);
    if (n.sim && n.sim.length) {  // what graphbuild similar gives first: shared references and citers
      details.appendChild(el("h2", "Most similar (" + n.sim.length + ")"));
      const ul = el("ul", null, "similar");
      n.sim.forEach((j) => { const li = el("li"); li.appendChild(paperLink(j)); ul.appendChild(li); });
      details.appendChild(ul);
      details.appendChild(el("p", "by the references they share and the papers citing both: graphbuild similar " + n.id, "hint"));
    }
  }
  function setDepth(d) {
    state.depth = d;
    const i = byId.get(state.selected);
    if (i === undefined) return;
    select(i, false, true);
    remember(N[i].id, false);
    const pressed = document.querySelector('#details .depth button[data-depth="' + d + '"]');
    if (pressed) pressed.focus();
  }

  // --- taking it away: what is shown, as BibTeX or CSV, and the view as a PNG ---
  function shownPapers() {  // the selection and its lineage as shown, or the path, or Find's matches
    const list = focus ? [...focus.nodes.keys()] : matched ? [...matched] : [];
    return list.sort((a, b) => (N[a].id < N[b].id ? -1 : N[a].id > N[b].id ? 1 : 0));  // by id, as Python writes them
  }
  // the same escaping as graphbuild/export/bibtex.py: text for LaTeX, identifiers percent-encoded where a brace or
  // backslash would end the field
  const bibtex = (list) => PageLogic.bibtex(list.map((i) => N[i]));
  function csv(list) {  // a paper's role: in the lineage or path shown, else a match of Find, else none
    const roles = focus ? focus.nodes : new Map();
    const roleOf = (i) => roles.get(i) || (matched && matched.has(i) ? "match" : "");
    const head = ["id", "title", "first_appearance", "year", "category", "venue", "arxiv", "doi", "role"];
    return [head.join(",")].concat(list.map((i) => { const n = N[i];
      return PageLogic.csvRow([n.id, n.title, n.first_appearance, n.year, (DATA.categories[n.category] || {}).label || n.category, n.venue,
              n.arxiv, n.doi, roleOf(i)]); })).join("\r\n") + "\r\n";
  }
  function download(name, text, type) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = el("a"); a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  function exportButtons(name) {
    const box = el("div", null, "export");
    box.setAttribute("role", "group"); box.setAttribute("aria-label", "Download what is shown");
    [["BibTeX", () => download(name + ".bib", bibtex(shownPapers()), "application/x-bibtex")],
     ["CSV", () => download(name + ".csv", csv(shownPapers()), "text/csv")],
     ["PNG of the view", () => container.querySelector("canvas").toBlob((blob) => {
       const url = URL.createObjectURL(blob), a = el("a"); a.href = url; a.download = name + ".png";
       document.body.appendChild(a); a.click(); a.remove(); setTimeout(() => URL.revokeObjectURL(url), 1000); })],
     ["SVG of the view", () => download(name + ".svg", svgOfView(), "image/svg+xml")]]
      .forEach(([label, go]) => { const b = el("button", label); b.type = "button"; b.dataset.export = label.split(" ")[0].toLowerCase();
                                  b.addEventListener("click", go); box.appendChild(b); });
    return box;
  }

  // --- lanes: fold and open (a click on a lane's title), and open the lane a paper is in when it is chosen ---
  function toggleLane(c) {
    const open = new Set(state.open);
    if (open.has(c)) {  // folding a lane folds what is open inside it too
      const stack = [c];
      while (stack.length) { const k = stack.pop(); open.delete(k); stack.push(...DATA.lanes[k].children); }
    } else open.add(c);
    state.open = [...open].sort();
    compose();
    remember(state.selected, false);
    redrawSoon();
  }
  function openLaneOf(i) {  // a paper chosen from Find, a link or the panel: its lane open down to its category
    const chain = [];
    for (let c = N[i].category; c && DATA.lanes[c]; c = DATA.lanes[c].parent) chain.push(c);
    const open = new Set(state.open);
    let changed = false;
    chain.slice(1).forEach((c) => { if (!open.has(c)) { open.add(c); changed = true; } });
    if (changed) { state.open = [...open].sort(); compose(); }
  }

  // --- a citation you can ask about: a click within 5 px of its line says who cites whom and who says so ---
  function pickEdge(point) {
    const scale = network.getScale(), reachPx = 5 / scale, box = viewBox();
    let best = -1, bestD = Infinity;
    const span = Math.ceil((reachPx + EDGE_CELL / 2) / EDGE_CELL), gx0 = Math.floor(point.x / EDGE_CELL), gy0 = Math.floor(point.y / EDGE_CELL);
    const near = new Set();
    for (let gx = gx0 - span; gx <= gx0 + span; gx++) for (let gy = gy0 - span; gy <= gy0 + span; gy++) (edgeGrid().get(cellKey(gx, gy)) || []).forEach((k) => near.add(k));
    near.forEach((k) => {
      const e = DATA.edges[k];
      if (!visibleEdge(e, box)) return;
      const [ax, ay, tx, ty, , , cx, cy] = edgeEnds(e, k);
      let px = ax, py = ay;
      const steps = cx === null ? 1 : 12;
      for (let s = 1; s <= steps; s++) {  // a curve as 12 straight pieces
        const t = s / steps, qx = cx === null ? tx : (1 - t) * (1 - t) * ax + 2 * (1 - t) * t * cx + t * t * tx;
        const qy = cy === null ? ty : (1 - t) * (1 - t) * ay + 2 * (1 - t) * t * cy + t * t * ty;
        const dx = qx - px, dy = qy - py, len2 = dx * dx + dy * dy || 1;
        const u = Math.max(0, Math.min(1, ((point.x - px) * dx + (point.y - py) * dy) / len2));
        const d = Math.hypot(px + u * dx - point.x, py + u * dy - point.y);
        if (d <= reachPx && d < bestD) { best = k; bestD = d; }
        px = qx; py = qy;
      }
    });
    return best;
  }
  // citations in a grid of cells too: each is listed in the cells its line passes through (sampled every half
  // cell), so a pointer looks only at the lines near it, not at all 50,000
  const EDGE_CELL = 64;
  let EDGE_GRID = null;
  function edgeGrid() {
    if (!EDGE_GRID) EDGE_GRID = buildEdgeGrid();
    return EDGE_GRID;
  }
  function buildEdgeGrid() {
    const grid = new Map();
    DATA.edges.forEach((e, k) => {
      const [ax, ay, tx, ty, , , cx, cy] = edgeEnds(e, k), cells = new Set();
      const steps = Math.max(1, Math.ceil(Math.hypot(tx - ax, ty - ay) / (EDGE_CELL / 2)) + (cx === null ? 0 : 4));
      for (let s = 0; s <= steps; s++) {
        const t = s / steps;
        const x = cx === null ? ax + (tx - ax) * t : (1 - t) * (1 - t) * ax + 2 * (1 - t) * t * cx + t * t * tx;
        const y = cy === null ? ay + (ty - ay) * t : (1 - t) * (1 - t) * ay + 2 * (1 - t) * t * cy + t * t * ty;
        cells.add(cellKey(Math.floor(x / EDGE_CELL), Math.floor(y / EDGE_CELL)));
      }
      cells.forEach((key) => { const list = grid.get(key); if (list) list.push(k); else grid.set(key, [k]); });
    });
    return grid;
  }
  function showEdge(k) {
    const e = DATA.edges[k], details = document.getElementById("details");
    focus = { nodes: new Map([[e[0], "down"], [e[1], "up"]]), edges: new Map([[k, { color: "path", width: 3 }]]) };
    state.selected = null; state.upstream = []; state.downstream = []; state.path = [];
    details.replaceChildren(el("h3", "Citation"));
    const p = el("p");
    p.append(paperLink(e[0]), document.createTextNode(" cites "), paperLink(e[1]));
    details.appendChild(p);
    const dl = el("dl");
    dl.append(el("dt", "reported by"), el("dd", sourcesOf(e).split(",").map((s) => DATA.source_titles[s] || s).join(", ")));
    if (e[3] & 1) dl.append(el("dt", "note"), el("dd", "only the list's own curated references say so"));
    if (DATA.evidence[k]) dl.append(el("dt", "evidence"), el("dd", DATA.evidence[k]));
    if (e[3] & 2) dl.append(el("dt", "main path"), el("dd", DATA.main_path_label));
    const why = el("dd", whySummary(k));
    whyBadges(k).forEach((b) => { why.appendChild(document.createTextNode(" ")); why.appendChild(b); });
    dl.append(el("dt", "why"), why);
    details.appendChild(dl);
    const known = whyOf(k);
    if (known && known.n && !known.s.length) {  // a list too large for its sentences on the page
      details.appendChild(el("p", known.n + " citing sentence" + (known.n === 1 ? "" : "s") + ": graphbuild why " +
        N[e[0]].id + " " + N[e[1]].id + " shows them (or export citations)", "hint"));
    }
    if (known && known.s.length) {
      details.appendChild(el("h2", "Citing sentences (" + known.n + ")"));
      known.s.forEach(([text, intents]) => {
        const quote = el("blockquote", null, "said");
        intents.forEach((t) => { quote.appendChild(el("span", t, "intent " + t)); quote.appendChild(document.createTextNode(" ")); });
        quote.appendChild(document.createTextNode("“" + text + "”"));
        details.appendChild(quote);
      });
      const cut = known.s.some(([text]) => text.endsWith("…"));
      if (known.n > known.s.length || cut) {
        details.appendChild(el("p", (known.n > known.s.length ? (known.n - known.s.length) + " more" : "Shortened") +
          ": every sentence in full with graphbuild why " + N[e[0]].id + " " + N[e[1]].id + " (or export citations)", "hint"));
      }
    }
    state.edge = N[e[0]].id + ">" + N[e[1]].id;
    redrawSoon();
  }

  // --- pointer: pick a paper (or a lane title), hover ---
  function titleAt(dom) {
    return drawnTitles.find((t) => dom.x >= t.screen[0] && dom.x <= t.screen[2] && dom.y >= t.screen[1] && dom.y <= t.screen[3]);
  }
  network.on("click", (params) => {
    const dom = params.pointer.DOM, title = titleAt(dom);
    if (title && DATA.lanes[title.id].children.length) { toggleLane(title.id); return; }
    const i = pick(params.pointer.canvas);
    if (i >= 0) { select(i, false); return; }
    const k = pickEdge(params.pointer.canvas);
    if (k >= 0) showEdge(k);
    else if (state.selected || state.path.length || state.edge) reset();
  });
  let pending = null;
  container.addEventListener("pointermove", (ev) => {
    if (ev.pointerType === "touch") return;
    const rect = container.getBoundingClientRect();
    pending = { x: ev.clientX - rect.left, y: ev.clientY - rect.top };
    requestAnimationFrame(() => { if (pending) hoverAt(pending, ev.buttons); pending = null; });
  });
  function hoverAt(dom, buttons) {  // what is under the pointer (a paper, else a citation) gets its card
    const at = network.DOMtoCanvas(dom), i = pick(at);
    const title = titleAt(dom);
    const k = i < 0 && !title && !buttons ? pickEdge(at) : -1;  // no paper under the pointer: a citation?
    container.style.cursor = i >= 0 || k >= 0 || (title && DATA.lanes[title.id].children.length) ? "pointer" : "";
    if (i !== hovered || k !== hoveredEdge.k || k >= 0) { hovered = i; hoveredEdge = { k, at }; redrawSoon(); return true; }
    return false;
  }
  container.addEventListener("pointerleave", () => { if (hovered >= 0 || hoveredEdge.k >= 0) { hovered = -1; hoveredEdge = { k: -1 }; redrawSoon(); } });

  // --- search: every match marked (on the drawing), a unique one selected ---
  const datalist = document.getElementById("paper-list");
  N.slice(0, 5000).forEach((n) => { const o = document.createElement("option"); o.value = n.title || n.id;
    o.label = n.id + " · " + (yearOf(n) || "undated"); datalist.appendChild(o); });  // title, id and year under the box
  const lowered = PageLogic.searchIndex(N);
  const matches = (query) => PageLogic.matches(lowered, query);  // every paper the query names
  const find = (query) => PageLogic.find(lowered, query);  // the Path boxes: the one paper named, else -1
  const search = document.getElementById("search");
  function runSearch(typing) {
    const q = search.value.trim(), found = matches(q);
    matched = found.length > 1 ? new Set(found) : null;
    tableState.found = q ? new Set(found) : null;  // the table lists what Find finds
    refreshTable();
    redrawSoon();
    if (!q) { message(""); return; }
    if (!found.length) { message("No paper matches “" + q + "”"); return; }
    if (found.length > 1) {  // never a silent pick: say how many, and mark them all
      message(found.length + " papers match “" + q + "” (ringed in the drawing): type more, or pick one from the list");
      return;
    }
    if (typing && state.selected === N[found[0]].id) return;
    select(found[0], true);
  }
  search.addEventListener("keydown", (ev) => { if (ev.key === "Enter") runSearch(false); });
  search.addEventListener("input", () => runSearch(true));  // find as you type: a unique match selects at once
  search.addEventListener("change", () => runSearch(false));

  // --- filters: categories (legend) and years ---
  const years = N.map(yearOf).filter((y) => y);
  const minYear = years.length ? years.reduce((a, b) => Math.min(a, b)) : 2000;
  const maxYear = years.length ? years.reduce((a, b) => Math.max(a, b)) : 2000;
  const yearFrom = document.getElementById("year-from"), yearTo = document.getElementById("year-to");
  [yearFrom, yearTo].forEach((input) => { input.min = minYear; input.max = maxYear; });
  yearFrom.value = minYear; yearTo.value = maxYear;
  state.yearRange = [minYear, maxYear];
  state.fullYears = [minYear, maxYear];

  // the citations shown: all, or only those made for a method (the methodological lineage, its own main path
  // drawn as the spine) or found influential, as Semantic Scholar read them; a citation not read is not shown then
  const citesFilter = document.getElementById("cites-filter");
  const withWhy = WHY_KNOWN;
  if (!withWhy) {
    citesFilter.disabled = true;
    citesFilter.title = "no citing sentence is known for this list: graphbuild build online reads them";
  }
  function setCites(value, quiet) {
    state.cites = value === "methodology" || value === "influential" ? value : "";
    citesFilter.value = state.cites;
    const shown = state.cites ? DATA.edges.filter(citesShown).length : DATA.edges.length;
    if (!quiet) {
      message(state.cites ? "Showing the " + shown + " citations " + (state.cites === "methodology" ? "made for a method" : "found influential")
        + " of " + DATA.edges.length + " (" + (DATA.edges.length - withWhy) + " were never read: not shown)" : "");
    }
    if (state.cites) {
      LINKS = N.map(() => ({ out: [], in: [] }));
      DATA.edges.forEach((e) => { if (citesShown(e)) { LINKS[e[0]].out.push(e[1]); LINKS[e[1]].in.push(e[0]); } });
    } else LINKS = N;
    const i = byId.get(state.selected);
    if (i !== undefined) select(i, false, true);  // its lineage along the citations now shown
    if (!restoring && !quiet) remember(state.selected, false);
    redrawSoon();
  }
  citesFilter.addEventListener("change", () => setCites(citesFilter.value));

  // the marks' colour and shape: by category (the lanes') or by community (the groups the citations form)
  const colourBy = document.getElementById("colour-by"), communityKey = document.getElementById("community-key");
  const communityIds = Object.keys(COMMUNITIES).sort((a, b) => +a - +b);
  if (!communityIds.length) {
    colourBy.disabled = true;
    colourBy.title = "the citations form no communities in this list (too few links)";
  } else {
    const ul = communityKey.querySelector("ul");
    communityIds.forEach((c) => {
      const info = COMMUNITIES[c], li = el("li");
      const sw = el("span", null, "swatch " + info.shape); sw.style.background = info.color; sw.setAttribute("aria-hidden", "true");
      li.append(sw, el("span", c + ": " + (info.label || "-")), el("span", info.size, "count"));
      ul.appendChild(li);
    });
  }
  function setColour(value, quiet) {
    state.colour = value === "community" && communityIds.length ? "community" : "";
    colourBy.value = state.colour;
    communityKey.hidden = state.colour !== "community";
    if (!quiet) {
      message(state.colour ? "Marks coloured by the " + communityIds.length + " communities the citations form" : "Marks coloured by category");
      if (!restoring) remember(state.selected, false);
    }
    redrawSoon();
  }
  colourBy.addEventListener("change", () => setColour(colourBy.value));

  function applyFilters() {
    const hidden = new Set(state.hiddenCategories);
    const lo = parseInt(yearFrom.value, 10) || minYear, hi = parseInt(yearTo.value, 10) || maxYear;
    if (lo > hi) {  // an inverted range shows nothing: refuse it and say why
      message("The years run from " + lo + " to " + hi + ": the first must not be after the last");
      yearFrom.value = state.yearRange[0]; yearTo.value = state.yearRange[1];
      return;
    }
    state.yearRange = [lo, hi];
    const hide = new Uint8Array(N.length);  // a category hidden hides its subcategories too
    N.forEach((n, i) => { const y = yearOf(n); hide[i] = chainOf(n.category).some((c) => hidden.has(c)) || (y !== null && (y < lo || y > hi)) ? 1 : 0; });
    hiddenNow = hide;
    state.visible = N.length - hide.reduce((a, b) => a + b, 0);
    const inYears = {};  // the legend counts what the years let through
    N.forEach((n) => { const y = yearOf(n); if (y === null || (y >= lo && y <= hi)) chainOf(n.category).forEach((c) => { inYears[c] = (inYears[c] || 0) + 1; }); });
    legend.querySelectorAll("button[data-category]").forEach((b) => { b.querySelector(".count").textContent = inYears[b.dataset.category] || 0; });
    updateStats();
    refreshTable();
    remember(state.selected, false);
    redrawSoon();
  }
  function showAll() {
    state.hiddenCategories = [];
    yearFrom.value = minYear; yearTo.value = maxYear;
    legend.querySelectorAll("button[data-category]").forEach((b) => b.setAttribute("aria-pressed", "true"));
    applyFilters();
  }
  yearFrom.addEventListener("change", applyFilters);
  yearTo.addEventListener("change", applyFilters);

  const legend = document.getElementById("legend");
  const chains = new Map();  // a category and the categories above it, itself first
  function chainOf(c) {
    if (!chains.has(c)) { const chain = []; for (let k = c; k && DATA.lanes[k]; k = DATA.lanes[k].parent) chain.push(k); chains.set(c, chain.length ? chain : [c]); }
    return chains.get(c);
  }
  const counts = {};  // papers in each category and below it
  N.forEach((n) => chainOf(n.category).forEach((c) => { counts[c] = (counts[c] || 0) + 1; }));
  const categoryIds = [];  // the tree's order, depth first (the lanes' own order), groups left out
  const walk = (c) => { if (!DATA.lanes[c].group && counts[c]) categoryIds.push(c); DATA.lanes[c].children.forEach(walk); };
  DATA.roots.forEach(walk);
  Object.keys(counts).forEach((c) => { if (!categoryIds.includes(c) && DATA.lanes[c]) categoryIds.push(c); });
  // each category: a button that shows or hides it (and what is below it), and, where it has subcategories, one
  // that opens or folds its lane in the drawing (as a click on the lane's title does)
  categoryIds.forEach((cid) => {
    const info = DATA.categories[cid] || { label: cid };
    const lane = DATA.lanes[cid], row = el("div", null, "legend-row");
    row.style.paddingLeft = 12 * lane.depth + "px";
    if (lane.children.length) {
      const fold = el("button", null, "fold");
      fold.type = "button"; fold.dataset.lane = cid;
      fold.addEventListener("click", () => openFromLegend(cid));
      row.appendChild(fold);
    } else if (categoryIds.some((c) => DATA.lanes[c].children.length)) row.appendChild(el("span", null, "fold-space"));
    const b = el("button");
    b.type = "button"; b.dataset.category = cid; b.setAttribute("aria-pressed", "true");
    b.title = "Show or hide " + (info.label || cid) + (lane.children.length ? " and its subcategories" : "");
    const sw = el("span", null, "swatch " + lane.shape); sw.style.background = lane.color;
    b.append(sw, el("span", info.label || cid), el("span", counts[cid] || 0, "count"));
    b.addEventListener("click", () => {
      const set = new Set(state.hiddenCategories);
      if (set.has(cid)) set.delete(cid); else set.add(cid);
      state.hiddenCategories = [...set].sort();
      b.setAttribute("aria-pressed", set.has(cid) ? "false" : "true");
      applyFilters();
    });
    row.appendChild(b);
    legend.appendChild(row);
  });
  function openFromLegend(c) {
    if (state.open.includes(c)) { toggleLane(c); return; }
    const open = new Set(state.open);  // opening a lane opens what it sits in too (a group of lanes, a parent)
    chainOf(c).forEach((k) => { if (DATA.lanes[k].children.length) open.add(k); });
    state.open = [...open].sort();
    compose();
    remember(state.selected, false);
    redrawSoon();
  }
  function updateFolds() {  // the legend's fold buttons say what the drawing shows
    const open = new Set(state.open);
    legend.querySelectorAll("button.fold").forEach((b) => {
      const c = b.dataset.lane, shown = open.has(c) && chainOf(c).slice(1).every((k) => open.has(k));
      const label = (DATA.categories[c] || {}).label || c;
      b.textContent = shown ? "▾" : "▸";
      b.setAttribute("aria-expanded", String(shown));
      b.setAttribute("aria-label", (shown ? "Fold " : "Open ") + label + " in the drawing");
    });
  }

  function updateStats() {
    const shown = state.visible === N.length ? "" : " (" + state.visible + " shown)";
    document.getElementById("stats").textContent = N.length + " papers · " + DATA.edges.length + " citations" + shown;
  }

  // --- path between two papers (follows citations: the first paper cites ... cites the second) ---
  const shortestPath = (a, b) => PageLogic.shortestPath(N, a, b);
  document.getElementById("path-go").addEventListener("click", () => {
    const a = find(document.getElementById("path-from").value), b = find(document.getElementById("path-to").value);
    if (a < 0 || b < 0) { message("Choose two papers for the path"); return; }
    if (a === b) { message("Choose two different papers for the path"); return; }
    showPath(a, b);
  });
  function showPath(a, b, fromAddress) {
    const path = shortestPath(a, b) || shortestPath(b, a);
    if (!path) { reset(fromAddress); message("No citation path between " + N[a].label + " and " + N[b].label); return; }
    if (path.some((i) => hiddenNow[i])) showAll();  // filters stay, unless they hide the path itself
    path.forEach(openLaneOf);
    const pairs = new Set();
    for (let k = 0; k + 1 < path.length; k++) pairs.add(path[k] + ">" + path[k + 1]);
    const lines = new Map();
    DATA.edges.forEach((e, k) => { if (pairs.has(e[0] + ">" + e[1])) lines.set(k, { color: "path", width: 4 }); });
    focus = { nodes: new Map(path.map((j) => [j, "path"])), edges: lines };
    state.selected = null; state.upstream = []; state.downstream = [];
    state.path = path.map((i) => N[i].id);
    const details = document.getElementById("details");
    details.replaceChildren(el("h3", "Citation path (" + (path.length - 1) + " steps)"));
    const ol = el("ol");
    path.forEach((i) => { const li = el("li"); li.appendChild(paperLink(i)); ol.appendChild(li); });
    details.appendChild(ol);
    details.appendChild(exportButtons("path-" + state.path[0] + "-" + state.path[state.path.length - 1]));
    fitPapers(path);
    renderTable();
    sheetSays("Citation path (" + (path.length - 1) + " steps)");
    message("");
    if (!fromAddress) remember(null, true);
    redrawSoon();
  }

  // --- buttons and keys ---
  document.getElementById("reset").addEventListener("click", () => { showAll(); reset(); state.open = DATA.open.slice(); compose(); fitAll(); });
  // --- a narrow screen: the toolbar behind Menu, the panel a sheet that slides up ---
  const header = document.querySelector("header"), menuToggle = document.getElementById("menu-toggle");
  const sheetHandle = document.getElementById("sheet-handle");
  const headerHeight = () => document.documentElement.style.setProperty("--header-h", header.offsetHeight + "px");
  if (window.ResizeObserver) new ResizeObserver(headerHeight).observe(header);
  headerHeight();
  menuToggle.addEventListener("click", () => {
    const shown = document.body.classList.toggle("show-menu");
    menuToggle.setAttribute("aria-expanded", String(shown));
    headerHeight();
    if (shown) document.getElementById("year-from").focus();
  });
  const aside = document.querySelector("aside"), paperHeading = document.getElementById("details").previousElementSibling;
  function openSheet(open) {
    const was = document.body.classList.contains("sheet-open");
    document.body.classList.toggle("sheet-open", open);
    sheetHandle.setAttribute("aria-expanded", String(open));
    if (was === open || !narrow.matches) return;
    refit(false);  // the drawing shrinks to the part the sheet leaves, and what is chosen is fitted into it
  }
  sheetHandle.addEventListener("click", () => openSheet(!document.body.classList.contains("sheet-open")));
  function sheetSays(text) {  // the handle names what the sheet holds
    document.getElementById("sheet-title").textContent = text || "Categories and papers";
    if (!text || !narrow.matches) return;
    // a paper or path chosen on a phone: the sheet slides up, scrolled to its details (the legend stays above)
    openSheet(true);
    aside.scrollTop = paperHeading.offsetTop - sheetHandle.offsetHeight - 4;
  }
  const pathToggle = document.getElementById("path-toggle");
  pathToggle.addEventListener("click", () => {
    const shown = document.body.classList.toggle("show-path");
    pathToggle.setAttribute("aria-expanded", String(shown));
    if (shown) document.getElementById("path-from").focus();
  });
  document.getElementById("zoom-in").addEventListener("click", () => zoomBy(1.5));
  document.getElementById("zoom-out").addEventListener("click", () => zoomBy(1 / 1.5));
  document.getElementById("zoom-fit").addEventListener("click", () => fitAll());
  document.addEventListener("keydown", (ev) => {  // Esc: no selection, and the whole graph in view again
    if (ev.key === "Escape") { reset(); fitAll(); }
  });
  container.addEventListener("keydown", (ev) => {  // the drawing, focused: arrows pan, + and - zoom, 0 fits
    const step = 80;
    const keys = { ArrowLeft: () => panBy(-step, 0), ArrowRight: () => panBy(step, 0), ArrowUp: () => panBy(0, -step),
                   ArrowDown: () => panBy(0, step), PageDown: () => panBy(0, container.clientHeight * 0.8),
                   PageUp: () => panBy(0, -container.clientHeight * 0.8), "+": () => zoomBy(1.5), "=": () => zoomBy(1.5),
                   "-": () => zoomBy(1 / 1.5), "0": () => fitAll(), n: () => walkPapers(1), p: () => walkPapers(-1),
                   t: () => { showTable(true); table.focus(); } };
    if (keys[ev.key]) { ev.preventDefault(); keys[ev.key](); }
  });

  // n and p, the drawing focused: the next or previous paper in time (then lane) order, selected and announced
  const timeOrder = N.map((_, i) => i).sort((a, b) => N[a].x - N[b].x || a - b);
  function walkPapers(step) {
    const shown = timeOrder.filter((i) => !hiddenNow[i]);
    if (!shown.length) return;
    const at = shown.indexOf(byId.has(state.selected) ? byId.get(state.selected) : -1);
    const next = shown[(at + step + shown.length) % shown.length];
    select(next, false);
    fitPapers([next]);
    message("Selected " + N[next].label + " (" + (yearOf(N[next]) || "undated") + "): n next, p previous");
  }

  // --- the table of papers: sortable, filtered like the drawing (Find, the legend, the years); a row selects its
  // paper and a selection scrolls the table to it. Only the rows in view exist (a 10,000-paper table is a few dozen
  // rows in the document); the table keeps its place for assistive tech with aria-rowcount and aria-rowindex, and
  // the keyboard moves an active row (aria-activedescendant) with the arrows, Page Up/Down, Home and End.
  let ROW_PX = 28;  // a row's height, measured once rows are drawn (the style sheet asks for 28 px plus a border)
  const tablePane = document.getElementById("table-pane"), tableScroll = document.getElementById("table-scroll");
  const table = document.getElementById("papers"), tbody = table.tBodies[0];
  const tableToggle = document.getElementById("table-toggle");
  const laneRank = new Map();
  categoryIds.forEach((c, k) => laneRank.set(c, k));
  const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });
  const SORTS = {  // each column's order, ascending; ties in the order of importance
    title: (a, b) => collator.compare(N[a].title || N[a].label, N[b].title || N[b].label),
    year: (a, b) => (N[a].first_appearance || "9999").localeCompare(N[b].first_appearance || "9999"),
    category: (a, b) => (laneRank.has(N[a].category) ? laneRank.get(N[a].category) : 1e9) - (laneRank.has(N[b].category) ? laneRank.get(N[b].category) : 1e9),
    cited: (a, b) => N[a].in.length - N[b].in.length,
    pagerank: (a, b) => (N[a].pr || 0) - (N[b].pr || 0),
  };
  const FIRST_DESCENDING = { cited: true, pagerank: true };
  const tableState = { sort: "cited", descending: true, order: [], rows: [], active: -1, shown: false, found: null };
  function sortTable() {
    const compare = SORTS[tableState.sort], sign = tableState.descending ? -1 : 1;
    tableState.order = N.map((_, i) => i).sort((a, b) => sign * compare(a, b) || N[a].rank - N[b].rank);
    table.querySelectorAll("th[data-sort]").forEach((th) => {
      if (th.dataset.sort === tableState.sort) th.setAttribute("aria-sort", tableState.descending ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
  }
  function refreshTable() {  // the rows the filters let through, in the table's order
    const found = tableState.found, activePaper = tableState.rows[tableState.active];
    tableState.rows = tableState.order.filter((i) => !hiddenNow[i] && (!found || found.has(i)));
    const at = activePaper === undefined ? -1 : tableState.rows.indexOf(activePaper);
    tableState.active = at >= 0 ? at : tableState.rows.length ? 0 : -1;
    const total = tableState.rows.length;
    table.setAttribute("aria-rowcount", String(total + 1));
    document.getElementById("table-count").textContent = total === N.length ? N.length + " papers" : total + " of " + N.length + " papers";
    renderTable();
  }
  function renderTable() {
    if (!tableState.shown) return;
    const rows = tableState.rows, view = tableScroll.clientHeight || 300;
    const head = table.tHead.offsetHeight || ROW_PX;
    const first = Math.max(0, Math.floor((tableScroll.scrollTop - head) / ROW_PX) - 8);
    const last = Math.min(rows.length, first + Math.ceil(view / ROW_PX) + 16);
    const spacer = (px) => { const tr = el("tr", null, "spacer"); tr.setAttribute("aria-hidden", "true");
                             const td = el("td"); td.colSpan = 5; td.style.height = px + "px"; tr.appendChild(td); return tr; };
    const out = [];
    if (first > 0) out.push(spacer(first * ROW_PX));
    for (let r = first; r < last; r++) out.push(tableRow(rows[r], r));
    if (last < rows.length) out.push(spacer((rows.length - last) * ROW_PX));
    if (!rows.length) { const tr = el("tr", null, "empty"); const td = el("td", "No paper is shown: change Find, the years or the legend"); td.colSpan = 5; tr.appendChild(td); out.push(tr); }
    tbody.replaceChildren(...out);
    const drawnRow = tbody.querySelector("tr[data-paper]");
    if (drawnRow && drawnRow.offsetHeight && drawnRow.offsetHeight !== ROW_PX) { ROW_PX = drawnRow.offsetHeight; renderTable(); return; }
    const active = rows[tableState.active];
    if (active !== undefined && first <= tableState.active && tableState.active < last) table.setAttribute("aria-activedescendant", "row-" + active);
    else table.removeAttribute("aria-activedescendant");
  }
  function tableRow(i, r) {
    const n = N[i], tr = el("tr");
    tr.id = "row-" + i; tr.dataset.paper = n.id; tr.setAttribute("aria-rowindex", String(r + 2));
    const role = focus && focus.nodes.get(i);
    tr.setAttribute("aria-selected", String(role === "selected"));
    if (role) tr.classList.add("role-" + role);
    if (r === tableState.active) tr.classList.add("active");
    const title = el("td", null, "title");
    const sw = el("span", null, "swatch " + shapeOf(n)); sw.style.background = colorOf(n); sw.setAttribute("aria-hidden", "true");
    const name = el("a", n.title || n.label); name.href = paperAddress(n.id); name.tabIndex = -1;
    name.title = n.title || n.id;
    title.append(sw, name);
    tr.append(title, el("td", n.first_appearance || yearOf(n) || "undated"),
              el("td", (DATA.categories[n.category] || {}).label || n.category || ""),
              el("td", n.in.length, "num"), el("td", n.pr ? n.pr.toPrecision(2) : "0", "num"));
    return tr;
  }
  function setActiveRow(r, scroll) {
    if (!tableState.rows.length) return;
    tableState.active = Math.max(0, Math.min(tableState.rows.length - 1, r));
    if (scroll) {  // into view: a step of the keys just far enough, a jump (a selection elsewhere) to the middle
      const head = table.tHead.offsetHeight || ROW_PX, top = head + tableState.active * ROW_PX, view = tableScroll.clientHeight;
      const far = top + ROW_PX < tableScroll.scrollTop || top > tableScroll.scrollTop + view + ROW_PX;
      if (far && scroll === "centre") tableScroll.scrollTop = top - head - (view - head - ROW_PX) / 2;
      else if (top - head < tableScroll.scrollTop) tableScroll.scrollTop = top - head;
      else if (top + ROW_PX > tableScroll.scrollTop + view) tableScroll.scrollTop = top + ROW_PX - view;
    }
    renderTable();
  }
  function revealInTable(i) {  // a selection (from anywhere) scrolls the table to its row
    const r = tableState.rows.indexOf(i);
    if (r >= 0) setActiveRow(r, "centre"); else renderTable();
  }
  function showTable(shown, fromAddress) {
    tableState.shown = shown;
    tablePane.hidden = !shown;
    document.querySelector("main").classList.toggle("with-table", shown);
    tableToggle.setAttribute("aria-expanded", String(shown));
    refit(true);
    if (shown) { refreshTable(); const i = byId.get(state.selected); if (i !== undefined) revealInTable(i); }
    if (!fromAddress) remember(state.selected, false);
    redrawSoon();
  }
  // the rows the table lists (what Find, the years and the legend let through), in the table's order
  document.getElementById("table-bibtex").addEventListener("click", () => download("papers.bib", bibtex(tableState.rows), "application/x-bibtex"));
  document.getElementById("table-csv").addEventListener("click", () => download("papers.csv", csv(tableState.rows), "text/csv"));
  tableToggle.addEventListener("click", () => { showTable(!tableState.shown); if (tableState.shown) table.focus(); });
  document.getElementById("table-close").addEventListener("click", () => { showTable(false); tableToggle.focus(); });
  table.querySelectorAll("th[data-sort] button").forEach((b) => b.addEventListener("click", () => {
    const key = b.parentElement.dataset.sort;
    if (tableState.sort === key) tableState.descending = !tableState.descending;
    else { tableState.sort = key; tableState.descending = !!FIRST_DESCENDING[key]; }
    sortTable();
    tableState.rows = []; tableState.active = -1;
    refreshTable();
    const i = byId.get(state.selected);
    if (i !== undefined) revealInTable(i); else { tableScroll.scrollTop = 0; renderTable(); }
  }));
  tableScroll.addEventListener("scroll", () => requestAnimationFrame(renderTable), { passive: true });
  tbody.addEventListener("click", (ev) => {
    const tr = ev.target.closest("tr[data-paper]");
    if (!tr) return;
    if (ev.target.closest("a") && (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0)) return;  // a new tab
    ev.preventDefault();
    const i = byId.get(tr.dataset.paper);
    tableState.active = tableState.rows.indexOf(i);
    select(i, true);
    table.focus({ preventScroll: true });
  });
  tbody.addEventListener("mouseover", (ev) => {  // the row under the pointer: its paper's card in the drawing
    const tr = ev.target.closest("tr[data-paper]"), i = tr ? byId.get(tr.dataset.paper) : -1;
    if (i !== hovered) { hovered = i; redrawSoon(); }
  });
  tbody.addEventListener("mouseleave", () => { if (hovered >= 0) { hovered = -1; redrawSoon(); } });
  table.addEventListener("keydown", (ev) => {
    const page = Math.max(1, Math.floor(tableScroll.clientHeight / ROW_PX) - 1), r = tableState.active;
    const moves = { ArrowDown: r + 1, ArrowUp: r - 1, PageDown: r + page, PageUp: r - page, Home: 0, End: tableState.rows.length - 1 };
    if (ev.key in moves) { ev.preventDefault(); setActiveRow(moves[ev.key], true); return; }
    if ((ev.key === "Enter" || ev.key === " ") && r >= 0) {
      ev.preventDefault();
      select(tableState.rows[r], true);
      const n = N[tableState.rows[r]];
      message("Selected " + n.label + " (" + (yearOf(n) || "undated") + ")");
    }
  });
  sortTable();

  // --- shareable state: lineage.html#paper=hubert opens with HuBERT selected, and the address follows ---
  function fromAddress() {
    restoring = true;
    try { followAddress(); } finally { restoring = false; }
  }
  function followAddress() {
    const view = PageLogic.decodeAddress(location.hash, { categories: DATA.categories, lanes: DATA.lanes });
    state.open = view.open === null ? DATA.open.slice() : view.open;
    state.depth = view.depth;
    compose();
    state.hiddenCategories = view.hide;
    legend.querySelectorAll("button[data-category]").forEach((b) => b.setAttribute("aria-pressed", String(!view.hide.includes(b.dataset.category))));
    if (view.years) { yearFrom.value = view.years[0]; yearTo.value = view.years[1]; }
    else { yearFrom.value = minYear; yearTo.value = maxYear; }
    if (view.table !== tableState.shown) showTable(view.table, true);
    if ((view.cites || "") !== state.cites) setCites(withWhy ? view.cites || "" : "", true);
    if ((view.colour || "") !== state.colour) setColour(view.colour || "", true);
    applyFilters();
    const wanted = view.paper, path = view.path;
    if (wanted && byId.has(wanted)) select(byId.get(wanted), true, true);
    else if (path && byId.has(path[0]) && byId.has(path[1])) showPath(byId.get(path[0]), byId.get(path[1]), true);
    else if (state.selected || state.path.length) reset(true);
    redrawSoon();
  }
  window.addEventListener("hashchange", fromAddress);
  window.addEventListener("popstate", fromAddress);

  compose();
  updateStats();
  if (!N.length) message("This list has no papers yet: add some to papers.yaml and build again");
  else if (!DATA.edges.length) {  // a list imported and built offline: say what would draw its citations
    hintText = document.querySelector("#details .hint").textContent = "No citations yet: run graphbuild build (online) to " +
      "ask Semantic Scholar and OpenAlex which listed papers cite which, or add curated cites: to papers.yaml. " +
      "Click a paper to see its details.";
    document.querySelectorAll(".key, .path-part, #path-toggle").forEach((e) => { e.hidden = true; e.style.display = "none"; });
  }
  fitAll();
  fromAddress();
  const positionOf = (id) => { const i = byId.get(id); return { x: N[i].x, y: Y[i] }; };
  window.graphbuild = { data: DATA, network, state, timings, select: (id) => select(byId.get(id), true),
                        reset, find, fitAll, toggleLane, zoomBy, stack: (opened) => stack(new Set(opened)),
                        position: positionOf,
                        screenPosition: (id) => network.canvasToDOM(positionOf(id)),
                        positions: () => Object.fromEntries(N.map((n, i) => [n.id, { x: n.x, y: Y[i] }])),
                        lanes: () => LANES.map((l) => Object.assign({}, l)),
                        curved: (k) => !!CURVED[k],
                        showEdge: (k) => showEdge(k), setCites: (v) => setCites(v),
                        drawnEdges: () => DATA.edges.map((e, k) => k).filter((k) => visibleEdge(DATA.edges[k], [-Infinity, -Infinity, Infinity, Infinity])),
                        edgeMiddle: (k) => { const [ax, ay, tx, ty, , , cx, cy] = edgeEnds(DATA.edges[k], k);
                          return cx === null ? { x: (ax + tx) / 2, y: (ay + ty) / 2 } : { x: 0.25 * ax + 0.5 * cx + 0.25 * tx, y: 0.25 * ay + 0.5 * cy + 0.25 * ty }; },
                        edgeStyle: (k) => ({ width: edgeWidth(DATA.edges[k]), dashed: !!(DATA.edges[k][3] & 1) }),
                        highlighted: () => focus && { nodes: Object.fromEntries([...focus.nodes].map(([i, r]) => [N[i].id, r])),
                                                      edges: [...focus.edges.keys()].map((k) => N[DATA.edges[k][0]].id + ">" + N[DATA.edges[k][1]].id) },
                        matched: () => (matched ? [...matched].map((i) => N[i].id).sort() : []),
                        hoveredEdge: () => (hoveredEdge.k >= 0 ? N[DATA.edges[hoveredEdge.k][0]].id + ">" + N[DATA.edges[hoveredEdge.k][1]].id : null),
                        setColour, colourOf: (id) => colorOf(N[byId.get(id)]), shapeOf: (id) => shapeOf(N[byId.get(id)]),
                        edgeCard: () => (hoveredEdge.k >= 0 ? edgeCardLines(hoveredEdge.k) : null), whySummary,
                        tableRows: () => tableState.rows.map((i) => N[i].id),
                        hoverAt, showTable,
                        hidden: () => N.filter((n, i) => hiddenNow[i]).map((n) => n.id).sort(),
                        labelBoxes: () => drawnBoxes.map((b) => ({ id: b.id, box: b.box.slice() })),
                        tickBoxes: () => drawnTicks.map((b) => ({ id: b.id, box: b.box.slice() })),
                        titleBoxes: () => drawnTitles.map((b) => ({ id: b.id, box: b.box.slice() })) };
  document.body.dataset.ready = "true";
})();
