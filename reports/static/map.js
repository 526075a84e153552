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
