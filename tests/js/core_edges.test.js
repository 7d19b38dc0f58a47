// The edges of the map's pure core (src/maritime_incidents/_assets/mi_core.js): every month's name,
// the boundaries of the date filter and of the view, singular and plural labels, the hash a hand-typed
// URL can carry, and how the file exposes itself to a page. Each test here was written to kill a
// mutant StrykerJS left alive (benchmarks/mutation.md, "mi_core.js (StrykerJS)").
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const CORE = process.env.MI_CORE || path.join(__dirname, "..", "..", "src", "maritime_incidents", "_assets", "mi_core.js");
const K = require(CORE);

const day = (iso) => K.dayOf(iso);

test("Web Mercator matches the textbook formula, clamped where Leaflet clamps", () => {
  // y = 1/2 - ln(tan(pi/4 + phi/2)) / (2 pi), written differently from the core on purpose
  const textbook = (lat) => 0.5 - Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) / (2 * Math.PI);
  for (const lat of [-60, -12.5, 10, 45, 80]) assert.ok(Math.abs(K.mercY(lat) - textbook(lat)) < 1e-12, `lat ${lat}`);
  assert.ok(Math.abs(K.mercX(-70.1) - 109.9 / 360) < 1e-15);
  assert.equal(K.mercY(90), K.mercY(85.0511));
  assert.equal(K.mercY(-90), K.mercY(-85.0511));
  assert.ok(Math.abs(K.mercY(85.0511)) < 1e-5 && Math.abs(K.mercY(-85.0511) - 1) < 1e-5);
});

test("every month has its short English name", () => {
  const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  names.forEach((name, m) => {
    const iso = `2026-${String(m + 1).padStart(2, "0")}-15`;
    assert.equal(K.plainDay(day(iso)), `15 ${name} 2026`);
  });
});

test("date ranges: one day, same month, across months, across years", () => {
  const a = day("2025-12-20");
  assert.equal(K.plainRange(a), "20 Dec 2025");
  assert.equal(K.plainRange(a, null), "20 Dec 2025");
  assert.equal(K.plainRange(day("2025-11-30"), day("2025-12-02")), "30 Nov 2025 – 2 Dec 2025"); // same year, another month
  assert.equal(K.plainRange(day("2025-12-01"), day("2026-12-03")), "1 Dec 2025 – 3 Dec 2026"); // same month, another year
  assert.equal(K.dayOf("not a date"), null);
});

test("the filter's edges: a row ending on the first day or starting on the last counts; search matches anywhere", () => {
  const cols = { cat: [0, 0, 0], ds: [5, 10, 20], de: [10, 15, 25] };
  const all = [true];
  assert.deepEqual(K.filterRows(cols, 3, { on: all, from: 10, to: 20 }, "", null), [0, 1, 2]);
  assert.deepEqual(K.filterRows(cols, 3, { on: all, from: 11, to: 19 }, "", null), [1]);
  const text = ["stk-1\u0001skipper", "szr-2\u0001stk-1 follow-up", "stk-3"];
  assert.deepEqual(K.filterRows(cols, 3, { on: all, from: 0, to: 99 }, "stk-1", text), [0, 1]); // at the start, and inside
  assert.deepEqual(K.filterRows(cols, 2, { on: all, from: 0, to: 99 }, "", null), [0, 1]); // only the first n rows
});

test("clusters: centred on their members' screen positions, split by cell, kept within a cell of the view", () => {
  const z = 3, scale = 256 * 2 ** z, cell = 50;
  const at = (x, y) => [x / scale, y / scale]; // world pixels at zoom z -> Mercator unit square
  const origin = { x: 1000, y: 600 }, size = { x: 400, y: 300 };
  // rows 0 and 1 share the cell [1000, 1050) x [600, 650); row 2 is in the next cell to the right,
  // row 3 in the next cell down; rows 4-7 lie just inside the margin of one cell beyond each side, 8-11 just
  // beyond it, 12-15 exactly on it (kept)
  const pts = [at(1010, 610), at(1040, 630), at(1060, 610), at(1010, 660),
    at(951, 700), at(1000 + 449, 700), at(1200, 551), at(1200, 600 + 349),
    at(949, 700), at(1000 + 451, 700), at(1200, 549), at(1200, 600 + 351),
    at(950, 800), at(1000 + 450, 800), at(1300, 550), at(1300, 600 + 350)];
  const MX = pts.map((p) => p[0]), MY = pts.map((p) => p[1]);
  const rows = pts.map((p, i) => i);
  const out = K.cluster(rows, MX, MY, z, origin, size, cell);
  const members = out.map((c) => c.members).flat().sort((a, b) => a - b);
  assert.deepEqual(members, [0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15]);
  const pair = out.find((c) => c.n === 2);
  assert.deepEqual(pair.members, [0, 1]);
  assert.ok(Math.abs(pair.sx / pair.n - 25) < 1e-6 && Math.abs(pair.sy / pair.n - 20) < 1e-6); // mean of (10,10) and (40,30)
  const lone = out.find((c) => c.members[0] === 3);
  assert.ok(Math.abs(lone.sx - 10) < 1e-6 && Math.abs(lone.sy - 60) < 1e-6);
  assert.equal(new Set(out.map((c) => c.key)).size, out.length); // one key per cell
  assert.equal(out.length, 11);
});

