// Unit tests of the map's pure core (src/maritime_incidents/_assets/mi_core.js), run by
// tests/test_map_core.py with Node's own test runner: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
// MI_CORE: the file of the package Python imported (tests/test_map_core.py sets it); else this checkout's
const K = require(process.env.MI_CORE || path.join(__dirname, "..", "..", "src", "maritime_incidents", "_assets", "mi_core.js"));

const day = (iso) => K.dayOf(iso);

test("Web Mercator: the equator and Greenwich sit in the middle, north is up", () => {
  assert.equal(K.mercX(0), 0.5);
  assert.equal(K.mercY(0), 0.5);
  assert.ok(K.mercY(60) < K.mercY(10));
  assert.ok(Math.abs(K.mercX(-180)) < 1e-12 && Math.abs(K.mercX(180) - 1) < 1e-12);
  assert.ok(Number.isFinite(K.mercY(90)) && Number.isFinite(K.mercY(-90))); // clamped at the poles
});

test("dates in plain words", () => {
  assert.equal(K.plainDay(day("2025-12-20")), "20 Dec 2025");
  assert.equal(K.plainRange(day("2025-12-20"), day("2026-01-07")), "20 Dec 2025 – 7 Jan 2026");
  assert.equal(K.plainRange(day("2025-12-21"), day("2025-12-22")), "21–22 Dec 2025");
  assert.equal(K.plainRange(day("2025-09-02"), day("2025-09-02")), "2 Sep 2025");
  assert.equal(K.isoDay(day("2026-02-28")), "2026-02-28");
});

test("the filter: types, overlapping dates, search text", () => {
  const cols = { cat: [0, 1, 0], ds: [10, 20, 30], de: [12, 20, 35] };
  const text = ["stk-1\u0001skipper", "szr-2\u0001caracas", "stk-3\u0001"];
  const all = { on: [true, true], from: 0, to: 100 };
  assert.deepEqual(K.filterRows(cols, 3, all, "", null), [0, 1, 2]);
  assert.deepEqual(K.filterRows(cols, 3, { on: [false, true], from: 0, to: 100 }, "", null), [1]);
  assert.deepEqual(K.filterRows(cols, 3, { on: [true, true], from: 11, to: 31 }, "", null), [0, 1, 2]); // a row overlapping the range counts
  assert.deepEqual(K.filterRows(cols, 3, { on: [true, true], from: 13, to: 29 }, "", null), [1]);
  assert.deepEqual(K.filterRows(cols, 3, all, "caracas", text), [1]);
});

test("clustering: rows closer than a cell share a cluster that lists them", () => {
  const MX = [0.5, 0.50001, 0.7], MY = [0.5, 0.50001, 0.5];
  const size = { x: 1024, y: 1024 }, origin = { x: 0, y: 0 };
  const out = K.cluster([0, 1, 2], MX, MY, 2, origin, size, 48);
  assert.equal(out.length, 2);
  const big = out.find((c) => c.n === 2);
  assert.deepEqual(big.members, [0, 1]);
  assert.equal(out.reduce((s, c) => s + c.n, 0), 3);
  // rows outside the view are not clustered
  assert.equal(K.cluster([2], MX, MY, 2, { x: 0, y: 0 }, { x: 100, y: 100 }, 48).length, 0);
  // given the rows' categories, each cluster counts its rows of each (the ring by type)
  const typed = K.cluster([0, 1, 2], MX, MY, 2, origin, size, 48, [2, 0, 1], 3);
  assert.deepEqual(Array.from(typed.find((c) => c.n === 2).per), [1, 0, 1]);
  assert.deepEqual(Array.from(typed.find((c) => c.n === 1).per), [0, 1, 0]);
});

test("sums of per-row tallies and contested tolls as ranges", () => {
  const keys = ["incidents", "strike_rows", "killed", "killed_low", "killed_high"];
  const tallies = [[1, 1, 1], [1, 0, 1], [3, 0, 4], [2, 0, 4], [5, 0, 4]];
  const s = K.sumTallies(keys, tallies, [0, 2]);
  assert.deepEqual(s, { incidents: 2, strike_rows: 2, killed: 7, killed_low: 6, killed_high: 9 });
  assert.equal(K.range(s.killed_low, s.killed, s.killed_high), "6–9");
  assert.equal(K.range(4, 4, 4), "4");
});

test("an area's label says what it holds", () => {
  const s = { incidents: 31, strike_rows: 30, land_strikes: 0, seizures: 0, killed: 95, killed_low: 95, killed_high: 95,
    killed_on_land: 0, killed_on_land_low: 0, killed_on_land_high: 0 };
  assert.equal(K.areaLabel("Eastern Pacific", s), "Eastern Pacific · 30 strikes · 1 other · 95 killed · positions not disclosed");
});

