/* maritime-incidents map part: the controls — the collapsible panel `#mi-panel` (header, gap note, status,
 * search, dates, histogram, legend, counts, downloads, details, list) and Leaflet's layers control (basemaps
 * as base layers, one overlay per type); and the room the panel leaves, for popups and fitted views.
 */
(function () {
  "use strict";

  var K = window.MICore, D = window.MIDom, el = D.el;
  var Parts = (window.MIParts = window.MIParts || {});
  var PHONE = 600; // px: below this width the panel is a bottom sheet

  Parts.panel = function (S) {
    var map = S.map, P = S.P, N = S.N, cats = S.cats, G = S.G, state = S.state, MONTHS = S.MONTHS, ui = S.ui, basemap = S.basemap, bases = S.bases;
    // --- layout: the room the panel leaves -------------------------------------------------------
    function phone() { return window.innerWidth < PHONE; }
    function panelPadding() {
      if (ui.panel && !map.getContainer().contains(ui.panel)) return { tl: [10, 10], br: [10, 10] }; // printing: the panel is under the map
      var r = ui.panel ? ui.panel.getBoundingClientRect() : { width: 0, height: 0 }, c = map.getContainer().getBoundingClientRect();
      if (phone()) return { tl: [10, 60], br: [10, Math.max(10, c.bottom - r.top + 10)] };
      return { tl: [60, 10], br: [Math.max(10, c.right - r.left + 10), 30] };
    }

    // --- the panel -------------------------------------------------------------------------------
    var Panel = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var div = el("section", "mi-panel leaflet-bar");
        div.id = "mi-panel";
        div.setAttribute("aria-label", "Filters, counts and incident list");
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        var top = el("div", "mi-top");
        var h = el("h1", "mi-title", P.title);
        var toggle = el("button", "mi-toggle", "Hide panel");
        toggle.type = "button";
        toggle.setAttribute("aria-expanded", "true");
        toggle.setAttribute("aria-controls", "mi-body");
        top.appendChild(h); top.appendChild(toggle);
        div.appendChild(top);
        var body = el("div", "mi-body");
        body.id = "mi-body";
        toggle.addEventListener("click", function () {
          var open = body.hidden;
          body.hidden = !open; div.classList.toggle("mi-collapsed", !open);
          toggle.textContent = open ? "Hide panel" : "Show panel";
          toggle.setAttribute("aria-expanded", String(open));
          S.layer.redraw(); // the labels keep clear of the panel's new size (hidden, its title bar can be wider)
        });
        ui.toggle = toggle; ui.body = body;
        div.appendChild(body);
        body.appendChild(el("div", "mi-asof", G ? S.fmt(N) + " features" :
          "Updated " + K.plainDay(K.dayOf(P.as_of) || P.day_max) + " · coverage " + K.plainRange(K.dayOf(P.first) || P.day_min, K.dayOf(P.last) || P.day_max) +
          " · " + S.fmt(N) + " incidents"));
        if (P.gap) body.appendChild(el("p", "mi-gap", "Coverage: " + P.gap + " A month without rows is a gap in the sources, not evidence that nothing happened."));
        ui.status = el("div", "mi-status");
        ui.status.setAttribute("role", "status");
        ui.status.setAttribute("aria-live", "polite");
        body.appendChild(ui.status);

        var search = el("input", "mi-search");
        search.type = "search";
        search.placeholder = G ? "Search the features' text" : "Search: id, vessel, IMO, place, group, notes";
        search.setAttribute("aria-label", G ? "Search the features' text" : "Search incidents by id, vessel, IMO, former name, place, group or notes");
        search.addEventListener("input", function () { state.query = search.value.trim(); S.apply(); });
        search.addEventListener("keydown", function (e) {
          if (e.key !== "Enter") return;
          if (S.visible.length === 1) S.openIncident(S.visible[0], search); else S.api.zoomToShown();
        });
        body.appendChild(search);
        ui.search = search;
        ui.matches = el("div", "mi-matches");
        body.appendChild(ui.matches);

        var dates = el("div", "mi-dates");
        var lab = el("div", "mi-dates-lab");
        ui.from = el("span"); ui.to = el("span");
        lab.appendChild(ui.from); lab.appendChild(el("span", "", " – ")); lab.appendChild(ui.to);
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
          state.from = a; state.to = b; S.apply();
        }
        ui.sFrom.addEventListener("input", onRange);
        ui.sTo.addEventListener("input", onRange);
        if (!G || P.time) body.appendChild(dates); // a frame mapped without time= has no dates to filter
        if ((!G || P.time) && MONTHS.length > 1 && window.MITimeline) {
          ui.timeline = window.MITimeline.create(dates, MONTHS, function (a, b) { S.api.setRangeDays(a, b); });
        }

        var legend = el("fieldset", "mi-legend");
        legend.appendChild(el("legend", "mi-h", G ? (P.column ? String(P.column) : "Features") + " (in filter / total)" : "Incident types (in filter / total)"));
        ui.counts = []; ui.boxes = [];
        cats.forEach(function (c, k) {
          var r = el("label", "mi-legend-row");
          if (!P.totals[k]) r.style.display = "none"; // a type with no rows is not offered
          var cb = el("input");
          cb.type = "checkbox"; cb.checked = true; cb.dataset.category = c.key;
          cb.addEventListener("change", function () { S.api.setCategory(c.key, cb.checked); });
          ui.boxes[k] = cb;
          var sym = el("span", "mi-sym");
          sym.innerHTML = D.svgSymbol(c, true); // constants only
          r.appendChild(cb); r.appendChild(sym);
          r.appendChild(el("span", "mi-legend-label", c.label));
          ui.counts[k] = el("span", "mi-count");
          r.appendChild(ui.counts[k]);
          legend.appendChild(r);
        });
        if (!G) {
          var key = el("div", "mi-key");
          [[{ color: "#444", shape: "circle" }, true, "place reported"], [{ color: "#444", shape: "circle" }, false, "approximate (within " + P.point_max_km + " km)"],
            [{ color: "#c0392b", shape: "land" }, true, "on land"]].forEach(function (k2) {
            var s2 = el("span", "mi-sym"); s2.innerHTML = D.svgSymbol(k2[0], k2[1]); key.appendChild(s2); key.appendChild(el("span", "", k2[2]));
          });
          var sw = el("span", "mi-swatch"); key.appendChild(sw); key.appendChild(el("span", "", "area: position not disclosed"));
          var tw = el("span", "mi-trackkey"); key.appendChild(tw); key.appendChild(el("span", "", "track through dated positions"));
          legend.appendChild(key);
        }
        body.appendChild(legend);

        ui.summary = el("div", "mi-summary");
        body.appendChild(ui.summary);
        if (P.count_note) body.appendChild(el("div", "mi-countnote", P.count_note)); // the rules, from counting.py
        var dl = el("div", "mi-download");
        [["CSV", "csv"], ["GeoJSON", "geojson"], ["PNG", "png"]].forEach(function (f) {
          var b = el("button", "mi-dl", "Download " + f[0]);
          b.type = "button"; b.dataset.format = f[1];
          b.addEventListener("click", function () { S.api.download(f[1]); });
          dl.appendChild(b);
        });
        body.appendChild(dl);
        ui.details = el("div", "mi-details");
        ui.details.id = "mi-details";
        ui.details.hidden = true;
        body.appendChild(ui.details);
        ui.listHead = el("h2", "mi-h mi-listhead");
        ui.listHead.id = "mi-listhead";
        body.appendChild(ui.listHead);
        ui.list = el("ol", "mi-incidents");
        ui.list.setAttribute("aria-labelledby", "mi-listhead");
        body.appendChild(ui.list);
        body.appendChild(el("div", "mi-foot", P.footer));
        ui.panel = div;
        return div;
      },
    });
    new Panel().addTo(map);
    if (phone()) { ui.body.hidden = true; ui.panel.classList.add("mi-collapsed"); ui.toggle.textContent = "Show panel"; ui.toggle.setAttribute("aria-expanded", "false"); }

    // Leaflet's own layer control: basemaps as base layers; one overlay per type, the uncertainty circles.
    var overlays = {};
    var catLayers = cats.map(function (c, k) {
      var g = L.layerGroup().addTo(map);
      if (P.totals[k]) overlays[D.svgSymbol(c, true) + " " + D.escapeHtml(c.label)] = g;
      return g;
    });
    var areasToggle = L.layerGroup().addTo(map);
    if (!G) overlays["Uncertainty circles of placed incidents"] = areasToggle;
    var layersControl = L.control.layers(bases, overlays, { collapsed: true, position: "topleft" }).addTo(map);
    var layersToggle = layersControl.getContainer().querySelector(".leaflet-control-layers-toggle");
    if (layersToggle) layersToggle.setAttribute("aria-label", "Basemaps and layers"); // Leaflet gives it only a title
    map.on("baselayerchange", function (e) { if (basemap && !map.hasLayer(basemap)) basemap.addTo(map); return e; });
    map.on("overlayadd overlayremove", function (e) {
      var on = e.type === "overlayadd";
      if (e.layer === areasToggle) { state.areas = on; S.layer.redraw(); return; }
      catLayers.forEach(function (g, k) {
        if (g === e.layer && state.on[k] !== on) { state.on[k] = on; ui.boxes[k].checked = on; S.apply(); }
      });
    });
    S.phone = phone; S.panelPadding = panelPadding; S.catLayers = catLayers; S.areasToggle = areasToggle; S.layersControl = layersControl;
  };
})();
