"use strict";
// The lineage page's pure logic (graphbuild/export/templates/pagelogic.js) under `node --test`: run by
// tests/export/test_pagelogic.py, or alone with `node --test tests/export/pagelogic.test.js`.
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const P = require(path.join(__dirname, "..", "..", "graphbuild", "export", "templates", "pagelogic.js"));

// wav2vec 2.0 ← HuBERT ← WavLM, HuBERT ← data2vec, and an unconnected paper; `out`: what a paper cites
function papers() {
  const nodes = [
    { id: "wav2vec2", title: "wav2vec 2.0: A Framework for Self-Supervised Learning of Speech Representations",
      label: "wav2vec 2.0", arxiv: "2006.11477", out: [], in: [] },
    { id: "hubert", title: "HuBERT: Self-Supervised Speech Representation Learning by Masked Prediction of Hidden Units",
      label: "HuBERT", arxiv: "2106.07447", out: [0], in: [] },
    { id: "wavlm", title: "WavLM: Large-Scale Self-Supervised Pre-Training for Full Stack Speech Processing",
      label: "WavLM", arxiv: "2110.13900", out: [1], in: [] },
    { id: "data2vec", title: "data2vec: A General Framework for Self-supervised Learning in Speech, Vision and Language",
      label: "data2vec", arxiv: "2202.03555", out: [1, 0], in: [] },
    { id: "llm", title: "A Survey of Large Language Models", label: "LLM survey", arxiv: "2303.18223", out: [], in: [] },
  ];
  nodes.forEach((n, i) => n.out.forEach((j) => nodes[j].in.push(i)));
  return nodes;
}

test("reach: what a paper builds on and what builds on it, to a depth", () => {
  const N = papers();
  assert.deepEqual([...P.reach(N, 2, "out", 0)].sort(), [0, 1]);
  assert.deepEqual([...P.reach(N, 2, "out", 1)], [1]);
  assert.deepEqual([...P.reach(N, 0, "in", 0)].sort(), [1, 2, 3]);
  assert.deepEqual([...P.reach(N, 0, "in", 1)].sort(), [1, 3]);
  assert.equal(P.reach(N, 4, "out", 0).size, 0);
});

test("shortestPath follows citations from the citing paper to the cited one, and only that way", () => {
  const N = papers();
  assert.deepEqual(P.shortestPath(N, 2, 0), [2, 1, 0]);
  assert.deepEqual(P.shortestPath(N, 3, 0), [3, 0]);  // data2vec cites wav2vec 2.0 itself: one step, not two
  assert.equal(P.shortestPath(N, 0, 2), null);
  assert.equal(P.shortestPath(N, 4, 0), null);
});

test("Find: a fragment matches every paper that holds it; a full title or arXiv id is that paper", () => {
  const index = P.searchIndex(papers());
  assert.deepEqual(P.matches(index, "self-supervised"), [0, 1, 2, 3]);
  assert.deepEqual(P.matches(index, "  HuBERT "), [1]);
  assert.deepEqual(P.matches(index, "2006.11477"), [0]);
  assert.deepEqual(P.matches(index, ""), []);
  // "llm" is one paper's id, and in no other title here: the one match; typed as part of a longer word it is not
  assert.deepEqual(P.matches(index, "llm"), [4]);
  assert.equal(P.find(index, "wavlm"), 2);
  assert.equal(P.find(index, "speech"), -1);  // four papers: no single one
  assert.equal(P.find(index, "nothing like it"), -1);
});

