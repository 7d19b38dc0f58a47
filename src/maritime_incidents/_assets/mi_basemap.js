/* maritime-incidents map part: the basemap — offline country shapes on a canvas, under any tiles.
 *
 * Also the two helpers every shape on the map goes through: `mercRing` (lon/lat to Web Mercator [0, 1],
 * growing a bounding box) and `traceRings` (a path on a canvas, without lines across the antimeridian).
 */
(function () {
  "use strict";

  var K = window.MICore, D = window.MIDom;
  var Parts = (window.MIParts = window.MIParts || {});

  Parts.basemap = function (S) {
    var map = S.map, P = S.P;
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
    S.basemap = basemap; S.bases = bases; S.mercRing = mercRing; S.traceRings = traceRings;
  };
})();
