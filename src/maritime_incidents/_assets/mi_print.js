/* maritime-incidents map part: printing — a page with the map sized to the paper, and under it the caption
 * (title, updated/coverage line, gap note, counts, what the filter shows), the legend, and the open details
 * at full height; no controls (incident_map.css, @media print).
 *
 * Chrome lays a page out only after `beforeprint` (and an emulated print medium only fires a media-query
 * change), so the map is given its paper size here, in millimetres, and the view the reader saw — the part
 * the panel left free — is fitted into it; afterwards the screen view comes back. The panel is moved under
 * the map for the page (inside the map it would cover it) and put back. A popup is hidden on paper: a copy of
 * its content, with its notes opened, is printed in the caption instead.
 */
(function () {
  "use strict";

  var K = window.MICore, D = window.MIDom, el = D.el;
  var Parts = (window.MIParts = window.MIParts || {});
  var PAPER = { width: "257mm", height: "112mm" }; // fits A4 and US Letter landscape with 10 mm margins, caption below

  Parts.print = function (S) {
    var map = S.map, P = S.P, cats = S.cats, state = S.state, ui = S.ui;
    var box = map.getContainer(), saved = null;

    // print-only: what the filter shows, and a copy of the open popup's details
    ui.printNote = el("p", "mi-printnote");
    ui.printDetails = el("div", "mi-print-details");
    ui.details.parentNode.insertBefore(ui.printNote, ui.details);
    ui.details.parentNode.insertBefore(ui.printDetails, ui.details.nextSibling);
    function note() {
      var off = cats.filter(function (c, k) { return !state.on[k] && P.totals[k]; }).map(function (c) { return c.label; });
      ui.printNote.textContent = "Shown: " + K.plainRange(state.from, state.to) + (state.query ? " · search \u201c" + state.query + "\u201d" : "") +
        (off.length ? " · not shown: " + off.join(", ") : "");
    }
    map.on("mi:apply", note);
    var popup = null; // the open popup, copied into the caption for the page only
    map.on("popupopen", function (e) { popup = e.popup; });
    map.on("popupclose", function (e) { if (e.popup === popup) popup = null; });
    function copyDetails() {
      ui.printDetails.textContent = "";
      var content = popup && popup.getContent();
      if (!content || !content.nodeType) return;
      var copy = content.cloneNode(true); // the same nodes, already escaped text: nothing is parsed again
      copy.querySelectorAll("details").forEach(function (d) { d.open = true; });
      copy.removeAttribute("tabindex");
      ui.printDetails.appendChild(copy);
    }

    // The view on screen, kept after every move: when a print medium is emulated the page has already been laid
    // out for paper (the map resized, perhaps to nothing) by the time enter() runs.
    var mq = window.matchMedia ? window.matchMedia("print") : null, seen = null;
    function keep() {
      var size = map.getSize();
      if (saved || (mq && mq.matches) || !size.x || !size.y) return;
      var p = S.panelPadding();
      seen = { center: map.getCenter(), zoom: map.getZoom(), free: L.latLngBounds(map.containerPointToLatLng([0, 0]),
        map.containerPointToLatLng([size.x - Math.max(0, p.br[0] - 10), size.y - Math.max(0, p.br[1] - 10)])) };
    }
    map.on("moveend", keep);
    ui.toggle.addEventListener("click", keep);

    function enter() {
      if (saved) return;
      if (!seen) keep();
      if (!seen) return;
      saved = { center: seen.center, zoom: seen.zoom, parent: ui.panel.parentNode, next: ui.panel.nextSibling };
      var free = seen.free;
      copyDetails();
      box.style.width = PAPER.width; box.style.height = PAPER.height;
      box.parentNode.insertBefore(ui.panel, box.nextSibling);
      map.invalidateSize(false);
      map.fitBounds(free, { animate: false });
    }
    function leave() {
      if (!saved) return;
      var s = saved;
      saved = null;
      ui.printDetails.textContent = "";
      box.style.width = ""; box.style.height = "";
      s.parent.insertBefore(ui.panel, s.next);
      map.invalidateSize(false);
      map.setView(s.center, s.zoom, { animate: false });
    }
    window.addEventListener("beforeprint", enter);
    window.addEventListener("afterprint", leave);
    if (mq) {
      var on = function (e) { if (e.matches) enter(); else leave(); };
      if (mq.addEventListener) mq.addEventListener("change", on); else if (mq.addListener) mq.addListener(on);
    }
    S.printing = function () { return !!saved; };
  };
})();
