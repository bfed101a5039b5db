// node benchmarks/error_index_bytes.js SITE < queries.json: the stored bytes (as served) and
// files of the split error index that the page's ranking (error-search.js) reads for each
// paste, by folder, and the ranking's milliseconds under node. Called by
// `python -m benchmarks.error_index bytes`.
"use strict";
const path = require("path");
const fs = require("fs");
const ES = require(path.join(__dirname, "../overrides/assets/javascripts/error-search.js"));
const folder = path.join(process.argv[2], "assets/error-index");
const queries = JSON.parse(fs.readFileSync(0, "utf8"));

async function measure(text) {
  const row = { terms: 0, buckets: 0, docs: 0, files: 0 };
  const load = async (rel) => {
    const data = fs.readFileSync(path.join(folder, rel));
    row[rel.split("/")[0]] += data.length;
    row.files += 1;
    return ES.parseFile(data.buffer.slice(data.byteOffset, data.byteOffset + data.length));
  };
  const meta = await load("meta.json");
  const cached = async (rel) => (rel === "meta.json" ? meta : load(rel));
  row.files = 0;
  const start = process.hrtime.bigint();
  await ES.rankSharded(cached, text, 5);
  row.ms = Number(process.hrtime.bigint() - start) / 1e6;
  row.total = row.terms + row.buckets + row.docs;
  return row;
}

(async () => {
  const rows = [];
  for (const text of queries) rows.push(await measure(text));
  process.stdout.write(JSON.stringify(rows));
})();
