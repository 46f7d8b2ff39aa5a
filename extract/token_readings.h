#pragma once
// TokenReadings: the particle readings (ParticleRules::readings) of every token of one document, computed
// once. The mention finder and the relation extractor ask for a token's readings again and again — every
// phrase matcher at every token, every cue-word test of a rule — and computing them anew each time was a
// fifth of extraction.
//
//   TokenReadings readings(ParticleRules::builtin(), normalized, segmentation);
//   for (const auto& r : readings.of(t)) if (cues.count(r.key)) ...   // same list as rules.readings(word(t))
//
// Keys are views into the normalized text or into this object: valid while both live. Immutable after
// construction.

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <vector>

#include "extract/normalizer.h"
#include "extract/particles.h"
#include "extract/tokenizer.h"

namespace newsgraph::extract {

class TokenReadings {
 public:
  TokenReadings(const ParticleRules& rules, const NormalizedText& text, const Segmentation& seg);
  TokenReadings(const TokenReadings&) = delete;  // views point into added_
  TokenReadings& operator=(const TokenReadings&) = delete;

  // The readings of token `t`, in ParticleRules::readings order (the word itself first).
  std::span<const ParticleRules::ReadingView> of(std::uint32_t t) const {
    return {views_.data() + first_[t], views_.data() + first_[t + 1]};
  }

 private:
  std::deque<std::u32string> added_;              // keys that are not a part of the word (لل → ال + rest)
  std::vector<ParticleRules::ReadingView> views_;  // all tokens' readings, token after token
  std::vector<std::uint32_t> first_;              // token t's readings: views_[first_[t], first_[t + 1])
};

}  // namespace newsgraph::extract
