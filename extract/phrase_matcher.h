#pragma once
// PhraseMatcher: finds lexicon phrases (names, adjectives, titles, trigger words) in tokenized text,
// leftmost-longest over whole tokens, after folding, with attached particles (و ف ب ل ك لل ...) removed
// from the first word: its readings by the data-driven ParticleRules, read once per document
// (TokenReadings). Built once from a lexicon, then read-only. Words are numbered in a WordIds shared with
// the other matchers and cue sets, and the trie compares those numbers: a document's words are hashed once
// (TokenReadings), not once per matcher and node.
//
//   WordIds words;
//   PhraseMatcher m(normalizer, words);
//   m.add("الولايات المتحدة", 7);                       // payload 7: caller's index
//   TokenReadings readings(ParticleRules::builtin(), text, seg, words);
//   if (auto hit = m.match_at(text, seg, readings, i, sentence.end_token)) use(hit->payloads);
//
// The phrase "الولايات المتحدة" then matches "للولايات المتحدة" (skip 2: "لل" restores "ال"), and
// quotes or brackets between the words of a phrase are passed over (تنظيم "داعش"). Immutable after
// construction: safe to share across threads.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "extract/normalizer.h"
#include "extract/token_readings.h"
#include "extract/tokenizer.h"
#include "extract/word_ids.h"

namespace newsgraph::extract {

struct PhraseMatch {
  std::uint32_t first_token = 0;  // tokens [first_token, end_token)
  std::uint32_t end_token = 0;
  std::uint32_t skip = 0;          // normalized code points of the first token left out (particles)
  std::u32string prefix;           // those code points ("ل", "و", "لل")
  const std::vector<std::uint32_t>* payloads = nullptr;
};

class PhraseMatcher {
 public:
  // Numbers the words of every phrase added in `words`, which must outlive the adding.
  PhraseMatcher(const Normalizer& normalizer, WordIds& words);

  // Adds a phrase (UTF-8, as written in a lexicon). Returns false when it has no word to match.
  bool add(std::string_view phrase, std::uint32_t payload);
  // Adds an already folded single word or word sequence (words separated by spaces).
  void add_folded(std::u32string_view folded, std::uint32_t payload);

  // The longest phrase starting at token `first` and ending before `limit`, its first word read with each
  // of `readings.of(first)` (`readings` of `text` and `seg`, numbered by this matcher's WordIds); the
  // reading without particle removal wins a tie. nullopt when none starts there.
  // In line: most tokens start no phrase, and the test that says so is a few loads.
  std::optional<PhraseMatch> match_at(const NormalizedText& text, const Segmentation& seg,
                                      const TokenReadings& readings, std::uint32_t first, std::uint32_t limit) const {
    if (first >= limit || seg.tokens[first].kind == TokenKind::Punctuation) return std::nullopt;
    for (const auto& reading : readings.of(first))
      if (reading.word < root_.size() && root_[reading.word] != 0) return longest_at(text, seg, readings, first, limit);
    return std::nullopt;
  }

  // The folded words of a phrase as the matcher sees them.
  std::vector<std::u32string> words_of(std::string_view phrase) const;

 private:
  struct Node {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> children;  // (word number, node), by word number
    std::vector<std::uint32_t> payloads;
  };
  // match_at() where some reading of token `first` starts a phrase.
  std::optional<PhraseMatch> longest_at(const NormalizedText& text, const Segmentation& seg,
                                        const TokenReadings& readings, std::uint32_t first, std::uint32_t limit) const;
  // The node after `node` on word number `word`; 0 (the root, never a child) when there is none.
  std::uint32_t child(std::uint32_t node, std::uint32_t word) const;

  const Normalizer& normalizer_;
  WordIds* words_;                   // numbers words at add(); not used by match_at
  std::vector<Node> nodes_;          // nodes_[0] is the root
  // Per node, whether it has payloads and whether it has children: match_at reads these dense bytes at
  // every token whose word starts a phrase, and the 48-byte node only when the phrase goes on (reading
  // nodes_ at every such token missed the cache most of the time).
  enum NodeFlag : std::uint8_t { kHasPayloads = 1, kHasChildren = 2 };
  std::vector<std::uint8_t> flags_;
  std::vector<std::uint32_t> root_;  // the root's children, indexed by word number (thousands of first
                                     // words: an array; deeper nodes have one or two children)
};

// The folded text of a token.
inline std::u32string_view token_text(const NormalizedText& text, const Token& token) {
  return std::u32string_view(text.text).substr(token.norm_begin, token.norm_end - token.norm_begin);
}

// Quotes and brackets that may stand between the words of a name.
bool is_transparent_punctuation(char32_t c);

}  // namespace newsgraph::extract
