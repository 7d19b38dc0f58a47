/* maritime-incidents map part: an incident's details — popups that never open under the panel (or, for a
 * row with no place, the panel's `#mi-details`), lists of an area's or a cluster's rows, track waypoints;
 * clicks on the canvas, and Escape to close and give the focus back.
 */
(function () {
  "use strict";

  var K = window.MICore, D = window.MIDom, el = D.el;
  var Parts = (window.MIParts = window.MIParts || {});

  Parts.details = function (S) {
    var map = S.map, P = S.P, C = S.C, cats = S.cats, MAXZ = S.MAXZ, G = S.G, A = S.A, AR = S.AR, placed = S.placed, AREAS = S.AREAS, ui = S.ui;
    // --- details: popups that never open under the panel ----------------------------------------
    function popupOptions(minWidth) {
      var p = S.panelPadding(), room = map.getSize().x - p.tl[0] - p.br[0] - 20;
      return { maxWidth: Math.max(200, Math.min(380, room)), minWidth: Math.min(minWidth, Math.max(160, room)),
        autoPanPaddingTopLeft: p.tl, autoPanPaddingBottomRight: p.br, maxHeight: S.phone() ? Math.round(window.innerHeight * 0.45) : undefined };
    }

    function whereOf(i) {
      if (!placed[i]) return "place not known: not on the map";
      var words = C.where ? C.where[i] : null; // in Python's words (place_names.place_words), never re-made here
      if (AR && AR[i] >= 0) return (words || AREAS[AR[i]].name) + " — position not disclosed; the shaded area holds it";
      return words || null;
    }

    var switching = false;
    function openIncident(i, opener) {
      switching = true; map.closePopup(); switching = false; // the old popup's close must not take the focus back
      S.selected = C.id[i];
      S.lastOpener = opener || null;
      var cat = cats[C.cat[i]];
      var content = G ? featurePopup(i) : D.buildPopup(S.incident(i), cat, whereOf(i), P.confidences);
      if (!placed[i]) { // not on the map: the details open in the panel
        map.closePopup();
        ui.details.textContent = "";
        ui.details.appendChild(content);
        ui.details.hidden = false;
        content.focus();
        S.writeHash();
        return;
      }
      ui.details.hidden = true;
      var at = AR && AR[i] >= 0 ? AREAS[AR[i]].label : [C.lat[i], C.lon[i]];
      L.popup(popupOptions(260)).setLatLng(at).setContent(content).openOn(map);
      if (opener) content.focus({ preventScroll: true });
      S.writeHash();
    }
    // Back where the reader was: the control that opened the details, or (the list being windowed) its row.
    function giveFocusBack() {
      var o = S.lastOpener;
      if (!o) return;
      if (document.body.contains(o)) o.focus();
      else if (o.dataset.id && S.focusListRow) S.focusListRow(o.dataset.id);
    }
    // While details are open, a phone hides what would sit on them (the edge cues, the layers button).
    map.on("popupopen", function () { L.DomUtil.addClass(map.getContainer(), "mi-has-popup"); });
    map.on("popupclose", function () {
      L.DomUtil.removeClass(map.getContainer(), "mi-has-popup");
      if (switching) return;
      S.selected = null; S.writeHash();
      giveFocusBack();
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") return;
      if (map._popup && map.hasLayer(map._popup)) { map.closePopup(); e.preventDefault(); }
      else if (ui.details && !ui.details.hidden) { ui.details.hidden = true; S.selected = null; S.writeHash(); giveFocusBack(); }
    });

    function featurePopup(i) {
      var box = el("div", "mi-popup");
      box.setAttribute("tabindex", "-1");
      var head = el("div", "mi-popup-head");
      head.appendChild(el("strong", "", cats.length > 1 ? cats[C.cat[i]].label : P.title));
      head.appendChild(el("span", "mi-id", C.id[i]));
      box.appendChild(head);
      var dl = el("dl");
      A.forEach(function (a) { D.addRow(dl, a[0], a[1][i]); });
      box.appendChild(dl);
      return box;
    }

    function openList(title, rows, at) {
      rows = rows.slice().sort(function (a, b) { return C.ds[a] - C.ds[b]; });
      var box = el("div", "mi-popup mi-list");
      box.setAttribute("tabindex", "-1");
      box.appendChild(el("strong", "", title));
      var ol = el("ol");
      rows.slice(0, 200).forEach(function (i) { ol.appendChild(S.rowButton(i)); });
      box.appendChild(ol);
      if (rows.length > 200) box.appendChild(el("div", "mi-src-meta", "and " + (rows.length - 200) + " more: narrow the dates or search"));
      L.popup(popupOptions(240)).setLatLng(at).setContent(box).openOn(map);
    }

    map.on("click", function (e) {
      var it = S.hit(e.containerPoint);
      if (!it) return;
      if (it.kind === "point") { openIncident(it.rows[0]); return; }
      if (it.kind === "waypoint") { openWaypoint(it.track, it.w); return; }
      if (it.kind === "area") {
        var a = AREAS[it.area];
        openList(K.areaLabel(a.name, S.areaTally(a)), a.rows, e.latlng); // where the reader clicked
        return;
      }
      // zoom in until the cluster splits; where its rows share one spot, list them instead
      var members = it.rows, same = true;
      for (var k = 1; k < members.length && same; k++) same = C.lat[members[k]] === C.lat[members[0]] && C.lon[members[k]] === C.lon[members[0]];
      var at = map.containerPointToLatLng([it.x, it.y]);
      if (map.getZoom() < MAXZ && !same) map.setView(at, Math.min(MAXZ, map.getZoom() + 2));
      else openList(members.length + " incidents here", members, at);
    });
    map.on("mousemove", function (e) { map.getContainer().style.cursor = S.hit(e.containerPoint) ? "pointer" : ""; });

    function openWaypoint(tr, n) {
      var w = tr.t.waypoints[n], box = el("div", "mi-popup");
      box.setAttribute("tabindex", "-1");
      var head = el("div", "mi-popup-head");
      head.appendChild(el("strong", "", (tr.t.vessel || tr.t.id) + " · position " + (n + 1) + " of " + tr.t.waypoints.length));
      head.appendChild(el("span", "mi-id", tr.t.id));
      box.appendChild(head);
      var dl = el("dl");
      D.addRow(dl, "When", K.plainRange(w.ds, w.de));
      D.addRow(dl, "Sources' words", w.text);
      if (w.km) D.addRow(dl, "How located", "from the source's words, within about " + Math.round(w.km).toLocaleString("en-US") + " km");
      D.addRow(dl, "Incidents", tr.t.incidents.join(", "));
      box.appendChild(dl);
      var href = w.url && D.safeHref(w.url);
      if (href) {
        var a = el("a", "", D.safeHref(w.url)); a.setAttribute("href", href); a.setAttribute("target", "_blank"); a.setAttribute("rel", "noopener noreferrer nofollow");
        var p = el("div", "mi-src-meta", "Source: "); p.appendChild(a); box.appendChild(p);
      }
      box.appendChild(el("div", "mi-src-meta", "The dashed line joins the reported positions along great circles; it is not the route sailed."));
      L.popup(popupOptions(240)).setLatLng([w.lat, w.lon]).setContent(box).openOn(map);
    }
    S.openIncident = openIncident;
  };
})();
