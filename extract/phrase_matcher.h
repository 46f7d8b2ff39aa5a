#pragma once
// PhraseMatcher: finds lexicon phrases (names, adjectives, titles, trigger words) in tokenized text,
// leftmost-longest over whole tokens, after folding, with attached particles (و ف ب ل ك لل ...) removed
// from the first word: its readings by the data-driven ParticleRules, read once per document
// (TokenReadings). Built once from a lexicon, then read-only.
//
//   PhraseMatcher m(normalizer);
//   m.add("الولايات المتحدة", 7);                       // payload 7: caller's index
//   TokenReadings readings(ParticleRules::builtin(), text, seg);
//   if (auto hit = m.match_at(text, seg, readings, i, sentence.end_token)) use(hit->payloads);
//
// The phrase "الولايات المتحدة" then matches "للولايات المتحدة" (skip 2: "لل" restores "ال"), and
// quotes or brackets between the words of a phrase are passed over (تنظيم "داعش"). Immutable after
// construction: safe to share across threads.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extract/normalizer.h"
#include "extract/token_readings.h"
#include "extract/tokenizer.h"

namespace newsgraph::extract {

// FNV-1a over code points, for hash sets and maps of folded words: words are short, and they are looked up
// at every token (std::hash of a u32string_view, a general byte hash, cost twice as much there).
struct FoldedWordHash {
  using is_transparent = void;
  std::size_t operator()(std::u32string_view s) const noexcept {
    std::uint64_t h = 14695981039346656037ULL;
    for (const char32_t c : s) h = (h ^ c) * 1099511628211ULL;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

struct PhraseMatch {
  std::uint32_t first_token = 0;  // tokens [first_token, end_token)
  std::uint32_t end_token = 0;
  std::uint32_t skip = 0;          // normalized code points of the first token left out (particles)
  std::u32string prefix;           // those code points ("ل", "و", "لل")
  const std::vector<std::uint32_t>* payloads = nullptr;
};

class PhraseMatcher {
 public:
  explicit PhraseMatcher(const Normalizer& normalizer);

  // Adds a phrase (UTF-8, as written in a lexicon). Returns false when it has no word to match.
  bool add(std::string_view phrase, std::uint32_t payload);
  // Adds an already folded single word or word sequence (words separated by spaces).
  void add_folded(std::u32string_view folded, std::uint32_t payload);

  // The longest phrase starting at token `first` and ending before `limit`, its first word read with each
  // of `readings.of(first)` (`readings` of `text` and `seg`); the reading without particle removal wins a
  // tie. nullopt when none starts there.
  std::optional<PhraseMatch> match_at(const NormalizedText& text, const Segmentation& seg,
                                      const TokenReadings& readings, std::uint32_t first, std::uint32_t limit) const;

  // The folded words of a phrase as the matcher sees them.
  std::vector<std::u32string> words_of(std::string_view phrase) const;

 private:
  struct Node {
    std::unordered_map<std::u32string, std::uint32_t, FoldedWordHash, std::equal_to<>> children;
    std::vector<std::uint32_t> payloads;
  };
  std::uint32_t child(std::uint32_t node, std::u32string_view word) const;

  const Normalizer& normalizer_;
  std::vector<Node> nodes_;
};

// The folded text of a token.
inline std::u32string_view token_text(const NormalizedText& text, const Token& token) {
  return std::u32string_view(text.text).substr(token.norm_begin, token.norm_end - token.norm_begin);
}

// Quotes and brackets that may stand between the words of a name.
bool is_transparent_punctuation(char32_t c);

}  // namespace newsgraph::extract
