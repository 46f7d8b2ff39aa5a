#pragma once
// write_nquads: the knowledge graph as RDF N-Quads, exactly the triples a JSON-LD processor's toRDF
// yields for write_jsonld's output (export/jsonld_writer.h), all in the default graph, so that N-Quads
// and JSON-LD are two spellings of one RDF dataset (docs/formats.md). Compact IRIs are expanded with
// the @context (schemas/context.jsonld); the metadata node, mentions and evidences are blank nodes
// (_:meta, _:m<n>, _:e<n>); literals are typed as the @context coerces them (xsd:date, xsd:double in
// the canonical form "9.0E-1", xsd:integer, rdf:langString "..."@ar) and escaped per the N-Triples
// grammar (\" \\ \n \r \t \b \f, other control characters as \uXXXX).
//
//   std::ofstream out("graph.nq");
//   exporters::write_nquads(graph, out);                   // streamed, one line per triple
//   std::string text = exporters::write_nquads(graph);     // or built into a string
//
// The output is deterministic (same graph, same bytes) and has exactly count_triples(graph) lines.
// Stateless: safe to call from several threads.

#include <ostream>
#include <string>
#include <string_view>

#include "graph/knowledge_graph.h"

namespace newsgraph::exporters {

// Writes every triple as one N-Quads line ("<s> <p> <o> .\n"). Throws std::logic_error on a broken
// invariant (a relation not in the ontology, a confidence that is not a finite number).
void write_nquads(const graph::KnowledgeGraph& graph, std::ostream& out);
std::string write_nquads(const graph::KnowledgeGraph& graph);

// `text` as an N-Triples STRING_LITERAL_QUOTE, quotes included: "a\"b\n".
std::string nquads_string_literal(std::string_view text);

// An xsd:double in the canonical lexical form JSON-LD's toRDF uses: 0.9 -> "9.0E-1", 1 -> "1.0E0".
std::string canonical_double(double value);

// A compact IRI of write_jsonld ("entity:sudani", "doc:a.txt", "stmt:...") expanded to the full IRI.
std::string expand_iri(std::string_view compact);

}  // namespace newsgraph::exporters