test("the address says what is shown and reads back the same", () => {
  const view = { paper: null, path: ["wavlm", "hubert", "wav2vec2"], hidden: ["b", "a"], years: [2020, 2022],
                 fullYears: [2018, 2024], open: ["x"], firstOpen: [], depth: 0, table: true, cites: "methodology",
                 colour: "community" };
  const hash = P.encodeAddress(view);
  assert.equal(hash, "#path=wavlm,wav2vec2&hide=a,b&years=2020-2022&open=x&depth=all&table=1&cites=methodology" +
                     "&colour=community");
  const known = { categories: { a: {}, b: {} }, lanes: { x: { children: ["a"] }, y: { children: [] } } };
  assert.deepEqual(P.decodeAddress(hash, known), { paper: null, path: ["wavlm", "wav2vec2"], hide: ["a", "b"],
                                                   years: [2020, 2022], open: ["x"], depth: 0, table: true,
                                                   cites: "methodology", colour: "community" });
  // the first view has no address at all
  assert.equal(P.encodeAddress({ paper: null, path: [], hidden: [], years: [2018, 2024], fullYears: [2018, 2024],
                                 open: ["x"], firstOpen: ["x"], depth: null, table: false }), "");
  assert.equal(P.encodeAddress({ paper: "hubert", path: [], open: [], firstOpen: [], depth: 2 }), "#paper=hubert&depth=2");
});

test("an address is trusted in nothing", () => {
  const known = { categories: { a: {} }, lanes: { x: { children: ["a"] } } };
  const view = P.decodeAddress("#hide=__proto__,a,constructor&years=2022-2020&depth=7&open=__proto__,x,y&path=hubert,hubert" +
                               "&cites=<script>&colour=red", known);
  assert.equal(view.cites, null);  // only the filters the page has
  assert.equal(view.colour, null);
  assert.deepEqual(view.hide, ["a"]);
  assert.equal(view.years, null);  // backwards
  assert.equal(view.depth, null);
  assert.deepEqual(view.open, ["x"]);
  assert.equal(view.path, null);  // a path from a paper to itself
  assert.equal(P.decodeAddress("#years=20-2020", known).years, null);
  assert.deepEqual(P.decodeAddress("", known), { paper: null, path: null, hide: [], years: null, open: null,
                                                depth: null, table: false, cites: null, colour: null });
});

test("BibTeX escapes what a list says and never links a script", () => {
  const bib = P.bibtex([{ id: "a b}c", title: "Nets & {Trees}_100% $cheap$ #1 ~x^2 \\o", authors: "Ann Lee; Bo_Li",
                          year: 2021, venue: "arXiv", arxiv: "2101.00001", url: "javascript:alert(1)" }]);
  assert.equal(bib, "@misc{a-b-c,\n" +
    "  title = {{Nets \\& \\{Trees\\}\\_100\\% \\$cheap\\$ \\#1 \\textasciitilde{}x\\textasciicircum{}2 \\textbackslash{}o}},\n" +
    "  author = {Ann Lee and Bo\\_Li},\n  year = {2021},\n  howpublished = {arXiv:2101.00001},\n" +
    "  eprint = {2101.00001},\n  archivePrefix = {arXiv}\n}\n");
  const article = P.bibtex([{ id: "x", title: "T", venue: "NeurIPS", doi: "10.1/a}b c", url: "https://e.org/%7E" }]);
  assert.match(article, /^@article\{x,/);
  assert.match(article, /journal = \{NeurIPS\}/);
  assert.match(article, /doi = \{10\.1\/a%7Db%20c\}/);
  assert.match(article, /url = \{https:\/\/e\.org\/%257E\}/);
});

test("a CSV cell is quoted, and one a spreadsheet would run is not a formula", () => {
  assert.equal(P.csvCell('=HYPERLINK("http://x")'), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  for (const lead of ["+", "-", "@", "\t", "\r"]) assert.equal(P.csvCell(lead + "1")[1], "'");
  assert.equal(P.csvCell(null), '""');
  assert.equal(P.csvCell(2021), '"2021"');
  assert.equal(P.csvRow(["a", "b,c"]), '"a","b,c"');
});

test("only http(s) addresses become links", () => {
  assert.equal(P.safeUrl("https://arxiv.org/abs/2106.07447"), "https://arxiv.org/abs/2106.07447");
  assert.equal(P.safeUrl("HTTP://example.org"), "HTTP://example.org");
  for (const bad of ["javascript:alert(1)", "data:text/html,x", " https://x.org", null, 3]) assert.equal(P.safeUrl(bad), null);
});
