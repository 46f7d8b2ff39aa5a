#pragma once
// JSON Lines for the map and reduce steps of a build: articles in, per-document graphs out.
//
// `newsgraph extract` reads one article per line and writes one DocumentGraph per line; `newsgraph merge`
// reads those lines back and adds them to one KnowledgeGraph. A DocumentGraph written and read back is
// equal to the original (every field; confidences round-trip exactly), so extract + merge gives the
// same graph, hence the same output bytes, as `newsgraph build`.
//
//   auto done = extract::extract_article_line(extractor, "in.jsonl", 7, line, "");  // the map step
//   std::cout << done.output << '\n';
//   graph.add(extract::parse_document_graph_line("out.jsonl", 7, line));   // the reduce step
//
// Article line: {"id": "a.txt", "date": "2024-01-05", "text": "..."}; "date" (YYYY-MM-DD, the date of
// an article that states none) may be omitted or "". Document line (keys in this order):
//   {"document": {"id", "date", "headline"},
//    "entities": [{"id", "type", "name_ar", "name_en", "aliases": [...], "wikidata", "confidence",
//                  "mentions": [{"start", "end", "text", "kind"}]}],
//    "statements": [{"subject", "relation", "object", "polarity", "modality", "confidence", "cameo",
//                    "role", "quantity" (only when stated), "date",
//                    "evidence": [{"start", "end", "text", "rule", "confidence"}]}]}
// Mentions and statements belong to the line's document (a "document" member says otherwise). The
// article text is not repeated. Bad lines throw graph::InputError at path:line:column.
// Free functions over values: safe to call from several threads.

#include <cstddef>
#include <string>
#include <string_view>

#include "graph/model.h"

namespace newsgraph::extract {

class DocumentExtractor;  // extract/document_extractor.h

// One input article of `newsgraph extract`.
struct Article {
  std::string id;
  std::string date;  // "" when not given
  std::string text;
};

// Parses one article line (without its newline). `line_number` is 1-based and goes into diagnostics.
Article parse_article_line(std::string_view path, std::size_t line_number, std::string_view line);

// One article line after the map step of `newsgraph extract`.
struct ExtractedLine {
  std::string id;      // the article's id
  std::string output;  // its document graph line, without the newline
};

// The map step on one article line, exactly as `newsgraph extract` runs it: parse_article_line, then the
// extractor (an article without a date of its own gets `default_date`, "" for none), then
// document_graph_line. Throws InputError at path:line for a bad line and also for a bad article text
// (a NUL byte, an empty text): the message names the article and where in its text.
ExtractedLine extract_article_line(const DocumentExtractor& extractor, std::string_view path,
                                   std::size_t line_number, std::string_view line, const std::string& default_date);
// The article as one JSON line, without the newline.
std::string article_line(const Article& article);

// The document graph as one JSON line, without the newline.
std::string document_graph_line(const graph::DocumentGraph& document_graph);
// Parses one document line: JSON syntax, member types, known entity types, ontology relations, spans,
// and statements whose ends are entities of the same line (so that KnowledgeGraph::add accepts it).
graph::DocumentGraph parse_document_graph_line(std::string_view path, std::size_t line_number, std::string_view line);

}  // namespace newsgraph::extract
