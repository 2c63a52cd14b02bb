// foundation-kg graph page: draws the vis-network graph and wires search, filters and details.
// Every text from documents goes in with textContent (never innerHTML), links only for http(s)/file.
(function () {
  "use strict";
  const NO_TIER = "(no tier)";
  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const config = read("fkg-config");
  const nodes = new vis.DataSet(read("fkg-nodes"));
  const edges = new vis.DataSet(read("fkg-edges"));
  const state = { ready: false, stableMs: null, startMs: performance.now(), stabilisedMs: null, hiddenKinds: new Set(), hiddenTiers: new Set(), hiddenRels: new Set() };

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    return node;
  }

  function sourceLink(fact) {
    const text = fact.title || fact.doc || fact.url || "source";
    if (/^(https?|file):/i.test(fact.url || "")) {
      return el("a", text, { href: fact.url, target: "_blank", rel: "noopener noreferrer" });
    }
    return el("span", fact.url ? text + " (" + fact.url + ")" : text);
  }

  function factBlock(fact) {
    const box = el("div", null, { class: "fkg-fact" });
    const head = [fact.date, fact.detail].filter(Boolean).join(" · ");
    if (head) box.appendChild(el("div", head, { class: "fkg-fact-head" }));
    if (fact.evidence) box.appendChild(el("blockquote", fact.evidence));
    const src = el("div", "Source: ", { class: "fkg-source" });
    src.appendChild(sourceLink(fact));
    box.appendChild(src);
    return box;
  }

  function edgeHeading(edge) {
    const from = nodes.get(edge.from), to = nodes.get(edge.to);
    return from.label + " " + edge.verb + " " + to.label + (edge.label ? " (" + edge.label + ")" : "");
  }

  function nodeTooltip(node) {
    const box = el("div", null, { class: "fkg-tip" });
    box.appendChild(el("strong", node.label));
    box.appendChild(el("div", node.kind + " · " + node.degree + " facts"));
    return box;
  }

  function edgeTooltip(edge) {
    const box = el("div", null, { class: "fkg-tip" });
    box.appendChild(el("strong", edgeHeading(edge)));
    const latest = edge.facts[edge.facts.length - 1];
    if (latest) box.appendChild(factBlock(latest));
    if (edge.count > 1) box.appendChild(el("div", edge.count + " facts: click the edge for all"));
    return box;
  }

  // Tooltips are DOM elements (vis shows them as given), built on first hover to keep start-up fast.
  function ensureTitle(dataset, id, build) {
    const item = dataset.get(id);
    if (item && !item.tipBuilt) dataset.update({ id: id, title: build(item), tipBuilt: true });
  }

  const details = document.getElementById("fkg-details");
  function showNode(id) {
    const node = nodes.get(id);
    details.replaceChildren(el("h2", node.label), el("div", node.kind, { class: "fkg-kind" }));
    if (/^https?:/i.test(node.iri)) details.appendChild(el("div", node.iri, { class: "fkg-iri" }));
    const list = el("ul");
    const touching = edges.get({ filter: (e) => e.from === id || e.to === id });
    for (const edge of touching.slice(0, 40)) list.appendChild(el("li", edgeHeading(edge)));
    if (touching.length > 40) list.appendChild(el("li", "… " + (touching.length - 40) + " more"));
    details.appendChild(list);
  }
  function showEdge(id) {
    const edge = edges.get(id);
    details.replaceChildren(el("h2", edgeHeading(edge)));
    for (const fact of edge.facts) details.appendChild(factBlock(fact));
    if (edge.count > edge.facts.length) details.appendChild(el("div", (edge.count - edge.facts.length) + " older facts not shown"));
  }

  const status = document.getElementById("fkg-status");
  function find(query) {
    const q = String(query || "").trim().toLowerCase();
    if (!q) return null;
    const all = nodes.get();
    const label = (n) => n.label.toLowerCase();
    return all.find((n) => label(n) === q) || all.find((n) => label(n).startsWith(q))
      || all.find((n) => label(n).includes(q)) || null;
  }
  function select(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    showNode(id);
  }
  document.getElementById("fkg-search").addEventListener("submit", (event) => {
    event.preventDefault();
    const query = document.getElementById("fkg-query").value;
    const node = find(query);
    if (!node) { status.textContent = "No match for “" + query + "”"; return; }
    if (node.hidden) { status.textContent = node.label + " is hidden by the filters"; return; }
    status.textContent = "Found " + node.label;
    select(node.id);
  });

  function applyFilters() {
    const nodeChanges = [], edgeChanges = [];
    nodes.forEach((n) => {
      const hide = state.hiddenKinds.has(n.kind);
      if (Boolean(n.hidden) !== hide) nodeChanges.push({ id: n.id, hidden: hide });
    });
    edges.forEach((e) => {
      const hide = state.hiddenRels.has(e.rel) || (e.rel === "member_of" && state.hiddenTiers.has(e.tier || NO_TIER));
      if (Boolean(e.hidden) !== hide) edgeChanges.push({ id: e.id, hidden: hide });
    });
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
    showCounts();
  }

  function swatch(shape, colour, dashed) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "16"); svg.setAttribute("height", "16"); svg.setAttribute("viewBox", "0 0 16 16");
    const shapes = {
      dot: ["circle", { cx: 8, cy: 8, r: 6 }], square: ["rect", { x: 2, y: 2, width: 12, height: 12 }],
      diamond: ["polygon", { points: "8,1 15,8 8,15 1,8" }], triangle: ["polygon", { points: "8,2 15,14 1,14" }],
      triangleDown: ["polygon", { points: "1,2 15,2 8,14" }], hexagon: ["polygon", { points: "4,2 12,2 15,8 12,14 4,14 1,8" }],
      star: ["polygon", { points: "8,1 10,6 15,6 11,9 13,15 8,11 3,15 5,9 1,6 6,6" }],
      line: ["line", { x1: 1, y1: 8, x2: 15, y2: 8, "stroke-width": 3 }],
    };
    const [tag, attrs] = shapes[shape] || shapes.dot;
    const item = document.createElementNS(ns, tag);
    for (const [key, value] of Object.entries(attrs)) item.setAttribute(key, String(value));
    item.setAttribute(tag === "line" ? "stroke" : "fill", colour);
    if (dashed) item.setAttribute("stroke-dasharray", "3 2");
    svg.appendChild(item);
    return svg;
  }

  function checkboxes(fieldsetId, entries, hiddenSet) {
    const box = document.getElementById(fieldsetId);
    if (!entries.length) { box.hidden = true; return; }
    for (const entry of entries) {
      const label = el("label", null, { class: "fkg-check" });
      const input = el("input", null, { type: "checkbox", value: entry.value, "data-filter": fieldsetId });
      input.checked = true;
      input.addEventListener("change", () => {
        if (input.checked) hiddenSet.delete(entry.value); else hiddenSet.add(entry.value);
        applyFilters();
      });
      label.append(input, entry.icon || "", el("span", entry.text + " (" + entry.count + ")"));
      box.appendChild(label);
    }
  }

  function countBy(items, key) {
    const counts = new Map();
    items.forEach((item) => { const k = key(item); if (k !== null) counts.set(k, (counts.get(k) || 0) + 1); });
    return counts;
  }

  function buildControls() {
    const kinds = countBy(nodes, (n) => n.kind);
    checkboxes("fkg-kinds", config.kinds.filter((k) => kinds.has(k.kind)).map((k) => ({
      value: k.kind, text: k.kind, count: kinds.get(k.kind), icon: swatch(k.shape, k.color) })), state.hiddenKinds);
    const tiers = countBy(edges, (e) => (e.rel === "member_of" ? e.tier || NO_TIER : null));
    checkboxes("fkg-tiers", [...tiers].sort((a, b) => b[1] - a[1]).map(([tier, count]) => ({
      value: tier, text: tier, count: count })), state.hiddenTiers);
    const rels = countBy(edges, (e) => e.rel);
    checkboxes("fkg-rels", config.rels.filter((r) => rels.has(r.rel)).map((r) => ({
      value: r.rel, text: r.text, count: rels.get(r.rel), icon: swatch("line", r.color, r.dashed) })), state.hiddenRels);
    const names = document.getElementById("fkg-names");
    nodes.forEach((n) => names.appendChild(el("option", null, { value: n.label })));
  }

  function drawn() {
    return { nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length };
  }
  function showCounts() {
    const now = drawn();
    document.getElementById("fkg-counts").textContent =
      now.nodes + " of " + nodes.length + " nodes · " + now.edges + " of " + edges.length + " edges";
  }

  function markReady() {
    if (state.ready) return;
    state.ready = true;
    state.stableMs = performance.now();
    showCounts();
    document.body.dataset.ready = "true";
  }

  // Handlers first, data second: small graphs can stabilise within setData itself.
  const network = new vis.Network(document.getElementById("mynetwork"), { nodes: [], edges: [] }, config.options);
  if (config.physics && nodes.length) {
    network.once("stabilizationIterationsDone", () => {
      state.stabilisedMs = performance.now();
      network.setOptions({ physics: { enabled: false } });  // stop moving once stable
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", markReady);
  }
  network.on("hoverNode", (p) => ensureTitle(nodes, p.node, nodeTooltip));
  network.on("hoverEdge", (p) => ensureTitle(edges, p.edge, edgeTooltip));
  network.on("click", (p) => {
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
  });
  buildControls();
  state.controlsMs = performance.now();
  network.setData({ nodes: nodes, edges: edges });
  state.dataMs = performance.now();

  window.fkg = {
    network, nodes, edges, state, find, select, drawn, applyFilters,
    nodeTooltip: (id) => nodeTooltip(nodes.get(id)), edgeTooltip: (id) => edgeTooltip(edges.get(id)),
  };
})();
