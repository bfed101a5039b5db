/* The /errors/ page: fetch the error index once, rank as the user types, keep ?q= in the URL.
 * Ranking and tokens come from error-search.js (window.ErrorSearch), the twin of the CLI's. */
(function () {
  "use strict";
  var MAX_URL_QUERY = 4000; // longer pastes still work, they are just not put in the address bar
  var indexPromise = null;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fixNodes(markdown) {
    // The fix is Markdown: show fenced code as <pre>, the rest as text (never as HTML).
    var out = [], parts = markdown.split(/^```[^\n]*\n?/m);
    parts.forEach(function (part, i) {
      if (!part.trim()) return;
      if (i % 2) { var pre = el("pre"); pre.appendChild(el("code", "", part.replace(/\n$/, ""))); out.push(pre); }
      else out.push(inlineCode(el("p"), part.trim()));
    });
    return out;
  }

  function inlineCode(node, text) {
    // `code` spans as <code>, everything else as text.
    text.split(/`([^`]+)`/).forEach(function (piece, i) {
      node.appendChild(i % 2 ? el("code", "", piece) : document.createTextNode(piece));
    });
    return node;
  }

  function render(root, results, query) {
    var status = root.querySelector(".error-lookup__status");
    var list = root.querySelector(".error-lookup__results");
    list.textContent = "";
    if (!query.trim()) { status.textContent = "Results appear as you type."; return; }
    var confident = results.length && results[0].confident;
    status.textContent = "";
    if (!confident) {
      status.appendChild(document.createTextNode(
        results.length ? "No confident match. Closest entries below; if none fits, " : "No match. "));
      var link = el("a", "", "write the fix down with /retrospective when you find it");
      link.href = root.dataset.contributing;
      status.appendChild(link);
      status.appendChild(document.createTextNode("."));
    }
    results.forEach(function (r) {
      var item = el("li", "error-lookup__result md-typeset");
      var head = el("p");
      var a = el("a", "error-lookup__entry", r.doc.entry);
      a.href = root.dataset.base.replace(/\/?$/, "/") + r.doc.url;
      var strong = el("strong"); strong.appendChild(a); head.appendChild(strong);
      head.appendChild(el("span", "error-lookup__skill", r.doc.skill));
      if (r.confident) head.appendChild(el("span", "error-lookup__badge", "confident match"));
      item.appendChild(head);
      var pre = el("pre"); pre.appendChild(el("code", "", r.doc.error)); item.appendChild(pre);
      if (r.doc.cause) { var c = el("p"); c.appendChild(el("strong", "", "Cause: ")); c.appendChild(document.createTextNode(r.doc.cause)); item.appendChild(c); }
      var f = el("div", "error-lookup__fix"); f.appendChild(el("strong", "", "Fix:"));
      fixNodes(r.doc.fix).forEach(function (n) { f.appendChild(n); });
      item.appendChild(f);
      list.appendChild(item);
    });
  }

  function init() {
    var root = document.querySelector(".error-lookup");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var input = root.querySelector(".error-lookup__input");
    var status = root.querySelector(".error-lookup__status");
    indexPromise = indexPromise || fetch(root.dataset.index).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + r.statusText);
      return r.json();
    });
    var timer = null;
    function run(index) {
      var query = input.value;
      render(root, query.trim() ? window.ErrorSearch.rank(index, query, 5) : [], query);
      var url = new URL(window.location.href);
      if (query.trim() && query.length <= MAX_URL_QUERY) url.searchParams.set("q", query);
      else url.searchParams.delete("q");
      window.history.replaceState(window.history.state, "", url.toString());
    }
    indexPromise.then(function (index) {
      root.dataset.loaded = String(index.docs.length);
      var q = window.__errorLookupQuery || new URLSearchParams(window.location.search).get("q");
      window.__errorLookupQuery = null;
      if (q) input.value = q;
      run(index);
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { run(index); }, 60);
      });
    }).catch(function (err) {
      status.textContent = "Could not load the error index (" + err.message + ").";
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
