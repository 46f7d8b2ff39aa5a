#include "extract/token_readings.h"

#include "extract/phrase_matcher.h"

namespace newsgraph::extract {
namespace {

// The readings of words this thread has read before, with their word numbers. News repeats its words
// (particles, verbs of saying, the same names) within and across articles, and a token's readings — the
// particle rules, then a WordIds lookup per reading — were the costliest step of reading an article
// after segmenting it; a word seen before is one hash and one comparison here.
//
// Per thread, so that workers share nothing. Filled for one (ParticleRules, WordIds) pair, told apart by
// their content stamps, and emptied when asked about another. Bounded: once full it only answers.
class ReadingCache {
 public:
  struct Reading {
    std::uint32_t skip;
    std::uint32_t word;
    std::uint32_t added_offset;  // the key, when it is not the word without its first `skip` code points
    std::uint32_t added_size;    // (ال + rest): added_[added_offset, + added_size); else added_size is 0
    bool in_word;
  };
  struct Found {
    const Reading* first;
    std::size_t count;
  };

  void bind(std::uint64_t rules, std::uint64_t words) {
    if (rules == rules_ && words == words_) return;
    rules_ = rules, words_ = words;
    slots_.assign(kSlots, Slot{});
    texts_.clear(), readings_.clear(), added_.clear();
    size_ = 0;
  }

  // The cached readings of `word`, or nothing (count 0: a word always has at least itself as a reading).
  Found find(std::u32string_view word, std::uint64_t hash) const {
    for (std::size_t i = hash & (kSlots - 1);; i = (i + 1) & (kSlots - 1)) {
      const Slot& slot = slots_[i];
      if (slot.count == 0) return {nullptr, 0};
      if (slot.hash == hash && std::u32string_view(texts_).substr(slot.text_offset, slot.text_size) == word)
        return {readings_.data() + slot.first_reading, slot.count};
    }
  }

  bool full() const { return 2 * (size_ + 1) > kSlots || texts_.size() > kMaxText; }

  // Adds `word` (not cached yet, and the cache not full) with its readings.
  Found insert(std::u32string_view word, std::uint64_t hash, const std::vector<ParticleRules::ReadingView>& views,
               const WordIds& words) {
    Slot slot{hash, static_cast<std::uint32_t>(texts_.size()), static_cast<std::uint32_t>(word.size()),
              static_cast<std::uint32_t>(readings_.size()), static_cast<std::uint32_t>(views.size())};
    texts_ += word;
    for (const auto& r : views) {
      const bool in_word = r.key.data() == word.data() + r.skip && r.key.size() == word.size() - r.skip;
      Reading reading{r.skip, words.find(r.key), 0, 0, in_word};
      if (!in_word) {
        reading.added_offset = static_cast<std::uint32_t>(added_.size());
        reading.added_size = static_cast<std::uint32_t>(r.key.size());
        added_ += r.key;
      }
      readings_.push_back(reading);
    }
    std::size_t i = hash & (kSlots - 1);
    while (slots_[i].count != 0) i = (i + 1) & (kSlots - 1);
    slots_[i] = slot;
    ++size_;
    return {readings_.data() + slot.first_reading, slot.count};
  }

  std::u32string_view added(const Reading& r) const {
    return std::u32string_view(added_).substr(r.added_offset, r.added_size);
  }

  static std::uint64_t hash_of(std::u32string_view s) {
    std::uint64_t h = 14695981039346656037ULL;  // FNV-1a over code points
    for (const char32_t c : s) h = (h ^ c) * 1099511628211ULL;
    return (h ^ (h >> 29)) | 1;  // never 0
  }

  static constexpr std::size_t kMaxWord = 32;  // longer tokens (URLs, long numbers) are read each time

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t text_offset = 0, text_size = 0;
    std::uint32_t first_reading = 0, count = 0;  // count 0: empty
  };
  static constexpr std::size_t kSlots = std::size_t{1} << 17;  // at most 65,536 words, 3 MiB of slots
  static constexpr std::size_t kMaxText = std::size_t{1} << 20;

  std::uint64_t rules_ = 0, words_ = 0;  // content stamps: 0 is never one
  std::vector<Slot> slots_;
  std::u32string texts_;   // the cached words, back to back
  std::vector<Reading> readings_;
  std::u32string added_;   // the keys that are not in their word
  std::size_t size_ = 0;
};

}  // namespace

TokenReadings::TokenReadings(const ParticleRules& rules, const NormalizedText& text, const Segmentation& seg,
                             const WordIds& words) {
  thread_local ReadingCache cache;
  cache.bind(rules.content_stamp(), words.content_stamp());
  first_.reserve(seg.tokens.size() + 1);
  readings_.reserve(seg.tokens.size() * 2);
  ParticleRules::ReadingList list;
  for (const Token& token : seg.tokens) {
    first_.push_back(static_cast<std::uint32_t>(readings_.size()));
    const std::u32string_view word = token_text(text, token);
    ReadingCache::Found found{nullptr, 0};
    const bool cacheable = !word.empty() && word.size() <= ReadingCache::kMaxWord;
    const std::uint64_t hash = cacheable ? ReadingCache::hash_of(word) : 0;
    if (cacheable) found = cache.find(word, hash);
    if (found.count == 0 && cacheable && !cache.full()) {
      rules.readings(word, list);
      found = cache.insert(word, hash, list.views(), words);
    }
    if (found.count != 0) {
      for (std::size_t k = 0; k < found.count; ++k) {
        const auto& r = found.first[k];
        // A key inside the word is a view of the text; one built by the rules (ال + rest) gets its own
        // string here, which the deque never moves (the cache's may move as it grows).
        const std::u32string_view key = r.in_word ? word.substr(r.skip) : added_.emplace_back(cache.added(r));
        readings_.push_back({key, r.skip, r.word});
      }
      continue;
    }
    rules.readings(word, list);
    for (const auto& r : list.views()) {
      const bool in_word = r.key.data() == word.data() + r.skip && r.key.size() == word.size() - r.skip;
      std::u32string_view key = r.key;
      if (!in_word) key = added_.emplace_back(r.key);
      readings_.push_back({key, r.skip, words.find(key)});
    }
  }
  first_.push_back(static_cast<std::uint32_t>(readings_.size()));
}

}  // namespace newsgraph::extract
