/* maritime-incidents map part: the payload's columns and rows, into the shared state (see incident_map.js).
 *
 * The data arrive as columns (no object per row): `expand` undoes their compact forms. `Parts.columns`
 * decodes them and makes the filter's state; `Parts.rows` (run after the basemap) adds each row's
 * position in Web Mercator, the distinct areas, the tracks, and the month of each row for the histogram.
 */
(function () {
  "use strict";

  var K = window.MICore;
  var Parts = (window.MIParts = window.MIParts || {});

  function expand(col) { // {d: values, k: codes} or {c: one value, n: rows}
    if (!col || Array.isArray(col)) return col;
    return col.k ? col.k.map(function (k) { return col.d[k]; }) : new Array(col.n).fill(col.c);
  }

  Parts.columns = function (S) {
    var P = S.P;
    var C = P.columns, N = C.id.length, cats = P.categories, MAXZ = P.max_zoom;
    Object.keys(C).forEach(function (f) { C[f] = expand(C[f]); });
    var G = !!P.generic, A = P.attrs || []; // any GeoDataFrame: its columns as [name, values] pairs
    A.forEach(function (a) { a[1] = expand(a[1]); });
    for (var e = 0; e < N; e++) C.de[e] += C.ds[e]; // date_end travels as days after date_start
    var TK = P.tally_keys || [], TT = (P.tallies || []).map(function (t) { // {i: rows, v: values, n}: the rows that add anything
      if (!t || !t.i) return expand(t);
      var out = new Int32Array(t.n), v = expand(t.v);
      for (var k = 0; k < t.i.length; k++) out[t.i[k]] = v[k];
      return out;
    });
    var AR = C.ar || null;
    var state = { on: cats.map(function () { return true; }), from: P.day_min, to: P.day_max, query: "", areas: true };
    var catIndex = {};
    cats.forEach(function (c, k) { catIndex[c.key] = k; });
    var tLand = P.types.indexOf("land_strike");

    function incident(i) {
      var o = { sources: P.sources[i] || [] };
      P.fields.forEach(function (f) { o[f] = C[f][i]; });
      o.type = P.types[C.type[i]];
      o.ds = C.ds[i]; o.de = C.de[i];
      o.date_precision = P.date_precisions[C.dp[i]];
      o.geo_precision = P.geo_precisions[C.gp[i]];
      o.uncertainty_km = C.unc[i];
      return o;
    }
    S.C = C; S.N = N; S.cats = cats; S.MAXZ = MAXZ; S.G = G; S.A = A; S.TK = TK; S.TT = TT; S.AR = AR; S.state = state; S.catIndex = catIndex; S.tLand = tLand; S.incident = incident;
  };

  Parts.rows = function (S) {
    var P = S.P, C = S.C, N = S.N, G = S.G;
    // --- rows: positions, areas, tracks -------------------------------------------------------
    var placed = new Uint8Array(N), MX = new Float64Array(N), MY = new Float64Array(N);
    for (var m = 0; m < N; m++) {
      placed[m] = C.lat[m] !== null && C.lon[m] !== null ? 1 : 0;
      MX[m] = placed[m] ? K.mercX(C.lon[m]) : NaN; MY[m] = placed[m] ? K.mercY(C.lat[m]) : NaN;
    }
    var AREAS = (P.areas || []).map(function (a, k) {
      var box = [1, 1, 0, 0], rings = null, circle = null;
      if (a.rings) rings = a.rings.map(function (r) { return S.mercRing(r, box); });
      else { // the circle of a row's uncertainty, as a circle in Web Mercator (true for the few hundred km it spans)
        var cx = K.mercX(a.circle[1]), cy = K.mercY(a.circle[0]);
        var rr = a.circle[2] / 40075.017 / Math.max(0.05, Math.cos((Math.max(-85, Math.min(85, a.circle[0])) * Math.PI) / 180));
        circle = [cx, cy, rr]; box = [cx - rr, cy - rr, cx + rr, cy + rr];
      }
      var label = a.label || [a.circle[0], a.circle[1]]; // a circle's label point is its centre
      return { k: k, name: a.name, rings: rings, circle: circle, box: box, lx: K.mercX(label[1]), ly: K.mercY(label[0]), label: label, src: a, rows: [] };
    });
    // id -> row, made on first use (a hash naming a row, a track, openPopup): a Map of a million ids
    // took most of a second to build at load, for a look-up a page may never make
    var byId = null;
    function ids() {
      if (!byId) { byId = new Map(); for (var q = 0; q < N; q++) byId.set(C.id[q], q); }
      return byId;
    }
    var idIndex = { get: function (id) { return ids().get(id); }, has: function (id) { return ids().has(id); } };
    var TRACKS = (P.tracks || []).map(function (t) {
      var box = [1, 1, 0, 0];
      return { t: t, xy: S.mercRing(t.line, box), box: box, rows: t.incidents.map(function (id) { return idIndex.get(id); }).filter(function (i) { return i !== undefined; }) };
    });

    // --- months, for the time histogram ---------------------------------------------------------
    var MONTHS = [], monthOf = new Int32Array(N);
    (function () {
      var d = new Date(P.day_min * K.DAY_MS), y = d.getUTCFullYear(), mo = d.getUTCMonth();
      var last = Math.max(P.day_max, P.as_of_day || 0); // to the data's as-of date: later months are a gap, not a stop
      while (Date.UTC(y, mo, 1) / K.DAY_MS <= last && MONTHS.length < 1200) {
        MONTHS.push({ start: Date.UTC(y, mo, 1) / K.DAY_MS, end: Date.UTC(y, mo + 1, 1) / K.DAY_MS - 1 });
        mo++; if (mo === 12) { mo = 0; y++; }
      }
      if (MONTHS.length >= 1200) MONTHS = []; // a century of months: no histogram
      if (!MONTHS.length) return;
      var lut = new Int32Array(P.day_max - P.day_min + 1); // day -> month: no Date object per row
      MONTHS.forEach(function (mo2, k) { for (var dd = Math.max(mo2.start, P.day_min); dd <= Math.min(mo2.end, P.day_max); dd++) lut[dd - P.day_min] = k; });
      for (var i = 0; i < N; i++) monthOf[i] = lut[C.ds[i] - P.day_min];
    })();
    // a month with no row, or with pointer rows only, is a gap in the sources (data/README.md)
    var pointerMonth = MONTHS.map(function () { return true; });
    if (!G && C.confidence) for (var pm = 0; pm < N; pm++) if (C.confidence[pm] !== "pointer" && monthOf[pm] >= 0) pointerMonth[monthOf[pm]] = false;
    if (G) pointerMonth = MONTHS.map(function () { return false; });
    S.placed = placed; S.MX = MX; S.MY = MY; S.AREAS = AREAS; S.idIndex = idIndex; S.TRACKS = TRACKS; S.MONTHS = MONTHS; S.monthOf = monthOf; S.pointerMonth = pointerMonth;
  };
})();
