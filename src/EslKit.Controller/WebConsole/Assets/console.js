// EslKit console: the live views. The pages render the figures; this script keeps them current from the pages'
// Server-Sent Events feeds (no reload, no framework). Without script the pages still show the figures.
"use strict";
(function () {
  const live = document.getElementById("live-state");

  // Opens a section's feed; onValue gets each event's JSON. The feed ends when its session does (an "ended" event):
  // the page then says so and stops listening.
  function follow(section, eventName, onValue) {
    if (!section || !section.dataset.feed || !window.EventSource) {
      return;
    }
    const source = new EventSource(section.dataset.feed);
    source.addEventListener("open", () => { if (live) { live.textContent = "● live"; } });
    source.addEventListener(eventName, (event) => {
      const value = JSON.parse(event.data);
      section.dataset.updates = String(Number(section.dataset.updates || "0") + 1);
      if (onValue(value) === false) {
        source.close();
      }
    });
    source.addEventListener("ended", (event) => {
      source.close();
      const reason = JSON.parse(event.data).reason;
      section.dataset.ended = reason;
      if (live) {
        live.textContent = reason === "expired" ? "session expired: sign in again" : reason === "revoked" ? "session ended (key replaced or account deactivated)" : "signed out";
      }
    });
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CLOSED) {
        section.dataset.ended = section.dataset.ended || "closed";
        if (live && !section.dataset.finished) { live.textContent = "not live: reload the page"; }
      } else if (live) {
        live.textContent = "reconnecting…";
      }
    });
  }

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

  // A campaign's progress.
  const progress = document.getElementById("progress");
  follow(progress, "progress", (p) => {
    for (const el of progress.querySelectorAll("[data-field]")) {
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
    if (p.finished) {
      progress.dataset.finished = "true";
      if (live) { live.textContent = "finished"; }
      return false;
    }
    return true;
  });

  // The nodes' health.
  const nodes = document.getElementById("nodes-live");
  follow(nodes, "nodes", (snapshot) => {
    for (const node of snapshot.nodes) {
      const row = nodes.querySelector('tr[data-node="' + CSS.escape(node.name) + '"]');
      if (!row) {
        continue;
      }
      for (const el of row.querySelectorAll("[data-field]")) {
        const value = node[el.dataset.field];
        if (value !== undefined) {
          el.textContent = String(value);
        }
        if (el.dataset.ok) {
          el.className = node[el.dataset.ok] ? "badge ok" : "badge bad";
        }
      }
    }
    return true;
  });
})();
