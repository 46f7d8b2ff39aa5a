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
#include <string>
#include <string_view>
#include <vector>

namespace newsgraph::extract {

// A number no other call in the process has returned. WordIds and ParticleRules take a new one whenever
// their contents are set, so that a cache of their answers (TokenReadings) can tell whether the objects
// it is asked about are those it was filled from, also where a new object reuses a freed one's address.
std::uint64_t new_content_stamp();

class WordIds {
 public:
  static constexpr std::uint32_t kUnknown = 0;

  // The word's number: the one it has, or the next free one. Not for an empty word (kUnknown).
  std::uint32_t add(std::u32string_view word);
  // The word's number, kUnknown when no lexicon word is spelled so.
  std::uint32_t find(std::u32string_view word) const noexcept {
    if (slots_.empty()) return kUnknown;
    const std::uint64_t hash = hash_of(word);
    const auto tag = static_cast<std::uint32_t>(hash >> 32);
    for (std::size_t i = hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      const Slot slot = slots_[i];
      if (slot.id == kUnknown) return kUnknown;
      if (slot.tag == tag && spelling(slot.id) == word) return slot.id;
    }
  }
  // Numbers run from 1 to size().
  std::uint32_t size() const noexcept { return static_cast<std::uint32_t>(spellings_.size() - 1); }
  // Changes whenever a word is numbered; equal stamps mean equal numbers (a copy keeps its original's).
  std::uint64_t content_stamp() const noexcept { return stamp_; }

 private:
  // An open-addressing table (linear probing, at most half full) of 8-byte slots over one pool of
  // spellings: a token's lookup, most often a miss, reads a slot or two of one cache line and, when the
  // tag matches, one spelling. std::unordered_map<std::u32string, ...> walked a bucket, a node chain and
  // each key's own heap copy.
  struct Slot {
    std::uint32_t tag = 0;        // the hash's high half
    std::uint32_t id = kUnknown;  // kUnknown: empty
  };
  struct Extent {
    std::uint32_t offset, size;
  };
  // FNV-1a over code points: words are short, and a general byte hash over four bytes per code point cost
  // twice as much.
  static std::uint64_t hash_of(std::u32string_view s) noexcept {
    std::uint64_t h = 14695981039346656037ULL;
    for (const char32_t c : s) h = (h ^ c) * 1099511628211ULL;
    return h ^ (h >> 29);
  }
  std::u32string_view spelling(std::uint32_t id) const noexcept {
    const Extent e = spellings_[id];
    return {pool_.data() + e.offset, e.size};
  }
  void place(std::vector<Slot>& slots, std::uint32_t id) const noexcept;

  std::vector<Slot> slots_;                // a power of two in size, or empty
  std::vector<Extent> spellings_{{0, 0}};  // by number; [0] stands for kUnknown
  std::u32string pool_;                    // every spelling, back to back
  std::uint64_t stamp_ = new_content_stamp();
};

}  // namespace newsgraph::extract