test("an area's label: singular and plural, land strikes, seizures, others, killed on land, no toll", () => {
  const zero = { incidents: 0, strike_rows: 0, land_strikes: 0, seizures: 0, killed: 0, killed_low: 0, killed_high: 0,
    killed_on_land: 0, killed_on_land_low: 0, killed_on_land_high: 0 };
  const label = (s) => K.areaLabel("Caribbean", { ...zero, ...s });
  assert.equal(label({ incidents: 1, strike_rows: 1, killed: 3, killed_low: 3, killed_high: 3 }),
    "Caribbean · 1 strike · 3 killed · positions not disclosed");
  assert.equal(label({ incidents: 4, land_strikes: 1, seizures: 1, killed_on_land: 2, killed_on_land_low: 1, killed_on_land_high: 5 }),
    "Caribbean · 1 land strike · 1 seizure · 2 others · 1–5 killed · positions not disclosed");
  assert.equal(label({ incidents: 6, strike_rows: 2, land_strikes: 2, seizures: 2, killed: 4, killed_low: 4, killed_high: 6,
    killed_on_land: 1, killed_on_land_low: 1, killed_on_land_high: 1 }),
  "Caribbean · 2 strikes · 2 land strikes · 2 seizures · 5–7 killed · positions not disclosed");
  assert.equal(label({ incidents: 2, strike_rows: 1, land_strikes: 1, killed: 2, killed_low: 2, killed_high: 2,
    killed_on_land: 3, killed_on_land_low: 3, killed_on_land_high: 3 }),
  "Caribbean · 1 strike · 1 land strike · 5 killed · positions not disclosed");
  assert.equal(label({ incidents: 1, seizures: 1 }), "Caribbean · 1 seizure · positions not disclosed");
  assert.equal(label({ incidents: 3, seizures: 3 }), "Caribbean · 3 seizures · positions not disclosed");
  assert.equal(label({ incidents: 1 }), "Caribbean · 1 other · positions not disclosed");
});

test("a hand-typed hash: no leading #, keys without values, unknown keys, bad dates and views", () => {
  assert.deepEqual(K.decodeHash("q=C#1"), { q: "C#1" });
  assert.deepEqual(K.decodeHash(null), {});
  assert.deepEqual(K.decodeHash("#qq&q&=x&zz=1/2/3"), {});
  assert.deepEqual(K.decodeHash("#off="), { off: [] });
  assert.deepEqual(K.decodeHash("#off=2025-10-01"), { off: ["2025-10-01"] });
  assert.deepEqual(K.decodeHash("#from=2025-10-01x&to=x2025-10-01"), {});
  assert.deepEqual(K.decodeHash("#v=4/90/360"), { v: { z: 4, lat: 90, lon: 360 } });
  for (const v of ["4/90.1/0", "4/0/360.1", "4/0/-361", "4/-91/0", "4/1", "4/1/2/3", "x/1/2", "4/1/y"]) {
    assert.deepEqual(K.decodeHash("#v=" + v), {}, v);
  }
  assert.equal(K.encodeHash({ off: [] }), "");
  assert.equal(K.encodeHash({ off: ["a,b", "c"] }), "#off=a%2Cb,c");
});

test("CSV cells: empty for missing values, formulas defused only at the start", () => {
  assert.equal(K.csvCell(undefined), "");
  assert.equal(K.csvCell(0), "0");
  assert.equal(K.csvCell("a=b+c"), "a=b+c");
  assert.equal(K.csvCell("+44 20"), "'+44 20");
  assert.equal(K.csvCell("@SUM(A1)"), "'@SUM(A1)");
  assert.equal(K.csvCell("-x"), "'-x");
  assert.equal(K.csvCell("-3.5"), "-3.5");
  assert.equal(K.csvCell("line\nbreak"), '"line\nbreak"');
});

test("in a page (no CommonJS module) the core sets window.MICore; under Node it exports itself", () => {
  // the file's own text, run with `module` undefined and `this` a stand-in for window (not in a vm
  // context: there StrykerJS could not switch its mutants on, and this test would judge the original)
  const page = {};
  new Function("module", fs.readFileSync(CORE, "utf8")).call(page, undefined);
  assert.equal(typeof page.MICore, "object");
  assert.equal(typeof page.MICore.plainRange, "function");
  assert.equal(typeof K.plainRange, "function");
});

