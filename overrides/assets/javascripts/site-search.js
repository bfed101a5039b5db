// Site search: Pagefind's index behind Material's search box (overrides/partials/search.html).
// Nothing search-related is downloaded until the first keystroke; then pagefind.js loads
// once and each query fetches only the index chunks its words need. Results use Material's
// own markup, so they look as Material's search did.
// One search runs at a time, for the text in the box once typing pauses (200 ms, so a
// quick typist's prefixes are not searched and their chunks not fetched): a search per
// keystroke queued every prefix (`c`, `cu`, `cud`, ...) in Pagefind's worker, each loading
// the index chunks of its prefix, and the last one waited for all of them (seconds at
// 10,000 skills).
(function () {
  "use strict";
  var root = document.querySelector(".md-search[data-pagefind-bundle]");
  if (!root) return;
  var input = root.querySelector(".md-search__input");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var toggle = document.getElementById("__search");
  var bundle = new URL(root.getAttribute("data-pagefind-bundle"), document.baseURI);
  var SHOWN = 10;
  var EXCERPT_WORDS = 30;
  var PAUSE_MS = 200;
  var texts = translations();
  var pagefind = null;
  var latest = 0;
  var pause = 0;
  var running = null;
  var waiting = null;

  function translations() {
    var config = document.getElementById("__config");
    try {
      return JSON.parse(config.textContent).translations || {};
    } catch (_) {
      return {};
    }
  }

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind.js", bundle).href).then(function (module) {
        // Result URLs are site-relative ("/skills/x/"): put them under the site's own path.
        // init() fetches Pagefind's wasm and index metadata while the user is still typing.
        return module
          .options({ baseUrl: new URL("..", bundle).pathname })
          .then(function () {
            return module.init();
          })
          .then(function () {
            return module;
          });
      });
    }
    return pagefind;
  }

  function count(n) {
    if (n === 0) return texts["search.result.none"] || "No matching documents";
    if (n === 1) return texts["search.result.one"] || "1 matching document";
    return (texts["search.result.other"] || "# matching documents").replace("#", String(n));
  }

  // Pagefind's excerpt is HTML with <mark> around the hits. Keep only the text and the marks:
  // parsed in an inert document, so nothing in it can run or load.
  function marked(html) {
    var parsed = new DOMParser().parseFromString(html, "text/html");
    var p = document.createElement("p");
    parsed.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  // A query found only in the hidden part runs (`weight_sync` of `vllm_skip_weight_sync`,
  // indexed at a weight below 1 by site_gen/search/site_index.py) would get its excerpt from
  // that list of runs: show the page's own words around the first word that holds it.
  function excerpt(data, query) {
    var hits = data.weighted_locations || [];
    var inText = hits.some(function (hit) {
      return hit.weight >= 1;
    });
    var words = (data.content || "").split(/\s+/);
    var needles = query.toLowerCase().split(/\s+/).filter(Boolean);
    var at = words.findIndex(function (word) {
      return needles.some(function (needle) {
        return word.toLowerCase().indexOf(needle) >= 0;
      });
    });
    if (inText || !hits.length || at < 0) return marked(data.excerpt || "");
    var p = document.createElement("p");
    var mark = document.createElement("mark");
    mark.textContent = words[at];
    var before = words.slice(Math.max(0, at - EXCERPT_WORDS / 2), at).join(" ");
    var after = words.slice(at + 1, at + EXCERPT_WORDS / 2).join(" ");
    p.append(before + " ", mark, " " + after);
    return p;
  }

  function item(data, query) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = data.url;
    a.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.append(icon, title, excerpt(data, query));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function search(query) {
    var ticket = ++latest;
    if (!query.trim()) {
      meta.textContent = texts["search.result.placeholder"] || "Type to start searching";
      list.replaceChildren();
      return Promise.resolve();
    }
    return load()
      .then(function (module) {
        return module.search(query);
      })
      .then(function (found) {
        if (ticket !== latest) return null;
        return Promise.all(
          found.results.slice(0, SHOWN).map(function (result) {
            return result.data();
          }),
        ).then(function (pages) {
          if (ticket !== latest) return;
          meta.textContent = count(found.results.length);
          root.setAttribute("data-query", query);
          list.replaceChildren.apply(
            list,
            pages.map(function (data) {
              return item(data, query);
            }),
          );
        });
      })
      .catch(function () {
        if (ticket === latest) meta.textContent = "Search is not available on this copy of the site.";
      });
  }

  // The newest text waits while a search runs, and runs when it ends: never a queue.
  function request(query) {
    waiting = query;
    if (running) return;
    var next = waiting;
    waiting = null;
    running = search(next).then(function () {
      running = null;
      if (waiting !== null && waiting !== next) request(waiting);
      else waiting = null;
    });
  }

  input.addEventListener("input", function () {
    if (input.value.trim()) load().catch(function () {}); // fetch Pagefind while typing
    clearTimeout(pause);
    pause = setTimeout(function () {
      request(input.value);
    }, PAUSE_MS);
  });
  root.querySelector("form").addEventListener("reset", function () {
    setTimeout(function () {
      clearTimeout(pause);
      request("");
      input.focus();
    });
  });
  root.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) input.focus();
    });
  }
  input.addEventListener("focus", function () {
    if (toggle) toggle.checked = true;
  });
  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (event.key === "Escape" && toggle && toggle.checked) {
      toggle.checked = false;
      input.blur();
    } else if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
      event.preventDefault();
      if (toggle) toggle.checked = true;
      input.focus();
    }
  });
})();
