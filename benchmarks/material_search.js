// Baseline for benchmarks/lookup_eval.py: Material's search over the built site's
// search/search_index.json with lunr.js (the copy inside the mkdocs package).
// Usage: node material_search.js LUNR_JS SEARCH_INDEX_JSON < queries.json > locations.json
// Index set-up as Material's search worker: fields title (boost 1000) and text, ref
// location, the site's configured separator. Queries: the paste split by the same
// separator, each piece one term clause (lunr's query parser throws on raw tracebacks);
// also the raw paste through lunr's query parser, as typed into the search box.
"use strict";
const fs = require("fs");
const lunr = require(process.argv[2]);
const data = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const separator = new RegExp(data.config.separator, "g");
lunr.tokenizer.separator = new RegExp(data.config.separator);
const index = lunr(function () {
  this.ref("location");
  this.field("title", { boost: 1000 });
  this.field("text");
  // Material strips HTML before indexing; the text here is HTML from MkDocs.
  for (const doc of data.docs) {
    this.add({ location: doc.location, title: doc.title.replace(/<[^>]+>/g, " "),
               text: doc.text.replace(/<[^>]+>/g, " ") });
  }
});
const queries = JSON.parse(fs.readFileSync(0, "utf8"));
const out = queries.map((text) => {
  const terms = text.toLowerCase().split(separator)
    .map((t) => t.replace(/[^a-z0-9_.]/g, ""))
    .filter((t) => t.length > 1);
  const clauses = !terms.length ? [] : index.query((q) => {
    for (const t of new Set(terms)) q.term(t, {});
  });
  // What the search box does with the raw paste: lunr's query parser (Material's own
  // query transform only trims and adds wildcards); a syntax error means no results.
  let raw = [];
  try { raw = index.search(text); } catch (e) { raw = []; }
  return { terms: clauses.slice(0, 3).map((r) => r.ref), raw: raw.slice(0, 3).map((r) => r.ref) };
});
process.stdout.write(JSON.stringify(out));
