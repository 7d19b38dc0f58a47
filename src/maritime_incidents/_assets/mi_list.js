/* maritime-incidents map part: the incident list — chronological, keyboard operable — and a row in plain words.
 *
 * The list is windowed: it keeps the height of all its rows, but only the rows in the panel's scroll
 * window (and the active row) are in the page, so a million rows list as fast as ten (the arithmetic is
 * MICore.listWindow / scrollToRow / listMove, unit-tested). Every row stays reachable: the list is one
 * Tab stop (the active row); arrow keys, Page Up/Down, Home and End move through all rows, Enter opens
 * the details and Escape comes back. Screen readers hear each row's place: aria-posinset of aria-setsize.
 */
(function () {
  "use strict";

  var K = window.MICore, D = window.MIDom, el = D.el;
  var Parts = (window.MIParts = window.MIParts || {});
  var EXTRA = 8; // rows rendered above and below the scroll window

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
    var listed = [], active = 0, shown = new Map(), bound = false, pending = false; // shown: position -> its <li>
    function rowHeight() { return S.phone() ? 32 : 28; } // as .mi-incidents li in incident_map.css
    function scroller() { return ui.panel; } // the panel scrolls; the list is part of it

    // The window of the list the panel shows now: {first, last} positions.
    function windowNow() {
      var sc = scroller(), row = rowHeight();
      if (!sc || ui.body.hidden) return { first: 0, last: -1 };
      return K.listWindow(listed.length, row, sc.scrollTop - ui.list.offsetTop, sc.clientHeight, EXTRA);
    }

    function renderWindow() {
      pending = false;
      var w = windowNow(), keep = new Set();
      for (var n = w.first; n <= w.last; n++) keep.add(n);
      if (listed.length) keep.add(active); // the list's Tab stop is always in the page
      shown.forEach(function (li, n) { if (!keep.has(n)) { li.remove(); shown.delete(n); } });
      var row = rowHeight();
      keep.forEach(function (n) {
        var li = shown.get(n);
        if (!li) {
          li = rowButton(listed[n]);
          li.setAttribute("aria-setsize", String(listed.length));
          li.setAttribute("aria-posinset", String(n + 1));
          li.dataset.pos = String(n);
          shown.set(n, li);
          ui.list.appendChild(li);
        }
        li.style.top = n * row + "px";
        li.firstChild.tabIndex = n === active ? 0 : -1;
      });
      ui.list.style.height = listed.length * row + "px";
    }
    function later() { if (!pending) { pending = true; requestAnimationFrame(renderWindow); } }

    // Make row n the active one, scroll it into the panel's window, and give it the focus.
    function focusRow(n) {
      if (!listed.length) return;
      active = Math.max(0, Math.min(listed.length - 1, n));
      var sc = scroller(), row = rowHeight();
      sc.scrollTop = K.scrollToRow(active, row, ui.list.offsetTop, sc.scrollTop, sc.clientHeight);
      renderWindow();
      shown.get(active).firstChild.focus();
    }

    function bind() {
      bound = true;
      scroller().addEventListener("scroll", later, { passive: true });
      if (window.ResizeObserver) new ResizeObserver(later).observe(scroller()); // opened, closed, resized
      ui.list.addEventListener("keydown", function (e) {
        var li = e.target.closest("li[data-pos]");
        if (!li || e.altKey || e.ctrlKey || e.metaKey) return;
        var page = Math.max(1, Math.floor(scroller().clientHeight / rowHeight()) - 1);
        var to = K.listMove(e.key, +li.dataset.pos, listed.length, page);
        if (to === null) return;
        e.preventDefault();
        focusRow(to);
      });
      ui.list.addEventListener("focusin", function (e) { // a click or a focus() makes that row the Tab stop
        var li = e.target.closest("li[data-pos]");
        if (!li || +li.dataset.pos === active) return;
        var old = shown.get(active);
        active = +li.dataset.pos;
        if (old) old.firstChild.tabIndex = -1;
        e.target.tabIndex = 0;
      });
    }

    function renderList() {
      listed = byDate(S.visible);
      active = 0;
      shown.forEach(function (li) { li.remove(); });
      shown.clear();
      if (!bound && ui.panel) bind();
      renderWindow();
      ui.listHead.textContent = "Incidents in filter, by date (" + S.fmt(listed.length) + ")";
    }
    S.rowButton = rowButton; S.byDate = byDate; S.renderList = renderList;
    S.focusListRow = function (id) { // a row by incident id, e.g. to come back to after the details close
      for (var n = 0; n < listed.length; n++) if (C.id[listed[n]] === id) { focusRow(n); return true; }
      return false;
    };
  };
})();
