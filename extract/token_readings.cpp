#include "extract/token_readings.h"

#include "extract/phrase_matcher.h"

namespace newsgraph::extract {

TokenReadings::TokenReadings(const ParticleRules& rules, const NormalizedText& text, const Segmentation& seg) {
  first_.reserve(seg.tokens.size() + 1);
  views_.reserve(seg.tokens.size() * 2);
  ParticleRules::ReadingList list;
  for (const Token& token : seg.tokens) {
    first_.push_back(static_cast<std::uint32_t>(views_.size()));
    const std::u32string_view word = token_text(text, token);
    rules.readings(word, list);
    for (const auto& r : list.views()) {
      // A key inside the word is a view of the text; one built by the rules (ال + rest) gets its own string,
      // which the deque never moves.
      const bool in_word = r.key.data() == word.data() + r.skip && r.key.size() == word.size() - r.skip;
      if (in_word) {
        views_.push_back(r);
      } else {
        added_.emplace_back(r.key);
        views_.push_back({added_.back(), r.skip});
      }
    }
  }
  first_.push_back(static_cast<std::uint32_t>(views_.size()));
}

}  // namespace newsgraph::extract
