// EslKit console: the live progress view. The page renders the figures; this script keeps them current from the
// campaign's Server-Sent Events feed (no reload, no framework). Without script the page still shows the figures.
"use strict";
(function () {
  const section = document.getElementById("progress");
  if (!section || !section.dataset.feed || !window.EventSource) {
    return;
  }

  const live = document.getElementById("live-state");
  const source = new EventSource(section.dataset.feed);
  const fields = section.querySelectorAll("[data-field]");

  function rows(tableId, counts) {
    const body = document.querySelector("#" + tableId + " tbody");
    if (!body) {
      return;
    }
    const fresh = document.createDocumentFragment();
    for (const [name, count] of Object.entries(counts)) {
      const tr = document.createElement("tr");
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = name;
      const td = document.createElement("td");
      td.textContent = String(count);
      if (tableId === "by-state") {
        td.dataset.state = name;
      }
      tr.append(th, td);
      fresh.append(tr);
    }
    body.replaceChildren(fresh);
  }

  source.addEventListener("open", () => { if (live) { live.textContent = "● live"; } });
  source.addEventListener("progress", (event) => {
    const p = JSON.parse(event.data);
    for (const el of fields) {
      const value = p[el.dataset.field];
      if (value !== undefined) {
        el.textContent = el.dataset.field === "callsPerSecond" ? Number(value).toFixed(1) : String(value);
      }
    }
    const bar = document.getElementById("progress-bar");
    if (bar) {
      bar.value = p.percent;
      bar.textContent = p.percent + " %";
    }
    for (const form of document.querySelectorAll("#actions form[data-states]")) {
      form.hidden = !form.dataset.states.split(" ").includes(p.state);
    }
    rows("by-state", p.byState);
    rows("by-disposition", p.byDisposition);
    section.dataset.updates = String(Number(section.dataset.updates || "0") + 1);
    if (p.finished) {
      source.close();
      if (live) { live.textContent = "finished"; }
      section.dataset.finished = "true";
    }
  });
  source.addEventListener("error", () => { if (live) { live.textContent = "reconnecting…"; } });
})();
