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

  function cellText(cell) {
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
    if (text === "") {
      td.appendChild(el("span", { class: "muted" }, "—"));
      return;
    }
    if (column.kind === "sev") {
      td.appendChild(el("span", { class: "sev sev-" + text.replace(/[^a-z]/g, "") }, text));
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
      td.appendChild(el("a", {
        class: "visit", href: text, rel: "noopener noreferrer nofollow", title: "Open the live page"
      }, "visit"));
    }
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
    this.buildControls();
  }

  Table.prototype.buildControls = function () {
    var self = this;
    var bar = el("div", { class: "dt-controls" });
    var label = el("label", { class: "dt-filter" });
    label.appendChild(el("span", null, "Filter "));
    this.input = el("input", { type: "search", placeholder: "text to find", "aria-label": "Filter rows" });
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
      self.pageSize = parseInt(self.sizeSelect.value, 10); self.page = 0; self.draw();
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

  Table.prototype.load = function () {
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

  Table.prototype.matches = function (row) {
    if (!this.query) return true;
    if (this.filterCol >= 0) return cellText(row[this.filterCol]).toLowerCase().indexOf(this.query) !== -1;
    if (row._search === undefined) {
      Object.defineProperty(row, "_search", { value: row.map(cellText).join("\u0001").toLowerCase() });
    }
    return row._search.indexOf(this.query) !== -1;
  };

  Table.prototype.refresh = function () {
    var self = this;
    var view = this.query ? this.rows.filter(function (r) { return self.matches(r); }) : this.rows.slice();
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
    if (this.page >= pages) this.page = pages - 1;
    var start = this.page * this.pageSize;
    var slice = this.view.slice(start, start + this.pageSize);
    var body = document.createElement("tbody");
    var self = this;
    slice.forEach(function (row) {
      var tr = document.createElement("tr");
      self.columns.forEach(function (column, i) {
        var td = document.createElement("td");
        renderCell(td, row[i], column, self.root_);
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
      b.addEventListener("click", function () { self.page = target; self.draw(); });
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
    var lines = [this.columns.map(function (c) { return csvCell(c.label); }).join(",")];
    this.view.forEach(function (row) { lines.push(row.map(function (c) { return csvCell(cellText(c)); }).join(",")); });
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

  window.siteauditData = function (id, n, rows) {
    var table = tables[id];
    if (table) table.receive(n, rows);
  };
  window.siteauditTables = tables;

  function start() {
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
