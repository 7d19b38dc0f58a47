/* maritime-incidents: the incident map's behaviour (Leaflet, the canvas, the panel): `init`, which builds the
 * shared state and wires the parts.
 *
 * Built to stay fast from 50 rows to a million: the data arrive as columns (no object per
 * row), each view is clustered on a screen grid in one pass over the shown rows, and only what
 * is in view is drawn, on one canvas. No marker, popup or DOM node is made per incident; a
 * popup is built when it is opened, and the incident list holds only the rows in its scroll window.
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
 *
 * The parts, one concern a file (map.MAP_SCRIPTS concatenates them, this file last), each register
 * `MIParts.<name> = function (S)` and are run in order with one shared state object `S`: the decoded
 * columns and rows, the filter's state, what is shown and drawn, `S.ui` (the panel's elements), and
 * the functions one part offers another (`S.apply`, `S.openIncident`, `S.panelPadding`, ...):
 *   mi_rows.js     columns, rows, areas, tracks, months      mi_basemap.js  offline countries, tiles
 *   mi_filter.js   the filter and apply()                    mi_draw.js     canvas drawing, hit-testing
 *   mi_details.js  popups, details, canvas clicks            mi_list.js     the incident list
 *   mi_counts.js   counts and the status line                mi_hash.js     the URL hash
 *   mi_panel.js    the panel and the layers control         mi_download.js CSV, GeoJSON, PNG
 *   mi_edges.js    cues for incidents off screen             mi_print.js    the printed page
 * This file keeps the test contract (`window.miMap`) and the opening view.
 */
(function () {
  "use strict";

  var K = window.MICore, Parts = window.MIParts;

  function init(map, P) {
    performance.mark("mi:init");
    // No point is more precise than a few km, so street-level zoom would be false precision.
    map.setMinZoom(P.min_zoom); map.setMaxZoom(P.max_zoom);
    var S = { map: map, P: P };
    Parts.columns(S);
    performance.mark("mi:columns");
    Parts.basemap(S);
    Parts.rows(S);
    var C = S.C, N = S.N, cats = S.cats, state = S.state, catIndex = S.catIndex, ui = S.ui = {};
    var placed = S.placed, AR = S.AR, AREAS = S.AREAS, idIndex = S.idIndex;
    S.visible = []; S.stacks = [[], []]; S.unplaced = []; S.shownTracks = []; S.inView = [];
    S.drawn = { points: 0, clusters: 0, total: 0, areas: 0, shapes: 0, tracks: 0, items: [] };
    S.lastSummary = null; S.selected = null; S.lastOpener = null;
    ["filter", "draw", "details", "list", "counts", "hash", "panel", "edges", "print", "download"].forEach(function (name) { Parts[name](S); });

    var api = {
      state: function () {
        var on = {};
        cats.forEach(function (c, k) { on[c.key] = state.on[k]; });
        return {
          rows: N, visible: S.visible.length, inView: S.inView.length, unplaced: S.unplaced.length, drawnTotal: S.drawn.total,
          drawnPoints: S.drawn.points, drawnClusters: S.drawn.clusters, drawnAreas: S.drawn.areas, tracks: S.drawn.tracks,
          areas: S.drawn.areas, shapes: S.drawn.shapes, from: K.isoDay(state.from), to: K.isoDay(state.to), query: state.query, on: on,
          summary: Object.assign({}, S.lastSummary), selected: S.selected,
        };
      },
      visibleIds: function () { return S.visible.map(function (i) { return C.id[i]; }); },
      inViewIds: function () { return Array.from(new Set(S.inView)).map(function (i) { return C.id[i]; }); },
      setCategory: function (key, on) {
        var k = catIndex[key];
        if (on) { map.addLayer(S.catLayers[k]); } else { map.removeLayer(S.catLayers[k]); }
        state.on[k] = on; ui.boxes[k].checked = on; S.apply();
      },
      setAreas: function (on) { if (on) { map.addLayer(S.areasToggle); } else { map.removeLayer(S.areasToggle); } },
      setRange: function (from, to) {
        ui.sFrom.value = K.dayOf(from); ui.sTo.value = K.dayOf(to);
        state.from = +ui.sFrom.value; state.to = +ui.sTo.value; S.apply();
      },
      setRangeDays: function (a, b) {
        state.from = Math.max(P.day_min, Math.min(a, b)); state.to = Math.min(P.day_max, Math.max(a, b));
        ui.sFrom.value = state.from; ui.sTo.value = state.to; S.apply();
      },
      search: function (q) {
        ui.search.value = q; state.query = q.trim(); S.apply();
        if (q && S.visible.length === 1) S.openIncident(S.visible[0]);
        return api.visibleIds();
      },
      openPopup: function (id) {
        var i = idIndex.get(id);
        if (i === undefined) return false;
        S.openIncident(i);
        return true;
      },
      zoomToShown: function () {
        var pts = [];
        S.visible.slice(0, 20000).forEach(function (i) { if (placed[i]) pts.push(AR && AR[i] >= 0 ? AREAS[AR[i]].label : [C.lat[i], C.lon[i]]); });
        if (!pts.length) return;
        var p = S.panelPadding();
        map.fitBounds(L.latLngBounds(pts), { maxZoom: 7, paddingTopLeft: p.tl, paddingBottomRight: p.br });
      },
      drawnItems: function () {
        return S.drawn.items.filter(function (it) { return it.kind !== "waypoint"; }).map(function (it) {
          var ids = it.rows.map(function (i) { return C.id[i]; });
          var o = { kind: it.kind, ids: ids, x: it.x, y: it.y, n: ids.length, id: it.kind === "point" ? ids[0] : null };
          if (it.kind === "area") { o.label = K.areaLabel(AREAS[it.area].name, S.areaTally(AREAS[it.area])); o.labelled = it.labelled; }
          return o;
        });
      },
      download: S.download,
      offscreen: function () { return S.offscreenIds(); }, // ids in the filter beyond each edge of the free map
      showWorld: function () { map.setView([15, -40], 2, { animate: false }); },
      togglePanel: function () { ui.toggle.click(); },
      layersControl: S.layersControl,
      map: map,
    };
    S.api = api;

    // --- opening view: every placed incident, clear of the panel; or the view the URL names ------------
    function fitAll() {
      var p = S.panelPadding();
      map.fitBounds(P.view, { animate: false, paddingTopLeft: p.tl, paddingBottomRight: p.br });
    }
    var wanted = K.hashState(location.hash, P.day_min, P.day_max, cats.map(function (c) { return c.key; }));
    state.from = wanted.from; state.to = wanted.to;
    ui.sFrom.value = state.from; ui.sTo.value = state.to;
    if (wanted.query) { state.query = wanted.query; ui.search.value = wanted.query; }
    wanted.off.forEach(function (k) { state.on[k] = false; ui.boxes[k].checked = false; map.removeLayer(S.catLayers[k]); });
    if (wanted.view) map.setView([wanted.view.lat, wanted.view.lon], wanted.view.z, { animate: false }); else fitAll();
    S.layer.addTo(map);
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
    S.apply();
    S.restoring = false;
    if (wanted.sel && idIndex.has(wanted.sel)) S.openIncident(idIndex.get(wanted.sel));
    S.writeHash();
    performance.mark("mi:drawn");
    window.miMap = api;
    return api;
  }

  window.MaritimeIncidents = { init: init };
})();
