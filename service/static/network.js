/* napkg: draws the network of the /network page with the vendored Cytoscape.js.
 * The positions come from the server (networkx spring layout, fixed seed); this file only draws:
 * zoom and pan, names on hover, a click opens the body's page, colour by community, country or type,
 * size by the measure. Without JavaScript the page keeps its table. */
(function () {
  "use strict";
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                 "#bcbd22", "#17becf", "#393b79", "#ad494a", "#637939", "#7b4173", "#3182bd", "#e6550d"];
  var OTHER = "#c7c7c7";
  var LABELLED = 15; /* names always shown for the highest ranked nodes */

  function groupOf(n, by) {
    if (by === "country") { return n.country ? n.country.split("/").pop() : "(none)"; }
    if (by === "type") { return n.type ? n.type.split(/[#/]/).pop() : "(none)"; }
    return "community " + n.community;
  }

  function colours(nodes, by) {
    var counts = {};
    nodes.forEach(function (n) { var g = groupOf(n, by); counts[g] = (counts[g] || 0) + 1; });
    var groups = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); });
    var map = {};
    groups.forEach(function (g, i) { map[g] = i < PALETTE.length ? PALETTE[i] : OTHER; });
    return {map: map, groups: groups, counts: counts};
  }

  function legend(box, c) {
    var div = box.parentNode.querySelector(".net-legend") || document.createElement("p");
    div.className = "net-legend";
    div.textContent = "";
    c.groups.slice(0, PALETTE.length).forEach(function (g) {
      var sw = document.createElement("span");
      sw.className = "sw";
      sw.style.backgroundColor = c.map[g];
      div.appendChild(sw);
      div.appendChild(document.createTextNode(g + " (" + c.counts[g] + ")"));
    });
    if (c.groups.length > PALETTE.length) { div.appendChild(document.createTextNode(" · others grey")); }
    box.parentNode.insertBefore(div, box);
  }

  function draw(box, data) {
    var nodes = data.nodes;
    var lo = Infinity, hi = -Infinity;
    nodes.forEach(function (n) { if (typeof n.value === "number") { lo = Math.min(lo, n.value); hi = Math.max(hi, n.value); } });
    var sized = data.meta.measure !== "community" && hi > lo;
    var maxw = 0;
    data.edges.forEach(function (e) { maxw = Math.max(maxw, e.w); });
    var by = box.getAttribute("data-colour") || "community";
    var c = colours(nodes, by);
    var elements = nodes.map(function (n, i) {
      return {group: "nodes", data: {id: "n" + n.id, label: n.label, href: n.href, color: c.map[groupOf(n, by)],
              size: sized ? 8 + 34 * (n.value - lo) / (hi - lo) : 14, raw: n},
              position: {x: n.x * 900, y: n.y * 900}, classes: i < LABELLED ? "top" : ""};
    }).concat(data.edges.map(function (e, i) {
      return {group: "edges", data: {id: "e" + i, source: "n" + e.s, target: "n" + e.t,
              width: maxw > 0 ? 0.5 + 3.5 * e.w / maxw : 1}};
    }));
    box.textContent = "";
    var cy = cytoscape({
      container: box, elements: elements, layout: {name: "preset"}, minZoom: 0.05, maxZoom: 6,
      hideEdgesOnViewport: data.edges.length > 3000, textureOnViewport: data.edges.length > 3000,
      style: [
        {selector: "node", style: {"background-color": "data(color)", "width": "data(size)", "height": "data(size)",
                                   "border-width": 0.5, "border-color": "#fff"}},
        {selector: "node.top, node.hover", style: {"label": "data(label)", "font-size": 11, "text-valign": "top",
                                                   "text-halign": "center", "text-outline-color": "#fff",
                                                   "text-outline-width": 2, "color": "#1d1d1f"}},
        {selector: "node.hover", style: {"border-width": 2, "border-color": "#1d1d1f", "z-index": 10}},
        {selector: "edge", style: {"width": "data(width)", "line-color": "#9aa5b1", "opacity": 0.35,
                                   "curve-style": "haystack"}},
        {selector: "edge.hover", style: {"line-color": "#1d1d1f", "opacity": 0.9}}
      ]
    });
    cy.fit(undefined, 20);
    var tip = document.createElement("div");
    tip.className = "net-tip";
    tip.hidden = true;
    box.appendChild(tip);
    cy.on("mouseover", "node", function (ev) {
      var n = ev.target, raw = n.data("raw");
      n.addClass("hover");
      n.connectedEdges().addClass("hover");
      tip.textContent = raw.label + " · " + data.meta.measure + " " +
        (typeof raw.value === "number" ? Number(raw.value.toPrecision(4)) : raw.value) + " · " + groupOf(raw, by);
      var p = ev.renderedPosition;
      tip.style.left = (p.x + 12) + "px";
      tip.style.top = (p.y + 12) + "px";
      tip.hidden = false;
    });
    cy.on("mouseout", "node", function (ev) {
      ev.target.removeClass("hover");
      ev.target.connectedEdges().removeClass("hover");
      tip.hidden = true;
    });
    cy.on("tap", "node", function (ev) {
      var href = ev.target.data("href");
      if (href) { window.location.assign(href); }
    });
    legend(box, c);
    /* the colour choice applies at once, without a new request */
    var select = document.querySelector("form.filters select[name=colour]");
    if (select) {
      select.addEventListener("change", function () {
        by = select.value;
        box.setAttribute("data-colour", by);
        c = colours(nodes, by);
        cy.nodes().forEach(function (n) { n.data("color", c.map[groupOf(n.data("raw"), by)]); });
        legend(box, c);
      });
    }
    /* a table row highlights its node */
    document.querySelectorAll("#ranking tbody tr[data-iri]").forEach(function (tr) {
      var iri = tr.getAttribute("data-iri");
      var n = cy.nodes().filter(function (x) { return x.data("raw").iri === iri; });
      tr.addEventListener("mouseenter", function () { n.addClass("hover"); });
      tr.addEventListener("mouseleave", function () { n.removeClass("hover"); });
    });
    box.setAttribute("data-drawn", String(nodes.length));
    window.napkgNetwork = cy;
  }

  function start() {
    var box = document.getElementById("network-graph");
    if (!box || typeof cytoscape !== "function") { return; }
    box.hidden = false;
    fetch(box.getAttribute("data-drawing"), {headers: {Accept: "application/json"}})
      .then(function (r) { return r.json().then(function (body) { return {status: r.status, body: body}; }); })
      .then(function (a) {
        if (!a.body.ok) {
          box.textContent = "The network cannot be drawn: " + ((a.body.error && a.body.error.detail) || a.status);
          return;
        }
        if (!a.body.nodes.length) { box.textContent = "No nodes to draw."; return; }
        draw(box, a.body);
      })
      .catch(function (e) { box.textContent = "The network cannot be drawn: " + e; });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
