#pragma once
// JSON-LD export of a KnowledgeGraph, in the shape of the project's graph contract (GRAPH.md): one
// document whose inline @context is schemas/context.jsonld, and whose @graph lists a metadata node
// (Dataset, formatVersion), the documents (NewsArticle), the entities (with their mentions and a direct
// edge per relation that has a positive statement) and the statements (rdf:Statement reification with
// every evidence sentence under "support").
//
//   const std::string text = exporters::write_jsonld(graph);        // pretty-printed UTF-8
//   exporters::write_file_atomically("out/graph.jsonld", text);     // export/output_file.h
//   exporters::AtomicFile file("out/graph.jsonld");                 // or streamed, for large graphs:
//   exporters::write_jsonld(graph, [&](std::string_view piece) { file.write(piece); });
//   file.commit();
//   graph::KnowledgeGraph again = exporters::read_jsonld("out/graph.jsonld", text);  // jsonld_reader.h
//
// JsonLdPieces cuts the same text into pieces that can be formatted on several threads (see below).
//
// The output never depends on insertion order: the same graph gives byte-identical text, and
// write → read_jsonld → write gives the same bytes again. Stateless: safe to call from several threads.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "graph/knowledge_graph.h"

namespace newsgraph::exporters {

// The format version written in the metadata node; read_jsonld refuses files with a newer one.
inline constexpr int kJsonLdFormatVersion = 1;

// Receives the output in consecutive pieces (of at most 64 KiB), in order.
using TextSink = std::function<void(std::string_view)>;

// Writes the whole graph as JSON-LD. Throws std::logic_error on a broken invariant (a statement whose
// relation is not in the ontology, a confidence that is not a finite number), possibly after part of
// the output went to the sink.
std::string write_jsonld(const graph::KnowledgeGraph& graph);
// The same bytes, streamed: memory stays that of the graph, however large the output.
void write_jsonld(const graph::KnowledgeGraph& graph, const TextSink& sink);

// The JSON-LD of a graph cut into pieces that can be formatted independently, on any thread and in any
// order, and written in order: their concatenation is write_jsonld's output, byte for byte. Piece 0 is
// the opening (the @context and the metadata node), the last piece the closing brackets, and every other
// piece a run of consecutive nodes of @graph (some 50-100 KB of text; one entity with a great many
// mentions makes a larger one). `newsgraph build -j N` formats them on N threads.
//
//   const exporters::JsonLdPieces pieces(graph);
//   std::vector<std::string> text(pieces.size());
//   for (std::size_t i = 0; i < pieces.size(); ++i) pieces.format(i, text[i]);  // any thread, any order
//
// The constructor sorts what the output lists (documents, entities, relationships, statements) once, and
// keeps pointers into the graph: the graph must outlive the pieces and must not change meanwhile. format()
// is const and safe to call from several threads at once.
class JsonLdPieces {
 public:
  explicit JsonLdPieces(const graph::KnowledgeGraph& graph);
  ~JsonLdPieces();
  JsonLdPieces(JsonLdPieces&&) noexcept;
  JsonLdPieces& operator=(JsonLdPieces&&) noexcept;

  std::size_t size() const;  // at least 3: the opening, one run of nodes (maybe empty), the closing
  // Appends piece `piece` (< size()) to `out`. Throws std::logic_error as write_jsonld does.
  void format(std::size_t piece, std::string& out) const;

 private:
  struct Index;
  std::unique_ptr<Index> index_;
};

// The number of RDF triples the JSON-LD of `graph` encodes (what a JSON-LD processor's toRDF yields),
// computed from the graph itself, independently of the writer.
std::size_t count_triples(const graph::KnowledgeGraph& graph);

// The compact IRIs used for nodes: "doc:<percent-encoded id>", "entity:<percent-encoded id>", and
// "stmt:<16 hex digits>" of a stable 64-bit FNV-1a hash of subject|relation|object|document|polarity.
std::string document_iri(std::string_view document_id);
std::string entity_iri(std::string_view entity_id);
std::string statement_iri(const graph::StatementKey& key);

// The text of schemas/context.jsonld, compiled into the binary ({"@context": {...}}).
std::string_view jsonld_context_file();

}  // namespace newsgraph::exporters
