// Run the JavaScript twin on JSON from stdin: {"texts": [...]} -> tokens/lines/terms per
// text, or {"index": {...}, "queries": [...], "limit": N} -> ranked results per query.
"use strict";
const path = require("path");
const fs = require("fs");
const ES = require(path.join(__dirname, "../../overrides/assets/javascripts/error-search.js"));
const input = JSON.parse(fs.readFileSync(0, "utf8"));
let out;
if (input.texts) {
  out = input.texts.map((text) => {
    const q = ES.queryTerms(text);
    const weights = {};
    Array.from(q.weights.keys()).sort().forEach((k) => { weights[k] = q.weights.get(k); });
    return {
      input: text,
      tokens: ES.tokens(text),
      lines: ES.lines(text).map((l) => [l.weight, l.tokens]),
      weights: weights,
      focus: Array.from(q.focus).sort(),
    };
  });
} else {
  out = input.queries.map((text) => ES.rank(input.index, text, input.limit).map((m) => ({
    url: m.doc.url, score: m.score, coverage: m.coverage, confident: m.confident,
  })));
}
process.stdout.write(JSON.stringify(out));
