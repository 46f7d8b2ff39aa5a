#pragma once
// RelationExtractor: typed statements between the actors of one article. For every trigger of
// extract/lexicons/triggers.json found in a sentence, the trigger's frame finds the arguments from
// sentence structure (docs/relations.md): verb–subject–object and subject–verb order, nominal triggers
// with an adjective or genitive agent and a patient after a preposition, X بقيادة Y, بين X و Y,
// coordination (واشنطن وبغداد تبحثان), passive with من, deployments with a stated number. Arguments are
// checked against the ontology's subject and object types. Explicit negation before the trigger makes the
// statement negative; a future prefix or cue makes it future; a speech verb before it makes it reported.
//
//   WordIds words;                                       // shared with the MentionFinder
//   MentionFinder finder(Lexicon::builtin(), words);
//   RelationExtractor relations(Lexicon::builtin(), words);
//   TokenReadings readings(ParticleRules::builtin(), normalized, segmentation, words);  // after both
//   auto found = finder.find(document, original, normalized, segmentation, readings);
//   auto statements = relations.extract(document, original, normalized, segmentation, found.mentions, readings);
//
// Immutable after construction: one instance may serve several threads.

#include <memory>
#include <string_view>
#include <vector>

#include "extract/lexicon.h"
#include "extract/mention_finder.h"
#include "extract/normalizer.h"
#include "extract/token_readings.h"
#include "extract/tokenizer.h"
#include "extract/word_ids.h"
#include "graph/model.h"

namespace newsgraph::extract {

class RelationExtractor {
 public:
  // Numbers the lexicon's words in `words`, as MentionFinder does (the same WordIds for both).
  RelationExtractor(const Lexicon& lexicon, WordIds& words);
  ~RelationExtractor();
  RelationExtractor(const RelationExtractor&) = delete;
  RelationExtractor& operator=(const RelationExtractor&) = delete;

  // Statements of one document, one per (subject, relation, object, polarity), each with every sentence
  // that asserts it. `mentions` come from MentionFinder::find on the same text.
  // `readings` as for MentionFinder::find, numbered by the constructor's WordIds.
  std::vector<graph::Statement> extract(const graph::Document& document, std::u32string_view original,
                                        const NormalizedText& normalized, const Segmentation& segmentation,
                                        const std::vector<ActorMention>& mentions,
                                        const TokenReadings& readings) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsgraph::extract