test("off-screen edges: a point on the view's edge is in view; a view that does not start at 0", () => {
  const r = { x0: 100, y0: 50, x1: 1100, y1: 550 }; // centre (600, 300), half-size 500 x 250
  assert.equal(K.edgeOf(100, 300, r), null);
  assert.equal(K.edgeOf(600, 50, r), null);
  assert.equal(K.edgeOf(99, 300, r), "left");
  assert.equal(K.edgeOf(600, 49, r), "top");
  // just past the top-right corner, by the direction scaled to this view: u = 1.2, v = -1.4 -> top; u = 1.6 -> right
  assert.equal(K.edgeOf(1200, -50, r), "top");
  assert.equal(K.edgeOf(1400, -50, r), "right");
  assert.equal(K.edgeOf(1400, 650, r), "right"); // u = 1.6, v = 1.4
  assert.equal(K.edgeOf(1200, 650, r), "bottom"); // u = 1.2, v = 1.4
});

test("the list window: one row exactly in view, and nothing for a hidden window or rows of no height", () => {
  assert.deepEqual(K.listWindow(100, 28, 28, 28, 0), { first: 1, last: 1 });
  assert.deepEqual(K.listWindow(100, 28, 10, 0, 2), { first: 0, last: -1 });
  assert.deepEqual(K.listWindow(100, 0, 0, 600, 2), { first: 0, last: -1 });
  assert.deepEqual(K.listWindow(100, -28, 0, 600, 2), { first: 0, last: -1 });
});

test("the state hash: an end date before the data's end is written; a bad one, or the first category, read back", () => {
  const keys = ["strike", "seizure"], lo = day("2025-09-01"), hi = day("2026-10-04");
  const st = { from: lo, to: day("2026-01-31"), query: "", on: [false, true], sel: null, view: null };
  assert.equal(K.stateHash(st, lo, hi, keys), "#to=2026-01-31&off=strike");
  assert.deepEqual(K.hashState("#to=2026-01-31&off=strike", lo, hi, keys),
    { from: lo, to: day("2026-01-31"), query: "", off: [0], sel: null, view: null });
  // a date of the right shape that is no day opens the data's whole range
  assert.deepEqual([K.hashState("#from=2025-13-45&to=2025-13-45", lo, hi, keys).from, K.hashState("#to=2025-13-45", lo, hi, keys).to],
    [lo, hi]);
});

test("label placement: a box must lie inside the free part on every side; touching a taken box is no clash", () => {
  const free = [0, 0, 100, 50];
  const one = (x, y) => K.placeLabels([{ w: 20, h: 10, at: [[x, y]] }], [], free, 5)[0];
  // exactly on each edge fits; a pixel beyond any one edge does not
  assert.deepEqual(one(10, 5), [0, 0, 20, 10, 0]);
  assert.deepEqual(one(90, 45), [80, 40, 100, 50, 0]);
  for (const [x, y] of [[9, 20], [50, 4], [91, 20], [50, 46]]) assert.equal(one(x, y), null, `${x},${y}`);
  // a box that only touches a taken one on any side is placed; one pixel of overlap on any side is not
  const taken = [40, 20, 60, 30];
  const near = (x, y) => K.placeLabels([{ w: 20, h: 10, at: [[x, y]] }], [taken.slice()], free, 5)[0];
  for (const [x, y] of [[30, 25], [70, 25], [50, 15], [50, 35]]) assert.notEqual(near(x, y), null, `touching at ${x},${y}`);
  for (const [x, y] of [[31, 25], [69, 25], [50, 16], [50, 34]]) assert.equal(near(x, y), null, `overlapping at ${x},${y}`);
  // the second place is tried when the first clashes, and the number of the place taken is returned
  assert.deepEqual(K.placeLabels([{ w: 20, h: 10, at: [[50, 25], [10, 5]] }], [taken.slice()], free, 5)[0], [0, 0, 20, 10, 1]);
});

test("circle spans: made fresh when no buffer of the right size is given, and the one given is reused", () => {
  const fresh = K.circleSpans([2, 2, 1.2], 4, 4);
  assert.ok(fresh instanceof Int32Array && fresh.length === 16);
  assert.deepEqual(Array.from(K.circleSpans([2, 2, 1.2], 4, 4, new Int32Array(3))), Array.from(fresh)); // wrong size: not used
  const buf = new Int32Array(16).fill(7);
  assert.equal(K.circleSpans([2, 2, 1.2], 4, 4, buf), buf);
  assert.deepEqual(Array.from(buf), Array.from(fresh)); // cleared before use
});
