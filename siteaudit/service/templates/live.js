// Keeps the crawl tables current without reloading: polls this service's JSON API and
// updates the cells marked data-field. The page reads the same without it.
"use strict";
(function () {
  const table = document.querySelector("table.crawls");
  if (!table) return;
  const ACTIVE = ["queued", "running", "analysing"];
  const RESUMABLE = ["interrupted", "cancelled", "failed"];
  const INTERVAL_MS = 1000;

  function when(stamp) {
    return stamp ? `${stamp.replace("T", " ").replace(/\+00:00$/, "")} UTC` : "";
  }

  function setText(row, field, text) {
    const cell = row.querySelector(`[data-field="${field}"]`);
    if (cell && cell.textContent !== String(text)) cell.textContent = String(text);
    return cell;
  }

  function reportCell(row, crawl) {
    const cell = row.querySelector('[data-field="report"]');
    if (!cell || crawl.state !== "finished" || cell.querySelector("a") || crawl.pruned_at) return;
    cell.textContent = "";
    const links = [[crawl.links.report, "report"], [crawl.links.findings, "findings.json"]];
    if (crawl.compared_with) links.push([crawl.links.comparison, "comparison.json"]);
    links.forEach(([href, label], i) => {
      if (i) cell.append(" · ");
      const a = document.createElement("a");
      a.href = href;
      a.textContent = label;
      cell.append(a);
    });
  }

  function changesText(crawl) {
    const c = crawl.summary && crawl.summary.comparison;
    if (!c) return null;
    return `findings +${c.new_findings} −${c.fixed_findings} ~${c.changed_findings} ` +
      `URLs +${c.urls_added} −${c.urls_removed} ~${c.urls_changed} vs #${c.previous}`;
  }

  function update(row, crawl) {
    row.dataset.state = crawl.state;
    const state = setText(row, "state", crawl.state);
    if (state) {
      state.className = `state state-${crawl.state}`;
      if (crawl.error) {
        const note = document.createElement("div");
        note.className = "muted";
        note.textContent = crawl.error;
        state.append(note);
      }
    }
    setText(row, "stage", crawl.stage);
    setText(row, "pages", crawl.progress.pages);
    setText(row, "queued", crawl.progress.queued);
    setText(row, "failed", crawl.progress.errors);
    const findings = crawl.summary && crawl.summary.findings;
    setText(row, "errors", findings ? findings.error : "");
    const changes = changesText(crawl);
    const changesCell = row.querySelector('[data-field="changes"]');
    // Filled in by the page already (same figures); only a crawl analysed since needs it.
    if (changes && changesCell && !changesCell.textContent.trim()) changesCell.textContent = changes;
    setText(row, "finished", when(crawl.finished_at));
    reportCell(row, crawl);
    const cancel = row.querySelector('form[data-action="cancel"]');
    const resume = row.querySelector('form[data-action="resume"]');
    if (cancel) cancel.hidden = !ACTIVE.slice(0, 2).includes(crawl.state);
    if (resume) resume.hidden = !(RESUMABLE.includes(crawl.state) && crawl.runs > 0);
  }

  async function poll() {
    try {
      const response = await fetch("/api/crawls", { headers: { Accept: "application/json" } });
      if (response.ok) {
        const data = await response.json();
        const byId = new Map(data.crawls.map((c) => [String(c.id), c]));
        table.querySelectorAll("tr[data-crawl]").forEach((row) => {
          const crawl = byId.get(row.dataset.crawl);
          if (crawl) update(row, crawl);
        });
        document.body.dataset.polled = String(Number(document.body.dataset.polled || 0) + 1);
      }
    } catch (err) {
      // The service restarting: try again on the next tick.
    }
    setTimeout(poll, INTERVAL_MS);
  }
  setTimeout(poll, INTERVAL_MS);
})();
