/* siteaudit report tables: sort, filter, paginate and export rows loaded from data shards.
 *
 * Data arrives as <script src="data/<table>-<n>.js"> files calling siteauditData(), which
 * works from file:// under the report's CSP (script-src 'self'). Crawled text is only ever
 * written with textContent, and only http(s) URLs or the report's own pages become links.
 */
(function () {
  "use strict";

  var tables = {};
  var SAFE_INTERNAL = /^(pages|checks|editor)\/[A-Za-z0-9._-]+\.html(#[A-Za-z0-9_-]+)?$/;
  var HTTP = /^https?:\/\//i;
  var SEV_RANK = { error: 0, warning: 1, notice: 2 };
  var PAGE_SIZES = [25, 50, 100, 250];

  function lineText(line) { return Array.isArray(line) ? line.join("") : String(line); }

  function cellText(cell) {
    if (cell && typeof cell === "object" && !Array.isArray(cell)) return (cell.lines || []).map(lineText).join("\n");
    if (Array.isArray(cell) && Array.isArray(cell[0])) return cell.map(cellText).join("\n");
    if (Array.isArray(cell)) return cell[0] == null ? "" : String(cell[0]);
    return cell == null ? "" : String(cell);
  }

  function cellHref(cell, root) {
    if (!Array.isArray(cell) || typeof cell[1] !== "string") return null;
    return SAFE_INTERNAL.test(cell[1]) ? root + cell[1] : null;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    }
    if (text != null) node.textContent = text;
    return node;
  }

  function compare(kind, a, b) {
    if (kind === "num") {
      var x = a === "" || a == null ? -Infinity : Number(a);
      var y = b === "" || b == null ? -Infinity : Number(b);
      return x - y;
    }
    if (kind === "sev") return (SEV_RANK[a] ?? 9) - (SEV_RANK[b] ?? 9);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function renderCell(td, cell, column, root) {
    var text = cellText(cell);
    if (column.kind === "num") td.className = "num";
    if (column.kind === "fix" || column.kind === "lines") td.className = "col-" + column.kind;
    if (text === "") {
      td.appendChild(el("span", { class: "muted" }, "—"));
      return;
    }
    if (column.kind === "sev") {
      td.appendChild(el("span", { class: "sev sev-" + text.replace(/[^a-z]/g, "") }, text));
      return;
    }
    if (column.kind === "lines" && cell && typeof cell === "object" && !Array.isArray(cell)) {
      // evidence in words: a line of text, or [text, url] with the URL linked and inspectable
      (cell.lines || []).forEach(function (line) {
        var div = el("div", { class: "ev-line" });
        if (Array.isArray(line)) {
          if (line[0]) div.appendChild(document.createTextNode(line[0]));
          div.appendChild(el("span", { class: "url" }, line[1]));
          if (HTTP.test(line[1])) { div.appendChild(document.createTextNode(" ")); div.appendChild(inspectLink(line[1], root)); }
        } else {
          div.textContent = line;
        }
        td.appendChild(div);
      });
      return;
    }
    if (column.kind === "places") {
      // the pages linking to one target, in a closed list: 1,445 of them stay one row
      var places = Array.isArray(cell) ? cell : [];
      var details = el("details", { class: "places" });
      details.appendChild(el("summary", null, places.length.toLocaleString("en") +
        (places.length === 1 ? " linking place" : " linking places")));
      var list = el("ul");
      places.forEach(function (place) {
        var li = el("li");
        var link = cellHref(place, root);
        li.appendChild(link ? el("a", { class: "url page-entry", href: link }, cellText(place))
                            : el("span", { class: "url" }, cellText(place)));
        list.appendChild(li);
      });
      details.appendChild(list);
      td.appendChild(details);
      return;
    }
    var href = cellHref(cell, root);
    if (href) {
      td.appendChild(el("a", { class: "url page-entry", href: href }, text));
    } else {
      td.appendChild(el("span", column.kind === "url" ? { class: "url" } : null, text));
    }
    if (column.kind === "url" && HTTP.test(text)) {
      td.appendChild(document.createTextNode(" "));
      td.appendChild(inspectLink(text, root));
      td.appendChild(el("a", {
        class: "visit", href: text, rel: "noopener noreferrer nofollow", title: "Open the live page"
      }, "visit"));
    }
  }

  function inspectHref(url, root) { return root + "inspect.html#url=" + encodeURIComponent(url); }

  function inspectLink(url, root) {
    return el("a", { class: "inspect", href: inspectHref(url, root), title: "Inspect this URL: status, links in and out, findings" }, "inspect");
  }

  function Table(root) {
    this.root = root;
    this.id = root.getAttribute("data-table");
    this.shardCount = parseInt(root.getAttribute("data-shards"), 10) || 0;
    this.total = parseInt(root.getAttribute("data-rows"), 10) || 0;
    this.src = root.getAttribute("data-src");
    this.root_ = root.getAttribute("data-root") === "../" ? "../" : "";
    this.table = root.querySelector("table");
    this.tbody = this.table.querySelector("tbody");
    this.columns = Array.prototype.map.call(this.table.querySelectorAll("thead th"), function (th) {
      return { key: th.getAttribute("data-key"), kind: th.getAttribute("data-kind") || "text",
               label: th.textContent.trim(), th: th };
    });
    this.shards = [];
    this.loaded = 0;
    this.rows = [];
    this.view = [];
    this.sortCol = -1;
    this.sortDir = 1;
    this.query = "";
    this.filterCol = -1;
    this.page = 0;
    this.pageSize = parseInt(root.getAttribute("data-page-size"), 10) || 50;
    this.defaultSize = this.pageSize;
    this.restoring = false;
    this.pendingPage = 0;
    this.tab = "";
    this.tabCol = -1;
    this.buildControls();
    this.buildTabs();
  }

  Table.prototype.buildTabs = function () {
    var self = this;
    var bar = this.root.querySelector(".dt-tabs");
    if (!bar) return;
    this.tabCol = parseInt(bar.getAttribute("data-tab-column"), 10);
    this.tabButtons = Array.prototype.slice.call(bar.querySelectorAll(".dt-tab"));
    this.tabButtons.forEach(function (button) {
      button.addEventListener("click", function () { self.setTab(button.getAttribute("data-value") || ""); });
    });
  };

  Table.prototype.setTabButtons = function (value) {
    (this.tabButtons || []).forEach(function (b) {
      b.setAttribute("aria-selected", (b.getAttribute("data-value") || "") === value ? "true" : "false");
    });
  };

  Table.prototype.setTab = function (value) {
    this.tab = value;
    this.setTabButtons(value);
    this.page = 0;
    this.refresh();
  };

  Table.prototype.buildControls = function () {
    var self = this;
    var bar = el("div", { class: "dt-controls" });
    var label = el("label", { class: "dt-filter" });
    label.appendChild(el("span", null, "Filter "));
    this.input = el("input", { type: "search", placeholder: "text, or >3, <=10, 200..299", "aria-label": "Filter rows: text, or a number test such as >3", title: "Text to find, or a number test on number columns: >3, >=3, <10, =404, 200..299" });
    label.appendChild(this.input);
    bar.appendChild(label);
    this.colSelect = el("select", { "aria-label": "Column to filter" });
    this.colSelect.appendChild(el("option", { value: "-1" }, "in all columns"));
    this.columns.forEach(function (c, i) {
      self.colSelect.appendChild(el("option", { value: String(i) }, "in " + c.label));
    });
    bar.appendChild(this.colSelect);
    this.sizeSelect = el("select", { "aria-label": "Rows per page" });
    PAGE_SIZES.forEach(function (n) {
      var opt = el("option", { value: String(n) }, n + " per page");
      if (n === self.pageSize) opt.selected = true;
      self.sizeSelect.appendChild(opt);
    });
    bar.appendChild(this.sizeSelect);
    // column chooser: a checkbox per column; hidden columns stay out of the CSV too
    this.hidden = {};
    var chooser = el("details", { class: "dt-columns" });
    chooser.appendChild(el("summary", null, "Columns"));
    var box = el("div", { class: "dt-columns-list" });
    this.columnBoxes = this.columns.map(function (c, i) {
      var label = el("label");
      var check = el("input", { type: "checkbox", "data-column": c.key });
      check.checked = true;
      check.addEventListener("change", function () {
        if (check.checked) delete self.hidden[i]; else self.hidden[i] = true;
        self.draw();
        self.saveState();
      });
      label.appendChild(check);
      label.appendChild(document.createTextNode(" " + c.label));
      box.appendChild(label);
      return check;
    });
    chooser.appendChild(box);
    bar.appendChild(chooser);
    this.csvButton = el("button", { type: "button", class: "dt-csv" }, "Download CSV");
    bar.appendChild(this.csvButton);
    this.status = el("span", { class: "dt-status muted", "aria-live": "polite" });
    bar.appendChild(this.status);
    this.root.insertBefore(bar, this.root.firstChild);
    this.pager = el("nav", { class: "dt-pager", "aria-label": "Table pages" });
    this.root.appendChild(this.pager);

    var timer = null;
    this.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.query = self.input.value.trim().toLowerCase(); self.page = 0; self.refresh(); }, 120);
    });
    this.colSelect.addEventListener("change", function () {
      self.filterCol = parseInt(self.colSelect.value, 10); self.page = 0; self.refresh();
    });
    this.sizeSelect.addEventListener("change", function () {
      self.pageSize = parseInt(self.sizeSelect.value, 10); self.page = 0; self.draw(); self.saveState();
    });
    this.csvButton.addEventListener("click", function () { self.downloadCsv(); });
    this.columns.forEach(function (c, i) {
      var button = el("button", { type: "button", class: "dt-sort", title: "Sort by " + c.label }, c.label);
      c.th.textContent = "";
      c.th.appendChild(button);
      button.addEventListener("click", function () {
        if (self.sortCol === i) self.sortDir = -self.sortDir; else { self.sortCol = i; self.sortDir = 1; }
        self.page = 0;
        self.refresh();
      });
    });
  };

  Table.prototype.state = function () {
    var parts = [];
    if (this.query) parts.push("q:" + encodeURIComponent(this.query));
    if (this.filterCol >= 0) parts.push("c:" + this.columns[this.filterCol].key);
    if (this.sortCol >= 0) parts.push("s:" + this.columns[this.sortCol].key + (this.sortDir < 0 ? ":desc" : ""));
    if (this.tab) parts.push("t:" + encodeURIComponent(this.tab));
    if (this.page) parts.push("p:" + (this.page + 1));
    if (this.pageSize !== this.defaultSize) parts.push("n:" + this.pageSize);
    var self = this;
    var hidden = Object.keys(this.hidden).map(function (i) { return self.columns[i].key; });
    if (hidden.length) parts.push("h:" + hidden.join(","));
    return parts.join(";");
  };

  Table.prototype.saveState = function () {
    if (this.restoring) return;
    var params = hashParams();
    var state = this.state();
    if ((params[this.id] || "") === state) return;  // never touch a hash for nothing
    if (state) params[this.id] = state; else delete params[this.id];
    var hash = Object.keys(params).map(function (k) { return k + "=" + params[k]; }).join("&");
    if (("#" + hash) !== window.location.hash && (hash || window.location.hash)) {
      history.replaceState(null, "", hash ? "#" + hash : window.location.pathname + window.location.search);
    }
  };

  Table.prototype.restoreState = function () {
    var state = hashParams()[this.id];
    if (!state) return;
    var self = this;
    this.restoring = true;
    state.split(";").forEach(function (part) {
      var i = part.indexOf(":"), key = part.slice(0, i), value = part.slice(i + 1);
      var colOf = function (k) {
        for (var c = 0; c < self.columns.length; c++) if (self.columns[c].key === k) return c;
        return -1;
      };
      try { value = key === "q" || key === "t" ? decodeURIComponent(value) : value; } catch (e) { return; }
      if (key === "q") { self.query = value.toLowerCase(); self.input.value = value; }
      else if (key === "c") { self.filterCol = colOf(value); self.colSelect.value = String(self.filterCol); }
      else if (key === "s") {
        var bits = value.split(":");
        self.sortCol = colOf(bits[0]);
        self.sortDir = bits[1] === "desc" ? -1 : 1;
      }
      else if (key === "t") { self.setTabButtons(value); self.tab = value; }
      else if (key === "h") {
        value.split(",").forEach(function (k) {
          var c = colOf(k);
          if (c >= 0) { self.hidden[c] = true; self.columnBoxes[c].checked = false; }
        });
      }
      else if (key === "p") self.pendingPage = Math.max(0, (parseInt(value, 10) || 1) - 1);
      else if (key === "n" && PAGE_SIZES.indexOf(parseInt(value, 10)) !== -1) {
        self.pageSize = parseInt(value, 10);
        self.sizeSelect.value = value;
      }
    });
    this.restoring = false;
  };

  Table.prototype.load = function () {
    this.restoreState();
    if (this.shardCount === 0) { this.refresh(); return; }
    this.status.textContent = "Loading…";
    this.loadShard(1);
  };

  Table.prototype.loadShard = function (n) {
    var script = document.createElement("script");
    script.src = this.src + n + ".js";
    var self = this;
    script.onerror = function () { self.status.textContent = "Could not load " + script.src; };
    document.head.appendChild(script);
  };

  Table.prototype.receive = function (n, rows) {
    if (this.shards[n]) return;
    this.shards[n] = rows;
    this.loaded += 1;
    for (var i = 0; i < rows.length; i++) this.rows.push(rows[i]);
    this.refresh();
    if (n < this.shardCount) this.loadShard(n + 1);
  };

  var NUMERIC = /^(<=|>=|<|>|=)\s*(-?\d+(?:\.\d+)?)$|^(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)$/;

  // A numeric filter as a test of one number, or null when the query is text.
  function numericTest(query) {
    var m = NUMERIC.exec(query);
    if (!m) return null;
    if (m[3] !== undefined) {
      var lo = Number(m[3]), hi = Number(m[4]);
      return function (x) { return x >= lo && x <= hi; };
    }
    var v = Number(m[2]);
    return { "<": function (x) { return x < v; }, ">": function (x) { return x > v; },
             "<=": function (x) { return x <= v; }, ">=": function (x) { return x >= v; },
             "=": function (x) { return x === v; } }[m[1]];
  }

  function numberOf(cell) {
    var t = cellText(cell);
    return t === "" || isNaN(Number(t)) ? null : Number(t);
  }

  Table.prototype.matches = function (row) {
    if (this.tab && cellText(row[this.tabCol]) !== this.tab) return false;
    if (!this.query) return true;
    if (this.numeric) {
      var test = this.numeric, cols = this.filterCol >= 0 ? [this.filterCol] : this.numCols;
      for (var c = 0; c < cols.length; c++) {
        var x = numberOf(row[cols[c]]);
        if (x !== null && test(x)) return true;
      }
      return false;
    }
    if (this.filterCol >= 0) return cellText(row[this.filterCol]).toLowerCase().indexOf(this.query) !== -1;
    if (row._search === undefined) {
      Object.defineProperty(row, "_search", { value: row.map(cellText).join("\u0001").toLowerCase() });
    }
    return row._search.indexOf(this.query) !== -1;
  };

  Table.prototype.refresh = function () {
    var self = this;
    this.numeric = numericTest(this.query);
    this.numCols = [];
    this.columns.forEach(function (c, i) { if (c.kind === "num") self.numCols.push(i); });
    this.saveState();
    var view = this.query || this.tab ? this.rows.filter(function (r) { return self.matches(r); }) : this.rows.slice();
    if (this.sortCol >= 0) {
      var col = this.sortCol, kind = this.columns[col].kind, dir = this.sortDir;
      var keyed = view.map(function (row, i) {
        var t = cellText(row[col]);
        return { row: row, i: i, key: kind === "text" || kind === "url" ? t.toLowerCase() : t };
      });
      keyed.sort(function (a, b) { return dir * compare(kind, a.key, b.key) || a.i - b.i; });
      view = keyed.map(function (k) { return k.row; });
    }
    this.columns.forEach(function (c, i) {
      c.th.setAttribute("aria-sort", i === self.sortCol ? (self.sortDir > 0 ? "ascending" : "descending") : "none");
    });
    this.view = view;
    this.draw();
  };

  Table.prototype.draw = function () {
    var pages = Math.max(1, Math.ceil(this.view.length / this.pageSize));
    if (this.pendingPage && this.loaded >= this.shardCount) { this.page = this.pendingPage; this.pendingPage = 0; }
    if (this.page >= pages) this.page = pages - 1;
    var start = this.page * this.pageSize;
    var slice = this.view.slice(start, start + this.pageSize);
    var body = document.createElement("tbody");
    var self = this;
    slice.forEach(function (row) {
      var tr = document.createElement("tr");
      self.columns.forEach(function (column, i) {
        var td = document.createElement("td");
        if (self.hidden[i]) td.hidden = true;
        else renderCell(td, row[i], column, self.root_);
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    if (slice.length === 0) {
      var tr = document.createElement("tr");
      tr.appendChild(el("td", { colspan: String(this.columns.length), class: "muted" }, "No rows match."));
      body.appendChild(tr);
    }
    this.table.replaceChild(body, this.tbody);
    this.tbody = body;
    this.columns.forEach(function (c, i) { c.th.hidden = Boolean(self.hidden[i]); });

    var shown = this.view.length ? (start + 1) + "–" + (start + slice.length) : "0";
    var text = "Rows " + shown + " of " + this.view.length.toLocaleString("en");
    if (this.view.length !== this.rows.length) text += " (filtered from " + this.rows.length.toLocaleString("en") + ")";
    if (this.loaded < this.shardCount) text += " · loading " + this.rows.length.toLocaleString("en") + " of " + this.total.toLocaleString("en") + "…";
    this.status.textContent = text;
    this.root.setAttribute("data-state", this.loaded < this.shardCount ? "loading" : "ready");
    this.drawPager(pages);
  };

  Table.prototype.drawPager = function (pages) {
    var self = this;
    this.pager.textContent = "";
    function go(label, target, disabled) {
      var b = el("button", { type: "button", class: "dt-page" }, label);
      b.disabled = disabled;
      b.addEventListener("click", function () { self.page = target; self.draw(); self.saveState(); });
      self.pager.appendChild(b);
    }
    go("« First", 0, this.page === 0);
    go("‹ Prev", this.page - 1, this.page === 0);
    this.pager.appendChild(el("span", { class: "dt-pageno" }, "Page " + (this.page + 1) + " of " + pages));
    go("Next ›", this.page + 1, this.page >= pages - 1);
    go("Last »", pages - 1, this.page >= pages - 1);
  };

  function csvCell(text) {
    // spreadsheets run cells starting with these as formulas; crawled text is untrusted
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  Table.prototype.csv = function () {
    var hidden = this.hidden;
    var shown = this.columns.map(function (c, i) { return i; }).filter(function (i) { return !hidden[i]; });
    var columns = this.columns;
    var lines = [shown.map(function (i) { return csvCell(columns[i].label); }).join(",")];
    this.view.forEach(function (row) { lines.push(shown.map(function (i) { return csvCell(cellText(row[i])); }).join(",")); });
    return lines.join("\r\n") + "\r\n";
  };

  Table.prototype.downloadCsv = function () {
    var blob = new Blob(["\ufeff" + this.csv()], { type: "text/csv;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var a = el("a", { href: url, download: this.id + ".csv" });
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  };

  /* -- URL data: CRC-32 shards for the inspector, search shards for the search box -------- */

  var CRC_TABLE = null;

  function crc32(text) {
    if (!CRC_TABLE) {
      CRC_TABLE = new Int32Array(256);
      for (var n = 0; n < 256; n++) {
        var c = n;
        for (var k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
        CRC_TABLE[n] = c;
      }
    }
    var bytes = new TextEncoder().encode(text);
    var crc = -1;
    for (var i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xFF] ^ (crc >>> 8);
    return (crc ^ -1) >>> 0;
  }

  var body = null;
  var reportRoot = "";
  var urlShards = {};
  var urlWaiting = {};

  function bodyInt(name) { return parseInt(body.getAttribute(name), 10) || 0; }

  function loadScript(src, onerror) {
    var script = document.createElement("script");
    script.src = src;
    if (onerror) script.onerror = onerror;
    document.head.appendChild(script);
  }

  // The record of one URL, from the shard its hash picks (callback gets null if absent).
  function urlRecord(url, callback) {
    var count = bodyInt("data-url-shards");
    if (!count) { callback(null); return; }
    var n = crc32(url) % count + 1;
    if (urlShards[n]) { callback(urlShards[n][url] || null); return; }
    if (urlWaiting[n]) { urlWaiting[n].push([url, callback]); return; }
    urlWaiting[n] = [[url, callback]];
    loadScript(reportRoot + "data/url-" + n + ".js", function () {
      var waiting = urlWaiting[n] || [];
      delete urlWaiting[n];
      waiting.forEach(function (w) { w[1](null); });
    });
  }

  // A shard lists each URL (and its status), anchor text and (region, kind, rel) once ("u",
  // "us", "t", "s"); a record's links are flat (url, text, style) index triples into them
  // (LinkIndex.shard_links). Rows become [url, text, region, kind, rel] again here, an
  // outlink's with its target's status at the end.
  function unpackShard(shard) {
    var U = shard.u, US = shard.us, T = shard.t, S = shard.s, records = shard.r;
    function rows(flat, withStatus) {
      var out = [];
      for (var i = 0; i < flat.length; i += 3) {
        var s = S[flat[i + 2]];
        var row = [U[flat[i]], T[flat[i + 1]], s[0], s[1], s[2]];
        if (withStatus) row.push(US[flat[i]]);
        out.push(row);
      }
      return out;
    }
    Object.keys(records).forEach(function (url) {
      var rec = records[url];
      rec.inlinks = rows(rec.inlinks, false);
      rec.outlinks = rows(rec.outlinks, true);
    });
    return records;
  }

  window.siteauditUrls = function (n, shard) {
    var records = unpackShard(shard);
    urlShards[n] = records;
    var waiting = urlWaiting[n] || [];
    delete urlWaiting[n];
    waiting.forEach(function (w) { w[1](records[w[0]] || null); });
  };

  var search = { rows: [], loaded: 0, expected: 0, started: false, input: null, list: null, pending: null };

  window.siteauditSearch = function (n, rows) {
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      search.rows.push({ url: r[0], title: r[1], status: r[2], text: (r[0] + " " + r[1]).toLowerCase() });
    }
    search.loaded += 1;
    if (search.loaded === search.expected && search.pending !== null) runSearch(search.pending);
  };

  function startSearchLoad() {
    if (search.started) return;
    search.started = true;
    search.expected = bodyInt("data-search-shards");
    for (var n = 1; n <= search.expected; n++) loadScript(reportRoot + "data/search-" + n + ".js");
  }

  var SEARCH_SHOWN = 20;

  function runSearch(query) {
    var list = search.list;
    var started = performance.now();
    if (search.loaded < search.expected) {
      search.pending = query;
      list.hidden = false;
      list.textContent = "";
      list.appendChild(el("li", { class: "muted" }, "Loading the URL list…"));
      return;
    }
    search.pending = null;
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { list.hidden = true; return; }
    var found = 0;
    var shown = [];
    for (var i = 0; i < search.rows.length; i++) {
      var row = search.rows[i], ok = true;
      for (var w = 0; w < words.length && ok; w++) ok = row.text.indexOf(words[w]) !== -1;
      if (!ok) continue;
      found += 1;
      if (shown.length < SEARCH_SHOWN) shown.push(row);
    }
    shown.forEach(function (row) {
      var li = el("li");
      var a = el("a", { href: inspectHref(row.url, reportRoot), class: "url" }, row.url);
      li.appendChild(a);
      li.appendChild(el("span", { class: "muted search-status" }, " " + row.status));
      if (row.title) li.appendChild(el("span", { class: "search-title" }, row.title));
      list.appendChild(li);
    });
    var summary = found > shown.length
      ? "First " + shown.length + " of " + found.toLocaleString("en") + " matches: type more to narrow"
      : found === 0 ? "No URL or title matches" : found + (found === 1 ? " match" : " matches");
    list.appendChild(el("li", { class: "muted search-summary" }, summary));
    list.hidden = false;
    list.setAttribute("data-matches", String(found));
    list.setAttribute("data-search-ms", String(Math.round(performance.now() - started)));
  }

  function setUpSearch() {
    var input = document.getElementById("url-search");
    var list = document.getElementById("url-search-results");
    if (!input || !list) return;
    search.input = input;
    search.list = list;
    var timer = null;
    input.addEventListener("focus", startSearchLoad);
    input.addEventListener("input", function () {
      startSearchLoad();
      clearTimeout(timer);
      timer = setTimeout(function () { runSearch(input.value.trim()); }, 60);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        var first = list.querySelector("a");
        if (first) window.location.href = first.href;
      } else if (event.key === "Escape") {
        list.hidden = true;
      }
    });
    document.addEventListener("click", function (event) {
      if (!list.contains(event.target) && event.target !== input) list.hidden = true;
    });
  }

  /* -- static URLs: every crawled URL in the report gets an "inspect" link --------------- */

  function linkStaticUrls() {
    var nodes = document.querySelectorAll("main .url");
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      if (node.closest("[data-table], #inspector, .url-search")) continue;
      if (node.querySelector(".inspect")) continue;  // its template links it already
      var text = node.textContent.trim();
      if (!HTTP.test(text)) continue;
      var next = node.nextElementSibling;
      if (next && next.classList.contains("inspect")) continue;
      node.insertAdjacentElement("afterend", inspectLink(text, reportRoot));
      node.insertAdjacentText("afterend", " ");
    }
  }

  /* -- the inspector ---------------------------------------------------------------------- */

  function urlNode(url, extraClass) {
    var span = el("span", { class: "inspector-url" });
    if (HTTP.test(url)) {
      span.appendChild(el("a", { class: "url " + (extraClass || ""), href: inspectHref(url, reportRoot) }, url));
    } else {
      span.appendChild(el("span", { class: "url" }, url));
    }
    return span;
  }

  function safeInternal(href) { return typeof href === "string" && SAFE_INTERNAL.test(href) ? reportRoot + href : null; }

  function fact(dl, label, value) {
    if (value == null || value === "" || (Array.isArray(value) && !value.length)) return;
    dl.appendChild(el("dt", null, label));
    var dd = el("dd");
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = Array.isArray(value) ? value.join(" / ") : String(value);
    dl.appendChild(dd);
  }

  function section(container, title, id) {
    var s = el("section", { class: "inspector-section", id: id });
    s.appendChild(el("h2", null, title));
    container.appendChild(s);
    return s;
  }

  function linkTable(rows, headers, cells) {
    var table = el("table", { class: "data findings inspector-links" });
    var head = el("thead"), tr = el("tr");
    headers.forEach(function (h) { tr.appendChild(el("th", { scope: "col" }, h)); });
    head.appendChild(tr);
    table.appendChild(head);
    var tbody = el("tbody");
    rows.forEach(function (row) {
      var r = el("tr");
      cells(row).forEach(function (c) {
        var td = el("td");
        if (c instanceof Node) td.appendChild(c);
        else if (c == null || c === "") td.appendChild(el("span", { class: "muted" }, "—"));
        else td.textContent = String(c);
        r.appendChild(td);
      });
      tbody.appendChild(r);
    });
    table.appendChild(tbody);
    return table;
  }

  function findingList(rows, showPage) {
    var ul = el("ul", { class: "inspector-findings" });
    rows.forEach(function (f) {
      // [check, severity, message, element, page url, check page]
      var li = el("li", { "data-check": f[0] });
      li.appendChild(el("span", { class: "sev sev-" + String(f[1]).replace(/[^a-z]/g, "") }, f[1]));
      li.appendChild(document.createTextNode(" "));
      var href = safeInternal(f[5]);
      li.appendChild(href ? el("a", { href: href }, f[0]) : el("code", null, f[0]));
      li.appendChild(document.createTextNode(": " + f[2] + (f[3] ? " (" + f[3] + ")" : "")));
      if (showPage) {
        li.appendChild(document.createTextNode(" — on "));
        li.appendChild(urlNode(f[4]));
      }
      ul.appendChild(li);
    });
    return ul;
  }

  function more(container, shown, total, what) {
    if (total > shown) container.appendChild(el("p", { class: "muted" }, "Showing the first " + shown.toLocaleString("en") + " of " + total.toLocaleString("en") + " " + what + "."));
  }

  function renderInspector(container, url, rec) {
    container.textContent = "";
    var head = el("h2", { class: "inspector-title" });
    head.appendChild(el("span", { class: "url" }, url));
    container.appendChild(head);
    if (HTTP.test(url)) {
      var p = el("p");
      p.appendChild(el("a", { class: "live", href: url, rel: "noopener noreferrer nofollow" }, "Open the live page"));
      var entry = rec && safeInternal(rec.entry);
      if (entry) {
        p.appendChild(document.createTextNode(" · "));
        p.appendChild(el("a", { href: entry }, "Its entry in the per-page view"));
      }
      container.appendChild(p);
    }
    if (!rec) {
      container.appendChild(el("p", { class: "muted" }, "This URL was neither crawled nor linked from a crawled page."));
      container.setAttribute("data-state", "missing");
      return;
    }
    var dl = el("dl", { class: "facts inspector-facts" });
    var status = rec.status == null ? "not crawled (linked only)" : rec.status > 0 ? String(rec.status) : "no response" + (rec.error ? " (" + rec.error + ")" : "");
    fact(dl, "Status", status);
    fact(dl, "Class", rec["class"]);
    fact(dl, "Type", rec.type);
    fact(dl, "Depth", rec.depth);
    if (rec.found_on) { fact(dl, "Found on", urlNode(rec.found_on)); }
    fact(dl, "Found via", rec.found_via);
    fact(dl, "Title", rec.title);
    fact(dl, "H1", rec.h1);
    fact(dl, "Meta description", rec.meta_description);
    fact(dl, "Response time", rec.response_ms == null ? null : rec.response_ms + " ms");
    fact(dl, "Words", rec.words);
    container.appendChild(dl);

    if (rec.hops && rec.hops.length) {
      var hops = section(container, "Redirect hops", "inspector-hops");
      var ol = el("ol", { class: "hops" });
      rec.hops.forEach(function (hop) {
        var li = el("li");
        li.appendChild(urlNode(hop[0]));
        li.appendChild(el("span", { class: "muted" }, " — " + hop[1]));
        ol.appendChild(li);
      });
      hops.appendChild(ol);
    }

    var idx = section(container, "Indexability", "inspector-indexability");
    var idl = el("dl", { class: "facts" });
    var verdict = rec.indexable === "yes" ? "indexable" : rec.indexable === "no" ? "not indexable: " + rec.not_indexable_because.join(", ") : "not an HTML page";
    fact(idl, "Verdict", verdict);
    fact(idl, "Meta robots", rec.meta_robots);
    fact(idl, "X-Robots-Tag", rec.x_robots_tag);
    if (rec.canonical) fact(idl, "Canonical", urlNode(rec.canonical));
    if (rec["class"] === "blocked") fact(idl, "robots.txt", "disallows this URL");
    idx.appendChild(idl);

    var ins = section(container, "Inlinks: " + rec.inlinks_total.toLocaleString("en") + (rec.inlinks_total === 1 ? " page links here" : " pages link here"), "inspector-inlinks");
    if (rec.inlinks.length) {
      ins.appendChild(linkTable(rec.inlinks, ["Linking page", "Anchor text", "Region", "Element", "Rel"], function (l) {
        return [urlNode(l[0]), l[1] == null ? "(no alt text)" : l[1], l[2], l[3], l[4] ? "nofollow" : "follow"];
      }));
      more(ins, rec.inlinks.length, rec.inlinks_total, "linking places");
    } else {
      ins.appendChild(el("p", { class: "muted" }, "No crawled page links here."));
    }

    var outs = section(container, "Outlinks: " + rec.outlinks_total.toLocaleString("en"), "inspector-outlinks");
    if (rec.outlinks.length) {
      outs.appendChild(linkTable(rec.outlinks, ["Target", "Anchor text", "Region", "Element", "Rel", "Status"], function (l) {
        return [urlNode(l[0]), l[1] == null ? "(no alt text)" : l[1], l[2], l[3], l[4] ? "nofollow" : "follow", l[5]];
      }));
      more(outs, rec.outlinks.length, rec.outlinks_total, "links");
    } else {
      outs.appendChild(el("p", { class: "muted" }, "No links recorded on this URL."));
    }

    var fs = section(container, "Findings on this URL: " + rec.findings_total, "inspector-findings");
    if (rec.findings.length) fs.appendChild(findingList(rec.findings, false));
    else fs.appendChild(el("p", { class: "muted" }, "No findings."));
    more(fs, rec.findings.length, rec.findings_total, "findings");
    if (rec.about_total) {
      var ab = section(container, "Findings about links to this URL: " + rec.about_total, "inspector-about");
      ab.appendChild(findingList(rec.about, true));
      more(ab, rec.about.length, rec.about_total, "findings");
    }
    container.setAttribute("data-state", "ready");
  }

  function inspectFromHash(container) {
    var match = /(?:^#|&)url=([^&]*)/.exec(window.location.hash);
    if (!match) return;
    var url;
    try { url = decodeURIComponent(match[1]); } catch (e) { return; }
    container.setAttribute("data-state", "loading");
    container.textContent = "";
    container.appendChild(el("p", { class: "muted" }, "Loading " + url + "…"));
    urlRecord(url, function (rec) {
      renderInspector(container, url, rec);
      document.title = "Inspect " + url + " · siteaudit";
    });
  }

  function setUpInspector() {
    var container = document.getElementById("inspector");
    if (!container) return;
    inspectFromHash(container);
    window.addEventListener("hashchange", function () { inspectFromHash(container); });
  }

  // "#a=1&b=2" as {a: "1", b: "2"}; values stay encoded as they are
  function hashParams() {
    var params = {};
    window.location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var i = pair.indexOf("=");
      if (i > 0) params[pair.slice(0, i)] = pair.slice(i + 1);
    });
    return params;
  }

  /* -- the editor index's page search ---------------------------------------------------- */

  var EDITOR_HREF = /^[A-Za-z0-9._-]+\.html#page-\d+$/;
  var editorPages = null;

  window.siteauditEditorPages = function (rows) {
    editorPages = rows.map(function (r) { return { url: r[0], title: r[1], href: r[2], text: (r[0] + " " + r[1]).toLowerCase() }; });
    var input = document.getElementById("editor-search");
    if (input && input.value) showEditorMatches(input.value);
  };

  function showEditorMatches(query) {
    var list = document.getElementById("editor-search-results");
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length || !editorPages) { list.hidden = !words.length; return; }
    var found = 0;
    editorPages.forEach(function (p) {
      for (var w = 0; w < words.length; w++) if (p.text.indexOf(words[w]) === -1) return;
      found += 1;
      if (found > 50 || !EDITOR_HREF.test(p.href)) return;
      var li = el("li");
      li.appendChild(el("a", { href: p.href }, p.title || "(no title)"));
      li.appendChild(el("span", { class: "url muted" }, " " + p.url));
      list.appendChild(li);
    });
    list.appendChild(el("li", { class: "muted search-summary" }, found === 0 ? "No page with fixes matches." : found > 50 ? "First 50 of " + found + " pages." : found + (found === 1 ? " page" : " pages")));
    list.setAttribute("data-matches", String(found));
    list.hidden = false;
  }

  function setUpEditorSearch() {
    var box = document.querySelector("[data-editor-pages]");
    var input = document.getElementById("editor-search");
    if (!box || !input) return;
    var requested = false, timer = null;
    function request() {
      if (requested) return;
      requested = true;
      loadScript(box.getAttribute("data-editor-pages"));
    }
    input.addEventListener("focus", request);
    input.addEventListener("input", function () {
      request();
      clearTimeout(timer);
      timer = setTimeout(function () { showEditorMatches(input.value); }, 60);
    });
  }

  window.siteauditData = function (id, n, rows) {
    var table = tables[id];
    if (table) table.receive(n, rows);
  };
  window.siteauditTables = tables;

  function start() {
    body = document.body;
    reportRoot = body.getAttribute("data-root") === "../" ? "../" : "";
    setUpSearch();
    setUpInspector();
    setUpEditorSearch();
    linkStaticUrls();
    Array.prototype.forEach.call(document.querySelectorAll("[data-table]"), function (root) {
      var table = new Table(root);
      tables[table.id] = table;
      table.load();
    });
    document.documentElement.setAttribute("data-report-ready", "1");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
