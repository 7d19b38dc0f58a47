/* maritime-incidents map part: the counts — sums of Python's per-row tallies (counting.py), in filter and
 * in view, announced in a `role=status` line. The counting rules are never re-implemented here.
 */
(function () {
  "use strict";

  var K = window.MICore, D = window.MIDom, el = D.el;
  var Parts = (window.MIParts = window.MIParts || {});

  Parts.counts = function (S) {
    var P = S.P, C = S.C, cats = S.cats, G = S.G, TK = S.TK, TT = S.TT, state = S.state, ui = S.ui;
    // --- counts: sums of Python's per-row tallies, in filter and in view -------------------------
    function fmt(n) { return n.toLocaleString("en-US"); }
    function announce() {
      var seen = { size: S.inView.length }; // a row is drawn once: as a point, in a cluster or in its area
      ui.status.textContent = G ? fmt(S.visible.length) + " features in filter · " + fmt(seen.size) + " in view" :
        fmt(S.visible.length) + " incidents in filter · " + fmt(seen.size) + " in view" +
        (S.unplaced.length ? " · " + fmt(S.unplaced.length) + " place unknown (listed, not on the map)" : "");
      ui.status.dataset.inView = String(seen.size);
    }

    function summarize() {
      var perCat = cats.map(function () { return 0; });
      for (var k = 0; k < S.visible.length; k++) perCat[C.cat[S.visible[k]]]++;
      var s = G ? { incidents: S.visible.length } : K.sumTallies(TK, TT, S.visible);
      s.incidents = G ? S.visible.length : s.incidents;
      ui.summary.textContent = "";
      var rows = G ? [["Features in filter", fmt(S.visible.length)]] : [
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
      ui.summary.dataset.incidents = String(S.visible.length);
      ui.summary.dataset.killed = String(s.killed || 0);
      cats.forEach(function (c, k) { ui.counts[k].textContent = fmt(perCat[k]) + " / " + fmt(P.totals[k]); });
      ui.from.textContent = K.plainDay(state.from);
      ui.to.textContent = K.plainDay(state.to);
      ui.sFrom.setAttribute("aria-valuetext", "from " + K.plainDay(state.from));
      ui.sTo.setAttribute("aria-valuetext", "until " + K.plainDay(state.to));
      ui.matches.textContent = state.query ? S.visible.length + " match" + (S.visible.length === 1 ? "" : "es") + " (listed below)" : "";
      S.lastSummary = s;
      announce();
    }
    S.fmt = fmt; S.announce = announce; S.summarize = summarize;
  };
})();
