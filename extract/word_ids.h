#pragma once
// WordIds: every folded word of the lexicons, numbered once (1, 2, 3 ...), so that phrase matchers and cue
// word sets compare numbers instead of hashing and comparing the same strings again and again. A token's
// readings are looked up here once per document (TokenReadings); after that, every matcher at every token
// and every cue-word test of a rule is an array or bit lookup.
//
//   WordIds words;
//   PhraseMatcher gazetteer(normalizer, words);       // add() numbers the phrase's words
//   WordSet negation(words);                          // insert() too
//   ...                                               // all matchers and sets built: read-only from here
//   TokenReadings readings(ParticleRules::builtin(), text, seg, words);
//
// A word that no lexicon has is kUnknown (0): it is in no set and starts or continues no phrase. Numbers
// are given while matchers and sets are built, before any document is read; after that the object is only
// read, and safe to share across threads.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace newsgraph::extract {

// FNV-1a over code points, for hash sets and maps of folded words: words are short (std::hash of a
// u32string_view, a general byte hash, cost twice as much here).
struct FoldedWordHash {
  using is_transparent = void;
  std::size_t operator()(std::u32string_view s) const noexcept {
    std::uint64_t h = 14695981039346656037ULL;
    for (const char32_t c : s) h = (h ^ c) * 1099511628211ULL;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

class WordIds {
 public:
  static constexpr std::uint32_t kUnknown = 0;

  // The word's number: the one it has, or the next free one. Not for an empty word (kUnknown).
  std::uint32_t add(std::u32string_view word);
  // The word's number, kUnknown when no lexicon word is spelled so.
  std::uint32_t find(std::u32string_view word) const noexcept {
    const auto it = ids_.find(word);
    return it == ids_.end() ? kUnknown : it->second;
  }
  // Numbers run from 1 to size().
  std::uint32_t size() const noexcept { return static_cast<std::uint32_t>(ids_.size()); }

 private:
  std::unordered_map<std::u32string, std::uint32_t, FoldedWordHash, std::equal_to<>> ids_;
};

}  // namespace newsgraph::extract
