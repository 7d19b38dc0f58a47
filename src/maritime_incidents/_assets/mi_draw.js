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

    function labelLines(ctx, text, x, y) {
      var parts = text.split(" · "), first = parts.shift(), rest = parts.join(" · ");
      ctx.font = "600 12px system-ui, sans-serif";
      ctx.lineWidth = 3.5; ctx.strokeStyle = "rgba(255,255,255,0.92)"; ctx.fillStyle = "#1d2733";
      ctx.strokeText(first, x, y - 7); ctx.fillText(first, x, y - 7);
      ctx.font = "11px system-ui, sans-serif";
      ctx.strokeText(rest, x, y + 7); ctx.fillText(rest, x, y + 7);
      return Math.max(ctx.measureText(rest).width, 60);
    }

    function traceArea(ctx, a, scale, o, open) {
      if (!a.circle) { S.traceRings(ctx, a.rings, scale, o, open); return; }
      var x = a.circle[0] * scale - o.x, y = a.circle[1] * scale - o.y, r = Math.max(1, a.circle[2] * scale);
      ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI);
    }

    function draw(ctx, size) {
      S.drawn = { points: 0, clusters: 0, total: 0, areas: 0, shapes: 0, tracks: 0, items: [] };
      var z = Math.round(map.getZoom()), o = map.getPixelBounds().min, scale = 256 * Math.pow(2, z);
      S.inView = [];
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
        Array.prototype.push.apply(S.inView, a.rows);
        S.drawn.areas++; S.drawn.total += a.rows.length;
      });
      ctx.textAlign = "center"; ctx.textBaseline = "middle";
      // labels: the areas holding most rows first; a label that would overlap one already placed is
      // left out (its area is still drawn, and its rows are in the list and in the area's popup)
      var free = ui.panel && labels.length ? S.panelPadding() : { br: [0, 0] }; // (reads the layout: only when there are labels to place)
      var placedBoxes = []; // the tracks' date labels go first: an area label never covers them
      S.shownTracks.forEach(function (tr) {
        if (!inBox(tr.box, scale, o, size)) return;
        tr.t.waypoints.forEach(function (w) { placedBoxes.push({ x: K.mercX(w.lon) * scale - o.x + 45, y: K.mercY(w.lat) * scale - o.y, w: 45, wp: true }); });
      });
      var nWaypoints = placedBoxes.length;
      labels.sort(function (a, b) { return b.a.rows.length - a.a.rows.length; }).forEach(function (l, n) {
        var wide = (l.a.box[2] - l.a.box[0]) * scale > 60 || n < 20; // a label for an area too small to hold one only among the first
        if (placedBoxes.length - nWaypoints >= 60 || n >= 150 || !wide) { // enough labels (or tries): the rest are drawn, listed, and open on a click
          S.drawn.items.push({ kind: "area", area: l.k, x: l.x, y: l.y, w: 0, h: 0, rows: l.a.rows, labelled: false });
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
        S.drawn.items.push({ kind: "area", area: l.k, x: x, y: y, w: clash ? 0 : half, h: clash ? 0 : 16, rows: l.a.rows, labelled: !clash });
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
      var groups = S.stacks.map(function (rows) { return K.cluster(rows, MX, MY, z, o, size, CELL); });
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
            S.drawn.clusters++; S.drawn.total += c.n;
            S.drawn.items.push({ kind: "cluster", x: x, y: y, r: Math.max(r + 3, 12), rows: c.members });
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
        if (it.kind === "area" && Math.abs(it.x - pt.x) <= it.w && Math.abs(it.y - pt.y) <= it.h) return it;
      }
      for (k = S.drawn.items.length - 1; k >= 0; k--) {
        it = S.drawn.items[k];
        if (it.kind === "area" && insideArea(AREAS[it.area], pt)) return it;
      }
      return null;
    }
    S.layer = layer; S.hit = hit; S.areaTally = areaTally;
  };
})();
