// Times Kùzu (in-memory) on the queries query_bench timed, over the export query_bench wrote, and
// checks it finds the same number of rows (or the same count) and, where query_bench printed the rows
// of its last repetition, the same rows (in order when the query has ORDER BY).
//
//   node bench/kuzu_bench.mjs EXPORT_DIR NEWSGRAPH_RESULTS.json
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const kuzu = require(path.resolve(path.dirname(new URL(import.meta.url).pathname), '../tests/js/node_modules/kuzu'));

const [dirArg, resultsFile] = process.argv.slice(2);
const dir = path.resolve(dirArg);
const shapes = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
const db = new kuzu.Database(':memory:');
const conn = new kuzu.Connection(db);
process.chdir(dir);
const t0 = performance.now();
for (const file of ['schema.cypher', 'load.cypher'])
  for (const s of fs.readFileSync(file, 'utf8').split('\n').filter((l) => !l.startsWith('//')).join('\n').split(';'))
    if (s.trim()) await conn.query(s);
console.error(`kuzu: loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// A cell as newsgraph's to_text prints it: integers without a point, doubles in shortest form.
const text = (v) => (v === null || v === undefined ? '' : typeof v === 'bigint' ? v.toString() : String(v));
const rowKey = (row) => row.map(text).join(' | ');

const out = [];
for (const shape of shapes) {
  const times = [];
  let rows = 0;
  let last = [];
  for (const [i, start] of shape.starts.entries()) {
    const text = shape.kuzu.replaceAll('$S', start).replaceAll('$T', shape.ends[i]);
    const a = performance.now();
    const result = await conn.query(text);
    const all = await result.getAll();
    times.push(performance.now() - a);
    const values = all.length === 1 ? Object.values(all[0]) : [];
    last = all.map((r) => Object.values(r));
    rows += values.length === 1 && typeof values[0] === 'number' && text.includes('count(') ? values[0] : all.length;
  }
  times.sort((x, y) => x - y);
  const median = times[Math.floor(times.length / 2)];
  let same = rows === shape.total_rows;
  if (shape.last_rows) {
    let want = shape.last_rows.map(rowKey), got = last.map(rowKey);
    if (!/ORDER BY/.test(shape.query)) {
      want = want.sort();
      got = got.sort();
    }
    same = same && JSON.stringify(want) === JSON.stringify(got);
  }
  out.push({ shape: shape.shape, newsgraph_ms: shape.median_ms, kuzu_ms: median, ratio: +(median / shape.median_ms).toPrecision(3),
             newsgraph_rows: shape.total_rows, kuzu_rows: rows, same_rows: same });
}
console.log(JSON.stringify(out, null, 2));
