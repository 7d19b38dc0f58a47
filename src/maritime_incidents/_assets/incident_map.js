/* maritime-incidents: the incident map's behaviour (Leaflet, the canvas, the panel).
 *
 * Built to stay fast from 50 rows to a million: the data arrive as columns (no object per
 * row), each view is clustered on a screen grid in one pass over the shown rows, and only what
 * is in view is drawn, on one canvas. No marker, popup or DOM node is made per incident; a
 * popup is built when it is opened, and the incident list holds at most LIST_MAX rows.
 *
 * What is drawn how:
 * - a row whose area is wider than P.point_max_km is drawn as its AREA (a shaded, labelled
 *   shape shared by every row with the same area), never as a point or in a cluster;
 * - other placed rows are symbols, clustered on a screen grid (a ring shows the mix of types);
 * - tracks are dashed lines through dated waypoints;
 * - rows whose place is unknown are counted and listed, not placed.
 *
 * One filter decides what is shown: the type toggles, the date range, the search box all feed
 * `apply()`. The totals are sums of the per-row tallies Python computed (counting.py): the
 * counting rules are never re-implemented here.
 *
 * Untrusted text only reaches the page through textContent, setAttribute or a checked href.
 */
(function () {
  "use strict";

  var K = window.MICore, D = window.MIDom, el = D.el;
  var CELL = 48; // px: rows closer than this on screen share a cluster
  var LIST_MAX = 300; // rows in the incident list; a larger selection says how many more there are
  var PHONE = 600; // px: below this width the panel is a bottom sheet

  function expand(col) { // {d: values, k: codes} or {c: one value, n: rows}
    if (!col || Array.isArray(col)) return col;
    return col.k ? col.k.map(function (k) { return col.d[k]; }) : new Array(col.n).fill(col.c);
  }

  function init(map, P) {
    performance.mark("mi:init");
    // No point is more precise than a few km, so street-level zoom would be false precision.
    map.setMinZoom(P.min_zoom); map.setMaxZoom(P.max_zoom);
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

    performance.mark("mi:columns");
    // --- basemap: offline country shapes on a canvas, under any tiles ---------------------------
    map.createPane("mi-basemap").style.zIndex = 150;
    var basemap = null;
    function mercRing(flat, box) { // flat lon/lat -> Web Mercator [0, 1], growing the box
      var xy = new Float64Array(flat.length);
      for (var v = 0; v < flat.length; v += 2) {
        var mx = K.mercX(flat[v]), my = K.mercY(flat[v + 1]);
        xy[v] = mx; xy[v + 1] = my;
        if (mx < box[0]) box[0] = mx; if (my < box[1]) box[1] = my; if (mx > box[2]) box[2] = mx; if (my > box[3]) box[3] = my;
      }
      return xy;
    }
    function traceRings(ctx, rings, scale, o, open) { // open: leave rings unclosed (fill closes them; a long path closes slowly)
      rings.forEach(function (xy) {
        var lx = -1e9, ly = -1e9;
        for (var v = 0; v < xy.length; v += 2) {
          var x = xy[v] * scale - o.x, y = xy[v + 1] * scale - o.y;
          var jump = Math.abs(x - lx) > scale / 2; // a ring crossing the antimeridian: no line across the world
          if (v === 0 || jump) { ctx.moveTo(x, y); lx = x; ly = y; } else if (Math.abs(x - lx) + Math.abs(y - ly) > 1) { ctx.lineTo(x, y); lx = x; ly = y; }
        }
        if (!open) ctx.closePath();
      });
    }
    if (P.basemap && window.topojson) {
      var land = [];
      topojson.feature(P.basemap, P.basemap.objects.countries).features.forEach(function (f) {
        var g = f.geometry;
        if (!g) return;
        (g.type === "Polygon" ? [g.coordinates] : g.coordinates).forEach(function (poly) {
          poly.forEach(function (ring) {
            var box = [1, 1, 0, 0], flat = [];
            ring.forEach(function (p) { flat.push(p[0], p[1]); });
            land.push({ xy: mercRing(flat, box), box: box });
          });
        });
      });
      basemap = new D.CanvasLayer(function (ctx, size) {
        var scale = 256 * Math.pow(2, Math.round(map.getZoom())), o = map.getPixelBounds().min;
        var vx0 = o.x / scale, vy0 = o.y / scale, vx1 = (o.x + size.x) / scale, vy1 = (o.y + size.y) / scale;
        ctx.beginPath();
        land.forEach(function (ring) {
          var b = ring.box;
          if (b[2] < vx0 || b[0] > vx1 || b[3] < vy0 || b[1] > vy1) return; // off screen
          traceRings(ctx, [ring.xy], scale, o);
        });
        ctx.fillStyle = "#e9e4d8"; ctx.fill("evenodd");
        ctx.strokeStyle = "#8a96a3"; ctx.lineWidth = 0.7; ctx.stroke();
      }, "mi-basemap");
      map.getContainer().style.background = "#c9dcea";
    }
    performance.mark("mi:basemap");
    var tiles = null;
    if (P.tiles) tiles = L.tileLayer(P.tiles.url, { attribution: P.tiles.attribution, maxZoom: 18, crossOrigin: true });
    // Basemaps are base layers: one is always on, so the map is never blank. The offline one
    // draws under the tiles as well (it shows through until, or if never, they load).
    var offline = L.layerGroup();
    var bases = {};
    if (basemap) { basemap.addTo(map); bases["Countries (offline, Natural Earth)"] = offline; }
    if (tiles) bases["OpenStreetMap tiles (online) over countries"] = tiles;
    if (basemap) offline.addTo(map); else if (tiles) tiles.addTo(map);
    if (basemap) map.attributionControl.addAttribution("Countries: Natural Earth");

    // --- rows: positions, areas, tracks -------------------------------------------------------
    var placed = new Uint8Array(N), MX = new Float64Array(N), MY = new Float64Array(N);
    for (var m = 0; m < N; m++) {
      placed[m] = C.lat[m] !== null && C.lon[m] !== null ? 1 : 0;
      MX[m] = placed[m] ? K.mercX(C.lon[m]) : NaN; MY[m] = placed[m] ? K.mercY(C.lat[m]) : NaN;
    }
    var AREAS = (P.areas || []).map(function (a, k) {
      var box = [1, 1, 0, 0], rings = null, circle = null;
      if (a.rings) rings = a.rings.map(function (r) { return mercRing(r, box); });
      else { // the circle of a row's uncertainty, as a circle in Web Mercator (true for the few hundred km it spans)
        var cx = K.mercX(a.circle[1]), cy = K.mercY(a.circle[0]);
        var rr = a.circle[2] / 40075.017 / Math.max(0.05, Math.cos((Math.max(-85, Math.min(85, a.circle[0])) * Math.PI) / 180));
        circle = [cx, cy, rr]; box = [cx - rr, cy - rr, cx + rr, cy + rr];
      }
      return { k: k, name: a.name, rings: rings, circle: circle, box: box, lx: K.mercX(a.label[1]), ly: K.mercY(a.label[0]), label: a.label, src: a, rows: [] };
    });
    function traceArea(ctx, a, scale, o, open) {
      if (!a.circle) { traceRings(ctx, a.rings, scale, o, open); return; }
      var x = a.circle[0] * scale - o.x, y = a.circle[1] * scale - o.y, r = Math.max(1, a.circle[2] * scale);
      ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
    var idIndex = new Map();
    for (var q = 0; q < N; q++) idIndex.set(C.id[q], q);
    var TRACKS = (P.tracks || []).map(function (t) {
      var box = [1, 1, 0, 0];
      return { t: t, xy: mercRing(t.line, box), box: box, rows: t.incidents.map(function (id) { return idIndex.get(id); }).filter(function (i) { return i !== undefined; }) };
    });

    // --- months, for the time histogram ---------------------------------------------------------
    var MONTHS = [], monthOf = new Int32Array(N);
    (function () {
      var d = new Date(P.day_min * K.DAY_MS), y = d.getUTCFullYear(), mo = d.getUTCMonth();
      while (Date.UTC(y, mo, 1) / K.DAY_MS <= P.day_max && MONTHS.length < 1200) {
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

    // --- filtering ----------------------------------------------------------------------------
    var lower = null; // search text per row, made on first search
    var visible = [], pointRows = [], stacks = [[], []], unplaced = [], shownTracks = [];
    var inView = [];
    var drawn = { points: 0, clusters: 0, total: 0, areas: 0, shapes: 0, tracks: 0, items: [] };
    var ui = {}, lastSummary = null, selected = null, lastOpener = null;

    function searchText() {
      lower = new Array(N);
      var fields = ["vessel_name", "vessel_former_names", "imo", "location_text", "alleged_group", "notes", "region", "basin", "sea",
        "sub_area", "waters", "announced_by", "acting_force"];
      for (var j = 0; j < N; j++) {
        var words = G ? A.map(function (a) { return a[1][j] === null ? "" : String(a[1][j]); }) :
          fields.map(function (f) { return C[f] && C[f][j] !== null && C[f][j] !== undefined ? String(C[f][j]) : ""; })
            .concat([P.types[C.type[j]].replace(/_/g, " "), AR && AR[j] >= 0 ? AREAS[AR[j]].name : ""]);
        lower[j] = [C.id[j]].concat(words).join("\u0001").toLowerCase();
      }
    }

    function apply() {
      var q = state.query.toLowerCase();
      if (q && !lower) searchText();
      visible = K.filterRows(C, N, state, q, lower);
      pointRows = []; unplaced = [];
      AREAS.forEach(function (a) { a.rows = []; });
      for (var k = 0; k < visible.length; k++) {
        var i = visible[k];
        if (!placed[i]) unplaced.push(i);
        else if (AR && AR[i] >= 0) AREAS[AR[i]].rows.push(i);
        else pointRows.push(i);
      }
      // two stacks: a context layer (e.g. ASAM reports) clusters on its own, under the campaign
      stacks = [[], []];
      pointRows.forEach(function (i) { stacks[cats[C.cat[i]].key === "context" ? 0 : 1].push(i); });
      var shownSet = TRACKS.length ? new Set(visible) : null;
      shownTracks = TRACKS.filter(function (tr) { return tr.rows.some(function (i) { return shownSet.has(i); }); });
      performance.mark("mi:filtered");
      if (ui.timeline) {
        var perMonth = MONTHS.map(function () { return 0; }), always = { on: state.on, from: -Infinity, to: Infinity };
        for (var r = 0; r < N; r++) if (K.passes(C, r, always, q, lower) && monthOf[r] >= 0 && monthOf[r] < MONTHS.length) perMonth[monthOf[r]]++;
        ui.timeline.update(perMonth, pointerMonth, state.from, state.to);
      }
      layer.redraw(); // computes what is in view
      summarize();
      renderList();
      writeHash();
    }

    // --- drawing --------------------------------------------------------------------------------
    function inBox(b, scale, o, size) {
      return !(b[2] * scale < o.x || b[0] * scale > o.x + size.x || b[3] * scale < o.y || b[1] * scale > o.y + size.y);
    }

    function areaColor(a) {
      var c = -1;
      for (var k = 0; k < a.rows.length; k++) { var x = C.cat[a.rows[k]]; if (c === -1) c = x; else if (c !== x) return "#55606b"; }
      return c < 0 ? "#55606b" : cats[c].color;
    }

    function areaTally(a) { return K.sumTallies(TK, TT, a.rows); }

    function labelLines(ctx, text, x, y) {
      var parts = text.split(" · "), first = parts.shift(), rest = parts.join(" · ");
      ctx.font = "600 12px system-ui, sans-serif";
      ctx.lineWidth = 3.5; ctx.strokeStyle = "rgba(255,255,255,0.92)"; ctx.fillStyle = "#1d2733";
      ctx.strokeText(first, x, y - 7); ctx.fillText(first, x, y - 7);
      ctx.font = "11px system-ui, sans-serif";
      ctx.strokeText(rest, x, y + 7); ctx.fillText(rest, x, y + 7);
      return Math.max(ctx.measureText(rest).width, 60);
    }

    function draw(ctx, size) {
      drawn = { points: 0, clusters: 0, total: 0, areas: 0, shapes: 0, tracks: 0, items: [] };
      var z = Math.round(map.getZoom()), o = map.getPixelBounds().min, scale = 256 * Math.pow(2, z);
      inView = [];
      if (SH) drawShapes(ctx, size);
      // areas: one shape per distinct area, with what it holds under the filter
      var labels = [], shownAreas = AREAS.filter(function (a) { return a.rows.length && inBox(a.box, scale, o, size); });
      // few areas: each filled on its own (overlaps show darker); many (a large frame): one path per colour
      var batch = shownAreas.length > 300 ? {} : null;
      shownAreas.forEach(function (a) {
        var color = areaColor(a);
        if (batch) { (batch[color] = batch[color] || []).push(a); return; }
        ctx.beginPath(); traceArea(ctx, a, scale, o);
        ctx.fillStyle = color; ctx.globalAlpha = 0.13; ctx.fill("evenodd");
        ctx.globalAlpha = 0.7; ctx.strokeStyle = color; ctx.lineWidth = 1.2; ctx.setLineDash([5, 4]); ctx.stroke();
        ctx.setLineDash([]); ctx.globalAlpha = 1;
      });
      if (batch) Object.keys(batch).forEach(function (color) {
        ctx.beginPath(); batch[color].forEach(function (a) { traceArea(ctx, a, scale, o, true); });
        ctx.fillStyle = color; ctx.globalAlpha = 0.13; ctx.fill(); ctx.globalAlpha = 0.5; ctx.strokeStyle = color; ctx.lineWidth = 1; ctx.stroke();
        ctx.globalAlpha = 1;
      });
      shownAreas.forEach(function (a) {
        var k = a.k;
        var x = Math.max(0, Math.min(size.x, a.lx * scale - o.x)), y = Math.max(24, Math.min(size.y - 24, a.ly * scale - o.y));
        labels.push({ a: a, k: k, x: x, y: y });
        Array.prototype.push.apply(inView, a.rows);
        drawn.areas++; drawn.total += a.rows.length;
      });
      ctx.textAlign = "center"; ctx.textBaseline = "middle";
      // labels: the areas holding most rows first; a label that would overlap one already placed is
      // left out (its area is still drawn, and its rows are in the list and in the area's popup)
      var free = ui.panel && labels.length ? panelPadding() : { br: [0, 0] }; // (reads the layout: only when there are labels to place)
      var placedBoxes = []; // the tracks' date labels go first: an area label never covers them
      shownTracks.forEach(function (tr) {
        if (!inBox(tr.box, scale, o, size)) return;
        tr.t.waypoints.forEach(function (w) { placedBoxes.push({ x: K.mercX(w.lon) * scale - o.x + 45, y: K.mercY(w.lat) * scale - o.y, w: 45, wp: true }); });
      });
      var nWaypoints = placedBoxes.length;
      labels.sort(function (a, b) { return b.a.rows.length - a.a.rows.length; }).forEach(function (l, n) {
        var wide = (l.a.box[2] - l.a.box[0]) * scale > 60 || n < 20; // a label for an area too small to hold one only among the first
        if (placedBoxes.length - nWaypoints >= 60 || n >= 150 || !wide) { // enough labels (or tries): the rest are drawn, listed, and open on a click
          drawn.items.push({ kind: "area", area: l.k, x: l.x, y: l.y, w: 0, h: 0, rows: l.a.rows, labelled: false });
          return;
        }
        var text = K.areaLabel(l.a.name, areaTally(l.a));
        ctx.font = "11px system-ui, sans-serif";
        var half = Math.max(ctx.measureText(text.split(" · ").slice(1).join(" · ")).width, 60) / 2 + 4;
        // kept inside the part of the map the panel leaves free
        var right = size.x - free.br[0], bottom = size.y - free.br[1];
        var x = Math.max(Math.min(half, right / 2), Math.min(right - half, l.x)), y = l.y, clash = true;
        // where it would cover another label, try just below, then just above its place
        [0, 34, -34].some(function (dy) {
          y = Math.max(24, Math.min(bottom - 24, l.y + dy));
          clash = placedBoxes.some(function (b) { return Math.abs(b.x - x) < b.w + half && Math.abs(b.y - y) < 30; });
          return !clash;
        });
        if (clash) { x = l.x; y = l.y; } else { labelLines(ctx, text, x, y); placedBoxes.push({ x: x, y: y, w: half }); }
        drawn.items.push({ kind: "area", area: l.k, x: x, y: y, w: clash ? 0 : half, h: clash ? 0 : 16, rows: l.a.rows, labelled: !clash });
      });
      // tracks: dashed great-circle lines, waypoints with their dates
      shownTracks.forEach(function (tr) {
        if (!inBox(tr.box, scale, o, size)) return;
        ctx.beginPath();
        for (var v = 0; v < tr.xy.length; v += 2) {
          var x = tr.xy[v] * scale - o.x, y = tr.xy[v + 1] * scale - o.y;
          if (v) ctx.lineTo(x, y); else ctx.moveTo(x, y);
        }
        ctx.strokeStyle = "#7a3b00"; ctx.lineWidth = 2.2; ctx.setLineDash([7, 5]); ctx.stroke(); ctx.setLineDash([]);
        var first = null;
        tr.t.waypoints.forEach(function (w, n) {
          var x = K.mercX(w.lon) * scale - o.x, y = K.mercY(w.lat) * scale - o.y;
          ctx.beginPath(); ctx.arc(x, y, 5, 0, 2 * Math.PI); ctx.fillStyle = "#ffffff"; ctx.fill();
          ctx.strokeStyle = "#7a3b00"; ctx.lineWidth = 2; ctx.stroke();
          ctx.font = "11px system-ui, sans-serif"; ctx.textAlign = "left"; ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)";
          var label = K.plainRange(w.ds, w.de);
          ctx.strokeText(label, x + 8, y); ctx.fillStyle = "#4a2500"; ctx.fillText(label, x + 8, y);
          drawn.items.push({ kind: "waypoint", track: tr, w: n, x: x, y: y, r: 12 });
          if (!first && x >= 0 && y >= 0 && x <= size.x && y <= size.y) first = { x: x, y: y };
        });
        ctx.textAlign = "center";
        var at = first || { x: tr.xy[0] * scale - o.x, y: tr.xy[1] * scale - o.y };
        drawn.items.push({ kind: "track", track: tr, x: at.x, y: at.y, r: 0, rows: tr.rows });
        drawn.tracks++;
      });
      // points and clusters
      var groups = stacks.map(function (rows) { return K.cluster(rows, MX, MY, z, o, size, CELL); });
      if (state.areas) { // a point's own uncertainty circle (small: it is a point because its area is small)
        groups.forEach(function (g) { g.forEach(function (c) { if (c.n === 1 && C.unc[c.i] > 0) drawCircle(ctx, c.i); }); });
      }
      ctx.font = "bold 11px system-ui, sans-serif";
      groups.forEach(function (g, s) {
        var under = s === 0; // the context layer: paler, so the campaign stands out
        g.forEach(function (c) {
          var x = c.sx / c.n, y = c.sy / c.n;
          if (x >= 0 && y >= 0 && x <= size.x && y <= size.y) Array.prototype.push.apply(inView, c.members);
          if (c.n > 1) {
            var r = 11 + Math.min(14, 3 * Math.log(c.n));
            // a ring by type: each category's share of the cluster
            var per = cats.map(function () { return 0; });
            c.members.forEach(function (i) { per[C.cat[i]]++; });
            var a0 = -Math.PI / 2;
            per.forEach(function (n, k) {
              if (!n) return;
              var a1 = a0 + (2 * Math.PI * n) / c.n;
              ctx.beginPath(); ctx.arc(x, y, r + 3, a0, a1); ctx.arc(x, y, r - 1, a1, a0, true); ctx.closePath();
              ctx.fillStyle = cats[k].color; ctx.globalAlpha = under ? 0.5 : 1; ctx.fill(); a0 = a1;
            });
            ctx.globalAlpha = under ? 0.5 : 0.92; ctx.beginPath(); ctx.arc(x, y, r - 1, 0, 2 * Math.PI); ctx.fillStyle = "#2c3e50"; ctx.fill();
            ctx.globalAlpha = 1; ctx.fillStyle = "#ffffff"; ctx.fillText(String(c.n), x, y);
            drawn.clusters++; drawn.total += c.n;
            drawn.items.push({ kind: "cluster", x: x, y: y, r: Math.max(r + 3, 12), rows: c.members });
          } else {
            var i = c.i, cat = cats[C.cat[i]], reported = C.gp[i] === P.reported_code;
            D.drawShape(ctx, C.type[i] === tLand && !G ? "land" : cat.shape, x, y, 7);
            ctx.fillStyle = reported ? cat.color : "#ffffff"; ctx.fill();
            ctx.setLineDash(reported ? [] : [3, 2]); ctx.lineWidth = 2.2; ctx.strokeStyle = cat.color; ctx.stroke(); ctx.setLineDash([]);
            drawn.points++; drawn.total += 1;
            drawn.items.push({ kind: "point", x: x, y: y, r: 12, rows: [i] }); // 24 px hit target
          }
        });
      });
      if (ui.status) announce();
    }

    function drawCircle(ctx, r) {
      var p = map.latLngToContainerPoint([C.lat[r], C.lon[r]]);
      var dLat = (C.unc[r] / 6371.0088) * (180 / Math.PI);
      var q = map.latLngToContainerPoint([Math.min(89.9, C.lat[r] + dLat), C.lon[r]]);
      ctx.beginPath(); ctx.arc(p.x, p.y, Math.max(Math.abs(p.y - q.y), 1), 0, 2 * Math.PI);
      var color = cats[C.cat[r]].color;
      ctx.fillStyle = color; ctx.globalAlpha = 0.05; ctx.fill();
      ctx.globalAlpha = 0.55; ctx.strokeStyle = color; ctx.lineWidth = 1; ctx.setLineDash([4, 4]); ctx.stroke();
      ctx.setLineDash([]); ctx.globalAlpha = 1;
    }

    // Lines and polygons of any GeoDataFrame, in Web Mercator, drawn under the symbols.
    var SH = !P.shapes ? null : P.shapes.map(function (s) {
      if (!s) return null;
      var box = [1, 1, 0, 0];
      return { l: s.l.map(function (f) { return mercRing(f, box); }), p: s.p.map(function (f) { return mercRing(f, box); }), box: box };
    });
    function drawShapes(ctx, size) {
      var scale = 256 * Math.pow(2, Math.round(map.getZoom())), o = map.getPixelBounds().min;
      function trace(xy, close) {
        for (var v = 0; v < xy.length; v += 2) {
          var x = xy[v] * scale - o.x, y = xy[v + 1] * scale - o.y;
          if (v) ctx.lineTo(x, y); else ctx.moveTo(x, y);
        }
        if (close) ctx.closePath();
      }
      visible.forEach(function (i) {
        var sh = SH[i];
        if (!sh || !inBox(sh.box, scale, o, size)) return;
        var color = cats[C.cat[i]].color;
        ctx.strokeStyle = color; ctx.fillStyle = color;
        if (sh.p.length) {
          ctx.beginPath(); sh.p.forEach(function (xy) { trace(xy, true); });
          ctx.globalAlpha = 0.3; ctx.fill("evenodd"); ctx.globalAlpha = 0.9; ctx.lineWidth = 1.5; ctx.stroke();
        }
        if (sh.l.length) {
          ctx.beginPath(); sh.l.forEach(function (xy) { trace(xy, false); });
          ctx.globalAlpha = 0.9; ctx.lineWidth = 3; ctx.stroke();
        }
        ctx.globalAlpha = 1;
        drawn.shapes++;
      });
    }

    map.createPane("mi-points").style.zIndex = 450;
    var layer = new D.CanvasLayer(draw, "mi-points");

    function insideArea(a, pt) { // even-odd test of a screen point against the area's rings
      var scale = 256 * Math.pow(2, Math.round(map.getZoom())), o = map.getPixelBounds().min;
      var mx = (pt.x + o.x) / scale, my = (pt.y + o.y) / scale, inside = false;
      if (a.circle) return (mx - a.circle[0]) * (mx - a.circle[0]) + (my - a.circle[1]) * (my - a.circle[1]) <= a.circle[2] * a.circle[2];
      a.rings.forEach(function (xy) {
        for (var v = 0, w = xy.length - 2; v < xy.length; w = v, v += 2) {
          if ((xy[v + 1] > my) !== (xy[w + 1] > my) && mx < ((xy[w] - xy[v]) * (my - xy[v + 1])) / (xy[w + 1] - xy[v + 1]) + xy[v]) inside = !inside;
        }
      });
      return inside;
    }

    function hit(pt) {
      var k, it;
      for (k = drawn.items.length - 1; k >= 0; k--) { // symbols, clusters and waypoints first (drawn on top)
        it = drawn.items[k];
        if (it.r && (it.x - pt.x) * (it.x - pt.x) + (it.y - pt.y) * (it.y - pt.y) <= it.r * it.r) return it;
      }
      for (k = 0; k < drawn.items.length; k++) { // then an area's label, then the area itself
        it = drawn.items[k];
        if (it.kind === "area" && Math.abs(it.x - pt.x) <= it.w && Math.abs(it.y - pt.y) <= it.h) return it;
      }
      for (k = drawn.items.length - 1; k >= 0; k--) {
        it = drawn.items[k];
        if (it.kind === "area" && insideArea(AREAS[it.area], pt)) return it;
      }
      return null;
    }

    // --- details: popups that never open under the panel ----------------------------------------
    function phone() { return window.innerWidth < PHONE; }
    function panelPadding() {
      var r = ui.panel ? ui.panel.getBoundingClientRect() : { width: 0, height: 0 }, c = map.getContainer().getBoundingClientRect();
      if (phone()) return { tl: [10, 60], br: [10, Math.max(10, c.bottom - r.top + 10)] };
      return { tl: [60, 10], br: [Math.max(10, c.right - r.left + 10), 30] };
    }
    function popupOptions(minWidth) {
      var p = panelPadding(), room = map.getSize().x - p.tl[0] - p.br[0] - 20;
      return { maxWidth: Math.max(200, Math.min(380, room)), minWidth: Math.min(minWidth, Math.max(160, room)),
        autoPanPaddingTopLeft: p.tl, autoPanPaddingBottomRight: p.br, maxHeight: phone() ? Math.round(window.innerHeight * 0.45) : undefined };
    }

    function whereOf(i) {
      if (!placed[i]) return "place not known: not on the map";
      if (AR && AR[i] >= 0) {
        var phrase = K.placePhrase(C.geo_rule[i]);
        return (phrase || "somewhere in the " + AREAS[AR[i]].name) + " — position not disclosed; the shaded area holds it";
      }
      return K.placePhrase(C.geo_rule[i]) || null;
    }

    var switching = false;
    function openIncident(i, opener) {
      switching = true; map.closePopup(); switching = false; // the old popup's close must not take the focus back
      selected = C.id[i];
      lastOpener = opener || null;
      var cat = cats[C.cat[i]];
      var content = G ? featurePopup(i) : D.buildPopup(incident(i), cat, whereOf(i));
      if (!placed[i]) { // not on the map: the details open in the panel
        map.closePopup();
        ui.details.textContent = "";
        ui.details.appendChild(content);
        ui.details.hidden = false;
        content.focus();
        writeHash();
        return;
      }
      ui.details.hidden = true;
      var at = AR && AR[i] >= 0 ? AREAS[AR[i]].label : [C.lat[i], C.lon[i]];
      L.popup(popupOptions(260)).setLatLng(at).setContent(content).openOn(map);
      if (opener) content.focus({ preventScroll: true });
      writeHash();
    }
    map.on("popupclose", function () {
      if (switching) return;
      selected = null; writeHash();
      if (lastOpener && document.body.contains(lastOpener)) lastOpener.focus();
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") return;
      if (map._popup && map.hasLayer(map._popup)) { map.closePopup(); e.preventDefault(); }
      else if (ui.details && !ui.details.hidden) { ui.details.hidden = true; selected = null; writeHash(); if (lastOpener) lastOpener.focus(); }
    });

    function featurePopup(i) {
      var box = el("div", "mi-popup");
      box.setAttribute("tabindex", "-1");
      var head = el("div", "mi-popup-head");
      head.appendChild(el("strong", "", cats.length > 1 ? cats[C.cat[i]].label : P.title));
      head.appendChild(el("span", "mi-id", C.id[i]));
      box.appendChild(head);
      var dl = el("dl");
      A.forEach(function (a) { D.addRow(dl, a[0], a[1][i]); });
      box.appendChild(dl);
      return box;
    }

    function label(i) { return A.length && A[0][1][i] !== null ? String(A[0][1][i]) : C.id[i]; }

    // One row in plain words: "20 Dec 2025 · Strike · 3 killed · Skipper"
    function rowWords(i) {
      if (G) return (P.time ? K.isoDay(C.ds[i]) + " · " : "") + label(i);
      var type = P.types[C.type[i]].replace(/_/g, " ");
      var killed = C.killed[i] !== null ? (C.killed_low[i] !== null && C.killed_high[i] !== null && C.killed_low[i] !== C.killed_high[i] ?
        C.killed_low[i] + "–" + C.killed_high[i] : C.killed[i]) + " killed" : "";
      return [K.plainRange(C.ds[i], C.de[i]), type.charAt(0).toUpperCase() + type.slice(1), killed, C.vessel_name[i] || ""].filter(Boolean).join(" · ");
    }

    function rowButton(i, tag) {
      var b = el("button", "mi-linkbtn", rowWords(i));
      b.type = "button";
      b.dataset.id = C.id[i];
      b.setAttribute("aria-label", rowWords(i) + " (" + C.id[i] + ")" + (placed[i] ? "" : ", place unknown"));
      b.addEventListener("click", function () { openIncident(i, b); });
      var li = el(tag || "li");
      li.appendChild(b);
      return li;
    }

    function openList(title, rows, at) {
      rows = rows.slice().sort(function (a, b) { return C.ds[a] - C.ds[b]; });
      var box = el("div", "mi-popup mi-list");
      box.setAttribute("tabindex", "-1");
      box.appendChild(el("strong", "", title));
      var ol = el("ol");
      rows.slice(0, 200).forEach(function (i) { ol.appendChild(rowButton(i)); });
      box.appendChild(ol);
      if (rows.length > 200) box.appendChild(el("div", "mi-src-meta", "and " + (rows.length - 200) + " more: narrow the dates or search"));
      L.popup(popupOptions(240)).setLatLng(at).setContent(box).openOn(map);
    }

    map.on("click", function (e) {
      var it = hit(e.containerPoint);
      if (!it) return;
      if (it.kind === "point") { openIncident(it.rows[0]); return; }
      if (it.kind === "waypoint") { openWaypoint(it.track, it.w); return; }
      if (it.kind === "area") {
        var a = AREAS[it.area];
        openList(K.areaLabel(a.name, areaTally(a)), a.rows, a.label);
        return;
      }
      // zoom in until the cluster splits; where its rows share one spot, list them instead
      var members = it.rows, same = true;
      for (var k = 1; k < members.length && same; k++) same = C.lat[members[k]] === C.lat[members[0]] && C.lon[members[k]] === C.lon[members[0]];
      var at = map.containerPointToLatLng([it.x, it.y]);
      if (map.getZoom() < MAXZ && !same) map.setView(at, Math.min(MAXZ, map.getZoom() + 2));
      else openList(members.length + " incidents here", members, at);
    });
    map.on("mousemove", function (e) { map.getContainer().style.cursor = hit(e.containerPoint) ? "pointer" : ""; });

    function openWaypoint(tr, n) {
      var w = tr.t.waypoints[n], box = el("div", "mi-popup");
      box.setAttribute("tabindex", "-1");
      var head = el("div", "mi-popup-head");
      head.appendChild(el("strong", "", (tr.t.vessel || tr.t.id) + " · position " + (n + 1) + " of " + tr.t.waypoints.length));
      head.appendChild(el("span", "mi-id", tr.t.id));
      box.appendChild(head);
      var dl = el("dl");
      D.addRow(dl, "When", K.plainRange(w.ds, w.de));
      D.addRow(dl, "Sources' words", w.text);
      if (w.km) D.addRow(dl, "How located", "from the source's words, within about " + Math.round(w.km).toLocaleString("en-US") + " km");
      D.addRow(dl, "Incidents", tr.t.incidents.join(", "));
      box.appendChild(dl);
      var href = w.url && D.safeHref(w.url);
      if (href) {
        var a = el("a", "", D.safeHref(w.url)); a.setAttribute("href", href); a.setAttribute("target", "_blank"); a.setAttribute("rel", "noopener noreferrer nofollow");
        var p = el("div", "mi-src-meta", "Source: "); p.appendChild(a); box.appendChild(p);
      }
      box.appendChild(el("div", "mi-src-meta", "The dashed line joins the reported positions along great circles; it is not the route sailed."));
      L.popup(popupOptions(240)).setLatLng([w.lat, w.lon]).setContent(box).openOn(map);
    }

    // --- counts: sums of Python's per-row tallies, in filter and in view -------------------------
    function fmt(n) { return n.toLocaleString("en-US"); }
    function announce() {
      var seen = { size: inView.length }; // a row is drawn once: as a point, in a cluster or in its area
      ui.status.textContent = G ? fmt(visible.length) + " features in filter · " + fmt(seen.size) + " in view" :
        fmt(visible.length) + " incidents in filter · " + fmt(seen.size) + " in view" +
        (unplaced.length ? " · " + fmt(unplaced.length) + " place unknown (listed, not on the map)" : "");
      ui.status.dataset.inView = String(seen.size);
    }

    function summarize() {
      var perCat = cats.map(function () { return 0; });
      for (var k = 0; k < visible.length; k++) perCat[C.cat[visible[k]]]++;
      var s = G ? { incidents: visible.length } : K.sumTallies(TK, TT, visible);
      s.incidents = G ? visible.length : s.incidents;
      ui.summary.textContent = "";
      var rows = G ? [["Features in filter", fmt(visible.length)]] : [
        ["Strike rows", fmt(s.strike_rows)], ["Vessels struck", fmt(s.vessels_struck)],
        ["Killed at sea", K.range(s.killed_low, s.killed, s.killed_high)], ["Presumed dead", fmt(s.presumed_dead)],
        ["Survivors", fmt(s.survivors)], ["Killed on land", K.range(s.killed_on_land_low, s.killed_on_land, s.killed_on_land_high)],
        ["Seizures", fmt(s.seizures)], ["Unverified claims (not summed)", fmt(s.unverified_claims)],
      ];
      rows.forEach(function (kv) {
        var d = el("div", "mi-stat");
        d.appendChild(el("span", "mi-stat-n", kv[1]));
        d.appendChild(el("span", "mi-stat-l", kv[0]));
        ui.summary.appendChild(d);
      });
      ui.summary.dataset.incidents = String(visible.length);
      ui.summary.dataset.killed = String(s.killed || 0);
      cats.forEach(function (c, k) { ui.counts[k].textContent = fmt(perCat[k]) + " / " + fmt(P.totals[k]); });
      ui.from.textContent = K.plainDay(state.from);
      ui.to.textContent = K.plainDay(state.to);
      ui.sFrom.setAttribute("aria-valuetext", "from " + K.plainDay(state.from));
      ui.sTo.setAttribute("aria-valuetext", "until " + K.plainDay(state.to));
      ui.matches.textContent = state.query ? visible.length + " match" + (visible.length === 1 ? "" : "es") + " (listed below)" : "";
      lastSummary = s;
      announce();
    }

    // --- the incident list: chronological, keyboard operable --------------------------------------
    // visible rows by date (then by row order, which is by date and id): one typed-array sort, no comparator
    function byDate(rows) {
      var keys = new Float64Array(rows.length);
      for (var k = 0; k < rows.length; k++) keys[k] = (C.ds[rows[k]] - P.day_min) * N + rows[k];
      keys.sort();
      var out = new Array(rows.length);
      for (var j = 0; j < rows.length; j++) out[j] = keys[j] % N;
      return out;
    }
    function renderList() {
      var rows = byDate(visible);
      ui.list.textContent = "";
      rows.slice(0, LIST_MAX).forEach(function (i) { ui.list.appendChild(rowButton(i)); });
      ui.listMore.textContent = rows.length > LIST_MAX ? "and " + fmt(rows.length - LIST_MAX) + " more: narrow the dates or search to list them" : "";
      ui.listHead.textContent = "Incidents in filter, by date (" + fmt(rows.length) + ")";
    }

    // --- URL hash: filters, search, selection, view -------------------------------------------------
    var restoring = true;
    function writeHash() {
      if (restoring || !window.history || !history.replaceState) return;
      var c = map.getCenter();
      var h = K.encodeHash({
        from: state.from !== P.day_min ? K.isoDay(state.from) : "", to: state.to !== P.day_max ? K.isoDay(state.to) : "", q: state.query,
        off: cats.filter(function (c2, k) { return !state.on[k]; }).map(function (c2) { return c2.key; }), sel: selected,
        v: { z: map.getZoom(), lat: c.lat, lon: c.lng },
      });
      try { history.replaceState(null, "", h || location.pathname + location.search); } catch (err) { /* a sandboxed frame may refuse */ }
    }
    map.on("moveend", writeHash);

    // --- the panel -------------------------------------------------------------------------------
    var Panel = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var div = el("section", "mi-panel leaflet-bar");
        div.id = "mi-panel";
        div.setAttribute("aria-label", "Filters, counts and incident list");
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        var top = el("div", "mi-top");
        var h = el("h1", "mi-title", P.title);
        var toggle = el("button", "mi-toggle", "Hide panel");
        toggle.type = "button";
        toggle.setAttribute("aria-expanded", "true");
        toggle.setAttribute("aria-controls", "mi-body");
        top.appendChild(h); top.appendChild(toggle);
        div.appendChild(top);
        var body = el("div", "mi-body");
        body.id = "mi-body";
        toggle.addEventListener("click", function () {
          var open = body.hidden;
          body.hidden = !open; div.classList.toggle("mi-collapsed", !open);
          toggle.textContent = open ? "Hide panel" : "Show panel";
          toggle.setAttribute("aria-expanded", String(open));
        });
        ui.toggle = toggle; ui.body = body;
        div.appendChild(body);
        body.appendChild(el("div", "mi-asof", G ? fmt(N) + " features" :
          "Updated " + K.plainDay(K.dayOf(P.as_of) || P.day_max) + " · coverage " + K.plainRange(K.dayOf(P.first) || P.day_min, K.dayOf(P.last) || P.day_max) +
          " · " + fmt(N) + " incidents"));
        if (P.gap) body.appendChild(el("p", "mi-gap", "Coverage: " + P.gap + " A month without rows is a gap in the sources, not evidence that nothing happened."));
        ui.status = el("div", "mi-status");
        ui.status.setAttribute("role", "status");
        ui.status.setAttribute("aria-live", "polite");
        body.appendChild(ui.status);

        var search = el("input", "mi-search");
        search.type = "search";
        search.placeholder = G ? "Search the features' text" : "Search: id, vessel, IMO, place, group, notes";
        search.setAttribute("aria-label", G ? "Search the features' text" : "Search incidents by id, vessel, IMO, former name, place, group or notes");
        search.addEventListener("input", function () { state.query = search.value.trim(); apply(); });
        search.addEventListener("keydown", function (e) {
          if (e.key !== "Enter") return;
          if (visible.length === 1) openIncident(visible[0], search); else api.zoomToShown();
        });
        body.appendChild(search);
        ui.search = search;
        ui.matches = el("div", "mi-matches");
        body.appendChild(ui.matches);

        var dates = el("div", "mi-dates");
        var lab = el("div", "mi-dates-lab");
        ui.from = el("span"); ui.to = el("span");
        lab.appendChild(ui.from); lab.appendChild(el("span", "", " – ")); lab.appendChild(ui.to);
        dates.appendChild(lab);
        function slider(name, value) {
          var s = el("input", "mi-range mi-range-" + name);
          s.type = "range"; s.min = P.day_min; s.max = P.day_max; s.step = 1; s.value = value;
          s.setAttribute("aria-label", name === "from" ? "Show incidents from" : "Show incidents until");
          dates.appendChild(s);
          return s;
        }
        ui.sFrom = slider("from", state.from);
        ui.sTo = slider("to", state.to);
        function onRange() {
          var a = +ui.sFrom.value, b = +ui.sTo.value;
          if (a > b) { if (this === ui.sFrom) { b = a; ui.sTo.value = b; } else { a = b; ui.sFrom.value = a; } }
          state.from = a; state.to = b; apply();
        }
        ui.sFrom.addEventListener("input", onRange);
        ui.sTo.addEventListener("input", onRange);
        if (!G || P.time) body.appendChild(dates); // a frame mapped without time= has no dates to filter
        if ((!G || P.time) && MONTHS.length > 1 && window.MITimeline) {
          ui.timeline = window.MITimeline.create(dates, MONTHS, function (a, b) { api.setRangeDays(a, b); });
        }

        var legend = el("fieldset", "mi-legend");
        legend.appendChild(el("legend", "mi-h", G ? (P.column ? String(P.column) : "Features") + " (in filter / total)" : "Incident types (in filter / total)"));
        ui.counts = []; ui.boxes = [];
        cats.forEach(function (c, k) {
          var r = el("label", "mi-legend-row");
          if (!P.totals[k]) r.style.display = "none"; // a type with no rows is not offered
          var cb = el("input");
          cb.type = "checkbox"; cb.checked = true; cb.dataset.category = c.key;
          cb.addEventListener("change", function () { api.setCategory(c.key, cb.checked); });
          ui.boxes[k] = cb;
          var sym = el("span", "mi-sym");
          sym.innerHTML = D.svgSymbol(c, true); // constants only
          r.appendChild(cb); r.appendChild(sym);
          r.appendChild(el("span", "mi-legend-label", c.label));
          ui.counts[k] = el("span", "mi-count");
          r.appendChild(ui.counts[k]);
          legend.appendChild(r);
        });
        if (!G) {
          var key = el("div", "mi-key");
          [[{ color: "#444", shape: "circle" }, true, "place reported"], [{ color: "#444", shape: "circle" }, false, "approximate (within " + P.point_max_km + " km)"],
            [{ color: "#c0392b", shape: "land" }, true, "on land"]].forEach(function (k2) {
            var s2 = el("span", "mi-sym"); s2.innerHTML = D.svgSymbol(k2[0], k2[1]); key.appendChild(s2); key.appendChild(el("span", "", k2[2]));
          });
          var sw = el("span", "mi-swatch"); key.appendChild(sw); key.appendChild(el("span", "", "area: position not disclosed"));
          var tw = el("span", "mi-trackkey"); key.appendChild(tw); key.appendChild(el("span", "", "track through dated positions"));
          legend.appendChild(key);
        }
        body.appendChild(legend);

        ui.summary = el("div", "mi-summary");
        body.appendChild(ui.summary);
        var dl = el("div", "mi-download");
        [["CSV", "csv"], ["GeoJSON", "geojson"], ["PNG", "png"]].forEach(function (f) {
          var b = el("button", "mi-dl", "Download " + f[0]);
          b.type = "button"; b.dataset.format = f[1];
          b.addEventListener("click", function () { api.download(f[1]); });
          dl.appendChild(b);
        });
        body.appendChild(dl);
        ui.details = el("div", "mi-details");
        ui.details.id = "mi-details";
        ui.details.hidden = true;
        body.appendChild(ui.details);
        ui.listHead = el("h2", "mi-h mi-listhead");
        ui.listHead.id = "mi-listhead";
        body.appendChild(ui.listHead);
        ui.list = el("ol", "mi-incidents");
        ui.list.setAttribute("aria-labelledby", "mi-listhead");
        body.appendChild(ui.list);
        ui.listMore = el("div", "mi-src-meta");
        body.appendChild(ui.listMore);
        body.appendChild(el("div", "mi-foot", P.footer));
        ui.panel = div;
        return div;
      },
    });
    new Panel().addTo(map);
    if (phone()) { ui.body.hidden = true; ui.panel.classList.add("mi-collapsed"); ui.toggle.textContent = "Show panel"; ui.toggle.setAttribute("aria-expanded", "false"); }

    // Leaflet's own layer control: basemaps as base layers; one overlay per type, the uncertainty circles.
    var overlays = {};
    var catLayers = cats.map(function (c, k) {
      var g = L.layerGroup().addTo(map);
      if (P.totals[k]) overlays[D.svgSymbol(c, true) + " " + D.escapeHtml(c.label)] = g;
      return g;
    });
    var areasToggle = L.layerGroup().addTo(map);
    if (!G) overlays["Uncertainty circles of placed incidents"] = areasToggle;
    var layersControl = L.control.layers(bases, overlays, { collapsed: true, position: "topleft" }).addTo(map);
    map.on("baselayerchange", function (e) { if (basemap && !map.hasLayer(basemap)) basemap.addTo(map); return e; });
    map.on("overlayadd overlayremove", function (e) {
      var on = e.type === "overlayadd";
      if (e.layer === areasToggle) { state.areas = on; layer.redraw(); return; }
      catLayers.forEach(function (g, k) {
        if (g === e.layer && state.on[k] !== on) { state.on[k] = on; ui.boxes[k].checked = on; apply(); }
      });
    });

    function shownFeatures() { return byDate(visible); }

    function save(name, type, text) {
      var url = URL.createObjectURL(new Blob([text], { type: type }));
      var a = el("a"); a.href = url; a.download = name; document.body.appendChild(a); a.click();
      setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
    }

    var api = {
      state: function () {
        var on = {};
        cats.forEach(function (c, k) { on[c.key] = state.on[k]; });
        return {
          rows: N, visible: visible.length, inView: inView.length, unplaced: unplaced.length, drawnTotal: drawn.total,
          drawnPoints: drawn.points, drawnClusters: drawn.clusters, drawnAreas: drawn.areas, tracks: drawn.tracks,
          areas: drawn.areas, shapes: drawn.shapes, from: K.isoDay(state.from), to: K.isoDay(state.to), query: state.query, on: on,
          summary: Object.assign({}, lastSummary), selected: selected,
        };
      },
      visibleIds: function () { return visible.map(function (i) { return C.id[i]; }); },
      inViewIds: function () { return Array.from(new Set(inView)).map(function (i) { return C.id[i]; }); },
      setCategory: function (key, on) {
        var k = catIndex[key];
        if (on) { map.addLayer(catLayers[k]); } else { map.removeLayer(catLayers[k]); }
        state.on[k] = on; ui.boxes[k].checked = on; apply();
      },
      setAreas: function (on) { if (on) { map.addLayer(areasToggle); } else { map.removeLayer(areasToggle); } },
      setRange: function (from, to) {
        ui.sFrom.value = K.dayOf(from); ui.sTo.value = K.dayOf(to);
        state.from = +ui.sFrom.value; state.to = +ui.sTo.value; apply();
      },
      setRangeDays: function (a, b) {
        state.from = Math.max(P.day_min, Math.min(a, b)); state.to = Math.min(P.day_max, Math.max(a, b));
        ui.sFrom.value = state.from; ui.sTo.value = state.to; apply();
      },
      search: function (q) {
        ui.search.value = q; state.query = q.trim(); apply();
        if (q && visible.length === 1) openIncident(visible[0]);
        return api.visibleIds();
      },
      openPopup: function (id) {
        var i = idIndex.get(id);
        if (i === undefined) return false;
        openIncident(i);
        return true;
      },
      zoomToShown: function () {
        var pts = [];
        visible.slice(0, 20000).forEach(function (i) { if (placed[i]) pts.push(AR && AR[i] >= 0 ? AREAS[AR[i]].label : [C.lat[i], C.lon[i]]); });
        if (!pts.length) return;
        var p = panelPadding();
        map.fitBounds(L.latLngBounds(pts), { maxZoom: 7, paddingTopLeft: p.tl, paddingBottomRight: p.br });
      },
      drawnItems: function () {
        return drawn.items.filter(function (it) { return it.kind !== "waypoint"; }).map(function (it) {
          var ids = it.rows.map(function (i) { return C.id[i]; });
          var o = { kind: it.kind, ids: ids, x: it.x, y: it.y, n: ids.length, id: it.kind === "point" ? ids[0] : null };
          if (it.kind === "area") { o.label = K.areaLabel(AREAS[it.area].name, areaTally(AREAS[it.area])); o.labelled = it.labelled; }
          return o;
        });
      },
      download: function (format) {
        var rows = shownFeatures(), stamp = K.isoDay(state.from) + "_" + K.isoDay(state.to);
        var fields = ["incident_id", "incident_type", "date_start", "date_end"].concat(P.fields.filter(function (f) { return f !== "id"; }))
          .concat(["latitude", "longitude", "shown_as", "area", "sources"]);
        function record(i) {
          var o = { incident_id: C.id[i], incident_type: P.types[C.type[i]], date_start: K.isoDay(C.ds[i]), date_end: K.isoDay(C.de[i]) };
          P.fields.forEach(function (f) { if (f !== "id") o[f] = C[f][i]; });
          o.latitude = C.lat[i]; o.longitude = C.lon[i];
          o.shown_as = !placed[i] ? "not placed" : AR && AR[i] >= 0 ? "area" : "point";
          o.area = AR && AR[i] >= 0 ? AREAS[AR[i]].name : null;
          o.sources = (P.sources[i] || []).map(function (s) { return s[0]; }).join(" ; ");
          return o;
        }
        if (format === "png") { // the view as drawn (basemap and incidents), with a caption of what it shows
          var size = map.getSize(), ratio = window.devicePixelRatio || 1, out = document.createElement("canvas");
          out.width = size.x * ratio; out.height = (size.y + 44) * ratio;
          var ctx = out.getContext("2d");
          ctx.scale(ratio, ratio); ctx.fillStyle = "#c9dcea"; ctx.fillRect(0, 0, size.x, size.y);
          document.querySelectorAll(".leaflet-mi-basemap-pane canvas, .leaflet-mi-points-pane canvas").forEach(function (c) {
            ctx.drawImage(c, 0, 0, size.x, size.y);
          });
          ctx.fillStyle = "#ffffff"; ctx.fillRect(0, size.y, size.x, 44);
          ctx.fillStyle = "#1d2733"; ctx.font = "600 13px system-ui, sans-serif"; ctx.textAlign = "left"; ctx.textBaseline = "top";
          ctx.fillText(P.title + " · " + K.plainRange(state.from, state.to) + (state.query ? " · search: " + state.query : ""), 8, size.y + 6);
          ctx.font = "12px system-ui, sans-serif";
          ctx.fillText(ui.status.textContent + " · maritime-incidents · countries: Natural Earth", 8, size.y + 24);
          out.toBlob(function (blob) {
            var url = URL.createObjectURL(blob), a = el("a");
            a.href = url; a.download = "map_" + stamp + ".png"; document.body.appendChild(a); a.click();
            setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
          }, "image/png");
          return rows.length;
        }
        if (format === "geojson") {
          var fc = { type: "FeatureCollection", features: rows.map(function (i) {
            var o = record(i), geom = null;
            if (o.shown_as === "area" && AREAS[AR[i]].src.rings) {
              geom = { type: "MultiPolygon", coordinates: [AREAS[AR[i]].src.rings.map(function (r) {
                var ring = []; for (var v = 0; v < r.length; v += 2) ring.push([r[v], r[v + 1]]); return ring; })] };
            } else if (placed[i]) geom = { type: "Point", coordinates: [C.lon[i], C.lat[i]] };
            o.sources = (P.sources[i] || []).map(function (s) { return { url: s[0], title: s[1], domain: s[5], kind: s[6] }; });
            return { type: "Feature", geometry: geom, properties: o };
          }) };
          save("incidents_" + stamp + ".geojson", "application/geo+json", JSON.stringify(fc));
        } else {
          var lines = [fields.join(",")].concat(rows.map(function (i) { var o = record(i); return fields.map(function (f) { return K.csvCell(o[f]); }).join(","); }));
          save("incidents_" + stamp + ".csv", "text/csv", lines.join("\r\n") + "\r\n");
        }
        return rows.length;
      },
      showWorld: function () { map.setView([15, -40], 2, { animate: false }); },
      togglePanel: function () { ui.toggle.click(); },
      layersControl: layersControl,
      map: map,
    };

    // --- opening view: every placed incident, clear of the panel; or the view the URL names ------------
    function fitAll() {
      var p = panelPadding();
      map.fitBounds(P.view, { animate: false, paddingTopLeft: p.tl, paddingBottomRight: p.br });
    }
    var wanted = K.decodeHash(location.hash);
    if (wanted.from) state.from = Math.max(P.day_min, K.dayOf(wanted.from));
    if (wanted.to) state.to = Math.min(P.day_max, K.dayOf(wanted.to));
    ui.sFrom.value = state.from; ui.sTo.value = state.to;
    if (wanted.q) { state.query = wanted.q; ui.search.value = wanted.q; }
    (wanted.off || []).forEach(function (key) {
      var k = catIndex[key];
      if (k !== undefined) { state.on[k] = false; ui.boxes[k].checked = false; map.removeLayer(catLayers[k]); }
    });
    if (wanted.v) map.setView([wanted.v.lat, wanted.v.lon], wanted.v.z, { animate: false }); else fitAll();
    layer.addTo(map);
    // A map laid out while hidden (a notebook output still collapsed or off screen) has no size, and
    // its view would be fitted to nothing: fit it when it first gets a size, and follow its box after.
    var fitted = map.getSize().x > 0 && map.getSize().y > 0;
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        map.invalidateSize(false);
        var size = map.getSize();
        if (!fitted && size.x > 0 && size.y > 0) { fitted = true; fitAll(); }
      }).observe(map.getContainer());
    }
    apply();
    restoring = false;
    if (wanted.sel && idIndex.has(wanted.sel)) openIncident(idIndex.get(wanted.sel));
    writeHash();
    performance.mark("mi:drawn");
    window.miMap = api;
    return api;
  }

  window.MaritimeIncidents = { init: init };
})();
