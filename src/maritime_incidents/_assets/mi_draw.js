/* maritime-incidents map part: drawing on the canvas and hit-testing what was drawn.
 *
 * Areas (one shaded, labelled shape per distinct area), tracks with dated waypoints, points and
 * clusters ringed by type, uncertainty circles and a GeoDataFrame's own lines and polygons; each view
 * is clustered on a screen grid in one pass over the shown rows, and only what is in view is drawn.
 * `S.drawn.items` records what was drawn where: `hit()` and `miMap.drawnItems()` read it.
 */
(function () {
  "use strict";

  var K = window.MICore, D = window.MIDom;
  var Parts = (window.MIParts = window.MIParts || {});
  var CELL = 48; // px: rows closer than this on screen share a cluster

  Parts.draw = function (S) {
    var map = S.map, P = S.P, C = S.C, cats = S.cats, G = S.G, TK = S.TK, TT = S.TT, state = S.state, tLand = S.tLand, MX = S.MX, MY = S.MY, AREAS = S.AREAS, ui = S.ui;
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

    var LABEL_MAX = 60, LABEL_TRIES = 150, LINE = 14, NAME_MAX_W = 210; // labels placed at most; areas tried; line height; name wrap width
    var NAME_FONT = "600 12px system-ui, sans-serif", COUNT_FONT = "11px system-ui, sans-serif";

    // An area's label on the map: its name (wrapped at NAME_MAX_W), and what it holds ("31 strikes ·
    // 103–104 killed"); "positions not disclosed" is said by the shading and the legend, and in full by
    // the hover text and the area's list. {lines: [[text, font], ...], w, h}
    function labelText(ctx, a) {
      var parts = K.areaLabel(a.name, areaTally(a)).split(" · "), lines = [], line = "";
      ctx.font = NAME_FONT;
      parts[0].split(" ").forEach(function (word) {
        var next = line ? line + " " + word : word;
        if (line && ctx.measureText(next).width > NAME_MAX_W) { lines.push([line, NAME_FONT]); line = word; } else line = next;
      });
      lines.push([line, NAME_FONT]);
      var counts = parts.slice(1).filter(function (p) { return p !== "positions not disclosed"; }).join(" · ");
      if (counts) lines.push([counts, COUNT_FONT]);
      var w = 0;
      lines.forEach(function (l) { ctx.font = l[1]; w = Math.max(w, ctx.measureText(l[0]).width); });
      return { lines: lines, w: w + 8, h: lines.length * LINE + 4 };
    }

    function labelLines(ctx, t, x, y) {
      ctx.lineWidth = 3.5; ctx.strokeStyle = "rgba(255,255,255,0.92)"; ctx.fillStyle = "#1d2733";
      t.lines.forEach(function (l, n) {
        var ly = y - ((t.lines.length - 1) * LINE) / 2 + n * LINE;
        ctx.font = l[1]; ctx.strokeText(l[0], x, ly); ctx.fillText(l[0], x, ly);
      });
    }

    function traceArea(ctx, a, scale, o, open) {
      if (!a.circle) { S.traceRings(ctx, a.rings, scale, o, open); return; }
      var x = a.circle[0] * scale - o.x, y = a.circle[1] * scale - o.y, r = Math.max(1, a.circle[2] * scale);
      ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI);
    }

    // Many circles (a large frame's uncertainty areas): shaded as one raster, each colour's union with its
    // edge drawn darker, instead of a canvas path of thousands of arcs (see K.circleCover). Each pixel
    // gets a bit per colour covering it and a bit per colour whose edge it is; its RGBA is then looked up
    // (composited "over" in colour order, as the canvas would) once per combination, not per pixel.
    // The raster is at half the view's resolution (a quarter of the pixels to sum), a quarter beyond
    // RASTER_COARSE circles in view, scaled up smoothly.
    var bitsBuf = null, coverBuf = null, rasterCanvas = null, RASTER = 2, RASTER_COARSE = 30000;
    function drawCircleRaster(ctx, size, byColor, cell) {
      var w = Math.max(1, Math.round(size.x / cell)), h = Math.max(1, Math.round(size.y / cell)), n = w * h;
      var colors = Object.keys(byColor).slice(0, 8); // at most 8 colours: the categories, the context layer and "mixed"
      var bits = bitsBuf = bitsBuf && bitsBuf.length === n ? bitsBuf : new Uint8Array(n);
      bits.fill(0);
      colors.forEach(function (color, k) {
        var d = coverBuf = K.circleSpans(byColor[color], w, h, coverBuf), bit = 1 << k;
        for (var row = 0; row < n; row += w) { // the running sum along each row: covered where it is above 0
          for (var p = row, sum = 0, end = row + w; p < end; p++) { sum += d[p]; if (sum) bits[p] |= bit; }
        }
      });
      var rgb = colors.map(function (c) { return [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)]; });
      var lut = new Uint32Array(65536); // (edge bits << 8 | cover bits) -> RGBA, little-endian; 0: not made yet
      function shade(key) {
        var r = 0, g = 0, b = 0, alpha = 0;
        for (var k = 0; k < colors.length; k++) {
          if (!(key & (1 << k))) continue;
          var a = key & (256 << k) ? 0.55 : 0.13, out = a + alpha * (1 - a);
          r = (rgb[k][0] * a + r * alpha * (1 - a)) / out; g = (rgb[k][1] * a + g * alpha * (1 - a)) / out; b = (rgb[k][2] * a + b * alpha * (1 - a)) / out;
          alpha = out;
        }
        return ((Math.round(alpha * 255) << 24) | (Math.round(b) << 16) | (Math.round(g) << 8) | Math.round(r)) >>> 0;
      }
      rasterCanvas = rasterCanvas || document.createElement("canvas");
      rasterCanvas.width = w; rasterCanvas.height = h;
      var rc = rasterCanvas.getContext("2d"), img = rc.createImageData(w, h), px = new Uint32Array(img.data.buffer);
      for (var y = 0, p = 0; y < h; y++) {
        for (var x = 0; x < w; x++, p++) {
          var on = bits[p];
          if (!on) continue;
          // an edge of a colour: a neighbour (inside the view) it does not cover; the view's border is no edge
          var near = (x > 0 ? bits[p - 1] : 255) & (x < w - 1 ? bits[p + 1] : 255) & (y > 0 ? bits[p - w] : 255) & (y < h - 1 ? bits[p + w] : 255);
          var key = ((on & ~near) << 8) | on;
          px[p] = lut[key] || (lut[key] = shade(key));
        }
      }
      rc.putImageData(img, 0, 0);
      ctx.drawImage(rasterCanvas, 0, 0, size.x, size.y);
    }

    // Where an area's label may go: its anchor (Python's point inside the area), then points of a grid
    // over the part of the area in the free part of the map, nearest the anchor first; each moved to
    // keep the label inside the free part, and kept only if its centre stays inside the area. An area
    // too small on screen to hold its label may also have it just outside, above, below or beside it,
    // with a leader line to it, where the label sits over no smaller area (`others`, the areas shown;
    // over a larger one, such as a whole sea, the leader still reads; none: no such place).
    // Each place: [x, y, leader x, leader y] (no leader: NaN).
    function boxArea(a) { return (a.box[2] - a.box[0]) * (a.box[3] - a.box[1]); }
    function labelPlaces(a, scale, o, free, w, h, others) {
      var ax = a.lx * scale - o.x, ay = a.ly * scale - o.y, out = [];
      var x0 = a.box[0] * scale - o.x, x1 = a.box[2] * scale - o.x, y0 = a.box[1] * scale - o.y, y1 = a.box[3] * scale - o.y;
      var bx0 = Math.max(free[0], x0), bx1 = Math.min(free[2], x1), by0 = Math.max(free[1], y0), by1 = Math.min(free[3], y1);
      if (bx0 > bx1 || by0 > by1) return out;
      var pts = [];
      for (var gy = 0; gy <= 4; gy++) for (var gx = 0; gx <= 4; gx++) pts.push([bx0 + ((bx1 - bx0) * (gx + 0.5)) / 5, by0 + ((by1 - by0) * (gy + 0.5)) / 5]);
      pts.sort(function (p, q) { return Math.hypot(p[0] - ax, p[1] - ay) - Math.hypot(q[0] - ax, q[1] - ay); });
      function clamp(p) { return [Math.max(free[0] + w / 2, Math.min(free[2] - w / 2, p[0])), Math.max(free[1] + h / 2, Math.min(free[3] - h / 2, p[1]))]; }
      [[ax, ay]].concat(pts).forEach(function (p) {
        var c = clamp(p);
        if (insideArea(a, { x: c[0], y: c[1] })) out.push([c[0], c[1], NaN, NaN]);
      });
      if (others && (x1 - x0 < w || y1 - y0 < h)) {
        var tx = ax >= bx0 && ax <= bx1 && ay >= by0 && ay <= by1 ? ax : (bx0 + bx1) / 2, ty = tx === ax ? ay : (by0 + by1) / 2, gap = 6;
        [[tx, y1 + gap + h / 2], [tx, y0 - gap - h / 2], [x1 + gap + w / 2, ty], [x0 - gap - w / 2, ty]].forEach(function (p) {
          var c = clamp(p), pt = { x: c[0], y: c[1] };
          if (!others.some(function (b) { return b !== a && boxArea(b) <= boxArea(a) && insideArea(b, pt); })) out.push([c[0], c[1], tx, ty]);
        });
      }
      return out;
    }

    function draw(ctx, size) {
      S.drawn = { points: 0, clusters: 0, total: 0, areas: 0, shapes: 0, tracks: 0, items: [] };
      var z = Math.round(map.getZoom()), o = map.getPixelBounds().min, scale = 256 * Math.pow(2, z);
      S.inView = [];
      if (SH) drawShapes(ctx, size);
      // points and clusters first (drawn last, on top): the labels must not cover them
      var groups = S.stacks.map(function (rows) { return K.cluster(rows, MX, MY, z, o, size, CELL, C.cat, cats.length); });
      // areas: one shape per distinct area, with what it holds under the filter
      var shownAreas = [], circles = 0;
      for (var k = 0; k < AREAS.length; k++) {
        var a0 = AREAS[k];
        if (a0.rows.length && inBox(a0.box, scale, o, size)) { shownAreas.push(a0); if (a0.circle) circles++; }
      }
      // few areas: each filled on its own (overlaps show darker), outlined dashed; many polygons: one path
      // per colour; many circles: one raster per colour
      var raster = circles > 300 ? {} : null, batch = shownAreas.length - (raster ? circles : 0) > 300 ? {} : null;
      var cell = circles > RASTER_COARSE ? 2 * RASTER : RASTER;
      shownAreas.forEach(function (a) {
        var color = areaColor(a);
        if (raster && a.circle) {
          var list = raster[color] = raster[color] || [];
          list.push((a.circle[0] * scale - o.x) / cell, (a.circle[1] * scale - o.y) / cell, Math.max(1, a.circle[2] * scale) / cell);
          return;
        }
        if (batch) { (batch[color] = batch[color] || []).push(a); return; }
        ctx.beginPath(); traceArea(ctx, a, scale, o);
        ctx.fillStyle = color; ctx.globalAlpha = 0.13; ctx.fill("evenodd");
        ctx.globalAlpha = 0.7; ctx.strokeStyle = color; ctx.lineWidth = 1.2; ctx.setLineDash([5, 4]); ctx.stroke();
        ctx.setLineDash([]); ctx.globalAlpha = 1;
      });
      if (raster) drawCircleRaster(ctx, size, raster, cell);
      if (batch) Object.keys(batch).forEach(function (color) {
        ctx.beginPath(); batch[color].forEach(function (a) { traceArea(ctx, a, scale, o, true); });
        ctx.fillStyle = color; ctx.globalAlpha = 0.13; ctx.fill(); ctx.globalAlpha = 0.5; ctx.strokeStyle = color; ctx.lineWidth = 1; ctx.stroke();
        ctx.globalAlpha = 1;
      });
      shownAreas.forEach(function (a) {
        Array.prototype.push.apply(S.inView, a.rows);
        S.drawn.areas++; S.drawn.total += a.rows.length;
      });
      // labels: the areas holding most incidents first (then the larger on screen), each at the first
      // place inside its area and in the part of the map the panel leaves free where it covers no other
      // label, no track date and no symbol. One that fits nowhere is left out: its area is still drawn,
      // says its label when hovered, and gets it when a zoom makes room (see K.placeLabels).
      var order = new Float64Array(shownAreas.length);
      shownAreas.forEach(function (a, n) { // one typed-array sort (no comparator): priority, then position in shownAreas
        order[n] = -(Math.min(a.rows.length, 1048575) * 4096 + Math.floor(Math.min(4095, (a.box[2] - a.box[0]) * scale))) * 1048576 + n;
      });
      order.sort();
      var tried = Math.min(LABEL_TRIES, order.length), labels = [], texts = [];
      var pad = ui.panel && tried ? S.panelPadding() : { tl: [0, 0], br: [0, 0] }; // (reads the layout: only when there are labels to place)
      var free = [pad.tl[0], pad.tl[1], size.x - pad.br[0], size.y - pad.br[1]];
      var taken = []; // what a label must not cover: the tracks' dates, points and clusters
      S.shownTracks.forEach(function (tr) {
        if (!inBox(tr.box, scale, o, size)) return;
        tr.t.waypoints.forEach(function (w) {
          var x = K.mercX(w.lon) * scale - o.x, y = K.mercY(w.lat) * scale - o.y;
          taken.push([x - 7, y - 9, x + 100, y + 9]);
        });
      });
      groups.forEach(function (g) {
        g.forEach(function (c) {
          var x = c.sx / c.n, y = c.sy / c.n, r = c.n > 1 ? 14 + Math.min(14, 3 * Math.log(c.n)) : 9;
          taken.push([x - r, y - r, x + r, y + r]);
        });
      });
      for (var t = 0; t < tried; t++) {
        var a = shownAreas[((order[t] % 1048576) + 1048576) % 1048576], text = labelText(ctx, a);
        labels.push({ a: a, w: text.w, h: text.h, at: labelPlaces(a, scale, o, free, text.w, text.h, shownAreas.length <= 300 ? shownAreas : null) });
        texts.push(text);
      }
      var boxes = K.placeLabels(labels, taken, free, LABEL_MAX), labelled = new Set();
      ctx.textAlign = "center"; ctx.textBaseline = "middle";
      labels.forEach(function (l, n) { // leaders first, from a label's nearest edge to its area: the labels' halos cover them
        var b = boxes[n], to = b && l.at[b[4]];
        if (!to || to[2] !== to[2]) return;
        ctx.beginPath(); ctx.moveTo(Math.max(b[0], Math.min(b[2], to[2])), Math.max(b[1], Math.min(b[3], to[3]))); ctx.lineTo(to[2], to[3]);
        ctx.strokeStyle = "#1d2733"; ctx.lineWidth = 1; ctx.globalAlpha = 0.7; ctx.stroke(); ctx.globalAlpha = 1;
        ctx.beginPath(); ctx.arc(to[2], to[3], 2, 0, 2 * Math.PI); ctx.fillStyle = "#1d2733"; ctx.fill();
      });
      // Each area's item: where the area is (its anchor when that is in the free part of the view, else a
      // point of it there), and where its label is, if it has one (a click on either opens its list).
      var spot = new Map();
      labels.forEach(function (l) { var p = l.at.filter(function (q) { return q[2] !== q[2]; })[0]; if (p) spot.set(l.a, p); });
      function where(a) {
        var x = a.lx * scale - o.x, y = a.ly * scale - o.y;
        if (x >= free[0] && x <= free[2] && y >= free[1] && y <= free[3]) return [x, y];
        return spot.get(a) || [Math.max(0, Math.min(size.x, x)), Math.max(0, Math.min(size.y, y))];
      }
      labels.forEach(function (l, n) {
        var b = boxes[n];
        if (!b) return;
        labelled.add(l.a);
        var x = (b[0] + b[2]) / 2, y = (b[1] + b[3]) / 2, at = where(l.a);
        labelLines(ctx, texts[n], x, y);
        S.drawn.items.push({ kind: "area", area: l.a.k, x: at[0], y: at[1], lx: x, ly: y, w: l.w / 2, h: l.h / 2, rows: l.a.rows, labelled: true,
          box: b.slice(0, 4) });
      });
      shownAreas.forEach(function (a) { // the others: drawn, listed, hovered, opened by a click inside them
        if (labelled.has(a)) return;
        var at = where(a);
        S.drawn.items.push({ kind: "area", area: a.k, x: at[0], y: at[1], w: 0, h: 0, rows: a.rows, labelled: false });
      });
      // tracks: dashed great-circle lines, waypoints with their dates
      S.shownTracks.forEach(function (tr) {
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
          S.drawn.items.push({ kind: "waypoint", track: tr, w: n, x: x, y: y, r: 12 });
          if (!first && x >= 0 && y >= 0 && x <= size.x && y <= size.y) first = { x: x, y: y };
        });
        ctx.textAlign = "center";
        var at = first || { x: tr.xy[0] * scale - o.x, y: tr.xy[1] * scale - o.y };
        S.drawn.items.push({ kind: "track", track: tr, x: at.x, y: at.y, r: 0, rows: tr.rows });
        S.drawn.tracks++;
      });
      // points and clusters
      if (state.areas) { // a point's own uncertainty circle (small: it is a point because its area is small)
        groups.forEach(function (g) { g.forEach(function (c) { if (c.n === 1 && C.unc[c.i] > 0) drawCircle(ctx, c.i); }); });
      }
      ctx.font = "bold 11px system-ui, sans-serif";
      groups.forEach(function (g, s) {
        var under = s === 0; // the context layer: paler, so the campaign stands out
        g.forEach(function (c) {
          var x = c.sx / c.n, y = c.sy / c.n;
          if (x >= 0 && y >= 0 && x <= size.x && y <= size.y) Array.prototype.push.apply(S.inView, c.members);
          if (c.n > 1) {
            var r = 11 + Math.min(14, 3 * Math.log(c.n));
            // a ring by type: each category's share of the cluster
            var a0 = -Math.PI / 2;
            c.per.forEach(function (n, k) {
              if (!n) return;
              var a1 = a0 + (2 * Math.PI * n) / c.n;
              ctx.beginPath(); ctx.arc(x, y, r + 3, a0, a1); ctx.arc(x, y, r - 1, a1, a0, true); ctx.closePath();
              ctx.fillStyle = cats[k].color; ctx.globalAlpha = under ? 0.5 : 1; ctx.fill(); a0 = a1;
            });
            ctx.globalAlpha = under ? 0.5 : 0.92; ctx.beginPath(); ctx.arc(x, y, r - 1, 0, 2 * Math.PI); ctx.fillStyle = "#2c3e50"; ctx.fill();
            ctx.globalAlpha = 1; ctx.fillStyle = "#ffffff"; ctx.fillText(String(c.n), x, y);
            S.drawn.clusters++; S.drawn.total += c.n;
            S.drawn.items.push({ kind: "cluster", x: x, y: y, r: Math.max(r + 3, 12), rows: c.members, ring: [r - 1, r + 3] });
          } else {
            var i = c.i, cat = cats[C.cat[i]], reported = C.gp[i] === P.reported_code;
            D.drawShape(ctx, C.type[i] === tLand && !G ? "land" : cat.shape, x, y, 7);
            ctx.fillStyle = reported ? cat.color : "#ffffff"; ctx.fill();
            ctx.setLineDash(reported ? [] : [3, 2]); ctx.lineWidth = 2.2; ctx.strokeStyle = cat.color; ctx.stroke(); ctx.setLineDash([]);
            S.drawn.points++; S.drawn.total += 1;
            S.drawn.items.push({ kind: "point", x: x, y: y, r: 12, rows: [i] }); // 24 px hit target
          }
        });
      });
      if (ui.status) S.announce();
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
      return { l: s.l.map(function (f) { return S.mercRing(f, box); }), p: s.p.map(function (f) { return S.mercRing(f, box); }), box: box };
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
      S.visible.forEach(function (i) {
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
        S.drawn.shapes++;
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
      for (k = S.drawn.items.length - 1; k >= 0; k--) { // symbols, clusters and waypoints first (drawn on top)
        it = S.drawn.items[k];
        if (it.r && (it.x - pt.x) * (it.x - pt.x) + (it.y - pt.y) * (it.y - pt.y) <= it.r * it.r) return it;
      }
      for (k = 0; k < S.drawn.items.length; k++) { // then an area's label, then the area itself
        it = S.drawn.items[k];
        if (it.kind === "area" && it.labelled && Math.abs(it.lx - pt.x) <= it.w && Math.abs(it.ly - pt.y) <= it.h) return it;
      }
      return areasAt(pt)[0] || null;
    }
    // The drawn areas holding a screen point, smallest first. Inside several (the SOUTHCOM waters hold
    // the eastern Pacific, which holds a coast band), a click means the most specific place; the
    // larger ones keep their labels and the list.
    function areasAt(pt) {
      function size(it) { var b = AREAS[it.area].box; return (b[2] - b[0]) * (b[3] - b[1]); }
      return S.drawn.items
        .filter(function (it) { return it.kind === "area" && insideArea(AREAS[it.area], pt); })
        .sort(function (a, b) { return size(a) - size(b); });
    }
    // An area left without a label says it when hovered, or when an incident of it gets the keyboard focus
    // (in the list or a popup): one small element over the map, text only.
    var tip = D.el("div", "mi-area-tip");
    tip.hidden = true;
    tip.setAttribute("role", "tooltip");
    map.getContainer().appendChild(tip);
    function showTip(it, x, y) {
      if (!it || it.kind !== "area" || it.labelled) { tip.hidden = true; return; }
      var a = AREAS[it.area], size = map.getSize();
      tip.textContent = K.areaLabel(a.name, areaTally(a));
      tip.hidden = false;
      tip.style.left = Math.max(0, Math.min(size.x - tip.offsetWidth, x + 12)) + "px";
      tip.style.top = Math.max(0, Math.min(size.y - tip.offsetHeight, y + 12)) + "px";
    }
    map.on("mousemove", function (e) { showTip(hit(e.containerPoint), e.containerPoint.x, e.containerPoint.y); });
    map.on("mouseout movestart", function () { tip.hidden = true; });
    document.addEventListener("focusin", function (e) {
      var b = e.target && e.target.closest ? e.target.closest("[data-id]") : null, i = b ? S.idIndex.get(b.dataset.id) : undefined;
      var it = i === undefined || !S.AR || S.AR[i] < 0 ? null : S.drawn.items.filter(function (d) { return d.kind === "area" && d.area === S.AR[i]; })[0];
      if (it) showTip(it, it.x, it.y); else tip.hidden = true;
    });
    S.layer = layer; S.hit = hit; S.areasAt = areasAt; S.areaTally = areaTally;
  };
})();
