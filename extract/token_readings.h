#pragma once
// TokenReadings: the particle readings (ParticleRules::readings) of every token of one document, computed
// once, each with its lexicon word number (WordIds). The mention finder and the relation extractor ask for
// a token's readings again and again — every phrase matcher at every token, every cue-word test of a rule —
// and computing them, or hashing their strings, anew each time was a fifth of extraction.
//
//   TokenReadings readings(ParticleRules::builtin(), normalized, segmentation, words);
//   for (const auto& r : readings.of(t)) if (cues.contains(r.word)) ...   // same list as rules.readings(word(t))
//   if (names.contains(readings.word_of(t))) ...                            // the token as written
//
// Keys are views into the normalized text or into this object: valid while both live. Immutable after
// construction. Each thread also keeps the readings of words it has read before, across documents
// (token_readings.cpp): a repeated word is looked up there instead of read again.

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "extract/normalizer.h"
#include "extract/particles.h"
#include "extract/tokenizer.h"
#include "extract/word_ids.h"

namespace newsgraph::extract {

class TokenReadings {
 public:
  struct Reading {
    std::u32string_view key;  // as ParticleRules::ReadingView
    std::uint32_t skip;
    std::uint32_t word;       // the key's number in WordIds, WordIds::kUnknown when no lexicon has it
  };

  TokenReadings(const ParticleRules& rules, const NormalizedText& text, const Segmentation& seg,
                const WordIds& words);
  TokenReadings(const TokenReadings&) = delete;  // views point into added_
  TokenReadings& operator=(const TokenReadings&) = delete;

  // The readings of token `t`, in ParticleRules::readings order (the word itself first).
  std::span<const Reading> of(std::uint32_t t) const {
    return {readings_.data() + first_[t], readings_.data() + first_[t + 1]};
  }
  // The number of token t as written (its first reading), WordIds::kUnknown when no lexicon has it.
  std::uint32_t word_of(std::uint32_t t) const {
    return first_[t] == first_[t + 1] ? WordIds::kUnknown : readings_[first_[t]].word;
  }

 private:
  std::deque<std::u32string> added_;  // keys that are not a part of the word (لل → ال + rest)
  std::vector<Reading> readings_;     // all tokens' readings, token after token
  std::vector<std::uint32_t> first_;  // token t's readings: readings_[first_[t], first_[t + 1])
};

}  // namespace newsgraph::extract
