/* Error lookup: the JavaScript twin of site_gen/search/tokenize.py and rank.py.
 * Same regular expressions, same weights, same scores: tests/vectors/tokenize.json and
 * tests/test_tokenize_parity.py run both. Change one side, change the other.
 * Loads in the page (window.ErrorSearch) and under node (module.exports). */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.ErrorSearch = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var VERSION = 1;
  var EXCEPTION = 3.0, ERRORISH = 2.0, PLAIN = 1.0, FRAME = 0.5, SKIP = 0.0;

  var STOPWORDS = new Set(
    ("a about after all also am an and any are as at be been before being but by can could " +
      "did do does doing for from had has have having he her here his how i if in into is it its " +
      "just me more most my no nor not of off on once only or other our out over own same she " +
      "should so some such than that the their them then there these they this those through to " +
      "too under until up very was we were what when where which while who why will with would " +
      "you your").split(" ")
  );

  var ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;
  var NOT_PRINTABLE = /[^\t\n\r\x20-\x7e]/g;
  var NEWLINE = /\r\n|\r|\n/;
  var EDGE_SPACE = /^[ \t]+|[ \t]+$/g;
  var PREFIXES = [
    /^\s*\[[^\]\n]{0,120}\]\s*:?\s*/,
    /^\s*\([^)\n]{0,80}pid=\d+[^)\n]{0,80}\)\s*/,
    /^\s*[IWEF]\d{4}\s+\d\d:\d\d:\d\d(?:\.\d+)?\s+\d+\s+[\w./\-]+:\d+\]\s*/,
    /^\s*\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+\-]\d\d:?\d\d)?)?\s*[|\-:]?\s*/,
    /^\s*\d\d:\d\d:\d\d(?:[.,]\d+)?\s*[|\-:]?\s*/,
    new RegExp(
      "^\\s*(?:INFO|WARNING|WARN|ERROR|DEBUG|CRITICAL|FATAL|TRACE|NOTICE)\\b" +
        "(?:\\s+\\d\\d-\\d\\d\\s+\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?\\s+[\\w./\\-]+:\\d+\\])?\\s*[:|\\-]?\\s*"
    ),
    /^\s*[\w./\-]+:\d+\]\s*/,
    /^\s*-\s+/,
  ];
  var ERROR_LEVEL = /^\s*(?:\[\s*)?(?:ERROR|CRITICAL|FATAL|E\d{4})\b/;
  var SKIP_LINE = new RegExp(
    "^\\s*(?:Traceback \\(most recent call last\\):|The above exception was the direct cause" +
      "|During handling of the above exception|\\^+\\s*$|~+\\s*$|-+\\s*$|=+\\s*$)"
  );
  var FRAME_RE = /^\s*(?:File "[^"]*", line \d+|at [\w$.<>]+ ?\(|#\d+\s+0x[0-9a-fA-F]+|frame #\d+:)/;
  var EXCEPTION_RE = new RegExp(
    "^\\s*(?:[A-Za-z_][\\w]*\\.)*_*[A-Z]\\w*(?:Error|Exception|Exit|Interrupt|Fault)" +
      "(?:\\s*:|\\s*$)" +
      "|\\bCUDA error\\b|\\bNCCL error\\b|\\bcuDNN error\\b|\\bSegmentation fault\\b" +
      "|\\bterminate called\\b|\\berror:\\s|^\\s*(?:FAILED|FATAL|panic:)"
  );
  var ERRORISH_TEXT = new RegExp(
    "error|exception|fail|fatal|timeout|timed out|out of memory|\\boom\\b|killed|abort" +
      "|segmentation|denied|refused|not found|cannot|can't|unable|invalid|unexpected" +
      "|\\bnan\\b|\\binf\\b|does not exist|no such|not supported|unsupported|mismatch",
    "i"
  );
  var REMOVE = new RegExp(
    "[a-zA-Z][a-zA-Z0-9+.\\-]*://[^\\s/\"'`]+" +
      "|\\b0x[0-9a-fA-F]+\\b" +
      "|\\b[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\\b" +
      "|\\b\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d+)?\\b" +
      "|\\b\\d{4}-\\d\\d-\\d\\d(?:[ T]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?)?\\b" +
      "|\\b\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?\\b",
    "g"
  );
  var CHUNK_SPLIT = /[\s"'`()\[\]{}<>,;=|!?*+^~@#$%&]+/;
  var PATH_SPLIT = /[/\\]+/;
  var PATH_LINE = /(?::\d+)+:?$/;
  var FILE_EXT = new RegExp(
    "\\.(?:py|pyc|pyx|so|cpp|cc|cu|cuh|c|h|hpp|js|ts|json|jsonl|yaml|yml|toml|txt|log|sh" +
      "|md|cfg|ini|whl|egg|o|a|ipynb|safetensors|bin|pt|pth|ckpt)$",
    "i"
  );
  var CODE_TOKEN = /[A-Za-z0-9_]+(?:(?:\.|-|::)[A-Za-z0-9_]+)*/g;
  var SEGMENT_SPLIT = /\.|-|::/;
  var ALPHA = /^[a-z]+$/;
  var CAMEL = /[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+|[A-Z]+/g;
  var NUMBERISH = new RegExp(
    "^\\d[\\d._\\-]*$|^\\d+(?:\\.\\d+)?(?:b|kb|mb|gb|tb|kib|mib|gib|tib|ms|us|ns|s|m|h|k|x)$" +
      "|^(?=[0-9a-f]*\\d)[0-9a-f]{8,}$"
  );
  var ID_WITH_NUMBER = new RegExp(
    "^(rank|pid|tid|gpu|node|worker|host|port|line|step|epoch|iter|device|cuda|proc|thread" +
      "|job|task|shard|layer|block|tp|dp|pp|ep)\\d+$"
  );

  function clean(text) {
    return text.replace(ANSI, "").replace(NOT_PRINTABLE, " ");
  }

  function stripPrefixes(line) {
    var text = line;
    for (var i = 0; i < 6; i++) {
      var before = text;
      for (var j = 0; j < PREFIXES.length; j++) text = text.replace(PREFIXES[j], "");
      if (text === before) break;
    }
    return text.replace(EDGE_SPACE, "");
  }

  function lineWeight(raw, stripped) {
    if (!stripped || SKIP_LINE.test(stripped)) return SKIP;
    if (FRAME_RE.test(stripped)) return FRAME;
    if (EXCEPTION_RE.test(stripped)) return EXCEPTION;
    if (ERROR_LEVEL.test(raw) || ERRORISH_TEXT.test(stripped)) return ERRORISH;
    return PLAIN;
  }

  function stem(token) {
    if (token.length > 3 && ALPHA.test(token) && token.charAt(token.length - 1) === "s" &&
        !/(ss|us|is)$/.test(token)) {
      return token.slice(0, -1);
    }
    return token;
  }

  function strip(token, ch) {
    var start = 0, end = token.length;
    while (start < end && token.charAt(start) === ch) start++;
    while (end > start && token.charAt(end - 1) === ch) end--;
    return token.slice(start, end);
  }

  function keep(token) {
    token = strip(token, "_").toLowerCase();
    var match = ID_WITH_NUMBER.exec(token);
    if (match) token = match[1];
    if (token.length < 2 || token.length > 64 || STOPWORDS.has(token) || NUMBERISH.test(token)) {
      return "";
    }
    return stem(token);
  }

  function codeTokens(word) {
    var out = [word.split("-").join("_").split("::").join(".")];
    var segments = word.split(SEGMENT_SPLIT).filter(Boolean);
    if (segments.length > 1) out.push.apply(out, segments);
    segments.forEach(function (segment) {
      var parts = [];
      segment.split("_").forEach(function (piece) {
        parts.push.apply(parts, piece.match(CAMEL) || []);
      });
      if (parts.length > 1 || (parts.length && parts[0] !== segment)) out.push.apply(out, parts);
    });
    return out;
  }

  function chunkOf(chunk) {
    if (chunk.indexOf("/") >= 0 || chunk.indexOf("\\") >= 0) {
      var names = chunk.split(PATH_SPLIT).filter(Boolean);
      chunk = names.length ? names[names.length - 1] : "";
    }
    return chunk.replace(PATH_LINE, "").replace(FILE_EXT, "");
  }

  function tokens(text) {
    var out = [];
    clean(text).replace(REMOVE, " ").split(CHUNK_SPLIT).forEach(function (chunk) {
      var words = chunkOf(chunk).match(CODE_TOKEN) || [];
      words.forEach(function (word) {
        codeTokens(word).forEach(function (token) {
          var kept = keep(token);
          if (kept) out.push(kept);
        });
      });
    });
    return out;
  }

  function lines(text) {
    var out = [];
    var afterFrame = false;
    clean(text).split(NEWLINE).forEach(function (raw) {
      var stripped = stripPrefixes(raw);
      var weight = lineWeight(raw, stripped);
      if (afterFrame && (weight === PLAIN || weight === ERRORISH) &&
          (raw.charAt(0) === " " || raw.charAt(0) === "\t")) {
        weight = FRAME;
      }
      afterFrame = weight === FRAME && FRAME_RE.test(stripped);
      var found = weight ? tokens(stripped) : [];
      if (found.length) out.push({ weight: weight, tokens: found });
    });
    return out;
  }

  function queryTerms(text) {
    var weights = new Map();
    lines(text).forEach(function (line) {
      line.tokens.forEach(function (token) {
        weights.set(token, Math.max(weights.get(token) || 0, line.weight));
      });
    });
    var top = 0;
    weights.forEach(function (w) { top = Math.max(top, w); });
    var focus = new Set();
    weights.forEach(function (w, t) { if (w >= top) focus.add(t); });
    return { weights: weights, focus: focus };
  }

  // Ranking: mirrors site_gen/search/rank.py (same constants, same order of additions).
  var K1 = 1.2, B = 0.5, MIN_COVERAGE = 0.5, MIN_MARGIN = 0.1, SURE_COVERAGE = 0.8;
  var ATTEMPT_PRIOR = 0.8;

  function idf(df, total) {
    return Math.log(1 + (total - df + 0.5) / (df + 0.5));
  }

  function rank(index, text, limit) {
    if (limit === undefined) limit = 5;
    var q = queryTerms(text);
    var docs = index.docs, lengths = index.lengths, postings = index.postings;
    var total = docs.length, average = index.average || 1.0;
    var scores = new Float64Array(total), matched = new Float64Array(total);
    var focusTotal = 0.0;
    var terms = Array.from(q.weights.keys()).sort();
    terms.forEach(function (term) {
      var plist = Object.prototype.hasOwnProperty.call(postings, term) ? postings[term] : [];
      var termIdf = idf(Math.floor(plist.length / 2), total);
      var inFocus = q.focus.has(term);
      if (inFocus) focusTotal += termIdf;
      var weight = q.weights.get(term) * termIdf;
      for (var i = 0; i < plist.length; i += 2) {
        var d = plist[i], tf = plist[i + 1];
        var norm = K1 * (1 - B + B * lengths[d] / average);
        scores[d] += weight * tf * (K1 + 1) / (tf + norm);
        if (inFocus) matched[d] += termIdf;
      }
    });
    for (var p = 0; p < total; p++) {
      if (docs[p].kind === "failed-attempt") scores[p] *= ATTEMPT_PRIOR;
    }
    var order = [];
    for (var d = 0; d < total; d++) if (scores[d] > 0) order.push(d);
    order.sort(function (a, b) { return scores[b] - scores[a] || a - b; });
    if (!order.length) return [];
    var top = order[0], rival = 0.0;
    for (var k = 0; k < order.length; k++) {
      if (docs[order[k]].skill !== docs[top].skill) { rival = scores[order[k]]; break; }
    }
    var margin = (scores[top] - rival) / scores[top];
    return order.slice(0, limit).map(function (d, place) {
      var coverage = focusTotal ? matched[d] / focusTotal : 0.0;
      var sure = coverage >= SURE_COVERAGE || (coverage >= MIN_COVERAGE && margin >= MIN_MARGIN);
      return { doc: docs[d], score: scores[d], coverage: coverage, confident: place === 0 && sure };
    });
  }

  // The sharded index (site_gen/emit/error_shards.py), ranked to the same scores as rank().
  // A threshold algorithm with random access: fetch the query's term shards (each holds the
  // term's highest impacts); read further impact-sorted blocks, several terms at a time, until
  // no document unseen so far can reach the `want` best lower bounds (theta) and few seen ones
  // can; then fetch the small scoring records of those few (every term of theirs, with tf) and
  // score them exactly, as rank() does. Only the shown results' display records are fetched.
  // `load(path)` resolves to the parsed JSON of a file under assets/error-index/.
  var EPS = 0.51e-4; // impacts are stored rounded to 4 decimals (off by at most 0.5e-4, plus float)
  var SLACK = 5; // documents ranked beyond `limit`, where the best of another skill usually is
  var CANDIDATES = 16; // per `want`: more possible top documents than this, read on instead
  var SPREAD = 0.5; // read the next block of every term whose frontier is this close to the largest

  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    }
    return h;
  }

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  async function termStates(load, meta, q) {
    var shards = {};
    var terms = Array.from(q.weights.keys()).sort();
    var entries = await Promise.all(terms.map(function (term) {
      var shard = fnv1a(term) % meta.shards;
      shards[shard] = shards[shard] || load("terms/" + shard + ".json");
      return shards[shard].then(function (found) { return has(found, term) ? found[term] : null; });
    }));
    return terms.map(function (term, i) {
      var entry = entries[i];
      var termIdf = idf(entry ? entry[0] : 0, meta.docs);
      return {
        term: term, idf: termIdf, weight: q.weights.get(term) * termIdf, focus: q.focus.has(term),
        id: entry ? entry[1] : null, fetched: entry ? 1 : 0, first: entry ? entry[2] : [],
        rest: entry ? entry[3] : [],
      };
    });
  }

  function frontier(state) {
    // The largest impact not fetched yet: 0 when every block is in or the term is not indexed.
    var next = state.fetched - 1;
    return next >= 0 && next < state.rest.length ? state.rest[next] + EPS : 0;
  }

  function kthLargest(values, k) {
    // The k-th largest of `values` (k >= 1), -Infinity when there are fewer: a small min-heap,
    // so a round costs O(n log k) rather than a sort of every document seen.
    if (values.length < k) return -Infinity;
    var heap = [];
    for (var i = 0; i < values.length; i++) {
      var v = values[i];
      if (heap.length < k) {
        heap.push(v);
        for (var c = heap.length - 1; c > 0;) {
          var p = (c - 1) >> 1;
          if (heap[p] <= heap[c]) break;
          var t = heap[p]; heap[p] = heap[c]; heap[c] = t; c = p;
        }
      } else if (v > heap[0]) {
        heap[0] = v;
        for (var j = 0; ;) {
          var l = 2 * j + 1, r = l + 1, m = j;
          if (l < k && heap[l] < heap[m]) m = l;
          if (r < k && heap[r] < heap[m]) m = r;
          if (m === j) break;
          var u = heap[m]; heap[m] = heap[j]; heap[j] = u; j = m;
        }
      }
    }
    return heap[0];
  }

  async function rankSharded(load, text, limit) {
    if (limit === undefined) limit = 5;
    var meta = await load("meta.json");
    var q = queryTerms(text);
    var states = await termStates(load, meta, q);
    var focusTotal = 0.0;
    states.forEach(function (s) { if (s.focus) focusTotal += s.idf; });
    // Per document seen (parallel arrays): its number, the sum of weight * impact, the rounding
    // slack of that sum, and the terms whose postings it was seen in.
    var slot = new Map(), ids = [], sums = [], slacks = [], seenIn = [];
    function absorb(t, flat) {
      var w = states[t].weight;
      for (var i = 0; i < flat.length; i += 2) {
        var d = flat[i], n = slot.get(d);
        if (n === undefined) {
          n = ids.length; slot.set(d, n); ids.push(d); sums.push(0); slacks.push(0);
          seenIn.push(new Set());
        }
        sums[n] += w * flat[i + 1];
        slacks[n] += w * EPS;
        seenIn[n].add(t);
      }
    }
    states.forEach(function (s, t) { absorb(t, s.first); });
    var scoring = {};
    var want = limit + SLACK;
    for (;;) {
      var edges = states.map(function (s) { return s.weight * frontier(s); });
      var unseen = edges.reduce(function (a, b) { return a + b; }, 0);
      var lowers = new Float64Array(ids.length);
      for (var n = 0; n < ids.length; n++) lowers[n] = sums[n] - slacks[n];
      var theta = kthLargest(lowers, want);
      var candidates = [];
      if (!(unseen > 0 && unseen >= theta)) {
        // No document outside those seen can reach theta: the top `want` are among the seen
        // documents whose upper bound reaches it.
        for (var c = 0; c < ids.length; c++) {
          var upper = sums[c] + slacks[c];
          for (var e = 0; e < edges.length && upper < theta; e++) {
            if (edges[e] && !seenIn[c].has(e)) upper += edges[e];
          }
          if (upper >= theta) candidates.push(ids[c]);
        }
      }
      if (unseen > 0 && (unseen >= theta || candidates.length > CANDIDATES * want)) {
        // Not settled: the next block of each term that could still add (nearly) most.
        var most = Math.max.apply(null, edges);
        var picked = [];
        edges.forEach(function (edge, t) { if (edge > 0 && edge >= SPREAD * most) picked.push(t); });
        var blocks = await Promise.all(picked.map(function (t) {
          return load("postings/" + states[t].id + "-" + states[t].fetched + ".json");
        }));
        picked.forEach(function (t, i) { absorb(t, blocks[i]); states[t].fetched += 1; });
        continue;
      }
      var ranked = await exactScores(load, meta, states, candidates, scoring);
      // Every document that could reach the top `want` was scored, so the first `want` here are
      // the true top; all of them when every matching document was scored.
      var complete = unseen === 0 && candidates.length === ids.length;
      var exact = complete ? ranked : ranked.slice(0, want);
      var rival = exact.some(function (r) { return r.skill !== exact[0].skill; });
      if (exact.length && !rival && !complete) {
        want *= 2; // the best document of another skill lies further down
        continue;
      }
      return finish(exact, focusTotal, limit, load, meta);
    }
  }

  async function exactScores(load, meta, states, docs, scoring) {
    // Each document's record: [length, attempt (0/1), skill, term number, tf, ...].
    var average = meta.average || 1.0;
    var out = await Promise.all(docs.map(function (d) {
      var c = Math.floor(d / meta.score_chunk);
      scoring[c] = scoring[c] || load("scores/" + c + ".json");
      return scoring[c].then(function (chunk) {
        var rec = chunk[d % meta.score_chunk];
        var tfs = new Map();
        for (var i = 3; i < rec.length; i += 2) tfs.set(rec[i], rec[i + 1]);
        var score = 0.0, matched = 0.0;
        states.forEach(function (s) {
          if (s.id === null || !tfs.has(s.id)) return;
          var tf = tfs.get(s.id);
          var norm = K1 * (1 - B + B * rec[0] / average);
          score += s.weight * tf * (K1 + 1) / (tf + norm);
          if (s.focus) matched += s.idf;
        });
        if (rec[1]) score *= ATTEMPT_PRIOR;
        return { d: d, skill: rec[2], score: score, matched: matched };
      });
    }));
    return out.sort(function (a, b) { return b.score - a.score || a.d - b.d; });
  }

  async function finish(ranked, focusTotal, limit, load, meta) {
    if (!ranked.length) return [];
    var top = ranked[0], rival = 0.0;
    for (var k = 0; k < ranked.length; k++) {
      if (ranked[k].skill !== top.skill) { rival = ranked[k].score; break; }
    }
    var margin = (top.score - rival) / top.score;
    var shown = ranked.slice(0, limit);
    var records = await Promise.all(shown.map(function (r) {
      return load("docs/" + Math.floor(r.d / meta.chunk) + ".json").then(function (chunk) {
        return chunk[r.d % meta.chunk];
      });
    }));
    return shown.map(function (r, place) {
      var coverage = focusTotal ? r.matched / focusTotal : 0.0;
      var sure = coverage >= SURE_COVERAGE || (coverage >= MIN_COVERAGE && margin >= MIN_MARGIN);
      return { doc: records[place], score: r.score, coverage: coverage, confident: place === 0 && sure };
    });
  }

  return {
    VERSION: VERSION,
    rank: rank,
    rankSharded: rankSharded,
    fnv1a: fnv1a,
    clean: clean,
    stripPrefixes: stripPrefixes,
    tokens: tokens,
    lines: lines,
    queryTerms: queryTerms,
  };
});
