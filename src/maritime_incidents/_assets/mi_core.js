/* maritime-incidents: the map's pure core (no DOM, no Leaflet), unit-tested with `node --test`.
 *
 * Projection, dates in plain words, the filter, clustering on a screen grid, summing the
 * per-row tallies the Python side computed (the counting rules live in counting.py: this file
 * only adds numbers up), and the view's state as a URL hash. The page's other scripts read it
 * as `window.MICore`; Node reads it with require().
 */
(function (root) {
  "use strict";

  var DAY_MS = 86400000;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  // Web Mercator in [0, 1] x [0, 1] (the unit square of Leaflet's zoom 0, divided by 256).
  function mercX(lon) { return (lon + 180) / 360; }
  function mercY(lat) {
    var s = Math.sin(Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI / 180);
    return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
  }

  function isoDay(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }
  // A calendar date "YYYY-MM-DD" as a day number, or null. Date.parse alone would take "2025-02-30" as
  // 2 March (it rolls day 29-31 over): a shared link with a mistyped date must not move the filter silently.
  function dayOf(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso));
    if (!m) return null;
    var day = Math.round(Date.UTC(+m[1], +m[2] - 1, +m[3]) / DAY_MS);
    return isoDay(day) === m[0] ? day : null;
  }

  // "20 Dec 2025"
  function plainDay(day) {
    var d = new Date(day * DAY_MS);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  // "20 Dec 2025", "20–22 Dec 2025", "20 Dec 2025 – 7 Jan 2026"
  function plainRange(a, b) {
    if (b === undefined || b === null || b === a) return plainDay(a);
    var x = new Date(a * DAY_MS), y = new Date(b * DAY_MS);
    if (x.getUTCFullYear() === y.getUTCFullYear() && x.getUTCMonth() === y.getUTCMonth()) {
      return x.getUTCDate() + "–" + plainDay(b);
    }
    return plainDay(a) + " – " + plainDay(b);
  }

  // Does row i pass the filter? cols: {cat, ds, de}; f: {on: [bool per category], from, to}; text: search text per row or null.
  function passes(cols, i, f, q, text) {
    if (!f.on[cols.cat[i]]) return false;
    if (cols.de[i] < f.from || cols.ds[i] > f.to) return false;
    if (!q) return true;
    return text[i].indexOf(q) >= 0;
  }

  function filterRows(cols, n, f, q, text) {
    var out = [];
    for (var i = 0; i < n; i++) if (passes(cols, i, f, q, text)) out.push(i);
    return out;
  }

  // Cluster rows on a grid fixed to the world at zoom z (stable when panning): {n, sx, sy, i, key, members}
  // and, given each row's category and how many there are, {per: rows of each category} (the ring by type).
  function cluster(rows, MX, MY, z, origin, size, cell, cat, ncat) {
    var scale = 256 * Math.pow(2, z), cells = new Map(), out = [];
    for (var k = 0; k < rows.length; k++) {
      var i = rows[k], px = MX[i] * scale, py = MY[i] * scale, x = px - origin.x, y = py - origin.y;
      if (x < -cell || y < -cell || x > size.x + cell || y > size.y + cell) continue;
      var key = Math.floor(px / cell) * 1048576 + Math.floor(py / cell);
      var c = cells.get(key);
      if (!c) { c = { n: 0, sx: 0, sy: 0, i: i, key: key, members: [], per: cat ? new Int32Array(ncat) : null }; cells.set(key, c); out.push(c); }
      c.n++; c.sx += x; c.sy += y; c.members.push(i);
      if (cat) c.per[cat[i]]++;
    }
    return out;
  }

  // How many circles cover each pixel of a w x h grid (row-major): thousands of overlapping areas
  // (a large frame's uncertainty circles) drawn as one raster. A canvas path of that many arcs took
  // Chromium seconds to fill (8 s for 127,000); here each circle costs one span per pixel row it
  // crosses (a difference array), then one running sum along each row. A pixel counts when its
  // centre is inside. circles: flat [x, y, r, x, y, r, ...] in pixels; out: an Int32Array to reuse.
  function circleCover(circles, w, h, out) {
    var cov = circleSpans(circles, w, h, out);
    for (var row = 0; row < h * w; row += w) {
      for (var x = row, sum = 0, end = row + w; x < end; x++) { sum += cov[x]; cov[x] = sum; }
    }
    return cov;
  }

  // The same before the running sums: +1 where a circle's span starts in a pixel row, -1 after it ends
  // (a caller that needs only "covered or not" sums as it reads).
  function circleSpans(circles, w, h, out) {
    var cov = out && out.length === w * h ? out : new Int32Array(w * h);
    cov.fill(0);
    for (var k = 0; k + 2 < circles.length; k += 3) {
      var cx = circles[k], cy = circles[k + 1], r = circles[k + 2];
      var y0 = Math.max(0, Math.ceil(cy - r - 0.5)), y1 = Math.min(h - 1, Math.floor(cy + r - 0.5));
      for (var y = y0; y <= y1; y++) {
        var dy = y + 0.5 - cy, half = Math.sqrt(Math.max(0, r * r - dy * dy));
        var x0 = Math.max(0, Math.ceil(cx - half - 0.5)), x1 = Math.min(w, Math.floor(cx + half - 0.5) + 1);
        if (x0 >= x1) continue;
        cov[y * w + x0]++;
        if (x1 < w) cov[y * w + x1]--;
      }
    }
    return cov;
  }

  // Labels placed greedily, most important first: each label {w, h, at: [[x, y], ...]} goes at the
  // first of its places whose box lies inside `free` ([x0, y0, x1, y1]) and overlaps no box in `taken`
  // (what must stay readable: other labels, symbols, dates; placed labels are added to it). At most
  // `max` are placed. Returns each label's box and the number of the place it took,
  // [x0, y0, x1, y1, place], or null where it fits nowhere.
  function placeLabels(labels, taken, free, max) {
    var placed = 0;
    return labels.map(function (l) {
      if (placed >= max) return null;
      for (var c = 0; c < l.at.length; c++) {
        var x = l.at[c][0], y = l.at[c][1];
        var b = [x - l.w / 2, y - l.h / 2, x + l.w / 2, y + l.h / 2];
        if (b[0] < free[0] || b[1] < free[1] || b[2] > free[2] || b[3] > free[3]) continue;
        var clash = false;
        for (var t = 0; t < taken.length && !clash; t++) clash = b[0] < taken[t][2] && taken[t][0] < b[2] && b[1] < taken[t][3] && taken[t][1] < b[3];
        if (clash) continue;
        taken.push(b); placed++;
        return b.concat([c]);
      }
      return null;
    });
  }

  // Sum the per-row tallies (arrays, one per key) over the rows.
  function sumTallies(keys, tallies, rows) {
    var out = {};
    keys.forEach(function (key, t) {
      var col = tallies[t], s = 0;
      for (var k = 0; k < rows.length; k++) s += col[rows[k]];
      out[key] = s;
    });
    return out;
  }

  // "95 killed" or "80–100 killed" where sources disagree.
  function range(low, mid, high) {
    if (low === high) return String(mid);
    return low + "–" + high;
  }

  // "Eastern Pacific · 30 strikes · 95 killed · positions not disclosed"
  function areaLabel(name, s) {
    var parts = [name];
    var n = s.incidents;
    var rest = n - s.strike_rows - s.land_strikes - s.seizures;
    if (s.strike_rows) parts.push(s.strike_rows + (s.strike_rows === 1 ? " strike" : " strikes"));
    if (s.land_strikes) parts.push(s.land_strikes + (s.land_strikes === 1 ? " land strike" : " land strikes"));
    if (s.seizures) parts.push(s.seizures + (s.seizures === 1 ? " seizure" : " seizures"));
    if (rest > 0) parts.push(rest + (rest === 1 ? " other" : " others"));
    var killed = s.killed + s.killed_on_land, lo = s.killed_low + s.killed_on_land_low, hi = s.killed_high + s.killed_on_land_high;
    if (hi) parts.push(range(lo, killed, hi) + " killed");
    parts.push("positions not disclosed");
    return parts.join(" · ");
  }

  // The view's state as a URL hash and back: from, to (ISO days), q, off (category keys), sel, v (zoom/lat/lon).
  function encodeHash(st) {
    var p = [];
    if (st.from) p.push("from=" + st.from);
    if (st.to) p.push("to=" + st.to);
    if (st.q) p.push("q=" + encodeURIComponent(st.q));
    if (st.off && st.off.length) p.push("off=" + st.off.map(encodeURIComponent).join(","));
    if (st.sel) p.push("sel=" + encodeURIComponent(st.sel));
    if (st.v) p.push("v=" + st.v.z + "/" + st.v.lat.toFixed(3) + "/" + st.v.lon.toFixed(3));
    return p.length ? "#" + p.join("&") : "";
  }

  function decodeHash(hash) {
    var out = {};
    String(hash || "").replace(/^#/, "").split("&").forEach(function (kv) {
      var at = kv.indexOf("=");
      if (at < 1) return;
      var k = kv.slice(0, at), v;
      try { v = decodeURIComponent(kv.slice(at + 1)); } catch (err) { return; }
      if ((k === "from" || k === "to") && /^\d{4}-\d{2}-\d{2}$/.test(v)) out[k] = v;
      else if (k === "q" || k === "sel") out[k] = v;
      else if (k === "off") out.off = v ? v.split(",") : [];
      else if (k === "v") {
        var m = v.split("/").map(Number);
        if (m.length === 3 && m.every(isFinite) && Math.abs(m[1]) <= 90 && Math.abs(m[2]) <= 360) out.v = { z: m[0], lat: m[1], lon: m[2] };
      }
    });
    return out;
  }

  // --- incidents off screen: which edge of the view each lies beyond ----------------------------------
  // The edge ("top", "right", "bottom", "left") that the line from the view's centre to (x, y) crosses,
  // for a point outside the view rect {x0, y0, x1, y1}; null for a point inside it.
  function edgeOf(x, y, r) {
    if (x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1) return null;
    var u = (x - (r.x0 + r.x1) / 2) / Math.max(1, (r.x1 - r.x0) / 2), v = (y - (r.y0 + r.y1) / 2) / Math.max(1, (r.y1 - r.y0) / 2);
    if (Math.abs(u) >= Math.abs(v)) return u < 0 ? "left" : "right";
    return v < 0 ? "top" : "bottom";
  }

  // --- a long list, windowed: only the rows in the scroll window are in the page ---------------------
  // The rows [first, last] to render of `total` rows `row` px high, when the window shows the list from
  // `top` px (negative: the list starts below the window's top) for `height` px, with `extra` rows more on
  // each side. An empty window is {first: 0, last: -1}.
  function listWindow(total, row, top, height, extra) {
    if (!(total > 0 && row > 0 && height > 0)) return { first: 0, last: -1 };
    var first = Math.max(0, Math.floor(top / row)), last = Math.min(total - 1, Math.ceil((top + height) / row) - 1);
    if (last < first) return { first: 0, last: -1 };
    return { first: Math.max(0, first - (extra || 0)), last: Math.min(total - 1, last + (extra || 0)) };
  }

  // The scroll position that shows row i whole, moving as little as possible: the list starts at `offset`
  // px in the scrolled content, the window shows [top, top + height).
  function scrollToRow(i, row, offset, top, height) {
    var y0 = offset + i * row, y1 = y0 + row;
    if (y0 < top) return y0;
    if (y1 > top + height) return Math.min(y0, y1 - height);
    return top;
  }

  // The row a key moves to from row i of `total` (a page is `page` rows); null for any other key.
  function listMove(key, i, total, page) {
    if (!total) return null;
    var to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: total - 1, PageDown: i + Math.max(1, page), PageUp: i - Math.max(1, page) }[key];
    return to === undefined ? null : Math.max(0, Math.min(total - 1, to));
  }

  // The map's state as a URL hash: st = {from, to (days), query, on: [bool per category], sel, view: {z, lat, lon}};
  // dates equal to the data's own range [dayMin, dayMax] and categories left on are not written.
  function stateHash(st, dayMin, dayMax, keys) {
    return encodeHash({
      from: st.from !== dayMin ? isoDay(st.from) : "", to: st.to !== dayMax ? isoDay(st.to) : "", q: st.query,
      off: keys.filter(function (key, k) { return !st.on[k]; }), sel: st.sel, v: st.view,
    });
  }

  // The state a hash asks for, held to the data: {from, to (days, inside [dayMin, dayMax]), query, off: [category
  // index], sel, view}. Unknown categories, bad dates and bad views are left out (the map opens as usual).
  function hashState(hash, dayMin, dayMax, keys) {
    var w = decodeHash(hash), out = { from: dayMin, to: dayMax, query: w.q || "", off: [], sel: w.sel || null, view: w.v || null };
    var clamp = function (d) { return Math.max(dayMin, Math.min(dayMax, d)); };
    if (w.from && dayOf(w.from) !== null) out.from = clamp(dayOf(w.from));
    if (w.to && dayOf(w.to) !== null) out.to = clamp(dayOf(w.to));
    (w.off || []).forEach(function (key) {
      var k = keys.indexOf(key);
      if (k >= 0 && out.off.indexOf(k) < 0) out.off.push(k);
    });
    return out;
  }

  // A CSV cell: quoted when needed, and a leading = + - @ defused (spreadsheets run those as formulas).
  function csvCell(v) {
    if (v === null || v === undefined) return "";
    var s = String(v);
    if (/^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s)) s = "'" + s;
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  var core = {
    DAY_MS: DAY_MS, mercX: mercX, mercY: mercY, isoDay: isoDay, dayOf: dayOf, plainDay: plainDay, plainRange: plainRange,
    passes: passes, filterRows: filterRows, cluster: cluster, sumTallies: sumTallies,
    circleCover: circleCover, circleSpans: circleSpans, placeLabels: placeLabels,
    range: range, areaLabel: areaLabel, encodeHash: encodeHash, decodeHash: decodeHash, csvCell: csvCell,
    edgeOf: edgeOf, stateHash: stateHash, hashState: hashState, listWindow: listWindow, scrollToRow: scrollToRow, listMove: listMove,
  };
  if (typeof module === "object" && module.exports) module.exports = core;
  else root.MICore = core;
})(this);
