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
} else if (input.site) {
  // {"site": folder, "queries": [...], "limit": N}: the sharded page ranking over the index
  // files written under the site folder (read and inflated as the page does: parseFile),
  // with the files each query loaded.
  const folder = path.join(input.site, "assets/error-index");
  const ranked = input.queries.map(async (text) => {
    const loaded = [];
    const load = async (rel) => {
      loaded.push(rel);
      const bytes = fs.readFileSync(path.join(folder, rel));
      return ES.parseFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    };
    const results = await ES.rankSharded(load, text, input.limit);
    return {
      results: results.map((m) => ({
        url: m.doc.url, score: m.score, coverage: m.coverage, confident: m.confident,
      })),
      shown: results.map((m) => [m.doc.skill, m.doc.entry, m.doc.error, m.doc.cause, m.doc.kind]),
      loaded: loaded,
    };
  });
  Promise.all(ranked).then((all) => process.stdout.write(JSON.stringify(all)));
  return;
} else {
  out = input.queries.map((text) => ES.rank(input.index, text, input.limit).map((m) => ({
    url: m.doc.url, score: m.score, coverage: m.coverage, confident: m.confident,
  })));
}
process.stdout.write(JSON.stringify(out));
