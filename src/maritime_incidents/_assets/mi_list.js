/* maritime-incidents map part: the incident list — chronological, keyboard operable — and a row in plain words.
 */
(function () {
  "use strict";

  var K = window.MICore, D = window.MIDom, el = D.el;
  var Parts = (window.MIParts = window.MIParts || {});
  var LIST_MAX = 300; // rows in the incident list; a larger selection says how many more there are

  Parts.list = function (S) {
    var P = S.P, C = S.C, N = S.N, G = S.G, A = S.A, placed = S.placed, ui = S.ui;
    // --- the incident list: chronological, keyboard operable --------------------------------------
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
      b.addEventListener("click", function () { S.openIncident(i, b); });
      var li = el(tag || "li");
      li.appendChild(b);
      return li;
    }

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
      var rows = byDate(S.visible);
      ui.list.textContent = "";
      rows.slice(0, LIST_MAX).forEach(function (i) { ui.list.appendChild(rowButton(i)); });
      ui.listMore.textContent = rows.length > LIST_MAX ? "and " + S.fmt(rows.length - LIST_MAX) + " more: narrow the dates or search to list them" : "";
      ui.listHead.textContent = "Incidents in filter, by date (" + S.fmt(rows.length) + ")";
    }
    S.rowButton = rowButton; S.byDate = byDate; S.renderList = renderList;
  };
})();
