#pragma once
// Reading back a JSON-LD graph that newsgraph wrote (export/jsonld_writer.h) into a KnowledgeGraph:
// documents (without their text), entities with names, aliases and mentions, statements with every
// evidence sentence from "support". Direct edges are derived data: they are checked, not stored.
//
//   const std::string text = cli::read_input_file("out/graph.jsonld");
//   graph::KnowledgeGraph g = exporters::read_jsonld("out/graph.jsonld", text);
//   g.add(extractor.extract(document));    // e.g. `newsgraph build --merge`
//
// Anything else is refused with a graph::InputError at path:line:col: malformed JSON, a document that
// is not a newsgraph graph (no @context, a foreign one, no metadata node), a newer formatVersion, a
// missing or ill-typed member, an unknown member, a statement naming an unknown entity or document.
// write_jsonld(read_jsonld(path, write_jsonld(g))) == write_jsonld(g), byte for byte.

#include <filesystem>
#include <optional>
#include <string_view>

#include "graph/knowledge_graph.h"

namespace newsgraph::exporters {

graph::KnowledgeGraph read_jsonld(std::string_view path, std::string_view text);

// The same graph read from a file in one pass, without holding its text (a graph of a million
// statements is 1.6 GB of JSON-LD): for files laid out as newsgraph writes them. Returns nullopt when
// the file cannot be read that way (another layout, anything wrong in it, a read error): read_jsonld
// of its text then gives the graph or the error at path:line:col.
std::optional<graph::KnowledgeGraph> try_read_jsonld_file(const std::filesystem::path& path);

}  // namespace newsgraph::exporters
