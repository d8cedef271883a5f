/* napkg: the query editor, a layer over the plain form of /sparql (which works without this file).
 *
 * - CodeMirror 5 (vendored) with its SPARQL mode; napkg's PREFIX lines folded out of sight (a click unfolds);
 * - autocompletion of napkg's classes and properties (Ctrl-Space, or as you type after "prefix:");
 * - results as a sortable, paged table (static/results.js); IRIs link to their pages, typed literals as values;
 * - downloads as CSV, TSV and JSON; a link that reopens the query (and the example's parameters);
 * - each example query with parameters gets a form, with a picker of plans or bodies.
 * The configuration (prefixes, terms, examples) comes as JSON in <meta name="napkg-editor">. */
(function () {
  "use strict";
  var config, cm, form, results, R, el, tableWidget, enhanceServerTable, termCell;

  /* ------------------------------------------------------------ the editor */

  function prefixBlock(doc) {
    var first = -1, last = -1;
    for (var i = 0; i < doc.lineCount(); i++) {
      var line = doc.getLine(i).trim();
      if (/^(PREFIX|BASE)\b/i.test(line)) {
        if (first < 0) { first = i; }
        last = i;
      } else if (line && line.charAt(0) !== "#") {
        break;
      }
    }
    return first >= 0 && last > first ? {first: first, last: last} : null;
  }

  function foldPrefixes() {
    var block = prefixBlock(cm);
    if (!block) { return; }
    var n = 0;
    for (var i = block.first; i <= block.last; i++) { if (/^\s*PREFIX\b/i.test(cm.getLine(i))) { n++; } }
    var widget = el("span", {className: "CodeMirror-foldmarker", title: "click to show the PREFIX lines"},
                    "PREFIX … (" + n + " prefixes; click to show)");
    cm.foldCode(CodeMirror.Pos(block.first, 0), {
      rangeFinder: function () {
        return {from: CodeMirror.Pos(block.first, 0), to: CodeMirror.Pos(block.last, cm.getLine(block.last).length)};
      },
      widget: widget, scanUp: false
    }, "fold");
  }

  function hint(editor) {
    var cur = editor.getCursor();
    var line = editor.getLine(cur.line).slice(0, cur.ch);
    var m = /([A-Za-z][\w-]*:)?([\w-]*)$/.exec(line);
    if (!m || (!m[1] && !m[2])) { return null; }
    var typed = (m[1] || "") + m[2];
    var local = m[2].toLowerCase();
    var list = config.terms.filter(function (t) {
      if (m[1]) { return t.term.indexOf(m[1]) === 0 && t.term.slice(m[1].length).toLowerCase().indexOf(local) === 0; }
      return t.term.split(":")[1].toLowerCase().indexOf(local) === 0;
    }).slice(0, 60).map(function (t) {
      return {text: t.term, displayText: t.term + (t.label ? "  — " + t.label : "") + (t.kind === "class" ? "  (class)" : "")};
    });
    return {list: list, from: CodeMirror.Pos(cur.line, cur.ch - typed.length), to: cur};
  }

  function setQuery(text) {
    cm.setValue(text);
    foldPrefixes();
  }

  function downloads(bar, urlFor) {
    [["CSV", "csv", "text/csv"], ["TSV", "tsv", "tsv"], ["JSON", "json", "json"]].forEach(function (f) {
      var a = el("a", {href: urlFor(f[1]), download: "napkg-results." + f[1], className: "download-" + f[1]}, f[0]);
      bar.appendChild(a);
    });
  }

  function showResults(body, how) {
    results.textContent = "";
    results.appendChild(el("h2", {}, "Result"));
    if (body.boolean !== undefined) {
      results.appendChild(el("p", {}, body.boolean ? "yes (true)" : "no (false)"));
      return;
    }
    var vars = body.head.vars, rows = body.results.bindings;
    var bar = el("div", {className: "editor-bar"});
    bar.appendChild(el("span", {}, rows.length + (rows.length === 1 ? " row." : " rows.") + " Download:"));
    downloads(bar, how.download);
    bar.appendChild(el("a", {href: how.share, className: "share", rel: "bookmark"}, "link to this query"));
    results.appendChild(bar);
    if (how.note) { results.appendChild(el("p", {className: "muted"}, how.note)); }
    if (how.truncated) {
      results.appendChild(el("p", {className: "note"}, "The result was cut at the row limit: add LIMIT/OFFSET to page through it."));
    }
    var table = el("table", {className: "results"});
    var head = el("tr");
    vars.forEach(function (v) { head.appendChild(el("th", {}, v)); });
    table.appendChild(el("thead")).appendChild(head);
    var tbody = table.appendChild(el("tbody"));
    var trs = rows.map(function (b) {
      var tr = el("tr");
      vars.forEach(function (v) { tr.appendChild(termCell(b[v])); });
      tbody.appendChild(tr);
      return tr;
    });
    results.appendChild(table);
    tableWidget(table, head, trs);
  }

  function showError(title, detail) {
    results.textContent = "";
    results.appendChild(el("h2", {}, title));
    results.appendChild(el("p", {className: "error"}, detail));
  }

  function fetchResults(url, options, how) {
    results.setAttribute("aria-busy", "true");
    results.removeAttribute("data-shown");
    return fetch(url, options).then(function (r) {
      var truncated = r.headers.get("X-Napkg-Truncated") === "true";
      return r.json().then(function (body) {
        results.removeAttribute("aria-busy");
        if (!r.ok || body.ok === false) {
          var e = body.error || {};
          showError(e.title || ("Error " + r.status), e.detail || "the query failed");
          results.setAttribute("data-shown", "error");
          return;
        }
        how.truncated = truncated;
        showResults(body, how);
        results.setAttribute("data-shown", how.name || "query");
      });
    }).catch(function (e) {
      results.removeAttribute("aria-busy");
      showError("The query could not be run", String(e));
    });
  }

  /* napkg's prefixes are pre-declared by the server: a link leaves out the lines that declare them as it does */
  function withoutDeclaredPrefixes(query) {
    var p = config.prefixes;
    return query.split("\n").filter(function (line) {
      var m = /^\s*PREFIX\s+([\w-]*):\s*<([^>]*)>\s*$/i.exec(line);
      return !(m && p[m[1]] === m[2]);
    }).join("\n").replace(/^\s*\n/, "");
  }

  function queryUrl(query, fmt) {
    var u = config.endpoint + "?query=" + encodeURIComponent(withoutDeclaredPrefixes(query));
    var limit = form.querySelector("input[name=time_limit_ms]");
    if (limit && limit.value) { u += "&time_limit_ms=" + encodeURIComponent(limit.value); }
    return fmt ? u + "&format=" + fmt : u;
  }

  function isGraphQuery(q) {
    var body = q.replace(/#[^\n]*/g, "").replace(/^\s*((PREFIX|BASE)\s+[^<]*<[^>]*>\s*)*/i, "");
    return /^\s*(CONSTRUCT|DESCRIBE)\b/i.test(body);
  }

  function run(ev) {
    var fmt = form.querySelector("select[name=format]");
    cm.save();
    var q = cm.getValue();
    if ((fmt && fmt.value !== "html") || isGraphQuery(q) || !q.trim()) { return; } /* the plain form does it */
    if (ev) { ev.preventDefault(); }
    history.replaceState(null, "", queryUrl(q));
    var data = new URLSearchParams();
    data.set("query", q);
    var limit = form.querySelector("input[name=time_limit_ms]");
    if (limit && limit.value) { data.set("time_limit_ms", limit.value); }
    fetchResults(config.endpoint, {method: "POST", body: data, headers: {Accept: "application/sparql-results+json"}},
                 {download: function (f) { return queryUrl(q, f); }, share: queryUrl(q)});
  }

  /* ------------------------------------------------------------ example queries with parameters */

  var pickerLists = {};

  function pickerItems(spec) {
    if (spec.url) {
      return fetch(spec.url, {headers: {Accept: "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (body) { return body.data || []; });
    }
    var data = new URLSearchParams();
    data.set("query", spec.query);
    return fetch(config.endpoint, {method: "POST", body: data, headers: {Accept: "application/sparql-results+json"}})
      .then(function (r) { return r.json(); })
      .then(function (body) {
        return ((body.results && body.results.bindings) || []).map(function (b) {
          return {iri: b.iri.value, label: b.label ? b.label.value : ""};
        });
      });
  }

  function pickerList(param) {
    var spec = config.pickers[param];
    if (!spec) { return null; }
    var id = "pick-" + param;
    if (!pickerLists[param]) {
      var list = el("datalist", {id: id});
      document.body.appendChild(list);
      pickerLists[param] = list;
      pickerItems(spec).then(function (items) {
        items.forEach(function (item) {
          list.appendChild(el("option", {value: item.iri, label: item.label || item.id || item.iri}));
        });
        list.setAttribute("data-loaded", String(items.length));
      });
    }
    return id;
  }

  function exampleUrl(ex, values, fmt) {
    var parts = Object.keys(values).filter(function (k) { return values[k]; }).map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(values[k]);
    });
    if (fmt) { parts.push("format=" + fmt); }
    return ex.api + (parts.length ? "?" + parts.join("&") : "");
  }

  function shareExample(ex, values) {
    var parts = ["example=" + encodeURIComponent(ex.name)];
    Object.keys(values).forEach(function (k) {
      if (values[k]) { parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(values[k])); }
    });
    return config.endpoint + "#" + parts.join("&");
  }

  function runExample(ex, values) {
    setQuery(ex.text);
    var bound = Object.keys(values).filter(function (k) { return values[k]; }).map(function (k) {
      return "?" + k + " = <" + values[k] + ">";
    });
    var share = shareExample(ex, values);
    history.replaceState(null, "", share);
    fetchResults(exampleUrl(ex, values), {headers: {Accept: "application/sparql-results+json"}},
                 {download: function (f) { return exampleUrl(ex, values, f); }, share: share, name: ex.name,
                  note: ex.title + (bound.length ? "; bound: " + bound.join(", ") : "; no parameter bound (every value)")});
  }

  function exampleForms() {
    var withParams = config.examples.filter(function (ex) { return Object.keys(ex.params).length; });
    if (!withParams.length) { return null; }
    var box = el("section", {className: "param-forms"});
    box.appendChild(el("h2", {}, "Example queries with parameters"));
    box.appendChild(el("p", {className: "muted"}, "Pick a value and run: it is bound to the query's variable as an IRI, never pasted into the text."));
    withParams.forEach(function (ex) {
      var f = el("form", {"data-example": ex.name});
      f.appendChild(el("strong", {}, ex.title || ex.name));
      f.appendChild(el("span", {className: "muted"}, " (" + ex.name + ")"));
      Object.keys(ex.params).forEach(function (p) {
        var label = el("label", {}, " ?" + p + " ");
        var input = el("input", {type: "text", name: p, placeholder: ex.params[p], title: ex.params[p]});
        var list = pickerList(p);
        if (list) { input.setAttribute("list", list); }
        label.appendChild(input);
        f.appendChild(el("br"));
        f.appendChild(label);
      });
      var go = el("button", {type: "submit"}, "Run");
      f.appendChild(document.createTextNode(" "));
      f.appendChild(go);
      f.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var values = {};
        Object.keys(ex.params).forEach(function (p) { values[p] = f.elements[p].value.trim(); });
        runExample(ex, values);
      });
      box.appendChild(f);
    });
    return box;
  }

  function openFromHash() {
    if (!location.hash || location.hash.indexOf("example=") < 0) { return; }
    var params = new URLSearchParams(location.hash.slice(1));
    var ex = config.examples.filter(function (e) { return e.name === params.get("example"); })[0];
    if (!ex) { return; }
    var values = {};
    Object.keys(ex.params).forEach(function (p) { values[p] = params.get(p) || ""; });
    var f = document.querySelector('form[data-example="' + ex.name + '"]');
    if (f) { Object.keys(values).forEach(function (p) { f.elements[p].value = values[p]; }); }
    runExample(ex, values);
  }

  /* ------------------------------------------------------------ start */

  function start() {
    var meta = document.querySelector('meta[name="napkg-editor"]');
    var ta = document.querySelector("main form textarea[name=query]");
    if (!meta || !ta || typeof CodeMirror !== "function" || typeof window.napkgResults !== "function") { return; }
    config = JSON.parse(meta.getAttribute("content"));
    R = window.napkgResults(config);
    el = R.el; tableWidget = R.tableWidget; enhanceServerTable = R.enhanceServerTable; termCell = R.termCell;
    form = ta.form;
    cm = CodeMirror.fromTextArea(ta, {
      mode: "application/sparql-query", lineNumbers: true, viewportMargin: Infinity, indentUnit: 2,
      extraKeys: {"Ctrl-Space": "autocomplete", "Ctrl-Enter": function () { run(); }, "Cmd-Enter": function () { run(); }},
      hintOptions: {hint: hint, completeSingle: false}
    });
    cm.on("inputRead", function (editor, change) {
      if (change.origin === "+input" && /[\w:]/.test(change.text[0].slice(-1)) &&
          /[A-Za-z][\w-]*:[\w-]*$/.test(editor.getLine(editor.getCursor().line).slice(0, editor.getCursor().ch))) {
        editor.showHint({hint: hint, completeSingle: false});
      }
    });
    foldPrefixes();
    /* the server's own result or error (if any) moves into the results area the script fills */
    results = el("div", {className: "editor-results", id: "editor-results"});
    var node = form.nextElementSibling;
    var moved = [];
    while (node && !(node.tagName === "H2" && /Example queries/.test(node.textContent))) {
      moved.push(node);
      node = node.nextElementSibling;
    }
    form.parentNode.insertBefore(results, form.nextSibling);
    moved.forEach(function (n) { results.appendChild(n); });
    var served = results.querySelector("table");
    if (served) {
      enhanceServerTable(served);
      var q = cm.getValue();
      var bar = el("div", {className: "editor-bar"});
      bar.appendChild(el("span", {}, "Download:"));
      downloads(bar, function (f) { return queryUrl(q, f); });
      bar.appendChild(el("a", {href: queryUrl(q), className: "share", rel: "bookmark"}, "link to this query"));
      results.insertBefore(bar, served);
    }
    var examples = exampleForms();
    if (examples) { form.parentNode.insertBefore(examples, results.nextSibling); }
    form.addEventListener("submit", run);
    openFromHash();
    window.addEventListener("hashchange", openFromHash);
    document.documentElement.setAttribute("data-editor", "ready");
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
