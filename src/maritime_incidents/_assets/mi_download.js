/* maritime-incidents map part: downloads of what is shown — CSV and GeoJSON of the rows in filter, with
 * their sources, and a PNG of the view with a caption.
 */
(function () {
  "use strict";

  var K = window.MICore, D = window.MIDom, el = D.el;
  var Parts = (window.MIParts = window.MIParts || {});

  Parts.download = function (S) {
    var map = S.map, P = S.P, C = S.C, AR = S.AR, state = S.state, placed = S.placed, AREAS = S.AREAS, ui = S.ui;
    // --- downloads ------------------------------------------------------------------------------
    function shownFeatures() { return S.byDate(S.visible); }

    function save(name, type, text) {
      var url = URL.createObjectURL(new Blob([text], { type: type }));
      var a = el("a"); a.href = url; a.download = name; document.body.appendChild(a); a.click();
      setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
    }

    function download(format) {
      var rows = shownFeatures(), stamp = K.isoDay(state.from) + "_" + K.isoDay(state.to);
      var fields = ["incident_id", "incident_type", "date_start", "date_end"].concat(P.fields.filter(function (f) { return f !== "id"; }))
        .concat(["latitude", "longitude", "geo_precision", "uncertainty_km", "shown_as", "area", "sources"]);
      function record(i) {
        var o = { incident_id: C.id[i], incident_type: P.types[C.type[i]], date_start: K.isoDay(C.ds[i]), date_end: K.isoDay(C.de[i]) };
        P.fields.forEach(function (f) { if (f !== "id") o[f] = C[f][i]; });
        o.latitude = C.lat[i]; o.longitude = C.lon[i]; // a representative point: how precise it is goes with it
        o.geo_precision = P.geo_precisions[C.gp[i]]; o.uncertainty_km = C.unc[i];
        o.shown_as = !placed[i] ? "not placed" : AR && AR[i] >= 0 ? "area" : "point";
        o.area = AR && AR[i] >= 0 ? AREAS[AR[i]].name : null;
        o.sources = (P.sources[i] || []).map(function (s) { return s[0]; }).join(" ; ");
        return o;
      }
      if (format === "png") { // the view as drawn (basemap and incidents), with a caption of what it shows
        var size = map.getSize(), ratio = window.devicePixelRatio || 1, out = document.createElement("canvas");
        out.width = size.x * ratio; out.height = (size.y + 44) * ratio;
        var ctx = out.getContext("2d");
        ctx.scale(ratio, ratio); ctx.fillStyle = "#c9dcea"; ctx.fillRect(0, 0, size.x, size.y);
        document.querySelectorAll(".leaflet-mi-basemap-pane canvas, .leaflet-mi-points-pane canvas").forEach(function (c) {
          ctx.drawImage(c, 0, 0, size.x, size.y);
        });
        ctx.fillStyle = "#ffffff"; ctx.fillRect(0, size.y, size.x, 44);
        ctx.fillStyle = "#1d2733"; ctx.font = "600 13px system-ui, sans-serif"; ctx.textAlign = "left"; ctx.textBaseline = "top";
        ctx.fillText(P.title + " · " + K.plainRange(state.from, state.to) + (state.query ? " · search: " + state.query : ""), 8, size.y + 6);
        ctx.font = "12px system-ui, sans-serif";
        ctx.fillText(ui.status.textContent + " · maritime-incidents · countries: Natural Earth", 8, size.y + 24);
        out.toBlob(function (blob) {
          var url = URL.createObjectURL(blob), a = el("a");
          a.href = url; a.download = "map_" + stamp + ".png"; document.body.appendChild(a); a.click();
          setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
        }, "image/png");
        return rows.length;
      }
      if (format === "geojson") {
        var fc = { type: "FeatureCollection", features: rows.map(function (i) {
          var o = record(i), geom = null;
          if (o.shown_as === "area" && AREAS[AR[i]].src.rings) {
            geom = { type: "MultiPolygon", coordinates: [AREAS[AR[i]].src.rings.map(function (r) {
              var ring = []; for (var v = 0; v < r.length; v += 2) ring.push([r[v], r[v + 1]]); return ring; })] };
          } else if (placed[i]) geom = { type: "Point", coordinates: [C.lon[i], C.lat[i]] };
          o.sources = (P.sources[i] || []).map(function (s) { return { url: s[0], title: s[1], domain: s[5], kind: s[6] }; });
          return { type: "Feature", geometry: geom, properties: o };
        }) };
        save("incidents_" + stamp + ".geojson", "application/geo+json", JSON.stringify(fc));
      } else {
        var lines = [fields.join(",")].concat(rows.map(function (i) { var o = record(i); return fields.map(function (f) { return K.csvCell(o[f]); }).join(","); }));
        save("incidents_" + stamp + ".csv", "text/csv", lines.join("\r\n") + "\r\n");
      }
      return rows.length;
    }
    S.download = download;
  };
})();
