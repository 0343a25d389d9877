/* luoshi web UI — small vanilla JS, no framework, nothing from the network.
   Upload: one XHR per file to the API (XHR, not fetch, because it reports upload progress),
   folders by drag and drop or by the folder picker (webkitdirectory). */
"use strict";

(function () {
  const zone = document.getElementById("dropzone");
  if (!zone) return;
  const list = document.getElementById("uploads");
  const failures = document.getElementById("failures");
  const failureList = document.getElementById("failure-list");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const endpoint = zone.dataset.endpoint;
  const msg = (k) => list.dataset["msg" + k.charAt(0).toUpperCase() + k.slice(1)] || k;
  const queue = [];
  let running = 0;
  const PARALLEL = 2;

  function addFile(file, path) {
    const name = path || file.webkitRelativePath || file.name;
    const li = document.createElement("li");
    const label = document.createElement("span");
    label.textContent = name;
    const bar = document.createElement("progress");
    bar.max = 100; bar.value = 0;
    bar.setAttribute("aria-label", name);
    const state = document.createElement("span");
    state.className = "state";
    state.textContent = msg("waiting");
    li.append(label, bar, state);
    list.append(li);
    queue.push({ file, name, bar, state, li });
    pump();
  }

  function pump() {
    while (running < PARALLEL && queue.length) {
      running += 1;
      send(queue.shift()).finally(() => { running -= 1; pump(); });
    }
  }

  function fail(job, reason) {
    job.state.textContent = msg("failed") + "：" + reason;
    job.state.className = "state failed";
    job.li.dataset.status = "failed";
    const item = document.createElement("li");
    item.textContent = job.name + "：" + reason;
    failureList.append(item);
    failures.hidden = false;
  }

  function send(job) {
    return new Promise((resolve) => {
      const form = new FormData();
      form.append("file", job.file, job.file.name);
      const published = document.getElementById("up-published").value;
      const place = document.getElementById("up-place").value.trim();
      if (published) form.append("published", published);
      if (place) form.append("place", place);
      const xhr = new XMLHttpRequest();
      xhr.open("POST", endpoint);
      xhr.setRequestHeader("X-CSRF-Token", csrf);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) job.bar.value = Math.round(90 * e.loaded / e.total); };
      xhr.onload = () => {
        let body = {};
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
        if (xhr.status === 200 || xhr.status === 201) {
          job.bar.value = 100;
          job.li.dataset.status = body.created ? "done" : "duplicate";
          job.state.className = "state done";
          job.state.textContent = "";
          const link = document.createElement("a");
          link.href = "/documents/" + body.document_id;
          link.textContent = (body.created ? msg("done") : msg("duplicate")) +
            (body.items_proposed ? " · " + msg("proposed") + " " + body.items_proposed : "");
          job.state.append(link);
        } else {
          const reason = (body.error && body.error.message) || body.detail || ("HTTP " + xhr.status);
          fail(job, reason);
        }
        resolve();
      };
      xhr.onerror = () => { fail(job, "network error"); resolve(); };
      xhr.send(form);
    });
  }

  function addFiles(files) {
    for (const f of files) {
      const name = f.webkitRelativePath || f.name;
      if (!name.split("/").pop().startsWith(".")) addFile(f);  /* the server says why a file is refused */
    }
  }

  /* Walk a dropped folder (DataTransferItem.webkitGetAsEntry) and queue every file in it. */
  function walk(entry, prefix) {
    if (entry.isFile) {
      entry.file((f) => { if (!f.name.startsWith(".")) addFile(f, prefix + f.name); });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      const readBatch = () => reader.readEntries((entries) => {
        if (!entries.length) return;
        entries.forEach((e) => walk(e, prefix + entry.name + "/"));
        readBatch();
      });
      readBatch();
    }
  }

  document.getElementById("pick-files").addEventListener("change", (e) => { addFiles(e.target.files); e.target.value = ""; });
  document.getElementById("pick-folder").addEventListener("change", (e) => { addFiles(e.target.files); e.target.value = ""; });
  ["dragenter", "dragover"].forEach((t) => zone.addEventListener(t, (e) => { e.preventDefault(); zone.classList.add("over"); }));
  ["dragleave", "drop"].forEach((t) => zone.addEventListener(t, () => zone.classList.remove("over")));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    const items = e.dataTransfer.items;
    if (items && items.length && items[0].webkitGetAsEntry) {
      for (const it of items) { const entry = it.webkitGetAsEntry(); if (entry) walk(entry, ""); }
    } else {
      addFiles(e.dataTransfer.files);
    }
  });
})();

/* Fragments: parts of a page that are slow to compute on a huge ledger (the unit ranking) are
   fetched after the page has rendered; without JS, the placeholder is a plain link to them. */
(function () {
  document.querySelectorAll("[data-fragment]").forEach((box) => {
    fetch(box.dataset.fragment, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then((r) => (r.ok ? r.text() : Promise.reject(r.status)))
      .then((html) => {
        const doc = new DOMParser().parseFromString(html, "text/html");
        box.replaceChildren(...doc.body.childNodes);
        box.removeAttribute("aria-busy");
      })
      .catch(() => box.removeAttribute("aria-busy"));
  });
})();

/* Triage queue: "select the page" ticks every row; on a batch step the form remembers the row just above
   the first ticked one, so the page comes back where it was (the decided rows leave the queue). */
(function () {
  const form = document.getElementById("batch");
  if (!form) return;
  const all = document.getElementById("select-all");
  const boxes = () => Array.from(document.querySelectorAll("input[name='ids'][form='batch']"));
  if (all) all.addEventListener("change", () => boxes().forEach((b) => { b.checked = all.checked; }));
  form.addEventListener("submit", () => {
    const ticked = boxes().filter((b) => b.checked);
    if (!ticked.length) return;
    let row = ticked[0].closest("tr").previousElementSibling;
    while (row && row.querySelector("input[name='ids']:checked")) row = row.previousElementSibling;
    form.querySelector("input[name='anchor']").value = row ? row.id : "queue";
  });
})();

/* Reading view: a passage selected in an article's text fills that article's "selected text as evidence"
   form with its character span in the article (the text element holds exactly the article's text, so
   the span is the length of the text before the selection's start and end). */
(function () {
  const forms = document.querySelectorAll("form.selection-evidence");
  if (!forms.length) return;
  const offset = (root, node, at) => {
    const range = document.createRange();
    range.setStart(root, 0);
    range.setEnd(node, at);
    return range.toString().length;
  };
  document.addEventListener("selectionchange", () => {
    const sel = document.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    const range = sel.getRangeAt(0);
    const article = range.commonAncestorContainer.nodeType === 1
      ? range.commonAncestorContainer.closest("article.reading")
      : range.commonAncestorContainer.parentElement.closest("article.reading");
    if (!article) return;
    const text = article.querySelector(".reading-text");
    const form = article.querySelector("form.selection-evidence");
    if (!text || !form || !text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
    const start = offset(text, range.startContainer, range.startOffset);
    const end = offset(text, range.endContainer, range.endOffset);
    if (end <= start) return;
    form.elements.span_start.value = start;
    form.elements.span_end.value = end;
    const quote = form.querySelector("[data-role='quote']");
    quote.textContent = range.toString();
    quote.hidden = false;
    form.querySelector("[data-role='hint']").hidden = true;
    form.querySelector("button[type='submit']").disabled = false;
  });
})();
