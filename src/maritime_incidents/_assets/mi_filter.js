/* maritime-incidents map part: the one filter (type toggles, date range, search box) and `apply()`,
 * which refilters the rows and brings the histogram, the drawing, the counts, the list and the URL along.
 */
(function () {
  "use strict";

  var K = window.MICore;
  var Parts = (window.MIParts = window.MIParts || {});

  Parts.filter = function (S) {
    var P = S.P, C = S.C, N = S.N, cats = S.cats, G = S.G, A = S.A, AR = S.AR, state = S.state, placed = S.placed, AREAS = S.AREAS, TRACKS = S.TRACKS, MONTHS = S.MONTHS, monthOf = S.monthOf, pointerMonth = S.pointerMonth, ui = S.ui;
    var pointRows = [];
    // --- filtering ----------------------------------------------------------------------------
    var lower = null; // search text per row, made on first search

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
      S.visible = K.filterRows(C, N, state, q, lower);
      pointRows = []; S.unplaced = [];
      AREAS.forEach(function (a) { a.rows = []; });
      for (var k = 0; k < S.visible.length; k++) {
        var i = S.visible[k];
        if (!placed[i]) S.unplaced.push(i);
        else if (AR && AR[i] >= 0) AREAS[AR[i]].rows.push(i);
        else pointRows.push(i);
      }
      // two stacks: a context layer (e.g. ASAM reports) clusters on its own, under the campaign
      S.stacks = [[], []];
      pointRows.forEach(function (i) { S.stacks[cats[C.cat[i]].key === "context" ? 0 : 1].push(i); });
      var shownSet = TRACKS.length ? new Set(S.visible) : null;
      S.shownTracks = TRACKS.filter(function (tr) { return tr.rows.some(function (i) { return shownSet.has(i); }); });
      performance.mark("mi:filtered");
      if (ui.timeline) {
        var perMonth = MONTHS.map(function () { return 0; }), always = { on: state.on, from: -Infinity, to: Infinity };
        // deaths per month: Python's per-row tallies (killed at sea and on land, by the counting rules), summed
        var killed = MONTHS.map(function () { return 0; }), tk = [S.TK.indexOf("killed"), S.TK.indexOf("killed_on_land")];
        for (var r = 0; r < N; r++) {
          if (!(K.passes(C, r, always, q, lower) && monthOf[r] >= 0 && monthOf[r] < MONTHS.length)) continue;
          perMonth[monthOf[r]]++;
          for (var t = 0; t < tk.length; t++) if (tk[t] >= 0) killed[monthOf[r]] += S.TT[tk[t]][r] || 0;
        }
        ui.timeline.update(perMonth, pointerMonth, state.from, state.to, killed);
      }
      S.layer.redraw(); // computes what is in view
      S.summarize();
      S.renderList();
      S.writeHash();
      S.map.fire("mi:apply"); // for parts that follow the filter (the edge cues)
    }
    S.apply = apply;
  };
})();
