#include "extract/token_readings.h"

#include "extract/phrase_matcher.h"

namespace newsgraph::extract {

TokenReadings::TokenReadings(const ParticleRules& rules, const NormalizedText& text, const Segmentation& seg,
                             const WordIds& words) {
  first_.reserve(seg.tokens.size() + 1);
  readings_.reserve(seg.tokens.size() * 2);
  ParticleRules::ReadingList list;
  for (const Token& token : seg.tokens) {
    first_.push_back(static_cast<std::uint32_t>(readings_.size()));
    const std::u32string_view word = token_text(text, token);
    rules.readings(word, list);
    for (const auto& r : list.views()) {
      // A key inside the word is a view of the text; one built by the rules (ال + rest) gets its own string,
      // which the deque never moves.
      const bool in_word = r.key.data() == word.data() + r.skip && r.key.size() == word.size() - r.skip;
      std::u32string_view key = r.key;
      if (!in_word) key = added_.emplace_back(r.key);
      readings_.push_back({key, r.skip, words.find(key)});
    }
  }
  first_.push_back(static_cast<std::uint32_t>(readings_.size()));
}

}  // namespace newsgraph::extract
