#pragma once
// WordSet: a set of folded words — the cue words of extract/lexicons/cues.json and the like — held as their
// WordIds numbers, and the one way to fill it from lexicon phrases, so that the mention finder and the
// relation extractor read cue words exactly alike.
//
//   WordIds words;                                           // shared with the phrase matchers
//   WordSet negation(words);
//   add_words(negation, lexicon.cues().negation, matcher);   // folded as the matcher folds text
//   if (negation.contains(readings.word_of(t))) ...          // token t as written: a bit test
//   if (any_reading_in(negation, readings, t)) ...           // also with و ف ب ل ... taken off
//   if (negation.contains(stem)) ...                         // any other folded text: one hash lookup

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extract/phrase_matcher.h"
#include "extract/token_readings.h"
#include "extract/word_ids.h"

namespace newsgraph::extract {

class WordSet {
 public:
  // Numbers inserted words in `words`, which must outlive the set.
  explicit WordSet(WordIds& words) : words_(&words) {}

  void insert(std::u32string_view word) {
    const std::uint32_t id = words_->add(word);
    if (id == WordIds::kUnknown) return;
    if (members_.size() <= id) members_.resize(id + 1, false);
    members_[id] = true;
  }
  // Is the word numbered `word` (from TokenReadings or the same WordIds) in the set?
  bool contains(std::uint32_t word) const { return word < members_.size() && members_[word]; }
  bool contains(std::u32string_view word) const { return contains(words_->find(word)); }

 private:
  WordIds* words_;  // numbers words at insert()
  std::vector<bool> members_;  // by word number
};

// Is token t, or t with attached particles removed (any of its readings), in the set?
inline bool any_reading_in(const WordSet& set, const TokenReadings& readings, std::uint32_t t) {
  for (const auto& r : readings.of(t))
    if (set.contains(r.word)) return true;
  return false;
}

// Adds every folded word of every phrase, split as `matcher` splits lexicon phrases.
inline void add_words(WordSet& set, const std::vector<std::string>& phrases, const PhraseMatcher& matcher) {
  for (const auto& phrase : phrases)
    for (const auto& word : matcher.words_of(phrase)) set.insert(word);
}

}  // namespace newsgraph::extract
