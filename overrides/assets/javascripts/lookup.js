/* The /errors/ page: rank as the user types over the split error index, keep ?q= in the URL.
 * Ranking and tokens come from error-search.js (window.ErrorSearch), the twin of the CLI's;
 * each query fetches only the index files its tokens need (each file once per page view). */
(function () {
  "use strict";
  var MAX_URL_QUERY = 4000; // longer pastes still work, they are just not put in the address bar

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
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
      // Rendered from the fix's Markdown and sanitized (nh3) at build time: trusted HTML.
      var body = el("div", "error-lookup__fix-body"); body.innerHTML = r.doc.fix_html;
      f.appendChild(body);
      item.appendChild(f);
      list.appendChild(item);
    });
  }

  function loader(folder) {
    var files = {};
    return function (rel) {
      files[rel] = files[rel] || fetch(folder + rel).then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + r.statusText + " " + rel);
        return r.arrayBuffer();
      }).then(window.ErrorSearch.parseFile);
      return files[rel];
    };
  }

  function init() {
    var root = document.querySelector(".error-lookup");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var input = root.querySelector(".error-lookup__input");
    var status = root.querySelector(".error-lookup__status");
    var load = loader(root.dataset.index);
    var timer = null, latest = 0;
    function run() {
      var query = input.value, ticket = ++latest;
      if (query.trim()) status.textContent = "Searching\u2026"; // a big registry may take a while
      var ranked = query.trim() ? window.ErrorSearch.rankSharded(load, query, 5) : Promise.resolve([]);
      return ranked.then(function (results) {
        if (ticket !== latest) return;
        render(root, results, query);
        root.dataset.ranked = String(ticket);
        var url = new URL(window.location.href);
        if (query.trim() && query.length <= MAX_URL_QUERY) url.searchParams.set("q", query);
        else url.searchParams.delete("q");
        window.history.replaceState(window.history.state, "", url.toString());
      });
    }
    load("meta.json").then(function (meta) {
      root.dataset.loaded = String(meta.docs);
      var q = new URLSearchParams(window.location.search).get("q");
      if (q) input.value = q;
      var before = input.value;
      input.addEventListener("input", function () {
        clearTimeout(timer);
        // A paste (any change of more than one character at once) is ranked at once; typing
        // waits for a 60 ms pause, so the prefixes of a word are not ranked one by one.
        var pasted = Math.abs(input.value.length - before.length) > 1;
        before = input.value;
        if (pasted) run().catch(fail);
        else timer = setTimeout(function () { run().catch(fail); }, 60);
      });
      return run();
    }).catch(fail);
    function fail(err) {
      status.textContent = "Could not load the error index (" + err.message + ").";
    }
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
