/* maritime-incidents map part: edge cues — at each edge of the map, how many incidents in the filter lie
 * off screen in that direction (after a shared link, a restored view or a pan), as a button that shows them.
 *
 * "On screen" is the part of the map the panel leaves free, so the cues never sit under the panel and a
 * row hidden by it counts as off screen. Which edge a row is beyond is MICore.edgeOf (unit-tested): the
 * edge the line from the view's centre to it crosses. A row drawn as an area is on screen when any of its
 * area's box is. A cue slides along its edge off any symbol or label it would cover. Rows with no place
 * are not on the map, so never counted here (the list has them).
 */
(function () {
  "use strict";

  var K = window.MICore, D = window.MIDom, el = D.el;
  var Parts = (window.MIParts = window.MIParts || {});
  var EDGES = ["top", "right", "bottom", "left"];
  var ARROW = { top: "\u2191", right: "\u2192", bottom: "\u2193", left: "\u2190" };
  var GAP = 8; // px between a cue and its edge

  Parts.edges = function (S) {
    var map = S.map, C = S.C, AR = S.AR, MX = S.MX, MY = S.MY, AREAS = S.AREAS, ui = S.ui;
    var box = el("div", "mi-edges"), buttons = {}, beyond = { top: [], right: [], bottom: [], left: [] }, pending = false;
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Incidents off screen");
    EDGES.forEach(function (e) {
      var b = el("button", "mi-edge mi-edge-" + e);
      b.type = "button";
      b.dataset.edge = e;
      b.hidden = true;
      L.DomEvent.disableClickPropagation(b);
      L.DomEvent.disableScrollPropagation(b);
      b.addEventListener("click", function () { show(e); });
      buttons[e] = b;
      box.appendChild(b);
    });
    map.getContainer().appendChild(box);

    // The part of the map the panel leaves free, in container pixels.
    function freeRect() {
      var size = map.getSize(), p = S.panelPadding();
      return { x0: 0, y0: 0, x1: size.x - Math.max(0, p.br[0] - 10), y1: size.y - Math.max(0, p.br[1] - 10) };
    }

    function update() {
      pending = false;
      var size = map.getSize();
      if (!size.x || !size.y) return;
      var scale = 256 * Math.pow(2, map.getZoom()), o = map.getPixelBounds().min, r = freeRect();
      var out = { top: [], right: [], bottom: [], left: [] }; // no array per row: a million rows are classed in place
      S.stacks.forEach(function (st) {
        for (var k = 0; k < st.length; k++) {
          var i = st[k], e = K.edgeOf(MX[i] * scale - o.x, MY[i] * scale - o.y, r);
          if (e) out[e].push(i);
        }
      });
      AREAS.forEach(function (a) { // an area is off screen when all its box is; it lies beyond the edge its centre does
        if (!a.rows.length) return;
        var x0 = a.box[0] * scale - o.x, y0 = a.box[1] * scale - o.y, x1 = a.box[2] * scale - o.x, y1 = a.box[3] * scale - o.y;
        if (!(x1 < r.x0 || x0 > r.x1 || y1 < r.y0 || y0 > r.y1)) return;
        var e = K.edgeOf((x0 + x1) / 2, (y0 + y1) / 2, r);
        for (var k = 0; k < a.rows.length; k++) out[e].push(a.rows[k]);
      });
      beyond = out;
      var midX = (r.x0 + r.x1) / 2, midY = (r.y0 + r.y1) / 2;
      var at = { top: [midX, r.y0 + GAP], bottom: [midX, r.y1 - GAP], left: [r.x0 + GAP, midY], right: [r.x1 - GAP, midY] };
      EDGES.forEach(function (e) {
        var b = buttons[e], n = beyond[e].length;
        b.hidden = !n;
        if (!n) return;
        b.textContent = ARROW[e] + " " + S.fmt(n);
        b.dataset.count = String(n);
        var words = S.fmt(n) + (n === 1 ? " incident" : " incidents") + " in the filter off the map's " + e + " edge";
        b.setAttribute("aria-label", words + ": show them");
        b.title = words;
        var xy = clearSpot(e, at[e], b.offsetWidth, b.offsetHeight, r);
        b.style.left = xy[0] + "px";
        b.style.top = xy[1] + "px";
      });
    }

    // A cue never hides what is drawn: from the middle of its edge it slides along the edge to the first
    // place where it covers no symbol, cluster, waypoint or area label.
    function clearSpot(e, mid, w, h, r) {
      var along = e === "top" || e === "bottom", room = along ? (r.x1 - r.x0 - w) / 2 : (r.y1 - r.y0 - h) / 2 - 30;
      for (var k = 0; k * 36 <= room; k++) {
        for (var sign = 1; sign >= -1; sign -= 2) {
          var at = along ? [mid[0] + sign * k * 36, mid[1]] : [mid[0], mid[1] + sign * k * 36];
          var x0 = e === "right" ? at[0] - w : along ? at[0] - w / 2 : at[0], y0 = e === "bottom" ? at[1] - h : along ? at[1] : at[1] - h / 2;
          if (!covers(x0, y0, x0 + w, y0 + h)) return at;
          if (!k) break;
        }
      }
      return mid;
    }
    function covers(x0, y0, x1, y1) {
      return S.drawn.items.some(function (it) {
        var rx = it.r || it.w || 0, ry = it.r || it.h || 0;
        return rx > 0 && it.x + rx > x0 && it.x - rx < x1 && it.y + ry > y0 && it.y - ry < y1;
      });
    }
    function later() { if (!pending) { pending = true; requestAnimationFrame(update); } }

    // Show the rows beyond an edge: the smallest move (or zoom out) that brings them into the free part.
    function show(e) {
      var pts = beyond[e].map(function (i) { return AR && AR[i] >= 0 ? AREAS[AR[i]].label : [C.lat[i], C.lon[i]]; });
      if (!pts.length) return;
      var p = S.panelPadding(), focused = document.activeElement === buttons[e];
      map.once("moveend", function () {
        update();
        // a cue that hides once its rows are shown takes the focus with it: give it to the map, not the page
        if (focused && buttons[e].hidden) map.getContainer().focus({ preventScroll: true });
      });
      map.fitBounds(L.latLngBounds(pts), { paddingTopLeft: p.tl, paddingBottomRight: p.br, maxZoom: map.getZoom() });
    }

    map.on("moveend zoomend resize mi:apply", later);
    ui.toggle.addEventListener("click", later);
    S.offscreenIds = function () {
      update();
      var out = {};
      EDGES.forEach(function (e) { out[e] = beyond[e].map(function (i) { return C.id[i]; }); });
      return out;
    };
  };
})();
