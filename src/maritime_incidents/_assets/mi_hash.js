/* maritime-incidents map part: the view's state (filters, search, selection, view) in the URL hash.
 * The hash is read once, by the opening view in incident_map.js; both ways are MICore.stateHash / hashState.
 */
(function () {
  "use strict";

  var K = window.MICore;
  var Parts = (window.MIParts = window.MIParts || {});

  Parts.hash = function (S) {
    var map = S.map, P = S.P, cats = S.cats, state = S.state;
    // --- URL hash: filters, search, selection, view -------------------------------------------------
    S.restoring = true;
    function writeHash() {
      if (S.restoring || !window.history || !history.replaceState) return;
      var c = map.getCenter();
      var h = K.stateHash({ from: state.from, to: state.to, query: state.query, on: state.on, sel: S.selected,
        view: { z: map.getZoom(), lat: c.lat, lon: c.lng } }, P.day_min, P.day_max, cats.map(function (c2) { return c2.key; }));
      try { history.replaceState(null, "", h || location.pathname + location.search); } catch (err) { /* a sandboxed frame may refuse */ }
    }
    map.on("moveend", writeHash);
    S.writeHash = writeHash;
  };
})();
