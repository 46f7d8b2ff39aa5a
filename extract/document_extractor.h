#pragma once
// DocumentExtractor: one article in, its graph out — the whole extraction pipeline:
// UTF-8 bytes → code points → normalised text with alignment → tokens and sentences → article date →
// mentions and entities → statements. The map step of a build: documents are independent, and the
// results merge in any order (graph::KnowledgeGraph::add).
//
//   extract::DocumentExtractor extractor;                       // the compiled-in lexicon
//   graph::DocumentGraph dg = extractor.extract("a.txt", bytes); // throws graph::InputError on bad input
//
// Thread safety: extract() may be called from several threads on one instance.

#include <memory>
#include <string>
#include <string_view>

#include "extract/lexicon.h"
#include "graph/model.h"

namespace newsgraph::extract {

struct ExtractOptions {
  std::string fallback_date;  // ISO date used when the article states none ("" = unknown)
};

class DocumentExtractor {
 public:
  explicit DocumentExtractor(const Lexicon& lexicon = Lexicon::builtin());
  ~DocumentExtractor();
  DocumentExtractor(const DocumentExtractor&) = delete;  // owns matchers built from the lexicon
  DocumentExtractor& operator=(const DocumentExtractor&) = delete;

  // `id` names the document (its file name) in the graph and in error messages. Invalid UTF-8, NUL bytes
  // (binary files) and empty articles are bad input: graph::InputError naming `id` and the byte offset.
  graph::DocumentGraph extract(std::string_view id, std::string_view utf8, const ExtractOptions& options = {}) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsgraph::extract
