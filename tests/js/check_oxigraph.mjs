// Proves that newsgraph's N-Quads and JSON-LD are one RDF dataset, read by two independent processors:
//  1. jsonld.js toRDF (safe mode, no remote context) of the JSON-LD, canonicalised (RDFC-1.0), equals
//     the canonicalised N-Quads byte for byte;
//  2. Oxigraph loads the JSON-LD and the N-Quads into two Stores of the same size whose triples without
//     blank nodes are the same set;
//  3. a SPARQL query over the Oxigraph store answers "who demands what of whom" (demands statements with
//     the English or Arabic names of both ends and the evidence sentence).
// Prints one JSON object: {"triples": n, "demands": [{"subject", "object", "evidence"}...]}.
//
// usage: node tests/js/check_oxigraph.mjs GRAPH.jsonld GRAPH.nq
// exit status: 0 ok, 1 the two differ (explained on stderr), 2 usage, 3 a module is missing
//              (run `npm install --prefix tests/js`)
import { readFileSync } from 'node:fs';

const [jsonldPath, nquadsPath] = process.argv.slice(2);
if (!jsonldPath || !nquadsPath) {
  console.error('usage: node tests/js/check_oxigraph.mjs GRAPH.jsonld GRAPH.nq');
  process.exit(2);
}
let jsonld, oxigraph;
try {
  jsonld = (await import('jsonld')).default;
  oxigraph = await import('oxigraph');
} catch (e) {
  console.error(`a module is missing (${e.message}); run the README's setup: npm install --prefix tests/js`);
  process.exit(3);
}
const fail = (message) => {
  console.error(message);
  process.exit(1);
};
const documentLoader = async (url) => {
  throw new Error(`remote context refused: ${url} (embed the @context inline)`);
};
const lines = (text) => text.split('\n').filter((line) => line.trim() !== '');
const firstDifference = (a, b) => {
  const sa = new Set(a), sb = new Set(b);
  const onlyA = a.filter((x) => !sb.has(x)).slice(0, 5), onlyB = b.filter((x) => !sa.has(x)).slice(0, 5);
  return `only in the first:\n  ${onlyA.join('\n  ')}\nonly in the second:\n  ${onlyB.join('\n  ')}`;
};

const jsonldText = readFileSync(jsonldPath, 'utf8');
const nquadsText = readFileSync(nquadsPath, 'utf8');

// 1. jsonld.js
const doc = JSON.parse(jsonldText);
const fromJsonld = await jsonld.toRDF(doc, { format: 'application/n-quads', documentLoader, safe: true });
const canonOptions = { algorithm: 'RDFC-1.0', inputFormat: 'application/n-quads', format: 'application/n-quads' };
const canonJsonld = await jsonld.canonize(fromJsonld, canonOptions);
const canonNquads = await jsonld.canonize(nquadsText, canonOptions);
if (lines(nquadsText).length !== lines(fromJsonld).length)
  fail(`jsonld.js: ${lines(fromJsonld).length} triples from the JSON-LD, ${lines(nquadsText).length} N-Quads lines`);
if (canonJsonld !== canonNquads)
  fail(`jsonld.js: the canonical datasets differ\n${firstDifference(lines(canonJsonld), lines(canonNquads))}`);

// 2. Oxigraph
const fromJsonldStore = new oxigraph.Store();
fromJsonldStore.load(jsonldText, { format: 'application/ld+json' });
const fromNquadsStore = new oxigraph.Store();
fromNquadsStore.load(nquadsText, { format: 'application/n-quads' });
if (fromJsonldStore.size !== fromNquadsStore.size || fromNquadsStore.size !== lines(nquadsText).length)
  fail(`oxigraph: ${fromJsonldStore.size} quads from the JSON-LD, ${fromNquadsStore.size} from the N-Quads, ` +
       `${lines(nquadsText).length} N-Quads lines`);
const groundQuads = (store) =>
  store.match().filter((q) => q.subject.termType !== 'BlankNode' && q.object.termType !== 'BlankNode')
    .map((q) => `${q.subject} ${q.predicate} ${q.object} ${q.graph}`).sort();
const groundJsonld = groundQuads(fromJsonldStore), groundNquads = groundQuads(fromNquadsStore);
if (groundJsonld.length !== groundNquads.length || groundJsonld.some((q, i) => q !== groundNquads[i]))
  fail(`oxigraph: the triples without blank nodes differ\n${firstDifference(groundJsonld, groundNquads)}`);

// 3. SPARQL: who demands what of whom.
const query = `
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX schema: <https://schema.org/>
PREFIX ng: <https://w3id.org/newsgraph/vocab#>
SELECT ?subject ?object ?evidence WHERE {
  ?s a rdf:Statement ; rdf:subject ?x ; rdf:predicate ng:demands ; rdf:object ?y ;
     ng:polarity "positive" ; ng:evidence ?evidence .
  ?x schema:identifier ?subject .
  ?y schema:identifier ?object .
} ORDER BY ?subject ?object ?evidence`;
const demands = fromNquadsStore.query(query).map((row) => ({
  subject: row.get('subject').value,
  object: row.get('object').value,
  evidence: row.get('evidence').value,
}));
process.stdout.write(`${JSON.stringify({ triples: fromNquadsStore.size, demands })}\n`);
