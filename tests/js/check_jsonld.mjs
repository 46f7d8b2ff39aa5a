// Reads a JSON-LD graph written by newsgraph the way a standard processor does: jsonld.js flatten and
// toRDF in safe mode (an undefined term or a dropped value is an error), with a document loader that
// refuses remote contexts (as ../shared/eval/flatten.mjs does). Prints the number of RDF triples.
//
// usage: node tests/js/check_jsonld.mjs GRAPH.jsonld
// exit status: 0 ok, 1 not valid JSON-LD, 2 usage, 3 jsonld.js missing (run `npm install --prefix tests/js`)
import { readFileSync } from 'node:fs';

const [path] = process.argv.slice(2);
if (!path) {
  console.error('usage: node tests/js/check_jsonld.mjs GRAPH.jsonld');
  process.exit(2);
}
let jsonld;
try {
  jsonld = (await import('jsonld')).default;
} catch (e) {
  console.error(`jsonld.js is missing (${e.message}); run the README's setup: npm install --prefix tests/js`);
  process.exit(3);
}
const documentLoader = async (url) => {
  throw new Error(`remote context refused: ${url} (embed the @context inline)`);
};
try {
  const doc = JSON.parse(readFileSync(path, 'utf8'));
  await jsonld.flatten(doc, null, { documentLoader, safe: true });
  const nquads = await jsonld.toRDF(doc, { format: 'application/n-quads', documentLoader, safe: true });
  const lines = nquads.split('\n').filter((line) => line.trim() !== '');
  process.stdout.write(`${lines.length}\n`);
} catch (e) {
  console.error(`JSON-LD error: ${e.name}: ${e.message}`);
  if (e.details) console.error(JSON.stringify(e.details).slice(0, 2000));
  process.exit(1);
}
