/* maritime-incidents: the map's drawing and DOM helpers, shared by the page's scripts as `window.MIDom`.
 *
 * Symbols (SVG for the legend, the same shapes on the canvas), a canvas layer that redraws on every
 * move, and the incident details. Untrusted text (everything from the data) only ever reaches the
 * page through textContent, setAttribute or a checked href: never innerHTML.
 */
(function () {
  "use strict";

  var K = window.MICore;
  var SHAPES = {
    circle: '<circle cx="9" cy="9" r="6.5"/>',
    square: '<rect x="3" y="3" width="12" height="12"/>',
    diamond: '<polygon points="9,1.5 16.5,9 9,16.5 1.5,9"/>',
    triangle: '<polygon points="9,2 16.5,15.5 1.5,15.5"/>',
    star: '<polygon points="9,1.5 11.2,6.6 16.6,6.9 12.4,10.4 13.8,15.8 9,12.8 4.2,15.8 5.6,10.4 1.4,6.9 6.8,6.6"/>',
    cross: '<polygon points="6,1.5 12,1.5 12,6 16.5,6 16.5,12 12,12 12,16.5 6,16.5 6,12 1.5,12 1.5,6 6,6"/>',
    land: '<polygon points="9,1.5 16.5,7.5 16.5,16.5 1.5,16.5 1.5,7.5"/>',
    hexagon: '<polygon points="9,1.5 15.5,5.25 15.5,12.75 9,16.5 2.5,12.75 2.5,5.25"/>',
  };

  function svgSymbol(cat, reported) {
    // Only constants of this file and the payload's category table (made by our code) reach this string.
    var fill = reported ? cat.color : "#ffffff";
    var dash = reported ? "" : ' stroke-dasharray="3 2"';
    return (
      '<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 18 18">' +
      '<g fill="' + fill + '" stroke="' + cat.color + '" stroke-width="2.2"' + dash + ">" +
      SHAPES[cat.shape] + "</g></svg>"
    );
  }

  // The same shapes on a canvas, centred on (x, y), about 2r wide.
  function drawShape(ctx, shape, x, y, r) {
    ctx.beginPath();
    if (shape === "square") {
      ctx.rect(x - r * 0.8, y - r * 0.8, r * 1.6, r * 1.6);
    } else if (shape === "diamond") {
      ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath();
    } else if (shape === "triangle") {
      ctx.moveTo(x, y - r); ctx.lineTo(x + r, y + r * 0.8); ctx.lineTo(x - r, y + r * 0.8); ctx.closePath();
    } else if (shape === "star") {
      for (var k = 0; k < 10; k++) {
        var a = -Math.PI / 2 + (k * Math.PI) / 5, rr = k % 2 ? r * 0.45 : r * 1.05;
        if (k) ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a)); else ctx.moveTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
      }
      ctx.closePath();
    } else if (shape === "land") { // a house: an operation on land, not at sea
      ctx.moveTo(x, y - r); ctx.lineTo(x + r, y - r * 0.2); ctx.lineTo(x + r, y + r); ctx.lineTo(x - r, y + r); ctx.lineTo(x - r, y - r * 0.2); ctx.closePath();
    } else if (shape === "hexagon") {
      for (var h = 0; h < 6; h++) {
        var ha = -Math.PI / 2 + (h * Math.PI) / 3;
        if (h) ctx.lineTo(x + r * Math.cos(ha), y + r * Math.sin(ha)); else ctx.moveTo(x + r * Math.cos(ha), y + r * Math.sin(ha));
      }
      ctx.closePath();
    } else if (shape === "cross") {
      var w = r * 0.35;
      ctx.rect(x - w, y - r, 2 * w, 2 * r); ctx.rect(x - r, y - w, 2 * r, 2 * w);
    } else {
      ctx.arc(x, y, r * 0.85, 0, 2 * Math.PI);
    }
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // Leaflet's layer control sets its labels as HTML: anything from the data goes in escaped.
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }

  function safeHref(url) {
    try {
      var u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (err) {
      return null;
    }
  }


  function addRow(dl, label, value) {
    if (value === null || value === undefined || value === "") return;
    dl.appendChild(el("dt", "", label));
    dl.appendChild(el("dd", "", value));
  }

  var KIND = { official: "official", original: "original report", wire_copy: "wire copy", secondary: "relayed report",
    mirror: "mirror (copy of another site)", aggregator: "aggregator", ai_summary: "AI summary", forum: "forum post", data_file: "data file" };

  // The details of one incident, in plain words. `where` says how the map shows its place.
  function buildPopup(inc, cat, where, confidences) { // confidences: the codebook's meaning of each value
    var box = el("div", "mi-popup");
    box.setAttribute("tabindex", "-1");
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", "Incident " + inc.id);
    var head = el("div", "mi-popup-head");
    var type = String(inc.type).replace(/_/g, " ");
    head.appendChild(el("strong", "", type.charAt(0).toUpperCase() + type.slice(1) + " · " + K.plainRange(inc.ds, inc.de)));
    head.appendChild(el("span", "mi-id", inc.id));
    box.appendChild(head);
    var dl = el("dl");
    addRow(dl, "When", K.plainRange(inc.ds, inc.de) + (inc.date_precision !== "day" ? " (date " + inc.date_precision + ")" : ""));
    addRow(dl, "Where", where);
    addRow(dl, "Sources' words", inc.location_text);
    if (inc.vessels !== null || inc.vessel_name) {
      var v = inc.vessels === null ? "" : inc.vessels + (inc.vessels === 1 ? " vessel" : " vessels");
      var names = [inc.vessel_name, inc.imo ? "IMO " + inc.imo : "", inc.flag ? "flag: " + inc.flag : ""].filter(Boolean).join(", ");
      addRow(dl, "Vessels", [v, names].filter(Boolean).join(" — ") + (inc.vessel_type ? " (" + inc.vessel_type + ")" : ""));
    }
    addRow(dl, "Former names", inc.vessel_former_names);
    if (inc.killed !== null) {
      var lo = inc.killed_low !== null ? inc.killed_low : inc.killed, hi = inc.killed_high !== null ? inc.killed_high : inc.killed;
      addRow(dl, "Killed", lo !== hi ? lo + "–" + hi + " (sources disagree; the row holds " + inc.killed + ")" : inc.killed);
    }
    addRow(dl, "Survivors", inc.survivors);
    addRow(dl, "Presumed dead", inc.presumed_dead);
    addRow(dl, "Survivors' fate", inc.survivor_fate);
    addRow(dl, "Alleged group", inc.alleged_group);
    var announced = inc.announced_at && K.dayOf(inc.announced_at) !== null ? K.plainDay(K.dayOf(inc.announced_at)) : inc.announced_at;
    addRow(dl, "Announced", [inc.announced_by, announced].filter(Boolean).join(", "));
    var how = inc.geo_precision === "reported" ? "coordinates reported by a source" :
      inc.geo_precision === "unknown" ? "the sources give no place" :
      "from the sources' words (" + String(inc.geo_precision).replace(/_/g, " ") + "), within about " +
      Math.round(inc.uncertainty_km).toLocaleString("en-US") + " km";
    addRow(dl, "How located", how); // the geocoder's rule key is in the downloads, not in the reader's words
    var meaning = inc.confidence && confidences && confidences[inc.confidence] ? ": " + confidences[inc.confidence] : "";
    addRow(dl, "Confidence", String(inc.confidence || "").replace(/_/g, " ") + meaning + (inc.status && inc.status !== "active" ? " · " + inc.status : ""));
    box.appendChild(dl);
    if (inc.notes) {
      var notes = el("details", "mi-notes");
      notes.appendChild(el("summary", "", "Notes"));
      notes.appendChild(el("p", "", inc.notes));
      box.appendChild(notes);
    }
    box.appendChild(el("div", "mi-sources-head", "Sources (" + inc.sources.length + ")"));
    var ol = el("ol", "mi-sources");
    inc.sources.forEach(function (s) {
      // s: url, title, publisher, published, claims, domain, source_kind, access, original_publisher
      var li = el("li");
      var href = safeHref(s[0]);
      var title = s[1] || s[0];
      if (href) {
        var a = el("a", "", title);
        a.setAttribute("href", href);
        a.setAttribute("target", "_blank");
        a.setAttribute("rel", "noopener noreferrer nofollow");
        li.appendChild(a);
      } else {
        li.appendChild(el("span", "mi-badlink", title + " [link not shown: not an http(s) address]"));
      }
      var kind = s[6] ? (KIND[s[6]] || String(s[6]).replace(/_/g, " ")) : "";
      if (s[6] === "mirror" || s[6] === "wire_copy" || s[6] === "secondary") kind += s[8] ? " of " + s[8] : s[6] === "mirror" ? ", original unknown" : "";
      var meta = [s[5], kind, s[7] === "cited_only" ? "cited, not read" : "", s[3]].filter(Boolean).join(" · ");
      li.appendChild(el("div", "mi-src-meta", meta));
      if (s[4]) li.appendChild(el("div", "mi-claims", s[4]));
      ol.appendChild(li);
    });
    box.appendChild(ol);
    return box;
  }

  // A canvas over the map that redraws what is in view after every move: once a move. Leaflet ends
  // every pan, zoom and resize with "moveend" (a zoom fires viewreset and zoomend just before it, so
  // listening to those too drew each zoom three times); "resize" alone covers a size change too small
  // to move the centre.
  var CanvasLayer = L.Layer.extend({
    initialize: function (draw, pane) { this._draw = draw; this.options.pane = pane; },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "mi-canvas leaflet-zoom-hide");
      this.getPane().appendChild(this._canvas);
      map.on("moveend resize", this._onMove, this);
      this.redraw();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off("moveend resize", this._onMove, this);
    },
    _onMove: function (e) {
      var size = this._map.getSize(), at = this._map.getPixelBounds().min, z = this._map.getZoom(), was = this._drawnAt;
      // a resize that moved the centre has just been drawn on its moveend
      if (e.type === "resize" && was && was.x === at.x && was.y === at.y && was.z === z && was.w === size.x && was.h === size.y) return;
      this.redraw();
    },
    redraw: function () {
      if (!this._map) return;
      var size = this._map.getSize(), ratio = window.devicePixelRatio || 1, c = this._canvas;
      L.DomUtil.setPosition(c, this._map.containerPointToLayerPoint([0, 0]));
      c.width = size.x * ratio; c.height = size.y * ratio;
      c.style.width = size.x + "px"; c.style.height = size.y + "px";
      var ctx = c.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      var at = this._map.getPixelBounds().min;
      this._drawnAt = { x: at.x, y: at.y, z: this._map.getZoom(), w: size.x, h: size.y };
      this._draw(ctx, size);
    },
  });


  window.MIDom = { SHAPES: SHAPES, svgSymbol: svgSymbol, drawShape: drawShape, el: el, escapeHtml: escapeHtml, safeHref: safeHref,
    addRow: addRow, buildPopup: buildPopup, CanvasLayer: CanvasLayer };
})();
