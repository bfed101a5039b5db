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
  var common = new Map();
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

  // pagefind/site-search.json (site_gen/search/bundles.py): the index's other bundles, merged
  // into this one so a search returns one list ranked by score, and the common words.
  function load() {
    if (!pagefind) {
      var manifest = fetch(new URL("site-search.json", bundle).href)
        .then(function (response) {
          return response.ok ? response.json() : {};
        })
        .catch(function () {
          return {};
        });
      pagefind = Promise.all([import(new URL("pagefind.js", bundle).href), manifest]).then(
        function (loaded) {
          var module = loaded[0];
          var baseUrl = new URL("..", bundle).pathname;
          common = commonWords(loaded[1].common);
          // Result URLs are site-relative ("/skills/x/"): put them under the site's own path.
          // init() fetches Pagefind's wasm and index metadata while the user is still typing.
          return module
            .options({ baseUrl: baseUrl })
            .then(function () {
              return module.init();
            })
            .then(function () {
              return Promise.all(
                (loaded[1].bundles || []).map(function (part) {
                  return module.mergeIndex(new URL(part, bundle).pathname, { baseUrl: baseUrl });
                }),
              );
            })
            .then(function () {
              return module;
            });
        },
      );
    }
    return pagefind;
  }

  function commonWords(shares) {
    var words = new Map();
    Object.keys(shares || {}).forEach(function (word) {
      if (typeof shares[word] === "number") words.set(word, shares[word]);
    });
    return words;
  }

  // Words on most pages cost Pagefind their postings on every page (at 10,000 skills, index
  // chunks of 200 KB and more each) and narrow the results by nothing: a query that has
  // rarer words is searched without them; one made only of common words keeps its rarest.
  // Only plain words are on the list, so code-like tokens are always searched as typed.
  function searchable(query) {
    var words = query.trim().split(/\s+/);
    if (query.indexOf('"') >= 0 || words.length < 2) return query;
    var rare = words.filter(function (word) {
      return !common.has(word.toLowerCase());
    });
    if (rare.length) return rare.join(" ");
    return words.reduce(function (best, word) {
      return common.get(word.toLowerCase()) < common.get(best.toLowerCase()) ? word : best;
    });
  }

  // A bundle that lacks a word answers it with the longest word it has that begins it
  // (Pagefind's fallback: `vllm` for `vllm_skip_weight_sync`), and those pages, found by
  // their titles, outscore the page that holds the whole word in another bundle. So the
  // pages that hold every word (Pagefind's quoted search of each word: stems, no prefixes,
  // no fallback; its index chunks are loaded already) come first, each part in score order.
  // For code-like tokens they are the answer: the others only share a prefix of the token
  // (every inner run of a code word is indexed, so `weight_sync` is whole in `x_weight_sync`).
  function exactFirst(module, terms, results) {
    var words = terms.trim().split(/\s+/);
    if (!results.length || terms.indexOf('"') >= 0) return Promise.resolve(results);
    return Promise.all(
      words.map(function (word) {
        return module.search('"' + word + '"');
      }),
    ).then(function (exact) {
      var holders = exact.map(function (found) {
        return new Set(
          found.results.map(function (result) {
            return result.id;
          }),
        );
      });
      var first = [];
      var rest = [];
      results.forEach(function (result) {
        var whole = holders.every(function (ids) {
          return ids.has(result.id);
        });
        (whole ? first : rest).push(result);
      });
      return first.length && words.every(isCode) ? first : first.concat(rest);
    });
  }

  function isCode(word) {
    return /[_.:\d]|[a-z][A-Z]/.test(word);
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
    var terms = query;
    if (!query.trim()) {
      meta.textContent = texts["search.result.placeholder"] || "Type to start searching";
      list.replaceChildren();
      return Promise.resolve();
    }
    var total = 0;
    return load()
      .then(function (module) {
        terms = searchable(query);
        return module.search(terms).then(function (found) {
          return exactFirst(module, terms, found.results);
        });
      })
      .then(function (results) {
        if (ticket !== latest) return null;
        total = results.length;
        return Promise.all(
          results.slice(0, SHOWN).map(function (result) {
            return result.data();
          }),
        ).then(function (pages) {
          if (ticket !== latest) return;
          meta.textContent = count(total);
          root.setAttribute("data-query", query);
          root.setAttribute("data-terms", terms); // what Pagefind searched (see searchable)
          list.replaceChildren.apply(
            list,
            pages.map(function (data) {
              return item(data, terms);
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
