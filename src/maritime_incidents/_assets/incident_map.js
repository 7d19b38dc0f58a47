/* maritime-incidents: the behaviour of the incident map.
 *
 * One filter decides what is shown: the category toggles (Leaflet layer control), the date
 * range (two sliders) and the search box all feed `apply()`, which refills the one marker
 * cluster group, the uncertainty circles, the legend counts and the summary. That is why the
 * three work together, where folium's separate plugins do not (folium #1391, #1717).
 *
 * Untrusted text (everything from the data) only ever reaches the page through textContent,
 * setAttribute or a checked href: never innerHTML.
 */
(function () {
  "use strict";

  var DAY_MS = 86400000;
  var SHAPES = {
    circle: '<circle cx="9" cy="9" r="6.5"/>',
    square: '<rect x="3" y="3" width="12" height="12"/>',
    diamond: '<polygon points="9,1.5 16.5,9 9,16.5 1.5,9"/>',
    triangle: '<polygon points="9,2 16.5,15.5 1.5,15.5"/>',
    star: '<polygon points="9,1.5 11.2,6.6 16.6,6.9 12.4,10.4 13.8,15.8 9,12.8 4.2,15.8 5.6,10.4 1.4,6.9 6.8,6.6"/>',
  };

  function svgSymbol(cat, reported) {
    // Only constants of this file and of the payload's category table reach this string.
    var fill = reported ? cat.color : "#ffffff";
    var dash = reported ? "" : ' stroke-dasharray="3 2"';
    return (
      '<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 18 18">' +
      '<g fill="' + fill + '" stroke="' + cat.color + '" stroke-width="2.2"' + dash + ">" +
      SHAPES[cat.shape] + "</g></svg>"
    );
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function safeHref(url) {
    try {
      var u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (err) {
      return null;
    }
  }

  function isoDay(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  function fmtNum(v) {
    return v === null || v === undefined ? "—" : String(v);
  }

  function row(dl, label, value) {
    if (value === null || value === undefined || value === "") return;
    dl.appendChild(el("dt", "", label));
    dl.appendChild(el("dd", "", value));
  }

  function buildPopup(inc, cat) {
    var box = el("div", "mi-popup");
    var head = el("div", "mi-popup-head");
    head.appendChild(el("strong", "", cat.label + " · " + inc.type.replace(/_/g, " ")));
    head.appendChild(el("span", "mi-id", inc.id));
    box.appendChild(head);
    var dl = el("dl");
    var when = inc.date_start === inc.date_end ? inc.date_start : inc.date_start + " – " + inc.date_end;
    row(dl, "Date", when + " (" + inc.date_precision + ")");
    if (inc.vessels !== null || inc.vessel_name) {
      var v = inc.vessels === null ? "" : inc.vessels + (inc.vessels === 1 ? " vessel" : " vessels");
      var names = [inc.vessel_name, inc.imo ? "IMO " + inc.imo : "", inc.flag ? "flag: " + inc.flag : ""].filter(Boolean).join(", ");
      row(dl, "Vessels", [v, names].filter(Boolean).join(" — ") + (inc.vessel_type ? " (" + inc.vessel_type + ")" : ""));
    }
    if (inc.killed !== null) {
      var range = inc.killed_low !== null && inc.killed_high !== null && inc.killed_low !== inc.killed_high ?
        " (sources: " + inc.killed_low + "–" + inc.killed_high + ")" : "";
      row(dl, "Killed", inc.killed + range);
    }
    row(dl, "Survivors", inc.survivors);
    row(dl, "Presumed dead", inc.presumed_dead);
    row(dl, "Survivors' fate", inc.survivor_fate);
    row(dl, "Alleged group", inc.alleged_group);
    row(dl, "Announced", [inc.announced_by, inc.announced_at].filter(Boolean).join(", "));
    row(dl, "Where (sources' words)", inc.location_text);
    var approx = inc.geo_precision === "reported" ? "coordinates reported by a source" :
      "approximate: " + inc.geo_precision + ", within ±" + Math.round(inc.uncertainty_km) + " km";
    row(dl, "Location", approx + " [" + inc.geo_rule + "]");
    row(dl, "Confidence", inc.confidence.replace(/_/g, " ") + (inc.status !== "active" ? " · " + inc.status : ""));
    box.appendChild(dl);
    if (inc.notes) {
      var notes = el("details", "mi-notes");
      notes.appendChild(el("summary", "", "Notes"));
      notes.appendChild(el("p", "", inc.notes));
      box.appendChild(notes);
    }
    var srcHead = el("div", "mi-sources-head", "Sources (" + inc.sources.length + ")");
    box.appendChild(srcHead);
    var ol = el("ol", "mi-sources");
    inc.sources.forEach(function (s) {
      var li = el("li");
      var href = safeHref(s.url);
      var title = s.title || s.url;
      if (href) {
        var a = el("a", "", title);
        a.setAttribute("href", href);
        a.setAttribute("target", "_blank");
        a.setAttribute("rel", "noopener noreferrer nofollow");
        li.appendChild(a);
      } else {
        li.appendChild(el("span", "mi-badlink", title + " [link not shown: not an http(s) address]"));
      }
      li.appendChild(el("span", "mi-src-meta", " — " + [s.publisher, s.published].filter(Boolean).join(", ")));
      if (s.claims) li.appendChild(el("div", "mi-claims", s.claims));
      ol.appendChild(li);
    });
    box.appendChild(ol);
    return box;
  }

  function init(map, P) {
    var cats = {};
    P.categories.forEach(function (c) { cats[c.key] = c; });
    var state = { on: {}, from: P.day_min, to: P.day_max, query: "", areas: true };
    P.categories.forEach(function (c) { state.on[c.key] = true; });

    // Offline basemap under any tiles; online tiles draw over it when they load.
    map.createPane("mi-basemap").style.zIndex = 150;
    var basemap = null;
    if (P.basemap && window.topojson) {
      basemap = L.geoJSON(topojson.feature(P.basemap, P.basemap.objects.countries), {
        pane: "mi-basemap", interactive: false,
        style: { color: "#8a96a3", weight: 0.7, fillColor: "#e9e4d8", fillOpacity: 1 },
      }).addTo(map);
      map.getContainer().style.background = "#c9dcea";
    }
    var tiles = null;
    if (P.tiles) {
      tiles = L.tileLayer(P.tiles.url, { attribution: P.tiles.attribution, maxZoom: 18, crossOrigin: true });
      if (P.tiles.on) tiles.addTo(map);
    }

    var cluster = L.markerClusterGroup({ maxClusterRadius: 35, showCoverageOnHover: false, chunkedLoading: true });
    cluster.addTo(map);
    var areas = L.layerGroup().addTo(map);
    map.createPane("mi-areas").style.zIndex = 350;

    var markers = P.incidents.map(function (inc) {
      var cat = cats[inc.category];
      var icon = L.divIcon({
        className: "mi-marker mi-" + (inc.geo_precision === "reported" ? "reported" : "approximate"),
        html: svgSymbol(cat, inc.geo_precision === "reported"),
        iconSize: [18, 18], iconAnchor: [9, 9], popupAnchor: [0, -8],
      });
      var m = L.marker([inc.latitude, inc.longitude], { icon: icon, title: inc.id, alt: cat.label + " " + inc.id, keyboard: true });
      m.bindPopup(function () { return buildPopup(inc, cat); }, { maxWidth: 380, minWidth: 260 });
      m.incident = inc;
      return m;
    });

    function matches(inc) {
      if (!state.on[inc.category]) return false;
      if (inc.day_end < state.from || inc.day_start > state.to) return false;
      if (!state.query) return true;
      var q = state.query.toLowerCase();
      return inc.id.toLowerCase().indexOf(q) >= 0 || (inc.vessel_name || "").toLowerCase().indexOf(q) >= 0 ||
        (inc.vessel_former_names || "").toLowerCase().indexOf(q) >= 0 || (inc.imo || "").indexOf(q) >= 0;
    }

    var visible = [];
    var ui = {};

    function apply() {
      visible = markers.filter(function (m) { return matches(m.incident); });
      cluster.clearLayers();
      cluster.addLayers(visible);
      areas.clearLayers();
      if (state.areas) {
        // One circle per distinct area: thirty rows "in the eastern Pacific" share one circle,
        // so the shading shows the area, not how many rows fell back to it.
        var seen = {};
        visible.forEach(function (m) {
          var inc = m.incident;
          if (!(inc.uncertainty_km > 0)) return;
          var key = inc.latitude + "," + inc.longitude + "," + inc.uncertainty_km;
          if (seen[key]) { if (seen[key].category !== inc.category) seen[key].color = "#55606b"; return; }
          seen[key] = { inc: inc, category: inc.category, color: cats[inc.category].color };
        });
        Object.keys(seen).sort().forEach(function (key) {
          var a = seen[key];
          L.circle([a.inc.latitude, a.inc.longitude], {
            radius: a.inc.uncertainty_km * 1000, color: a.color, weight: 1, opacity: 0.55,
            dashArray: "4 4", fillOpacity: 0.05, interactive: false, className: "mi-area", pane: "mi-areas",
          }).addTo(areas);
        });
      }
      update();
    }

    function sum(list, key) {
      return list.reduce(function (acc, m) { var v = m.incident[key]; return acc + (v === null ? 0 : v); }, 0);
    }

    function update() {
      var shown = visible.map(function (m) { return m.incident; });
      var strikes = visible.filter(function (m) { return m.incident.type === "strike"; });
      var landStrikes = visible.filter(function (m) { return m.incident.type === "land_strike"; });
      var s = {
        incidents: shown.length,
        strikes: strikes.length,
        vessels_struck: sum(strikes, "vessels"),
        killed: sum(strikes, "killed"),
        killed_on_land: sum(landStrikes, "killed"),
        presumed_dead: sum(strikes, "presumed_dead"),
        survivors: sum(strikes, "survivors"),
        seizures: shown.filter(function (i) { return i.type === "seizure"; }).length,
        approximate: shown.filter(function (i) { return i.geo_precision !== "reported"; }).length,
      };
      ui.summary.textContent = "";
      [["Incidents shown", s.incidents], ["Strike rows", s.strikes], ["Vessels struck", s.vessels_struck], ["Killed at sea", s.killed],
        ["Presumed dead", s.presumed_dead], ["Survivors", s.survivors], ["Killed on land", s.killed_on_land], ["Seizures", s.seizures],
        ["Approximate locations", s.approximate]]
        .forEach(function (kv) {
          var d = el("div", "mi-stat");
          d.appendChild(el("span", "mi-stat-n", kv[1]));
          d.appendChild(el("span", "mi-stat-l", kv[0]));
          ui.summary.appendChild(d);
        });
      ui.summary.dataset.incidents = String(s.incidents);
      ui.summary.dataset.killed = String(s.killed);
      P.categories.forEach(function (c) {
        var n = shown.filter(function (i) { return i.category === c.key; }).length;
        ui.counts[c.key].textContent = n + " / " + P.totals[c.key];
      });
      ui.from.textContent = isoDay(state.from);
      ui.to.textContent = isoDay(state.to);
      ui.matches.textContent = state.query ? visible.length + " match" + (visible.length === 1 ? "" : "es") : "";
      lastSummary = s;
    }
    var lastSummary = null;

    // --- the panel: search, dates, legend, summary ---------------------------------------
    var Panel = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var div = el("div", "mi-panel leaflet-bar");
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        div.appendChild(el("div", "mi-title", P.title));
        div.appendChild(el("div", "mi-asof", "Data as of " + P.as_of + " · " + P.incidents.length + " incidents"));

        var search = el("input", "mi-search");
        search.type = "search";
        search.placeholder = "Search vessel name, IMO or incident id";
        search.setAttribute("aria-label", "Search by vessel name or incident id");
        search.addEventListener("input", function () { state.query = search.value.trim(); apply(); });
        search.addEventListener("keydown", function (e) { if (e.key === "Enter") api.zoomToShown(); });
        div.appendChild(search);
        ui.matches = el("div", "mi-matches");
        div.appendChild(ui.matches);

        var dates = el("div", "mi-dates");
        var lab = el("div", "mi-dates-lab");
        ui.from = el("span"); ui.to = el("span");
        lab.appendChild(ui.from); lab.appendChild(el("span", "", " → ")); lab.appendChild(ui.to);
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
          state.from = a; state.to = b; apply();
        }
        ui.sFrom.addEventListener("input", onRange);
        ui.sTo.addEventListener("input", onRange);
        div.appendChild(dates);

        var legend = el("div", "mi-legend");
        legend.appendChild(el("div", "mi-h", "Incident types (shown / total)"));
        ui.counts = {};
        P.categories.forEach(function (c) {
          var r = el("label", "mi-legend-row");
          var cb = el("input");
          cb.type = "checkbox"; cb.checked = true; cb.dataset.category = c.key;
          cb.addEventListener("change", function () { api.setCategory(c.key, cb.checked); });
          ui["cb_" + c.key] = cb;
          var sym = el("span", "mi-sym");
          sym.innerHTML = svgSymbol(c, true); // constants only
          r.appendChild(cb); r.appendChild(sym);
          r.appendChild(el("span", "mi-legend-label", c.label));
          ui.counts[c.key] = el("span", "mi-count");
          r.appendChild(ui.counts[c.key]);
          legend.appendChild(r);
        });
        var key = el("div", "mi-key");
        var k1 = el("span", "mi-sym"); k1.innerHTML = svgSymbol({ color: "#444", shape: "circle" }, true);
        var k2 = el("span", "mi-sym"); k2.innerHTML = svgSymbol({ color: "#444", shape: "circle" }, false);
        key.appendChild(k1); key.appendChild(el("span", "", "coordinates reported "));
        key.appendChild(k2); key.appendChild(el("span", "", "approximate (dashed circle = uncertainty)"));
        legend.appendChild(key);
        div.appendChild(legend);

        ui.summary = el("div", "mi-summary");
        div.appendChild(ui.summary);
        var note = el("div", "mi-foot", P.footer);
        div.appendChild(note);
        return div;
      },
    });
    new Panel().addTo(map);

    // Leaflet's own layer control: one overlay per incident type, the areas, the basemaps.
    var overlays = {};
    var catLayers = {};
    P.categories.forEach(function (c) {
      catLayers[c.key] = L.layerGroup().addTo(map);
      overlays[svgSymbol(c, true) + " " + c.label] = catLayers[c.key];
    });
    overlays["Uncertainty areas"] = areas;
    if (basemap) overlays["Countries (offline, Natural Earth)"] = basemap;
    if (tiles) overlays["OpenStreetMap tiles (online)"] = tiles;
    var layersControl = L.control.layers(null, overlays, { collapsed: true, position: "topleft" }).addTo(map);
    map.on("overlayadd overlayremove", function (e) {
      var on = e.type === "overlayadd";
      if (e.layer === areas) { state.areas = on; apply(); return; }
      Object.keys(catLayers).forEach(function (k) {
        if (catLayers[k] === e.layer && state.on[k] !== on) { state.on[k] = on; ui["cb_" + k].checked = on; apply(); }
      });
    });

    var api = {
      state: function () {
        return {
          visible: visible.length, inCluster: cluster.getLayers().length, areas: areas.getLayers().length,
          from: isoDay(state.from), to: isoDay(state.to), query: state.query, on: Object.assign({}, state.on),
          summary: Object.assign({}, lastSummary),
        };
      },
      visibleIds: function () { return visible.map(function (m) { return m.incident.id; }); },
      setCategory: function (key, on) {
        if (on) { map.addLayer(catLayers[key]); } else { map.removeLayer(catLayers[key]); }
        state.on[key] = on; ui["cb_" + key].checked = on; apply();
      },
      setRange: function (from, to) {
        var a = Math.round(Date.parse(from) / DAY_MS), b = Math.round(Date.parse(to) / DAY_MS);
        ui.sFrom.value = a; ui.sTo.value = b; state.from = +ui.sFrom.value; state.to = +ui.sTo.value; apply();
      },
      search: function (q) { var box = map.getContainer().querySelector(".mi-search"); box.value = q; state.query = q; apply(); },
      openPopup: function (id) {
        var m = markers.filter(function (x) { return x.incident.id === id; })[0];
        if (!m) return false;
        cluster.zoomToShowLayer(m, function () { m.openPopup(); });
        return true;
      },
      zoomToShown: function () {
        if (!visible.length) return;
        map.fitBounds(L.featureGroup(visible).getBounds().pad(0.2), { maxZoom: 7 });
      },
      layersControl: layersControl,
      map: map,
    };

    map.fitBounds(P.view, { animate: false });
    apply();
    window.miMap = api;
    return api;
  }

  window.MaritimeIncidents = { init: init };
})();
