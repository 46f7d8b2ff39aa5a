// Loads a newsgraph Kùzu export into a real in-memory Kùzu database and checks that every query gives
// the rows newsgraph gave (tests/cli/query_cli_test.cpp writes the cases).
//
//   node tests/js/kuzu_crosscheck.mjs EXPORT_DIR CASES.json
//
// CASES.json: [{"query": newsgraph text, "kuzu": Kùzu text, "ordered": bool, "rows": [[...], ...]}].
// Rows are compared as lists of values (column names differ between the engines), in order when the
// case is ordered, as multisets otherwise. Exit status 0 when all agree, 1 on a mismatch, 2 when Kùzu
// cannot be loaded or the export does not load.
import fs from 'node:fs';
import path from 'node:path';

let kuzu;
try {
  kuzu = (await import('kuzu')).default;
} catch (e) {
  console.error(`kuzu is not installed (npm install --prefix tests/js): ${e.message}`);
  process.exit(2);
}

const [dirArg, casesFile] = process.argv.slice(2);
const dir = dirArg && path.resolve(dirArg);
if (!dirArg || !casesFile) {
  console.error('usage: node kuzu_crosscheck.mjs EXPORT_DIR CASES.json');
  process.exit(2);
}
const cases = JSON.parse(fs.readFileSync(casesFile, 'utf8'));

// Statements of a .cypher file, without comment lines.
function statements(file) {
  return fs.readFileSync(path.join(dir, file), 'utf8')
    .split('\n').filter((l) => l.trim() && !l.trim().startsWith('//')).join('\n')
    .split(';').map((s) => s.trim()).filter(Boolean);
}

function canonical(v) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? v.toString() : Number(v.toPrecision(12)).toString();
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return JSON.stringify(String(v));
}
const rowKey = (row) => row.map(canonical).join(' | ');

const db = new kuzu.Database(':memory:');
const conn = new kuzu.Connection(db);
process.chdir(dir);  // load.cypher names its CSV files relative to the export directory
try {
  for (const s of [...statements('schema.cypher'), ...statements('load.cypher')]) await conn.query(s);
} catch (e) {
  console.error(`the export does not load into Kùzu: ${e.message}`);
  process.exit(2);
}

let failures = 0;
let nonEmpty = 0;
for (const c of cases) {
  let actual;
  try {
    const result = await conn.query(c.kuzu);
    actual = (await result.getAll()).map((r) => Object.values(r));
  } catch (e) {
    console.log(`KUZU ERROR ${c.kuzu}\n  ${e.message}`);
    ++failures;
    continue;
  }
  let want = c.rows.map(rowKey);
  let got = actual.map(rowKey);
  if (!c.ordered) {
    want = want.sort();
    got = got.sort();
  }
  if (want.length) ++nonEmpty;
  if (JSON.stringify(want) !== JSON.stringify(got)) {
    ++failures;
    console.log(`MISMATCH ${c.query}\n  kuzu: ${c.kuzu}`);
    console.log(`  newsgraph (${want.length}): ${want.slice(0, 8).join(' ; ')}`);
    console.log(`  kuzu      (${got.length}): ${got.slice(0, 8).join(' ; ')}`);
  }
}
console.log(`${cases.length - failures} of ${cases.length} queries agree (${nonEmpty} with rows)`);
process.exit(failures ? 1 : 0);
