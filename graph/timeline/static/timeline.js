// Filters and the time strip for the membership timeline page.
// Rows are rendered (escaped) by the server; this script only reads their data attributes,
// toggles `hidden` and draws dots. It never writes HTML, only text and attributes.
(function () {
  "use strict";
  const rows = Array.from(document.querySelectorAll("tr.change"));
  const foundationSel = document.getElementById("f-foundation");
  const memberBox = document.getElementById("f-member");
  const conflictBox = document.getElementById("f-conflict");
  const kindBoxes = Array.from(document.querySelectorAll("input[name=kind]"));
  const strip = document.getElementById("strip");
  const shown = document.getElementById("shown");
  const DAY = 86400000;
  const time = (iso) => Date.parse(iso + "T00:00:00Z");
  const times = rows.map((r) => time(r.dataset.date));
  const lo = times.reduce((a, b) => Math.min(a, b), Infinity);
  const hi = times.reduce((a, b) => Math.max(a, b), -Infinity);
  const span = Math.max(hi - lo, 30 * DAY);
  const pos = (t) => ((t - lo) / span) * 100;

  function matches(row) {
    const d = row.dataset;
    const kinds = kindBoxes.filter((b) => b.checked).map((b) => b.value);
    const who = memberBox.value.trim().toLowerCase();
    return (!foundationSel.value || d.foundation === foundationSel.value)
      && (!who || d.member.toLowerCase().includes(who))
      && kinds.includes(d.change)
      && (!conflictBox.checked || d.conflict === "true");
  }

  function drawTicks() {
    const first = new Date(lo).getUTCFullYear(), last = new Date(lo + span).getUTCFullYear();
    const step = Math.max(1, Math.ceil((last - first + 1) / 12));
    for (let y = first + 1; y <= last; y += step) {
      const tick = document.createElement("span");
      tick.className = "tick";
      tick.textContent = String(y);
      tick.style.left = pos(Date.UTC(y, 0, 1)) + "%";
      strip.appendChild(tick);
    }
  }

  function drawDots(visible) {
    strip.querySelectorAll(".dot").forEach((d) => d.remove());
    const lanes = {};
    visible.forEach((row) => {
      const d = row.dataset;
      const key = d.date;
      const lane = (lanes[key] = (lanes[key] || 0) + 1) - 1;
      const dot = document.createElement("button");
      dot.type = "button";
      dot.className = "dot " + d.change;
      dot.style.left = pos(time(d.date)) + "%";
      dot.style.bottom = (4 + (lane % 5) * 12) + "px";
      dot.title = d.date + " " + d.member + " " + d.change + " " + d.foundation;
      dot.setAttribute("aria-label", dot.title);
      dot.addEventListener("click", () => {
        row.scrollIntoView({ block: "center" });
        row.classList.add("flash");
        setTimeout(() => row.classList.remove("flash"), 1500);
      });
      strip.appendChild(dot);
    });
  }

  function update() {
    const visible = rows.filter(matches);
    const keep = new Set(visible);
    rows.forEach((r) => { r.hidden = !keep.has(r); });
    shown.textContent = "showing " + visible.length + " of " + rows.length;
    drawDots(visible);
  }

  [foundationSel, conflictBox].concat(kindBoxes).forEach((el) => el.addEventListener("change", update));
  memberBox.addEventListener("input", update);
  if (rows.length) { drawTicks(); }
  update();
  document.body.dataset.ready = "true";
})();
