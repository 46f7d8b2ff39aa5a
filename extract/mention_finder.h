#pragma once
// MentionFinder: the actors and places of one article. Finds, sentence by sentence and leftmost-longest:
// gazetteer names (with spelling variants and attached particles), nisba adjectives (الأمريكية → United
// States, used only as relation arguments), "forces" phrases (القوات الأمريكية acts for the United States),
// titles with their qualifier and the name they introduce (وزير الخارجية الإسباني خوسيه مانويل ألباريس),
// role phrases resolved by the article's date (رئيس الوزراء العراقي → Kadhimi in 2021, Sudani in 2024),
// names not in the lexicon after a title, and organisations from a head noun (قوات مكافحة الإرهاب).
// A capital that acts stands for its country (metonymy); after a locative preposition it is a Place.
//
//   WordIds words;                                // numbered by the finder (and a RelationExtractor)
//   MentionFinder finder(Lexicon::builtin(), words);
//   TokenReadings readings(ParticleRules::builtin(), normalized, segmentation, words);
//   FoundEntities found = finder.find(document, original, normalized, segmentation, readings);
//
// Immutable after construction: one instance may serve several threads.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "extract/lexicon.h"
#include "extract/normalizer.h"
#include "extract/token_readings.h"
#include "extract/tokenizer.h"
#include "extract/word_ids.h"
#include "graph/model.h"

namespace newsgraph::extract {

// How a mention refers to its actor.
enum class Reference : std::uint8_t { Name, Role, Adjective, Forces };

struct ActorMention {
  std::uint32_t first_token = 0;  // tokens [first_token, end_token) of the whole phrase
  std::uint32_t end_token = 0;
  graph::Span span;                // original span of what refers (attached particles left out)
  std::u32string prefix;           // attached particles removed from the first word ("ل", "و")
  std::string entity;              // entity id
  graph::EntityType type = graph::EntityType::Organization;
  Reference reference = Reference::Name;
  std::string stands_for;  // a capital named as a place: the country it stands for if it acts
  std::string partner;     // "الجانبان": the second of the two parties (entity is the first)
};

struct FoundEntities {
  std::vector<ActorMention> mentions;        // in text order, not overlapping
  std::vector<graph::Entity> entities;       // every entity named or designated in this document, by id
  std::vector<graph::Statement> statements;  // affiliated_with, from titles
};

class MentionFinder {
 public:
  // Numbers the lexicon's words in `words` (shared with RelationExtractor; see extract/word_ids.h), which
  // must outlive the finder and number the TokenReadings given to find().
  MentionFinder(const Lexicon& lexicon, WordIds& words);
  ~MentionFinder();
  MentionFinder(const MentionFinder&) = delete;  // owns large matchers; share by reference
  MentionFinder& operator=(const MentionFinder&) = delete;

  // `readings` are those of `normalized` and `segmentation`, numbered by the constructor's WordIds:
  // DocumentExtractor reads them once for this and RelationExtractor::extract.
  FoundEntities find(const graph::Document& document, std::u32string_view original,
                     const NormalizedText& normalized, const Segmentation& segmentation,
                     const TokenReadings& readings) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// A stable lowercase ASCII id for a name not in the lexicon: ICU Arabic-Latin transliteration, ASCII
// folding, non-alphanumerics to "_" ("سابرينا سينغ" → "sabryna_syngh"-like, always the same for the same
// folded name).
std::string derive_entity_id(std::u32string_view folded_name);

}  // namespace newsgraph::extract
