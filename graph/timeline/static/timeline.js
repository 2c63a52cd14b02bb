// The membership timeline page: filters, a time strip (canvas) and the table of changes.
// The changes arrive as JSON in #timeline-data; every piece of document text is written with
// textContent or setAttribute, never as HTML. Rows are drawn in pages of PAGE so that a
// timeline of tens of thousands of changes stays quick; the strip shows every match.
(function () {
  "use strict";
  const PAGE = 500;
  const KINDS = ["join", "upgrade", "downgrade", "renew", "leave"];
  const DAY = 86400000;
  const data = JSON.parse(document.getElementById("timeline-data").textContent);
  const $ = (id) => document.getElementById(id);
  const foundationSel = $("f-foundation"), memberBox = $("f-member"), conflictBox = $("f-conflict");
  const kindBoxes = Array.from(document.querySelectorAll("input[name=kind]"));
  const body = $("rows"), shown = $("shown"), more = $("more"), canvas = $("dots");
  const time = (iso) => Date.parse(iso + "T00:00:00Z");
  const times = data.map((c) => time(c.date));
  const lo = times.reduce((a, b) => Math.min(a, b), Infinity);
  const hi = times.reduce((a, b) => Math.max(a, b), -Infinity);
  const span = Math.max(hi - lo, 30 * DAY);
  const frac = (t) => (t - lo) / span;
  let matches = [], limit = PAGE, placed = [];

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function fillFilters() {
    const names = (key) => Array.from(new Set(data.map((c) => c[key]))).sort((a, b) => a.localeCompare(b));
    names("foundation").forEach((f) => { const o = el("option", "", f); o.value = f; foundationSel.appendChild(o); });
    const list = $("members");
    names("member").forEach((m) => { const o = el("option"); o.value = m; list.appendChild(o); });
  }

  function matching() {
    const kinds = new Set(kindBoxes.filter((b) => b.checked).map((b) => b.value));
    const who = memberBox.value.trim().toLowerCase(), where = foundationSel.value, onlyConflicts = conflictBox.checked;
    const out = [];
    data.forEach((c, i) => {
      if ((!where || c.foundation === where) && (!who || c.member.toLowerCase().includes(who))
          && kinds.has(c.change) && (!onlyConflicts || c.conflict)) out.push(i);
    });
    return out;
  }

  function tiers(c) {
    const dash = "\u2014";
    if (c.tier_before) return c.tier_before + " \u2192 " + (c.tier_after || dash);
    return c.tier_after || dash;
  }

  function row(c) {
    const tr = el("tr", "change");
    tr.id = "c-" + c.uid;
    tr.dataset.date = c.date; tr.dataset.foundation = c.foundation; tr.dataset.member = c.member;
    tr.dataset.change = c.change; tr.dataset.conflict = String(c.conflict);
    tr.appendChild(el("td", "date", c.date));
    tr.appendChild(el("td", "", c.foundation));
    tr.appendChild(el("td", "", c.member));
    const kind = el("td");
    kind.appendChild(el("span", "badge " + (KINDS.includes(c.change) ? c.change : ""), c.change));
    if (c.conflict) kind.appendChild(el("div", "conflict", "\u26a0 sources disagree"));
    tr.appendChild(kind);
    tr.appendChild(el("td", "", tiers(c)));
    const src = el("td", "src");
    const holder = c.url ? el("a") : src;
    if (c.url) { holder.href = c.url; holder.rel = "noopener noreferrer"; src.appendChild(holder); }
    [c.source].concat(c.also_in).forEach((s, i) => { if (i) holder.appendChild(el("br")); holder.appendChild(document.createTextNode(s)); });
    tr.appendChild(src);
    const ev = el("td", "evidence", c.evidence);
    if (c.alternatives.length) {
      const ul = el("ul", "alts");
      c.alternatives.forEach((a) => ul.appendChild(el("li", "", a)));
      ev.appendChild(ul);
    }
    tr.appendChild(ev);
    return tr;
  }

  function drawRows() {
    const frag = document.createDocumentFragment();
    matches.slice(0, limit).forEach((i) => frag.appendChild(row(data[i])));
    body.replaceChildren(frag);
    if (!data.length) {
      const td = el("td", "empty", "No dated membership changes in the store.");
      td.colSpan = 7;
      body.appendChild(el("tr")).appendChild(td);
    }
    const hidden = matches.length - Math.min(limit, matches.length);
    more.hidden = hidden <= 0;
    more.textContent = "show " + Math.min(PAGE, hidden) + " more (" + hidden + " not drawn)";
    shown.textContent = "showing " + matches.length + " of " + data.length;
  }

  function drawStrip() {
    const ratio = window.devicePixelRatio || 1, width = canvas.clientWidth, height = canvas.clientHeight;
    canvas.width = Math.round(width * ratio); canvas.height = Math.round(height * ratio);
    const ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const style = getComputedStyle(document.documentElement), pad = 8, usable = width - 2 * pad;
    ctx.strokeStyle = style.getPropertyValue("--line").trim(); ctx.fillStyle = style.getPropertyValue("--muted").trim();
    ctx.font = "11px system-ui, sans-serif"; ctx.textAlign = "center";
    ctx.beginPath(); ctx.moveTo(pad, height - 18.5); ctx.lineTo(width - pad, height - 18.5); ctx.stroke();
    const first = new Date(lo).getUTCFullYear(), last = new Date(lo + span).getUTCFullYear();
    const step = Math.max(1, Math.ceil((last - first + 1) / 12));
    for (let y = first + 1; y <= last; y += step) {
      const x = pad + frac(Date.UTC(y, 0, 1)) * usable;
      ctx.fillRect(x, height - 18, 1, 5); ctx.fillText(String(y), x, height - 3);
    }
    const lanes = new Map();
    placed = [];
    matches.forEach((i) => {
      const c = data[i], x = pad + frac(time(c.date)) * usable;
      const key = Math.round(x / 4), lane = lanes.get(key) || 0;
      lanes.set(key, lane + 1);
      const y = height - 26 - (lane % 6) * 9;
      ctx.fillStyle = style.getPropertyValue("--" + c.change).trim() || "#666";
      ctx.beginPath(); ctx.arc(x, y, 4, 0, 2 * Math.PI); ctx.fill();
      placed.push([x, y, i]);
    });
    canvas.dataset.dots = String(placed.length);
  }

  function nearest(event) {
    const box = canvas.getBoundingClientRect(), x = event.clientX - box.left, y = event.clientY - box.top;
    let best = null, dist = 49;
    placed.forEach((p) => { const d = (p[0] - x) ** 2 + (p[1] - y) ** 2; if (d < dist) { dist = d; best = p[2]; } });
    return best;
  }

  canvas.addEventListener("mousemove", (event) => {
    const i = nearest(event);
    canvas.title = i === null ? "" : data[i].date + " " + data[i].member + " " + data[i].change + " " + data[i].foundation;
  });
  canvas.addEventListener("click", (event) => {
    const i = nearest(event);
    if (i === null) return;
    const at = matches.indexOf(i);
    if (at >= limit) { limit = at + 1; drawRows(); }
    const tr = document.getElementById("c-" + data[i].uid);
    tr.scrollIntoView({ block: "center" });
    tr.classList.add("flash");
    setTimeout(() => tr.classList.remove("flash"), 1500);
  });

  function update() {
    matches = matching();
    limit = PAGE;
    drawRows();
    drawStrip();
  }

  more.addEventListener("click", () => { limit += PAGE; drawRows(); });
  [foundationSel, conflictBox].concat(kindBoxes).forEach((node) => node.addEventListener("change", update));
  memberBox.addEventListener("input", update);
  window.addEventListener("resize", drawStrip);
  fillFilters();
  update();
  document.body.dataset.ready = "true";
})();
