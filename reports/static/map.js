// Crawl map enhancements: highlight a selected page's recommendations, find pages by text.
// The map works without this file (CSS :target shows the details); it is loaded as a
// separate file because the report's Content-Security-Policy forbids inline scripts.
(function () {
  "use strict";
  var svg = document.getElementById("map-svg");
  if (!svg) {
    return;
  }
  var lines = svg.querySelectorAll("line");
  var circles = svg.querySelectorAll("circle");

  function focus(id) {
    var current = document.getElementById("c-" + id);
    svg.classList.toggle("focused", Boolean(current));
    circles.forEach(function (c) {
      c.classList.remove("near", "current");
    });
    lines.forEach(function (line) {
      var s = line.getAttribute("data-s");
      var t = line.getAttribute("data-t");
      var near = s === id || t === id;
      line.classList.toggle("near", near);
      if (near) {
        var other = document.getElementById("c-" + (s === id ? t : s));
        if (other) {
          other.classList.add("near");
        }
      }
    });
    if (current) {
      current.classList.add("current");
    }
  }

  window.addEventListener("hashchange", function () {
    focus(window.location.hash.slice(1));
  });
  focus(window.location.hash.slice(1));

  // Zoom (wheel, buttons) and pan (drag) by moving the view box; a drag is not a click.
  var box = svg.viewBox.baseVal;
  var whole = { x: box.x, y: box.y, w: box.width, h: box.height };
  var MIN_SCALE = 1 / 40;

  function zoomAt(factor, cx, cy) {
    var w = Math.min(whole.w, Math.max(whole.w * MIN_SCALE, box.width * factor));
    var h = w * whole.h / whole.w;
    var f = w / box.width;
    box.x = cx - (cx - box.x) * f;
    box.y = cy - (cy - box.y) * f;
    box.width = w;
    box.height = h;
    if (w >= whole.w) { box.x = whole.x; box.y = whole.y; }
  }

  function toMap(event) {
    var rect = svg.getBoundingClientRect();
    return { x: box.x + (event.clientX - rect.left) / rect.width * box.width,
             y: box.y + (event.clientY - rect.top) / rect.height * box.height };
  }

  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var p = toMap(event);
    zoomAt(event.deltaY < 0 ? 0.8 : 1.25, p.x, p.y);
  }, { passive: false });

  var drag = null;
  var dragged = false;
  svg.addEventListener("pointerdown", function (event) {
    drag = { x: event.clientX, y: event.clientY, bx: box.x, by: box.y };
    dragged = false;
  });
  window.addEventListener("pointermove", function (event) {
    if (!drag) return;
    var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (!dragged && Math.abs(dx) + Math.abs(dy) < 4) return;
    dragged = true;
    svg.classList.add("panning");
    var rect = svg.getBoundingClientRect();
    box.x = drag.bx - dx / rect.width * box.width;
    box.y = drag.by - dy / rect.height * box.height;
  });
  window.addEventListener("pointerup", function () {
    drag = null;
    svg.classList.remove("panning");
  });
  svg.addEventListener("click", function (event) {
    if (dragged) { event.preventDefault(); event.stopPropagation(); dragged = false; }
  }, true);

  var zoom = document.getElementById("map-zoom");
  if (zoom) {
    zoom.hidden = false;
    zoom.addEventListener("click", function (event) {
      var which = event.target.getAttribute("data-zoom");
      var cx = box.x + box.width / 2, cy = box.y + box.height / 2;
      if (which === "in") zoomAt(0.7, cx, cy);
      else if (which === "out") zoomAt(1 / 0.7, cx, cy);
      else if (which === "reset") { box.x = whole.x; box.y = whole.y; box.width = whole.w; box.height = whole.h; }
    });
  }

  var search = document.getElementById("map-search");
  if (search) {
    search.hidden = false;
    search.addEventListener("input", function () {
      var query = search.value.trim().toLowerCase();
      circles.forEach(function (c) {
        var label = (c.getAttribute("data-label") || "").toLowerCase();
        c.classList.toggle("dim", query !== "" && label.indexOf(query) === -1);
      });
    });
  }
})();
