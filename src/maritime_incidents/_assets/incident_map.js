/* maritime-incidents: the behaviour of the incident map.
 *
 * Built to stay fast from 50 rows to a million: the data arrive as columns (no object per
 * row), each view is clustered on a screen grid in one pass over the shown rows, and only what
 * is in view is drawn, on one canvas.
 * No marker, popup or DOM node is made per incident; a popup is built when it is opened.
 *
 * One filter decides what is shown: the type toggles (Leaflet layer control and legend), the
 * date range (two sliders) and the search box all feed `apply()`, which refreshes the shown
 * rows, the uncertainty areas, the legend counts and the summary. That is why the three work
 * together, where folium's separate plugins do not (folium #1391, #1717).
 *
 * Untrusted text (everything from the data) only ever reaches the page through textContent,
 * setAttribute or a checked href: never innerHTML.
 */
(function () {
  "use strict";

  var DAY_MS = 86400000;
  var SHAPES = {
    circle: '<circle cx="9" cy="9" r="6.5"/>',
    square: '<rect x="3" y="3" width="12" height="12"/>',
    diamond: '<polygon points="9,1.5 16.5,9 9,16.5 1.5,9"/>',
    triangle: '<polygon points="9,2 16.5,15.5 1.5,15.5"/>',
    star: '<polygon points="9,1.5 11.2,6.6 16.6,6.9 12.4,10.4 13.8,15.8 9,12.8 4.2,15.8 5.6,10.4 1.4,6.9 6.8,6.6"/>',
    cross: '<polygon points="6,1.5 12,1.5 12,6 16.5,6 16.5,12 12,12 12,16.5 6,16.5 6,12 1.5,12 1.5,6 6,6"/>',
  };

  function svgSymbol(cat, reported) {
    // Only constants of this file and the payload's category table (made by our code) reach this string.
    var fill = reported ? cat.color : "#ffffff";
    var dash = reported ? "" : ' stroke-dasharray="3 2"';
    return (
      '<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 18 18">' +
      '<g fill="' + fill + '" stroke="' + cat.color + '" stroke-width="2.2"' + dash + ">" +
      SHAPES[cat.shape] + "</g></svg>"
    );
  }

  // The same shapes on a canvas, centred on (x, y), about 2r wide.
  function drawShape(ctx, shape, x, y, r) {
    ctx.beginPath();
    if (shape === "square") {
      ctx.rect(x - r * 0.8, y - r * 0.8, r * 1.6, r * 1.6);
    } else if (shape === "diamond") {
      ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath();
    } else if (shape === "triangle") {
      ctx.moveTo(x, y - r); ctx.lineTo(x + r, y + r * 0.8); ctx.lineTo(x - r, y + r * 0.8); ctx.closePath();
    } else if (shape === "star") {
      for (var k = 0; k < 10; k++) {
        var a = -Math.PI / 2 + (k * Math.PI) / 5, rr = k % 2 ? r * 0.45 : r * 1.05;
        if (k) ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a)); else ctx.moveTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
      }
      ctx.closePath();
    } else if (shape === "cross") {
      var w = r * 0.35;
      ctx.rect(x - w, y - r, 2 * w, 2 * r); ctx.rect(x - r, y - w, 2 * r, 2 * w);
    } else {
      ctx.arc(x, y, r * 0.85, 0, 2 * Math.PI);
    }
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // Leaflet's layer control sets its labels as HTML: anything from the data goes in escaped.
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }

  function safeHref(url) {
    try {
      var u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (err) {
      return null;
    }
  }

  function isoDay(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  function addRow(dl, label, value) {
    if (value === null || value === undefined || value === "") return;
    dl.appendChild(el("dt", "", label));
    dl.appendChild(el("dd", "", value));
  }

  function buildPopup(inc, cat) {
    var box = el("div", "mi-popup");
    var head = el("div", "mi-popup-head");
    head.appendChild(el("strong", "", cat.label + " · " + String(inc.type).replace(/_/g, " ")));
    head.appendChild(el("span", "mi-id", inc.id));
    box.appendChild(head);
    var dl = el("dl");
    var when = inc.date_start === inc.date_end ? inc.date_start : inc.date_start + " – " + inc.date_end;
    addRow(dl, "Date", when + " (" + inc.date_precision + ")");
    if (inc.vessels !== null || inc.vessel_name) {
      var v = inc.vessels === null ? "" : inc.vessels + (inc.vessels === 1 ? " vessel" : " vessels");
      var names = [inc.vessel_name, inc.imo ? "IMO " + inc.imo : "", inc.flag ? "flag: " + inc.flag : ""].filter(Boolean).join(", ");
      addRow(dl, "Vessels", [v, names].filter(Boolean).join(" — ") + (inc.vessel_type ? " (" + inc.vessel_type + ")" : ""));
    }
    addRow(dl, "Former names", inc.vessel_former_names);
    if (inc.killed !== null) {
      var range = inc.killed_low !== null && inc.killed_high !== null && inc.killed_low !== inc.killed_high ?
        " (sources: " + inc.killed_low + "–" + inc.killed_high + ")" : "";
      addRow(dl, "Killed", inc.killed + range);
    }
    addRow(dl, "Survivors", inc.survivors);
    addRow(dl, "Presumed dead", inc.presumed_dead);
    addRow(dl, "Survivors' fate", inc.survivor_fate);
    addRow(dl, "Alleged group", inc.alleged_group);
    addRow(dl, "Announced", [inc.announced_by, inc.announced_at].filter(Boolean).join(", "));
    addRow(dl, "Where (sources' words)", inc.location_text);
    var approx = inc.geo_precision === "reported" ? "coordinates reported by a source" :
      "approximate: " + inc.geo_precision + ", within ±" + Math.round(inc.uncertainty_km) + " km";
    addRow(dl, "Location", approx + (inc.geo_rule ? " [" + inc.geo_rule + "]" : ""));
    addRow(dl, "Confidence", String(inc.confidence || "").replace(/_/g, " ") + (inc.status && inc.status !== "active" ? " · " + inc.status : ""));
    box.appendChild(dl);
    if (inc.notes) {
      var notes = el("details", "mi-notes");
      notes.appendChild(el("summary", "", "Notes"));
      notes.appendChild(el("p", "", inc.notes));
      box.appendChild(notes);
    }
    box.appendChild(el("div", "mi-sources-head", "Sources (" + inc.sources.length + ")"));
    var ol = el("ol", "mi-sources");
    inc.sources.forEach(function (s) {
      var li = el("li");
      var href = safeHref(s[0]);
      var title = s[1] || s[0];
      if (href) {
        var a = el("a", "", title);
        a.setAttribute("href", href);
        a.setAttribute("target", "_blank");
        a.setAttribute("rel", "noopener noreferrer nofollow");
        li.appendChild(a);
      } else {
        li.appendChild(el("span", "mi-badlink", title + " [link not shown: not an http(s) address]"));
      }
      li.appendChild(el("span", "mi-src-meta", " — " + [s[2], s[3]].filter(Boolean).join(", ")));
      if (s[4]) li.appendChild(el("div", "mi-claims", s[4]));
      ol.appendChild(li);
    });
    box.appendChild(ol);
    return box;
  }

  // A canvas over the map that redraws what is in view after every move.
  var CanvasLayer = L.Layer.extend({
    initialize: function (draw, pane) { this._draw = draw; this.options.pane = pane; },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "mi-canvas leaflet-zoom-hide");
      this.getPane().appendChild(this._canvas);
      map.on("moveend zoomend resize viewreset", this.redraw, this);
      this.redraw();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off("moveend zoomend resize viewreset", this.redraw, this);
    },
    redraw: function () {
      if (!this._map) return;
      var size = this._map.getSize(), ratio = window.devicePixelRatio || 1, c = this._canvas;
      L.DomUtil.setPosition(c, this._map.containerPointToLayerPoint([0, 0]));
      c.width = size.x * ratio; c.height = size.y * ratio;
      c.style.width = size.x + "px"; c.style.height = size.y + "px";
      var ctx = c.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      this._draw(ctx, size);
    },
  });

  function init(map, P) {
    performance.mark("mi:init");
    // No point is more precise than a few km, so street-level zoom would be false precision.
    map.setMinZoom(P.min_zoom); map.setMaxZoom(P.max_zoom);
    var C = P.columns, N = C.id.length, cats = P.categories, MAXZ = P.max_zoom;
    Object.keys(C).forEach(function (f) { // expand encoded columns: {d: values, k: codes} or {c: one value, n: rows}
      var col = C[f];
      if (!col || Array.isArray(col)) return;
      C[f] = col.k ? col.k.map(function (k) { return col.d[k]; }) : new Array(col.n).fill(col.c);
    });
    var G = !!P.generic, A = P.attrs || []; // any GeoDataFrame: its columns as [name, values] pairs
    A.forEach(function (a) {
      var col = a[1];
      if (col && !Array.isArray(col)) a[1] = col.k ? col.k.map(function (k) { return col.d[k]; }) : new Array(col.n).fill(col.c);
    });
    for (var e = 0; e < N; e++) C.de[e] += C.ds[e]; // date_end travels as days after date_start
    var state = { on: cats.map(function () { return true; }), from: P.day_min, to: P.day_max, query: "", areas: true };
    var catIndex = {};
    cats.forEach(function (c, k) { catIndex[c.key] = k; });

    function incident(i) {
      var o = { sources: P.sources[i] || [] };
      P.fields.forEach(function (f) { o[f] = C[f][i]; });
      o.type = P.types[C.type[i]];
      o.date_start = isoDay(C.ds[i]); o.date_end = isoDay(C.de[i]);
      o.date_precision = P.date_precisions[C.dp[i]];
      o.geo_precision = P.geo_precisions[C.gp[i]];
      o.uncertainty_km = C.unc[i];
      return o;
    }

    performance.mark("mi:columns");
    // Offline basemap under any tiles; online tiles draw over it when they load. Drawn from the
    // decoded rings straight onto a canvas: no Leaflet layer or LatLng object per vertex.
    map.createPane("mi-basemap").style.zIndex = 150;
    var basemap = null;
    if (P.basemap && window.topojson) {
      var rings = [];
      topojson.feature(P.basemap, P.basemap.objects.countries).features.forEach(function (f) {
        var g = f.geometry;
        if (!g) return;
        (g.type === "Polygon" ? [g.coordinates] : g.coordinates).forEach(function (poly) {
          poly.forEach(function (ring) {
            var xy = new Float64Array(ring.length * 2), box = [1, 1, 0, 0];
            for (var v = 0; v < ring.length; v++) {
              var sn = Math.sin(Math.max(-85.0511, Math.min(85.0511, ring[v][1])) * Math.PI / 180);
              var mx = (ring[v][0] + 180) / 360, my = 0.5 - Math.log((1 + sn) / (1 - sn)) / (4 * Math.PI);
              xy[2 * v] = mx; xy[2 * v + 1] = my;
              if (mx < box[0]) box[0] = mx; if (my < box[1]) box[1] = my; if (mx > box[2]) box[2] = mx; if (my > box[3]) box[3] = my;
            }
            rings.push({ xy: xy, box: box });
          });
        });
      });
      basemap = new CanvasLayer(function (ctx, size) {
        var scale = 256 * Math.pow(2, Math.round(map.getZoom())), o = map.getPixelBounds().min;
        var vx0 = o.x / scale, vy0 = o.y / scale, vx1 = (o.x + size.x) / scale, vy1 = (o.y + size.y) / scale;
        ctx.beginPath();
        rings.forEach(function (ring) {
          var b = ring.box, xy = ring.xy, lx = -1e9, ly = -1e9;
          if (b[2] < vx0 || b[0] > vx1 || b[3] < vy0 || b[1] > vy1) return; // off screen
          for (var v = 0; v < xy.length; v += 2) {
            var x = xy[v] * scale - o.x, y = xy[v + 1] * scale - o.y;
            var jump = Math.abs(x - lx) > scale / 2; // a ring crossing the antimeridian (Fiji, Russia): no line across the world
            if (v === 0 || jump) { ctx.moveTo(x, y); lx = x; ly = y; } else if (Math.abs(x - lx) + Math.abs(y - ly) > 1) { ctx.lineTo(x, y); lx = x; ly = y; }
          }
          ctx.closePath();
        });
        ctx.fillStyle = "#e9e4d8"; ctx.fill("evenodd");
        ctx.strokeStyle = "#8a96a3"; ctx.lineWidth = 0.7; ctx.stroke();
      }, "mi-basemap").addTo(map);
      map.getContainer().style.background = "#c9dcea";
    }
    performance.mark("mi:basemap");
    var tiles = null;
    if (P.tiles) {
      tiles = L.tileLayer(P.tiles.url, { attribution: P.tiles.attribution, maxZoom: 18, crossOrigin: true });
      if (P.tiles.on) tiles.addTo(map);
    }

    // --- filtering ------------------------------------------------------------------------
    var lower = null; // search text per row, made on first search
    var shown = new Uint8Array(N);
    var visible = [], stacks = [[], []], areasList = [], stackColor = [];
    // Web Mercator position of every row in [0, 1], computed once: clustering a view is then
    // one pass over the shown rows with no allocation per row.
    var MX = new Float64Array(N), MY = new Float64Array(N);
    for (var m = 0; m < N; m++) {
      var sin = Math.sin(Math.max(-85.0511, Math.min(85.0511, C.lat[m])) * Math.PI / 180);
      MX[m] = (C.lon[m] + 180) / 360;
      MY[m] = 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
    }
    // Lines and polygons of a GeoDataFrame, in Web Mercator [0, 1] with their boxes; drawn under the
    // symbols (a symbol inside each one opens its popup).
    var SH = !P.shapes ? null : P.shapes.map(function (s) {
      if (!s) return null;
      var box = [1, 1, 0, 0];
      function merc(flat) {
        var xy = new Float64Array(flat.length);
        for (var v = 0; v < flat.length; v += 2) {
          var sn = Math.sin(Math.max(-85.0511, Math.min(85.0511, flat[v + 1])) * Math.PI / 180);
          var mx = (flat[v] + 180) / 360, my = 0.5 - Math.log((1 + sn) / (1 - sn)) / (4 * Math.PI);
          xy[v] = mx; xy[v + 1] = my;
          if (mx < box[0]) box[0] = mx; if (my < box[1]) box[1] = my; if (mx > box[2]) box[2] = mx; if (my > box[3]) box[3] = my;
        }
        return xy;
      }
      return { l: s.l.map(merc), p: s.p.map(merc), box: box };
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
        var sh = SH[i], b = sh && sh.box;
        if (!sh || b[2] * scale < o.x || b[0] * scale > o.x + size.x || b[3] * scale < o.y || b[1] * scale > o.y + size.y) return;
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

    var drawn = { points: 0, clusters: 0, total: 0, areas: 0, shapes: 0, items: [] };
    var ui = {}, lastSummary = null;

    function matches(i, q) {
      if (!state.on[C.cat[i]]) return false;
      if (C.de[i] < state.from || C.ds[i] > state.to) return false;
      if (!q) return true;
      return lower[i].indexOf(q) >= 0;
    }

    function apply() {
      var q = state.query.toLowerCase();
      if (q && !lower) {
        lower = new Array(N);
        for (var j = 0; j < N; j++) {
          var words = G ? A.map(function (a) { return a[1][j] === null ? "" : String(a[1][j]); }) :
            [C.vessel_name[j] || "", C.vessel_former_names[j] || "", C.imo[j] || ""];
          lower[j] = [C.id[j]].concat(words).join("\u0001").toLowerCase();
        }
      }
      visible = [];
      for (var i = 0; i < N; i++) {
        shown[i] = matches(i, q) ? 1 : 0;
        if (shown[i]) visible.push(i);
      }
      // two stacks: a context layer (e.g. ASAM reports) clusters on its own, under the campaign
      stacks = [[], []];
      for (var k = 0; k < visible.length; k++) stacks[cats[C.cat[visible[k]]].key === "context" ? 0 : 1].push(visible[k]);
      // a cluster takes its type's colour when its stack shows one type only, else a neutral one
      stackColor = stacks.map(function (rows) {
        var seen = -1;
        for (var q = 0; q < rows.length; q++) {
          var c = C.cat[rows[q]];
          if (seen === -1) seen = c; else if (seen !== c) return "#2c3e50";
        }
        return seen === -1 ? "#2c3e50" : cats[seen].color;
      });
      performance.mark("mi:filtered");
      // one area per distinct point and radius: thirty rows "in the eastern Pacific" share one circle
      var seen = {};
      areasList = [];
      visible.forEach(function (r) {
        if (!(C.unc[r] > 0)) return;
        var key = C.lat[r] + "," + C.lon[r] + "," + C.unc[r];
        if (seen[key] !== undefined) { if (areasList[seen[key]].c !== C.cat[r]) areasList[seen[key]].c = -1; return; }
        seen[key] = areasList.length;
        areasList.push({ i: r, c: C.cat[r] });
      });
      summarize();
      layer.redraw();
    }

    // --- drawing --------------------------------------------------------------------------
    var CELL = 48; // px: rows closer than this on screen share a cluster

    // Cluster the rows of one stack that fall in view, on a grid fixed to the world (stable when panning).
    function clusterView(rows, z, origin, size) {
      var scale = 256 * Math.pow(2, z), cells = new Map(), out = [];
      for (var k = 0; k < rows.length; k++) {
        var i = rows[k], px = MX[i] * scale, py = MY[i] * scale, x = px - origin.x, y = py - origin.y;
        if (x < -CELL || y < -CELL || x > size.x + CELL || y > size.y + CELL) continue;
        var key = Math.floor(px / CELL) * 1048576 + Math.floor(py / CELL);
        var c = cells.get(key);
        if (!c) { c = { n: 0, sx: 0, sy: 0, i: i, key: key }; cells.set(key, c); out.push(c); }
        c.n++; c.sx += x; c.sy += y;
      }
      return out;
    }

    function membersOf(rows, z, key) {
      var scale = 256 * Math.pow(2, z), list = [];
      for (var k = 0; k < rows.length; k++) {
        var i = rows[k];
        if (Math.floor(MX[i] * scale / CELL) * 1048576 + Math.floor(MY[i] * scale / CELL) === key) list.push(i);
      }
      return list;
    }

    function drawArea(ctx, a) {
      var r = a.i, lat = C.lat[r], lon = C.lon[r];
      var p = map.latLngToContainerPoint([lat, lon]);
      var dLat = (C.unc[r] / 6371.0088) * (180 / Math.PI);
      var q = map.latLngToContainerPoint([Math.min(89.9, lat + dLat), lon]);
      var radius = Math.abs(p.y - q.y);
      ctx.beginPath();
      ctx.arc(p.x, p.y, Math.max(radius, 1), 0, 2 * Math.PI);
      var color = a.c < 0 ? "#55606b" : cats[a.c].color;
      ctx.fillStyle = color; ctx.globalAlpha = 0.05; ctx.fill();
      ctx.globalAlpha = 0.55; ctx.strokeStyle = color; ctx.lineWidth = 1; ctx.setLineDash([4, 4]); ctx.stroke();
      ctx.setLineDash([]); ctx.globalAlpha = 1;
    }

    function draw(ctx, size) {
      drawn = { points: 0, clusters: 0, total: 0, areas: 0, shapes: 0, items: [] };
      var z = Math.round(map.getZoom()), origin = map.getPixelBounds().min;
      var groups = stacks.map(function (rows) { return clusterView(rows, z, origin, size); });
      if (SH) drawShapes(ctx, size);
      if (state.areas) {
        var single = {};
        groups.forEach(function (g) { g.forEach(function (c) { if (c.n === 1) single[c.i] = 1; }); });
        var list = areasList.length <= 5000 ? areasList : areasList.filter(function (a) { return single[a.i]; });
        list.forEach(function (a) { drawArea(ctx, a); });
        drawn.areas = list.length;
      }
      ctx.font = "bold 11px system-ui, sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
      groups.forEach(function (g, s) {
        var under = s === 0; // the context layer: paler, so the campaign stands out
        g.forEach(function (c) {
          if (c.n > 1) {
            var x = c.sx / c.n, y = c.sy / c.n, r = 11 + Math.min(14, 3 * Math.log(c.n)), color = stackColor[s];
            ctx.beginPath(); ctx.arc(x, y, r + 3, 0, 2 * Math.PI); ctx.fillStyle = color; ctx.globalAlpha = under ? 0.15 : 0.25; ctx.fill();
            ctx.globalAlpha = under ? 0.5 : 0.9; ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI); ctx.fill(); ctx.globalAlpha = 1;
            ctx.fillStyle = "#ffffff"; ctx.fillText(String(c.n), x, y);
            drawn.clusters++; drawn.total += c.n;
            drawn.items.push({ x: x, y: y, r: r + 3, n: c.n, key: c.key, stack: s, z: z });
          } else {
            var i = c.i, cat = cats[C.cat[i]], reported = C.gp[i] === P.reported_code, px = c.sx, py = c.sy;
            drawShape(ctx, cat.shape, px, py, 7);
            ctx.fillStyle = reported ? cat.color : "#ffffff"; ctx.fill();
            ctx.setLineDash(reported ? [] : [3, 2]); ctx.lineWidth = 2.2; ctx.strokeStyle = cat.color; ctx.stroke(); ctx.setLineDash([]);
            drawn.points++; drawn.total += 1;
            drawn.items.push({ x: px, y: py, r: 9, i: i });
          }
        });
      });
    }

    map.createPane("mi-points").style.zIndex = 450;
    var layer = new CanvasLayer(draw, "mi-points");
    layer.addTo(map);

    function hit(pt) {
      for (var k = drawn.items.length - 1; k >= 0; k--) {
        var it = drawn.items[k], dx = it.x - pt.x, dy = it.y - pt.y;
        if (dx * dx + dy * dy <= it.r * it.r) return it;
      }
      return null;
    }

    function featurePopup(i) {
      var box = el("div", "mi-popup");
      var head = el("div", "mi-popup-head");
      head.appendChild(el("strong", "", cats.length > 1 ? cats[C.cat[i]].label : P.title));
      head.appendChild(el("span", "mi-id", C.id[i]));
      box.appendChild(head);
      var dl = el("dl");
      A.forEach(function (a) { addRow(dl, a[0], a[1][i]); });
      box.appendChild(dl);
      return box;
    }

    function label(i) {
      return A.length && A[0][1][i] !== null ? String(A[0][1][i]) : C.id[i];
    }

    function openIncident(i) {
      var cat = cats[C.cat[i]];
      var content = G ? featurePopup(i) : buildPopup(incident(i), cat);
      L.popup({ maxWidth: 380, minWidth: 260 }).setLatLng([C.lat[i], C.lon[i]]).setContent(content).openOn(map);
    }

    function openList(it) {
      var members = membersOf(stacks[it.stack], it.z, it.key).sort(function (a, b) { return C.ds[a] - C.ds[b]; });
      var shownRows = members.slice(0, 200);
      var box = el("div", "mi-popup mi-list");
      box.appendChild(el("strong", "", members.length + " incidents here" + (members.length > 200 ? " (first 200 by date)" : "")));
      var ol = el("ol");
      shownRows.forEach(function (i) {
        var li = el("li"), b = el("button", "mi-linkbtn", G ? (P.time ? isoDay(C.ds[i]) + " · " : "") + label(i) : isoDay(C.ds[i]) + " · " + C.id[i]);
        b.type = "button";
        b.addEventListener("click", function () { openIncident(i); });
        li.appendChild(b);
        var extra = G ? "" : [C.vessel_name[i], C.killed[i] !== null ? C.killed[i] + " killed" : ""].filter(Boolean).join(", ");
        if (extra) li.appendChild(el("span", "mi-src-meta", " " + extra));
        ol.appendChild(li);
      });
      box.appendChild(ol);
      L.popup({ maxWidth: 380, minWidth: 240 }).setLatLng(map.containerPointToLatLng([it.x, it.y])).setContent(box).openOn(map);
    }

    map.on("click", function (e) {
      var it = hit(e.containerPoint);
      if (!it) return;
      if (it.i !== undefined) { openIncident(it.i); return; }
      // zoom in until the cluster splits; where its rows share one spot, list them instead
      var members = membersOf(stacks[it.stack], it.z, it.key), same = true;
      for (var k = 1; k < members.length && same; k++) same = C.lat[members[k]] === C.lat[members[0]] && C.lon[members[k]] === C.lon[members[0]];
      if (map.getZoom() < MAXZ && !same) map.setView(map.containerPointToLatLng([it.x, it.y]), Math.min(MAXZ, map.getZoom() + 2));
      else openList(it);
    });
    map.on("mousemove", function (e) {
      map.getContainer().style.cursor = hit(e.containerPoint) ? "pointer" : "";
    });

    // --- summary ------------------------------------------------------------------------------
    function summarize() {
      var s = { incidents: visible.length, strikes: 0, vessels_struck: 0, killed: 0, killed_on_land: 0, presumed_dead: 0,
        survivors: 0, seizures: 0, approximate: 0 };
      var perCat = cats.map(function () { return 0; });
      var tStrike = P.types.indexOf("strike"), tLand = P.types.indexOf("land_strike"), tSeizure = P.types.indexOf("seizure");
      for (var k = 0; k < visible.length; k++) {
        var i = visible[k], t = C.type[i];
        perCat[C.cat[i]]++;
        if (C.gp[i] !== P.reported_code) s.approximate++;
        if (t === tSeizure) s.seizures++;
        if (t === tLand) s.killed_on_land += C.killed[i] || 0;
        if (t === tStrike) {
          s.strikes++; s.vessels_struck += C.vessels[i] || 0; s.killed += C.killed[i] || 0;
          s.presumed_dead += C.presumed_dead[i] || 0; s.survivors += C.survivors[i] || 0;
        }
      }
      ui.summary.textContent = "";
      (G ? [["Features shown", s.incidents]] : [["Incidents shown", s.incidents], ["Strike rows", s.strikes], ["Vessels struck", s.vessels_struck], ["Killed at sea", s.killed],
        ["Presumed dead", s.presumed_dead], ["Survivors", s.survivors], ["Killed on land", s.killed_on_land], ["Seizures", s.seizures],
        ["Approximate locations", s.approximate]]).forEach(function (kv) {
        var d = el("div", "mi-stat");
        d.appendChild(el("span", "mi-stat-n", kv[1].toLocaleString("en-US")));
        d.appendChild(el("span", "mi-stat-l", kv[0]));
        ui.summary.appendChild(d);
      });
      ui.summary.dataset.incidents = String(s.incidents);
      ui.summary.dataset.killed = String(s.killed);
      cats.forEach(function (c, k) { ui.counts[k].textContent = perCat[k].toLocaleString("en-US") + " / " + P.totals[k].toLocaleString("en-US"); });
      ui.from.textContent = isoDay(state.from);
      ui.to.textContent = isoDay(state.to);
      ui.matches.textContent = state.query ? visible.length + " match" + (visible.length === 1 ? "" : "es") : "";
      lastSummary = s;
    }

    // --- the panel: search, dates, legend, summary ------------------------------------------
    var Panel = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var div = el("div", "mi-panel leaflet-bar");
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        div.appendChild(el("div", "mi-title", P.title));
        div.appendChild(el("div", "mi-asof", G ? N.toLocaleString("en-US") + " features" :
          "Data as of " + P.as_of + " · " + N.toLocaleString("en-US") + " incidents"));

        var search = el("input", "mi-search");
        search.type = "search";
        search.placeholder = G ? "Search the features' text" : "Search vessel name, IMO or incident id";
        search.setAttribute("aria-label", G ? "Search the features' text" : "Search by vessel name or incident id");
        search.addEventListener("input", function () { state.query = search.value.trim(); apply(); });
        search.addEventListener("keydown", function (e) { if (e.key === "Enter") api.zoomToShown(); });
        div.appendChild(search);
        ui.search = search;
        ui.matches = el("div", "mi-matches");
        div.appendChild(ui.matches);

        var dates = el("div", "mi-dates");
        var lab = el("div", "mi-dates-lab");
        ui.from = el("span"); ui.to = el("span");
        lab.appendChild(ui.from); lab.appendChild(el("span", "", " → ")); lab.appendChild(ui.to);
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
        if (!G || P.time) div.appendChild(dates); // a frame mapped without time= has no dates to filter

        var legend = el("div", "mi-legend");
        legend.appendChild(el("div", "mi-h", G ? (P.column ? String(P.column) : "Features") + " (shown / total)" : "Incident types (shown / total)"));
        ui.counts = [];
        ui.boxes = [];
        cats.forEach(function (c, k) {
          var r = el("label", "mi-legend-row");
          if (!P.totals[k]) r.style.display = "none"; // a type with no rows is not offered
          var cb = el("input");
          cb.type = "checkbox"; cb.checked = true; cb.dataset.category = c.key;
          cb.addEventListener("change", function () { api.setCategory(c.key, cb.checked); });
          ui.boxes[k] = cb;
          var sym = el("span", "mi-sym");
          sym.innerHTML = svgSymbol(c, true); // constants only
          r.appendChild(cb); r.appendChild(sym);
          r.appendChild(el("span", "mi-legend-label", c.label));
          ui.counts[k] = el("span", "mi-count");
          r.appendChild(ui.counts[k]);
          legend.appendChild(r);
        });
        var key = el("div", "mi-key");
        var k1 = el("span", "mi-sym"); k1.innerHTML = svgSymbol({ color: "#444", shape: "circle" }, true);
        var k2 = el("span", "mi-sym"); k2.innerHTML = svgSymbol({ color: "#444", shape: "circle" }, false);
        key.appendChild(k1); key.appendChild(el("span", "", "coordinates reported "));
        key.appendChild(k2); key.appendChild(el("span", "", "approximate (dashed circle = uncertainty)"));
        if (!G) legend.appendChild(key);
        div.appendChild(legend);

        ui.summary = el("div", "mi-summary");
        div.appendChild(ui.summary);
        div.appendChild(el("div", "mi-foot", P.footer));
        return div;
      },
    });
    new Panel().addTo(map);

    // Leaflet's own layer control: one overlay per incident type, the areas, the basemaps.
    var overlays = {};
    var catLayers = cats.map(function (c, k) {
      var g = L.layerGroup().addTo(map);
      if (P.totals[k]) overlays[svgSymbol(c, true) + " " + escapeHtml(c.label)] = g;
      return g;
    });
    var areasToggle = L.layerGroup().addTo(map);
    if (!G) overlays["Uncertainty areas"] = areasToggle;
    if (basemap) overlays["Countries (offline, Natural Earth)"] = basemap;
    if (tiles) overlays["OpenStreetMap tiles (online)"] = tiles;
    var layersControl = L.control.layers(null, overlays, { collapsed: true, position: "topleft" }).addTo(map);
    map.on("overlayadd overlayremove", function (e) {
      var on = e.type === "overlayadd";
      if (e.layer === areasToggle) { state.areas = on; layer.redraw(); return; }
      catLayers.forEach(function (g, k) {
        if (g === e.layer && state.on[k] !== on) { state.on[k] = on; ui.boxes[k].checked = on; apply(); }
      });
    });

    var api = {
      state: function () {
        var on = {};
        cats.forEach(function (c, k) { on[c.key] = state.on[k]; });
        return {
          rows: N, visible: visible.length, drawnTotal: drawn.total, drawnPoints: drawn.points, drawnClusters: drawn.clusters,
          areas: drawn.areas, shapes: drawn.shapes, from: isoDay(state.from), to: isoDay(state.to), query: state.query, on: on,
          summary: Object.assign({}, lastSummary),
        };
      },
      visibleIds: function () { return visible.map(function (i) { return C.id[i]; }); },
      setCategory: function (key, on) {
        var k = catIndex[key];
        if (on) { map.addLayer(catLayers[k]); } else { map.removeLayer(catLayers[k]); }
        state.on[k] = on; ui.boxes[k].checked = on; apply();
      },
      setAreas: function (on) { if (on) { map.addLayer(areasToggle); } else { map.removeLayer(areasToggle); } },
      setRange: function (from, to) {
        ui.sFrom.value = Math.round(Date.parse(from) / DAY_MS); ui.sTo.value = Math.round(Date.parse(to) / DAY_MS);
        state.from = +ui.sFrom.value; state.to = +ui.sTo.value; apply();
      },
      search: function (q) { ui.search.value = q; state.query = q.trim(); apply(); },
      openPopup: function (id) {
        var i = C.id.indexOf(id);
        if (i < 0) return false;
        openIncident(i);
        return true;
      },
      zoomToShown: function () {
        if (!visible.length) return;
        var b = L.latLngBounds(visible.slice(0, 20000).map(function (i) { return [C.lat[i], C.lon[i]]; }));
        map.fitBounds(b.pad(0.2), { maxZoom: 7 });
      },
      drawnItems: function () {
        return drawn.items.map(function (it) { return { x: it.x, y: it.y, n: it.n || 1, id: it.i !== undefined ? C.id[it.i] : null }; });
      },
      showWorld: function () { map.setView([10, -40], 2, { animate: false }); },
      layersControl: layersControl,
      map: map,
    };

    map.fitBounds(P.view, { animate: false });
    // A map laid out while hidden (a notebook output still collapsed or off screen) has no size, and
    // its view would be fitted to nothing: fit it when it first gets a size, and follow its box after.
    var fitted = map.getSize().x > 0 && map.getSize().y > 0;
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        map.invalidateSize(false);
        var size = map.getSize();
        if (!fitted && size.x > 0 && size.y > 0) { fitted = true; map.fitBounds(P.view, { animate: false }); }
      }).observe(map.getContainer());
    }
    apply();
    performance.mark("mi:drawn");
    window.miMap = api;
    return api;
  }

  window.MaritimeIncidents = { init: init };
})();