test("URL state round-trips, and a bad hash gives nothing", () => {
  const st = { from: "2025-10-01", to: "2026-01-31", q: "Bella 1 & co", off: ["seizure", "policy action"], sel: "PUR-20251220-01",
    v: { z: 5, lat: 12.3456, lon: -70.1 } };
  const back = K.decodeHash(K.encodeHash(st));
  assert.deepEqual(back, { from: "2025-10-01", to: "2026-01-31", q: "Bella 1 & co", off: ["seizure", "policy action"],
    sel: "PUR-20251220-01", v: { z: 5, lat: 12.346, lon: -70.1 } });
  assert.deepEqual(K.decodeHash("#from=yesterday&v=1/999/0&q=%E0%A4%A"), {});
  assert.equal(K.encodeHash({}), "");
});

test("CSV cells: quoted when needed, formulas defused", () => {
  assert.equal(K.csvCell('a "b", c'), '"a ""b"", c"');
  assert.equal(K.csvCell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
  assert.equal(K.csvCell(-3), "-3");
  assert.equal(K.csvCell(null), "");
});

test("the map's state as a hash: defaults left out, and read back held to the data", () => {
  const keys = ["strike", "seizure", "deployment"], lo = day("2025-09-01"), hi = day("2026-10-04");
  const st = { from: day("2025-12-01"), to: hi, query: "tanker", on: [true, false, true], sel: "SZR-20251210-01",
    view: { z: 5, lat: 14, lon: -68 } };
  const h = K.stateHash(st, lo, hi, keys);
  assert.equal(h, "#from=2025-12-01&q=tanker&off=seizure&sel=SZR-20251210-01&v=5/14.000/-68.000");
  assert.deepEqual(K.hashState(h, lo, hi, keys), { from: st.from, to: hi, query: "tanker", off: [1], sel: "SZR-20251210-01",
    view: { z: 5, lat: 14, lon: -68 } });
  // everything at its default: an empty hash, and an empty hash opens everything
  assert.equal(K.stateHash({ from: lo, to: hi, query: "", on: [true, true, true], sel: null, view: null }, lo, hi, keys), "");
  assert.deepEqual(K.hashState("", lo, hi, keys), { from: lo, to: hi, query: "", off: [], sel: null, view: null });
  // dates outside the data are held to it; unknown or repeated categories are dropped
  const w = K.hashState("#from=1999-01-01&to=2030-01-01&off=nosuch,seizure,seizure", lo, hi, keys);
  assert.deepEqual([w.from, w.to, w.off], [lo, hi, [1]]);
  assert.equal(K.hashState("#to=2025-10-01", lo, hi, keys).to, day("2025-10-01"));
  // a date that is not in the calendar is left out, not rolled over to the next month
  const bad = K.hashState("#from=2025-09-31&to=2025-11-31", lo, hi, keys);
  assert.deepEqual([bad.from, bad.to], [lo, hi]);
});

test("dayOf reads calendar dates only", () => {
  assert.equal(K.dayOf("1970-01-02"), 1);
  assert.equal(K.isoDay(K.dayOf("2024-02-29")), "2024-02-29");
  for (const s of ["2025-02-29", "2025-02-30", "2025-04-31", "2025-13-01", "2025-2-3", "2025-02-28x", "x2025-02-28", "", null, undefined]) {
    assert.equal(K.dayOf(s), null, String(s));
  }
});

test("a long list, windowed: the rows in the scroll window and a few more", () => {
  // 20,000 rows of 28 px; the window shows 600 px from 28,000 px (row 1000 at its top)
  assert.deepEqual(K.listWindow(20000, 28, 28000, 600, 0), { first: 1000, last: 1021 });
  assert.deepEqual(K.listWindow(20000, 28, 28000, 600, 5), { first: 995, last: 1026 });
  // the list starting below the window's top, and the end of the list
  assert.deepEqual(K.listWindow(20000, 28, -300, 600, 0), { first: 0, last: 10 });
  assert.deepEqual(K.listWindow(20000, 28, 20000 * 28 - 100, 600, 3), { first: 19993, last: 19999 });
  // nothing to show: no rows, a window above or below the list, a hidden (0 px) window
  for (const args of [[0, 28, 0, 600], [100, 28, -700, 600], [100, 28, 2800, 600], [100, 28, 0, 0]]) {
    assert.deepEqual(K.listWindow(...args, 2), { first: 0, last: -1 }, String(args));
  }
});

test("a long list: keys move the active row, the scroll shows it whole and moves as little as it can", () => {
  assert.equal(K.listMove("ArrowDown", 0, 20000, 20), 1);
  assert.equal(K.listMove("ArrowUp", 0, 20000, 20), 0);
  assert.equal(K.listMove("End", 3, 20000, 20), 19999);
  assert.equal(K.listMove("Home", 19999, 20000, 20), 0);
  assert.equal(K.listMove("PageDown", 19990, 20000, 20), 19999);
  assert.equal(K.listMove("PageUp", 30, 20000, 20), 10);
  assert.equal(K.listMove("ArrowDown", 19999, 20000, 20), 19999);
  assert.equal(K.listMove("Enter", 3, 20000, 20), null);
  assert.equal(K.listMove("ArrowDown", 0, 0, 20), null);
  // the list starts 400 px into the scrolled panel; the panel shows 600 px
  assert.equal(K.scrollToRow(5, 28, 400, 0, 600), 0); // row 5 (540-568 px) is in view: no move
  assert.equal(K.scrollToRow(10, 28, 400, 0, 600), 108); // row 10 (680-708 px) comes up to the bottom edge
  assert.equal(K.scrollToRow(19999, 28, 400, 0, 600), 400 + 20000 * 28 - 600); // the last row at the bottom
  assert.equal(K.scrollToRow(0, 28, 400, 5000, 600), 400); // back up: the first row at the top
  assert.equal(K.scrollToRow(5, 28, 0, 0, 20), 140); // a window lower than a row shows the row's top
});

test("incidents off screen: each counted once, beyond the edge its direction from the centre crosses", () => {
  const r = { x0: 0, y0: 0, x1: 1000, y1: 500 }; // a wide view: centre (500, 250)
  assert.equal(K.edgeOf(500, 250, r), null);
  assert.equal(K.edgeOf(1000, 500, r), null); // on the edge is in view
  assert.equal(K.edgeOf(500, -10, r), "top");
  assert.equal(K.edgeOf(1200, 260, r), "right");
  assert.equal(K.edgeOf(-5, 400, r), "left");
  assert.equal(K.edgeOf(400, 900, r), "bottom");
  // off a corner: by the direction scaled to the view (the wide view's side is 2x farther than its top)
  assert.equal(K.edgeOf(1100, -100, r), "top"); // u = 1.2, v = -1.4
  assert.equal(K.edgeOf(1300, -100, r), "right"); // u = 1.6, v = -1.4
  // a tall view (a phone): the same point off the top-right corner now lies beyond the right edge
  assert.equal(K.edgeOf(450, -100, { x0: 0, y0: 0, x1: 390, y1: 780 }), "right"); // u = 1.31, v = -1.26
});

test("circle coverage: each pixel counts the circles holding its centre, as a brute-force check says", () => {
  const w = 60, h = 40, circles = [20.3, 18.7, 10.2, 27.1, 22.4, 6.6, -4.2, 5.5, 9.1, 58.9, 39.2, 3.3];
  const cov = K.circleCover(circles, w, h);
  let covered = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let want = 0;
      for (let k = 0; k < circles.length; k += 3) {
        const dx = x + 0.5 - circles[k], dy = y + 0.5 - circles[k + 1];
        if (dx * dx + dy * dy <= circles[k + 2] * circles[k + 2]) want++;
      }
      assert.equal(cov[y * w + x], want, `pixel ${x},${y}`);
      if (want) covered++;
    }
  }
  assert.ok(covered > 300); // the circles really cover something (a grid of zeros would fail above too)
  assert.equal(cov[19 * w + 22], 2); // where two overlap
  // the buffer is reused and cleared
  const again = K.circleCover([5.5, 5.5, 2], w, h, cov);
  assert.equal(again, cov);
  assert.equal(again.reduce((a, b) => a + b, 0), 13); // centres at whole offsets from 5.5: x² + y² ≤ 4 holds 13
});

test("labels: most important first, each at its first free place, never outside the free part or over what is taken", () => {
  const free = [0, 0, 200, 100], symbol = [90, 40, 110, 60];
  const labels = [
    { w: 60, h: 20, at: [[50, 30]] }, // placed where asked
    { w: 60, h: 20, at: [[60, 35], [60, 80]] }, // would cover the first: goes to its second place
    { w: 60, h: 20, at: [[100, 50]] }, // would cover the symbol: left out
    { w: 60, h: 20, at: [[190, 50], [160, 50]] }, // its first place pokes out of the free part
    { w: 20, h: 10, at: [[10, 97]] }, // out of the free part at the bottom
  ];
  const taken = [symbol];
  const boxes = K.placeLabels(labels, taken, free, 10);
  assert.deepEqual(boxes, [[20, 20, 80, 40, 0], [30, 70, 90, 90, 1], null, [130, 40, 190, 60, 1], null]);
  assert.equal(taken.length, 4); // the symbol and the three placed labels
  // at most `max` placed
  assert.deepEqual(K.placeLabels(labels, [], free, 1).map((b) => b !== null), [true, false, false, false, false]);
});
