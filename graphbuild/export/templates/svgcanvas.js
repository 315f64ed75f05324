"use strict";
// SvgCanvas: the part of the canvas 2D context the lineage page draws with, recorded as SVG. The page draws its
// view through the same functions into this instead of the canvas, so "SVG of the view" is the very picture on the
// screen, in vectors (names as text), made in the page from its own data. Only what the page uses is here:
// paths of lines, quadratic curves, arcs and rectangles; fill and stroke with dashes; filled and stroked text;
// save/restore; an affine transform. Text is escaped; nothing a list says becomes markup.
const SvgCanvas = (function () {
  const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  const escape = (s) => String(s).replace(/[&<>"']/g, (c) => ESCAPES[c]);
  const num = (v) => (Math.abs(v) < 1e-9 ? "0" : String(Math.round(v * 100) / 100));
  // a CSS colour as SVG 1.1 understands it: rgba() and #rrggbbaa become a colour and an opacity
  function paint(colour) {
    const m = /^rgba\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*\)$/.exec(colour);
    if (m) return ["rgb(" + m[1] + "," + m[2] + "," + m[3] + ")", parseFloat(m[4])];
    const h = /^#([0-9a-f]{6})([0-9a-f]{2})$/i.exec(colour);
    if (h) return ["#" + h[1], parseInt(h[2], 16) / 255];
    return [colour, 1];
  }
  const BASELINE = { middle: "central", top: "text-before-edge", hanging: "hanging", bottom: "text-after-edge" };
  const ANCHOR = { center: "middle", right: "end", end: "end" };

  class SvgCanvas {
    constructor(width, height) {
      this.canvas = { width, height };
      this.out = [];
      this.stack = [];
      this.d = [];
      this.at = null;  // the current point (transformed), to join an arc to what precedes it
      this.measurer = document.createElement("canvas").getContext("2d");
      Object.assign(this, { m: [1, 0, 0, 1, 0, 0], fillStyle: "#000", strokeStyle: "#000", lineWidth: 1,
                            globalAlpha: 1, font: "10px sans-serif", textAlign: "start", textBaseline: "alphabetic",
                            lineJoin: "miter", dash: [] });
    }
    // --- state and transform ---
    save() {
      this.stack.push({ m: this.m.slice(), fillStyle: this.fillStyle, strokeStyle: this.strokeStyle, lineWidth: this.lineWidth,
                        globalAlpha: this.globalAlpha, font: this.font, textAlign: this.textAlign,
                        textBaseline: this.textBaseline, lineJoin: this.lineJoin, dash: this.dash.slice() });
    }
    restore() { if (this.stack.length) Object.assign(this, this.stack.pop()); }
    setTransform(a, b, c, d, e, f) { this.m = [a, b, c, d, e, f]; }
    transform(a, b, c, d, e, f) {
      const [A, B, C, D, E, F] = this.m;
      this.m = [A * a + C * b, B * a + D * b, A * c + C * d, B * c + D * d, A * e + C * f + E, B * e + D * f + F];
    }
    translate(x, y) { this.transform(1, 0, 0, 1, x, y); }
    scale(x, y) { this.transform(x, 0, 0, y, 0, 0); }
    get unit() { const [a, b, c, d] = this.m; return Math.sqrt(Math.abs(a * d - b * c)); }  // how long 1 unit is
    point(x, y) { const [a, b, c, d, e, f] = this.m; return [a * x + c * y + e, b * x + d * y + f]; }
    setLineDash(list) { this.dash = list.slice(); }
    measureText(text) { this.measurer.font = this.font; return this.measurer.measureText(text); }
    // --- paths ---
    beginPath() { this.d = []; this.at = null; }
    moveTo(x, y) { const p = this.point(x, y); this.d.push("M" + num(p[0]) + " " + num(p[1])); this.at = p; }
    lineTo(x, y) { const p = this.point(x, y); this.d.push("L" + num(p[0]) + " " + num(p[1])); this.at = p; }
    quadraticCurveTo(cx, cy, x, y) {
      const c = this.point(cx, cy), p = this.point(x, y);
      this.d.push("Q" + num(c[0]) + " " + num(c[1]) + " " + num(p[0]) + " " + num(p[1])); this.at = p;
    }
    closePath() { this.d.push("Z"); }
    rect(x, y, w, h) {
      const a = this.point(x, y), b = this.point(x + w, y), c = this.point(x + w, y + h), e = this.point(x, y + h);
      this.d.push("M" + [a, b, c, e].map((p) => num(p[0]) + " " + num(p[1])).join("L") + "Z"); this.at = a;
    }
    arc(x, y, r, start, end, anticlockwise) {
      const R = r * this.unit, at = (t) => this.point(x + r * Math.cos(t), y + r * Math.sin(t));
      let sweep = anticlockwise ? start - end : end - start;
      if (sweep < 0) sweep += 2 * Math.PI * Math.ceil(-sweep / (2 * Math.PI));
      const s = at(start);
      this.d.push((this.at ? "L" : "M") + num(s[0]) + " " + num(s[1]));
      const flag = anticlockwise ? 0 : 1;
      if (sweep >= 2 * Math.PI - 1e-9) {  // a whole circle: two halves (one SVG arc cannot end where it starts)
        const half = at(start + (anticlockwise ? -Math.PI : Math.PI));
        this.d.push("A" + num(R) + " " + num(R) + " 0 0 " + flag + " " + num(half[0]) + " " + num(half[1]),
                    "A" + num(R) + " " + num(R) + " 0 0 " + flag + " " + num(s[0]) + " " + num(s[1]));
        this.at = s;
        return;
      }
      const e = at(anticlockwise ? start - sweep : start + sweep);
      this.d.push("A" + num(R) + " " + num(R) + " 0 " + (sweep > Math.PI ? 1 : 0) + " " + flag + " " + num(e[0]) + " " + num(e[1]));
      this.at = e;
    }
    // --- painting ---
    colour(kind, style) {
      const [c, alpha] = paint(style), opacity = alpha * this.globalAlpha;
      return kind + '="' + escape(c) + '"' + (opacity < 1 ? " " + kind + '-opacity="' + num(opacity) + '"' : "");
    }
    strokeAttributes() {
      const u = this.unit;
      return this.colour("stroke", this.strokeStyle) + ' stroke-width="' + num(this.lineWidth * u) + '"' +
        (this.dash.length ? ' stroke-dasharray="' + this.dash.map((v) => num(v * u)).join(" ") + '"' : "") +
        (this.lineJoin !== "miter" ? ' stroke-linejoin="' + escape(this.lineJoin) + '"' : "");
    }
    fill() { if (this.d.length) this.out.push('<path d="' + this.d.join("") + '" ' + this.colour("fill", this.fillStyle) + "/>"); }
    stroke() { if (this.d.length) this.out.push('<path d="' + this.d.join("") + '" fill="none" ' + this.strokeAttributes() + "/>"); }
    fillRect(x, y, w, h) { const d = this.d, at = this.at; this.beginPath(); this.rect(x, y, w, h); this.fill(); this.d = d; this.at = at; }
    strokeRect(x, y, w, h) { const d = this.d, at = this.at; this.beginPath(); this.rect(x, y, w, h); this.stroke(); this.d = d; this.at = at; }
    text(text, x, y, maxWidth, paintWith) {
      const m = /^\s*(bold\s+|[1-9]00\s+)?([\d.e+-]+)px\s+(.+)$/.exec(this.font);
      const weight = m && m[1] ? m[1].trim() : null, size = m ? parseFloat(m[2]) : 10, family = m ? m[3] : "sans-serif";
      const p = this.point(x, y), u = this.unit;
      let squeeze = "";
      if (maxWidth !== undefined && this.measureText(text).width > maxWidth) {  // the canvas condenses it to fit
        squeeze = ' textLength="' + num(maxWidth * u) + '" lengthAdjust="spacingAndGlyphs"';
      }
      this.out.push('<text x="' + num(p[0]) + '" y="' + num(p[1]) + '" font-size="' + num(size * u) + '" font-family="' +
        escape(family) + '"' + (weight ? ' font-weight="' + escape(weight) + '"' : "") +
        (ANCHOR[this.textAlign] ? ' text-anchor="' + ANCHOR[this.textAlign] + '"' : "") +
        (BASELINE[this.textBaseline] ? ' dominant-baseline="' + BASELINE[this.textBaseline] + '"' : "") +
        squeeze + " " + paintWith + ">" + escape(text) + "</text>");
    }
    fillText(text, x, y, maxWidth) { this.text(text, x, y, maxWidth, this.colour("fill", this.fillStyle)); }
    strokeText(text, x, y, maxWidth) { this.text(text, x, y, maxWidth, 'fill="none" ' + this.strokeAttributes()); }
    // --- the picture ---
    toString(background, title) {
      const { width, height } = this.canvas;
      return '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="' + width +
        '" height="' + height + '" viewBox="0 0 ' + width + " " + height + '">\n' +
        (title ? "<title>" + escape(title) + "</title>\n" : "") +
        '<rect width="100%" height="100%" ' + this.colour("fill", background) + "/>\n" + this.out.join("\n") + "\n</svg>\n";
    }
  }
  return SvgCanvas;
})();
