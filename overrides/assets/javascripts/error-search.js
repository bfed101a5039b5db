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

  var VERSION = 2;
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
  var LEVEL_WORD = "(?!(?:INFO|WARNING|WARN|ERROR|DEBUG|CRITICAL|FATAL|TRACE|NOTICE|SUCCESS)\\b)";
  var CHANNEL_LABELS = [
    /^\d{1,5}: /,
    new RegExp("^" + LEVEL_WORD + "[A-Za-z0-9][\\w.\\-]{0,62} *\\| "),
  ];
  var MIN_LABELLED = 3;
  var TASK_FAILED = new RegExp(
    "^(?:srun: error: \\S+: tasks? [\\d,\\-]+: Exited with exit code \\d+" +
      "|srun: Terminating StepId=\\S+" +
      "|slurmstepd: error: \\*\\*\\* STEP \\S+ ON \\S+ CANCELLED AT \\S+ \\*\\*\\*" +
      "|[A-Za-z0-9][\\w.\\-]{0,62} exited with code \\d+)\\s*$"
  );
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

  function unlabelled(raw) {
    var enough = raw.some(function (line) { return TASK_FAILED.test(line); }) ? 1 : MIN_LABELLED;
    CHANNEL_LABELS.forEach(function (label) {
      var labelled = raw.filter(function (line) { return label.test(line); }).length;
      if (labelled >= enough) {
        raw = raw.map(function (line) {
          return TASK_FAILED.test(line) ? "" : line.replace(label, "");
        });
      }
    });
    return raw;
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
    unlabelled(clean(text).split(NEWLINE)).forEach(function (raw) {
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
  // Fetch the query's term shards: each term's df and, per bucket holding it, its largest
  // impact there. A bucket's upper bound is the sum over query terms of weight * max. Fetch
  // buckets by falling bound, score every document in them exactly (as rank() does, from
  // their full records), and stop once no bucket left can reach the 5th best score (and,
  // when the confidence rule needs it, the best score of another skill is settled).
  // Only the shown results' display records are fetched.
  // `load(path)` resolves to the parsed JSON of a file under assets/error-index/ (`parseFile`).
  var FIRST_BATCH = 2; // scoring files in the first round, and at least in each later one
  var MAX_BATCH = 16; // at most in one round: more would likely be read for nothing
  var SAFE = 1e-9; // relative slack so a bound computed in floats stays a bound

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
      shards[shard] = shards[shard] || load("terms/" + shard + meta.suffix);
      return shards[shard].then(function (found) { return has(found, term) ? found[term] : null; });
    }));
    return terms.map(function (term, i) {
      var entry = entries[i];
      var termIdf = idf(entry ? entry[0] : 0, meta.docs);
      return {
        term: term, idf: termIdf, weight: q.weights.get(term) * termIdf, focus: q.focus.has(term),
        id: entry ? entry[1] : null, maxima: entry ? entry.slice(2) : [[]],
      };
    });
  }

  function alphabetIndex(code) {
    // Position in bucket_maxima.ALPHABET: "#" (0x23) to "~", without "\\" (0x5c).
    return code - 0x23 - (code > 0x5c ? 1 : 0);
  }

  function termBounds(form, meta, each) {
    // Calls each(bucket, bound) for the stored maxima (site_gen/emit/bucket_maxima.py):
    // sparse [[gap, ceil(max * scale), ...]], dense [chars, lo, step], two chars a bucket,
    // or for a common term coarse [chars, lo, step, 1], one char a bucket.
    if (form.length === 1) {
      for (var i = 0, k = 0; i < form[0].length; i += 2) {
        k += form[0][i];
        each(k, form[0][i + 1] / meta.scale);
      }
      return;
    }
    var chars = form[0], lo = form[1], step = form[2];
    if (form.length === 4) {
      for (var c = 0; c < chars.length; c++) {
        var code = chars.charCodeAt(c);
        if (code !== 0x21) each(c, lo + alphabetIndex(code) * step); // "!": not in this bucket
      }
      return;
    }
    for (var b = 0; b < chars.length; b += 2) {
      var high = chars.charCodeAt(b), low = chars.charCodeAt(b + 1);
      if (high === 0x21) continue; // "!!": not in this bucket
      var level = 91 * alphabetIndex(high) + alphabetIndex(low);
      each(b / 2, lo + level * step);
    }
  }

  function bucketBounds(states, meta) {
    // Bucket -> upper bound of any of its documents' scores; buckets by falling bound.
    var bound = new Map();
    states.forEach(function (s) {
      termBounds(s.maxima, meta, function (k, max) {
        bound.set(k, (bound.get(k) || 0) + s.weight * max);
      });
    });
    var order = Array.from(bound.keys());
    order.sort(function (a, b) { return bound.get(b) - bound.get(a) || a - b; });
    return { order: order, bound: function (k) { return bound.get(k) * (1 + SAFE) + SAFE; } };
  }

  function scoreBucket(records, first, states, meta, out) {
    // Each record: [doc, length, attempt (0/1), skill, terms]; terms as one string
    // (site_gen/emit/bucket_records.py): base-45 digits, the last 45 characters of the
    // alphabet ending a number; term gap, tf * tf_scale, term gap, ... Read in one pass,
    // scoring the query's terms as they come: term numbers follow the terms' sorted order,
    // so the additions are rank()'s, in its order; the attempt prior last.
    var average = meta.average || 1.0;
    var byId = new Map();
    states.forEach(function (s) { if (s.id !== null) byId.set(s.id, s); });
    records.forEach(function (rec, i) {
      var text = rec[4], norm = K1 * (1 - B + B * rec[1] / average);
      var score = 0.0, matched = 0.0, value = 0, id = 0, isTf = false, s;
      for (var c = 0; c < text.length; c++) {
        var digit = alphabetIndex(text.charCodeAt(c));
        value = value * 45 + (digit % 45);
        if (digit < 45) continue;
        if (!isTf) {
          id += value;
          s = byId.get(id);
        } else if (s) {
          var tf = value / meta.tf_scale; // the same double as the CLI's tf
          score += s.weight * tf * (K1 + 1) / (tf + norm);
          if (s.focus) matched += s.idf;
        }
        isTf = !isTf;
        value = 0;
      }
      if (rec[2]) score *= ATTEMPT_PRIOR;
      if (score > 0) out.push({ d: rec[0], at: first + i, skill: rec[3], score: score, matched: matched });
    });
  }

  function settled(ranked, next, limit, focusTotal) {
    // True when no document in a bucket not read yet (all below `next`) can change the
    // results: neither enter the top `limit` nor change whether the first is confident.
    if (!ranked.length) return next <= 0;
    if (ranked.length >= limit ? next >= ranked[limit - 1].score : next > 0) return false;
    var top = ranked[0];
    var coverage = focusTotal ? top.matched / focusTotal : 0.0;
    if (coverage >= SURE_COVERAGE || coverage < MIN_COVERAGE) return true; // margin unused
    var rival = 0.0;
    for (var k = 0; k < ranked.length; k++) {
      if (ranked[k].skill !== top.skill) { rival = ranked[k].score; break; }
    }
    if (rival > next) return true; // the best of another skill is known
    // The margin is decided either way by what is known: the best rival lies in [rival, next].
    var low = (top.score - Math.max(rival, next)) / top.score >= MIN_MARGIN;
    var high = (top.score - rival) / top.score >= MIN_MARGIN;
    return low === high;
  }

  async function rankSharded(load, text, limit) {
    if (limit === undefined) limit = 5;
    var meta = await load("meta.json");
    var q = queryTerms(text);
    var states = await termStates(load, meta, q);
    var focusTotal = 0.0;
    states.forEach(function (s) { if (s.focus) focusTotal += s.idf; });
    var buckets = bucketBounds(states, meta);
    // A scoring file holds meta.group neighbouring buckets: reading it scores them all.
    var ranked = [], read = 0, scored = new Set(), perFile = meta.bucket * meta.group;
    var order = buckets.order;
    function byScore(a, b) { return b.score - a.score || a.d - b.d; }
    function skipScored() { while (read < order.length && scored.has(order[read])) read++; }
    for (;;) {
      skipScored();
      var next = read < order.length ? buckets.bound(order[read]) : 0;
      if (settled(ranked, next, limit, focusTotal)) break;
      // Every bucket left that can still reach the current 5th best score (theta only
      // rises), in at least FIRST_BATCH files: one round instead of one per bucket.
      var theta = ranked.length >= limit ? ranked[limit - 1].score : 0;
      var picked = [];
      while (read < order.length && (picked.length < FIRST_BATCH ||
             (picked.length < MAX_BATCH && buckets.bound(order[read]) >= theta && theta > 0))) {
        var file = Math.floor(order[read] / meta.group);
        picked.push(file);
        for (var k = file * meta.group; k < (file + 1) * meta.group; k++) scored.add(k);
        skipScored();
      }
      var files = await Promise.all(picked.map(function (f) { return load("buckets/" + f + meta.suffix); }));
      files.forEach(function (records, i) {
        scoreBucket(records, picked[i] * perFile, states, meta, ranked);
      });
      ranked.sort(byScore);
    }
    return finish(ranked, focusTotal, limit, load, meta);
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
      return load("docs/" + Math.floor(r.at / meta.chunk) + meta.suffix).then(function (chunk) {
        return displayRecord(chunk, r.at % meta.chunk);
      });
    }));
    return shown.map(function (r, place) {
      var coverage = focusTotal ? r.matched / focusTotal : 0.0;
      var sure = coverage >= SURE_COVERAGE || (coverage >= MIN_COVERAGE && margin >= MIN_MARGIN);
      return { doc: records[place], score: r.score, coverage: coverage, confident: place === 0 && sure };
    });
  }

  // The index's files but meta.json are stored gzip-compressed (error_shards.py): GitHub
  // Pages serves a .gz file as it is, without Content-Encoding, so the page inflates it, as
  // Pagefind does its own files. A server that does set Content-Encoding hands over the
  // JSON already inflated: the gzip magic number tells which.
  function parseFile(buffer) {
    var bytes = new Uint8Array(buffer);
    if (bytes.length > 1 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).json();
    }
    return Promise.resolve(JSON.parse(new TextDecoder().decode(bytes)));
  }

  function displayRecord(chunk, i) {
    // {strings, records: [[skill, entry, error, cause, fix_html, url, attempt], ...]}: texts
    // are indexes into the file's strings (error_shards._display_chunk).
    var rec = chunk.records[i], s = chunk.strings;
    return {
      skill: s[rec[0]], entry: s[rec[1]], error: s[rec[2]], cause: s[rec[3]],
      fix_html: s[rec[4]], url: s[rec[5]], kind: rec[6] ? "failed-attempt" : "entry",
    };
  }

  return {
    VERSION: VERSION,
    rank: rank,
    rankSharded: rankSharded,
    parseFile: parseFile,
    fnv1a: fnv1a,
    clean: clean,
    stripPrefixes: stripPrefixes,
    tokens: tokens,
    lines: lines,
    queryTerms: queryTerms,
  };
});
