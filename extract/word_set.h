#pragma once
// WordSet: a set of folded words — the cue words of extract/lexicons/cues.json and the like — looked up by
// std::u32string_view without allocating, and the one way to fill it from lexicon phrases, so that the
// mention finder and the relation extractor read cue words exactly alike.
//
//   WordSet negation;
//   add_words(negation, lexicon.cues().negation, matcher);   // folded as the matcher folds text
//   if (negation.count(token_text(normalized, token))) ...
//   if (any_reading_in(negation, readings, t)) ...           // also with و ف ب ل ... taken off

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "extract/phrase_matcher.h"

namespace newsgraph::extract {

using WordSet = std::unordered_set<std::u32string, FoldedWordHash, std::equal_to<>>;

// Is token t, or t with attached particles removed (any of its readings), in the set?
inline bool any_reading_in(const WordSet& set, const TokenReadings& readings, std::uint32_t t) {
  for (const auto& r : readings.of(t))
    if (set.count(r.key)) return true;
  return false;
}

// Adds every folded word of every phrase, split as `matcher` splits lexicon phrases.
inline void add_words(WordSet& set, const std::vector<std::string>& phrases, const PhraseMatcher& matcher) {
  for (const auto& phrase : phrases)
    for (auto& word : matcher.words_of(phrase)) set.insert(std::move(word));
}

}  // namespace newsgraph::extract
