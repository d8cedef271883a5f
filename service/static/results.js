/* napkg: results of the query editor as a table people use (static/editor.js loads it first).
 * Sortable by any column (numbers as numbers), paged, IRIs linked to their pages here (or, for a borrowed
 * vocabulary term, to its own IRI), typed literals shown as values with the datatype in a tooltip.
 * napkgResults(config) returns the helpers; config gives the base IRI and the prefixes. */
window.napkgResults = function (config) {
  "use strict";
  var PAGE_SIZES = [25, 50, 100, 500];
  var VOCABULARIES = ["http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2001/XMLSchema#", "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/dc/terms/", "http://www.w3.org/ns/prov#", "http://www.w3.org/ns/org#", "http://xmlns.com/foaf/0.1/",
    "http://www.w3.org/ns/shacl#"];
  var NUMERIC = /#(integer|decimal|double|float|int|long|short|byte|nonNegativeInteger|positiveInteger|nonPositiveInteger|negativeInteger|unsignedInt|unsignedLong)$/;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "className") { e.className = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
    });
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  /* ------------------------------------------------------------ IRIs: where they link, how they show */

  function hrefFor(iri) {
    var base = config.base;
    if (iri.indexOf(base + "id/") === 0 && iri.length > base.length + 3) { return "/id/" + iri.slice(base.length + 3); }
    var docs = ["ontology", "shapes"];
    for (var i = 0; i < docs.length; i++) {
      var d = base + docs[i];
      if (iri === d || iri.indexOf(d + "#") === 0) { return "/" + docs[i] + iri.slice(d.length); }
    }
    if (iri.indexOf(base + "graph/") === 0) { return "/graph/" + iri.slice(base.length + 6); }
    for (var j = 0; j < VOCABULARIES.length; j++) {
      if (iri.indexOf(VOCABULARIES[j]) === 0 && iri.length > VOCABULARIES[j].length) { return iri; }
    }
    return "/resource?iri=" + encodeURIComponent(iri);
  }

  function shortIri(iri) {
    var p = config.prefixes;
    var best = null;
    Object.keys(p).forEach(function (k) {
      if (iri.indexOf(p[k]) === 0 && iri.length > p[k].length && (!best || p[k].length > p[best].length)) { best = k; }
    });
    return best ? best + ":" + iri.slice(p[best].length) : iri;
  }

  /* ------------------------------------------------------------ results: a sortable, paged table */

  function cellKey(td) {
    var n = td.getAttribute("data-num");
    if (n !== null) { return {num: parseFloat(n)}; }
    var t = td.textContent.trim();
    return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t) ? {num: parseFloat(t)} : {text: t.toLowerCase()};
  }

  function compare(a, b) {
    if (a.num !== undefined && b.num !== undefined) { return a.num - b.num; }
    if (a.num !== undefined) { return -1; }
    if (b.num !== undefined) { return 1; }
    return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
  }

  function tableWidget(table, header, rows) {
    var tbody = rows.length ? rows[0].parentNode : table.appendChild(el("tbody"));
    var state = {page: 0, size: 50, col: -1, dir: 1};
    var bar = el("div", {className: "editor-bar pager"});
    var info = el("span", {className: "muted"});
    var prev = el("button", {type: "button"}, "◀ previous");
    var next = el("button", {type: "button"}, "next ▶");
    var size = el("select", {"aria-label": "rows per page"});
    PAGE_SIZES.forEach(function (s) {
      var o = el("option", {value: String(s)}, s + " rows a page");
      if (s === state.size) { o.selected = true; }
      size.appendChild(o);
    });
    bar.appendChild(prev); bar.appendChild(info); bar.appendChild(next); bar.appendChild(size);
    table.parentNode.insertBefore(bar, table.nextSibling);

    function show() {
      var pages = Math.max(1, Math.ceil(rows.length / state.size));
      state.page = Math.min(state.page, pages - 1);
      var lo = state.page * state.size, hi = Math.min(rows.length, lo + state.size);
      rows.forEach(function (tr, i) { tr.hidden = i < lo || i >= hi; });
      info.textContent = rows.length ? "rows " + (lo + 1) + "–" + hi + " of " + rows.length : "no rows";
      prev.disabled = state.page === 0;
      next.disabled = state.page >= pages - 1;
      bar.hidden = rows.length <= PAGE_SIZES[0];
    }
    prev.addEventListener("click", function () { state.page--; show(); });
    next.addEventListener("click", function () { state.page++; show(); });
    size.addEventListener("change", function () { state.size = parseInt(size.value, 10); state.page = 0; show(); });
    Array.prototype.forEach.call(header.cells, function (th, col) {
      th.title = "sort by this column";
      th.addEventListener("click", function () {
        state.dir = state.col === col ? -state.dir : 1;
        state.col = col;
        var keyed = rows.map(function (tr, i) { return {tr: tr, key: cellKey(tr.cells[col]), i: i}; });
        keyed.sort(function (a, b) { return state.dir * compare(a.key, b.key) || a.i - b.i; });
        rows = keyed.map(function (k) { return k.tr; });
        rows.forEach(function (tr) { tbody.appendChild(tr); });
        Array.prototype.forEach.call(header.cells, function (h) { h.classList.remove("sorted-asc", "sorted-desc"); });
        th.classList.add(state.dir > 0 ? "sorted-asc" : "sorted-desc");
        state.page = 0;
        show();
      });
    });
    show();
  }

  /* the server-rendered table: datatypes move to a tooltip, then sortable and paged */
  function enhanceServerTable(table) {
    table.querySelectorAll("span.dt").forEach(function (dt) {
      var td = dt.closest("td");
      if (td) { td.title = "datatype " + dt.textContent.replace(/^\s*\^\^/, ""); }
      dt.remove();
    });
    var all = Array.prototype.slice.call(table.rows);
    if (!all.length || !all[0].querySelector("th")) { return; }
    tableWidget(table, all[0], all.slice(1));
  }

  function termCell(t) {
    var td = el("td");
    if (!t) { return td; }
    if (t.type === "uri") {
      td.appendChild(el("a", {href: hrefFor(t.value), title: t.value}, shortIri(t.value)));
    } else if (t.type === "literal" || t.type === "typed-literal") {
      var lang = t["xml:lang"];
      var span = el("span", {className: "lit"}, t.value);
      if (lang) { span.setAttribute("lang", lang); }
      td.appendChild(span);
      if (lang) { td.appendChild(document.createTextNode(" ")); td.appendChild(el("span", {className: "lang"}, "@" + lang)); }
      if (t.datatype) {
        td.title = "datatype " + shortIri(t.datatype);
        if (NUMERIC.test(t.datatype) && !isNaN(parseFloat(t.value))) { td.setAttribute("data-num", t.value); td.className = "num"; }
      }
    } else if (t.type === "bnode") {
      td.appendChild(el("span", {className: "muted"}, "_:" + t.value));
    } else {
      td.textContent = JSON.stringify(t.value);
    }
    return td;
  }

  return {el: el, hrefFor: hrefFor, shortIri: shortIri, tableWidget: tableWidget,
          enhanceServerTable: enhanceServerTable, termCell: termCell};
};
