/* maritime-incidents: the time histogram (incidents per month), brushed to filter, with play and step.
 *
 * Deaths per month (Python's per-row tallies, summed) are dots on their own scale.
 * A plugin of the panel: it knows nothing of Leaflet or the rows. The map gives it the months
 * (counts under the other filters, and whether a month is known only from pointers) and gets a
 * date range back through `onRange`. Bars are SVG built from numbers only; the keyboard path to
 * the dates stays the two sliders (with aria-valuetext), and the play/step buttons.
 */
(function () {
  "use strict";

  var NS = "http://www.w3.org/2000/svg";
  var W = 280, H = 56;

  function svg(tag, attrs) {
    var e = document.createElementNS(NS, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }

  // months: [{start, end (days), label}]; onRange(fromDay, toDay)
  function create(parent, months, onRange) {
    var K = window.MICore, D = window.MIDom;
    var box = D.el("div", "mi-timeline");
    var chart = svg("svg", { viewBox: "0 0 " + W + " " + H, width: "100%", height: H, role: "img", class: "mi-hist" });
    var title = svg("title", {});
    chart.appendChild(title);
    box.appendChild(chart);
    box.appendChild(D.el("div", "mi-histkey", "Bars: incidents per month · red dots: deaths"));
    var bw = W / Math.max(1, months.length);
    var bars = months.map(function (m, k) {
      var gap = svg("rect", { x: k * bw, y: 0, width: bw, height: H - 12, class: "mi-gapbar" });
      var bar = svg("rect", { x: k * bw + 0.5, y: H - 12, width: Math.max(1, bw - 1), height: 0, class: "mi-bar" });
      var death = svg("circle", { cx: k * bw + bw / 2, cy: H - 12, r: 0, class: "mi-death" });
      chart.appendChild(gap); chart.appendChild(bar); chart.appendChild(death);
      if (k === 0 || new Date(m.start * K.DAY_MS).getUTCMonth() === 0) {
        var t = svg("text", { x: k * bw + 1, y: H - 2, class: "mi-histlab" });
        t.textContent = String(new Date(m.start * K.DAY_MS).getUTCFullYear());
        chart.appendChild(t);
      }
      return { bar: bar, gap: gap, death: death };
    });
    // brushing: press, drag across months, release
    var anchor = null;
    function monthAt(e) {
      var r = chart.getBoundingClientRect();
      return Math.max(0, Math.min(months.length - 1, Math.floor(((e.clientX - r.left) / r.width) * months.length)));
    }
    chart.addEventListener("pointerdown", function (e) { anchor = monthAt(e); chart.setPointerCapture(e.pointerId); brush(anchor, anchor); e.preventDefault(); });
    chart.addEventListener("pointermove", function (e) { if (anchor !== null) brush(anchor, monthAt(e)); });
    chart.addEventListener("pointerup", function (e) { if (anchor !== null) { brush(anchor, monthAt(e)); anchor = null; } });
    function brush(a, b) {
      var lo = Math.min(a, b), hi = Math.max(a, b);
      onRange(months[lo].start, months[hi].end);
    }
    // play: one month at a time, from the first; step: the next month
    var controls = D.el("div", "mi-playrow");
    var play = D.el("button", "mi-dl mi-play", "▶ Play by month");
    var step = D.el("button", "mi-dl mi-step", "Next month ›");
    var all = D.el("button", "mi-dl mi-all", "All dates");
    [play, step, all].forEach(function (b) { b.type = "button"; controls.appendChild(b); });
    box.appendChild(controls);
    var timer = null, at = -1;
    function show(k) { at = k; onRange(months[k].start, months[k].end); }
    function stop() { if (timer) clearInterval(timer); timer = null; play.textContent = "▶ Play by month"; play.setAttribute("aria-pressed", "false"); }
    play.addEventListener("click", function () {
      if (timer) { stop(); return; }
      play.textContent = "❚❚ Pause"; play.setAttribute("aria-pressed", "true");
      show(at >= 0 && at < months.length - 1 ? at + 1 : 0);
      timer = setInterval(function () { if (at >= months.length - 1) stop(); else show(at + 1); }, 900);
    });
    step.addEventListener("click", function () { stop(); show(at >= 0 && at < months.length - 1 ? at + 1 : 0); });
    all.addEventListener("click", function () { stop(); at = -1; onRange(months[0].start, months[months.length - 1].end); });
    parent.appendChild(box);

    return {
      // counts[k]: rows in month k under the other filters; pointer[k]: the month is known only from pointers
      // killed[k]: deaths in month k (at sea and on land, by the counting rules): a dot on its own scale
      update: function (counts, pointer, from, to, killed) {
        var max = Math.max.apply(null, counts.concat([1])), total = 0;
        var kmax = Math.max.apply(null, (killed || []).concat([1])), ktotal = 0;
        counts.forEach(function (n, k) {
          var h = ((H - 14) * n) / max, inRange = months[k].end >= from && months[k].start <= to;
          bars[k].bar.setAttribute("y", H - 12 - h); bars[k].bar.setAttribute("height", h);
          bars[k].bar.setAttribute("class", "mi-bar" + (inRange ? " mi-on" : ""));
          bars[k].gap.setAttribute("class", "mi-gapbar" + (pointer[k] ? " mi-pointer" : ""));
          var d = killed ? killed[k] : 0;
          bars[k].death.setAttribute("cy", H - 12 - ((H - 16) * d) / kmax);
          bars[k].death.setAttribute("r", d > 0 ? 2.2 : 0);
          bars[k].death.dataset.killed = String(d);
          total += n; ktotal += d;
        });
        title.textContent = "Incidents per month (bars) and deaths per month (dots), " + K.plainDay(months[0].start) + " to " +
          K.plainDay(months[months.length - 1].end) + ": " + total + " incidents and " + ktotal + " deaths in all; " +
          "months shaded yellow are known only from pointers or not at all.";
      },
      stop: stop,
    };
  }

  window.MITimeline = { create: create };
})();
