#include "extract/token_readings.h"

#include "extract/phrase_matcher.h"

namespace newsgraph::extract {
namespace {

// Whether reading `r` of `word` is a view into the word itself (the word without its first r.skip code
// points), rather than a key the rules built (ال + rest).
bool key_in_word(std::u32string_view word, const ParticleRules::ReadingView& r) {
  return r.key.data() == word.data() + r.skip && r.key.size() == word.size() - r.skip;
}

// The readings of words this thread has read before, with their word numbers. News repeats its words
// (particles, verbs of saying, the same names) within and across articles, and a token's readings — the
// particle rules, then a WordIds lookup per reading — were the costliest step of reading an article
// after segmenting it; a word seen before is one hash and one comparison here.
//
// Per thread, so that workers share nothing. Filled for one (ParticleRules, WordIds) pair, told apart by
// their content stamps, and emptied when asked about another. The cached words are numbered by a WordIds
// of their own. Bounded: once full it only answers.
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
    std::size_t count;  // 0: not cached (a word always has at least itself as a reading)
  };

  void bind(std::uint64_t rules, std::uint64_t words) {
    if (rules == rules_ && words == words_) return;
    rules_ = rules, words_ = words;
    known_ = WordIds();
    ranges_.assign(1, Range{});  // [0] stands for WordIds::kUnknown
    readings_.clear();
    added_.clear();
  }

  Found find(std::u32string_view word) const { return found(known_.find(word)); }
  bool full() const { return known_.size() >= kMaxWords; }

  // Adds `word` (not cached yet, and the cache not full) with its readings.
  Found insert(std::u32string_view word, const std::vector<ParticleRules::ReadingView>& views, const WordIds& words) {
    ranges_.push_back({static_cast<std::uint32_t>(readings_.size()), static_cast<std::uint32_t>(views.size())});
    for (const auto& r : views) {
      const bool in_word = key_in_word(word, r);
      Reading reading{r.skip, words.find(r.key), 0, 0, in_word};
      if (!in_word) {
        reading.added_offset = static_cast<std::uint32_t>(added_.size());
        reading.added_size = static_cast<std::uint32_t>(r.key.size());
        added_ += r.key;
      }
      readings_.push_back(reading);
    }
    return found(known_.add(word));  // numbered in order: its range is the one just pushed
  }

  std::u32string_view added(const Reading& r) const {
    return std::u32string_view(added_).substr(r.added_offset, r.added_size);
  }

  static constexpr std::size_t kMaxWord = 32;  // longer tokens (URLs, long numbers) are read each time

 private:
  struct Range {
    std::uint32_t first = 0, count = 0;
  };
  Found found(std::uint32_t number) const {
    const Range& r = ranges_[number];
    return {readings_.data() + r.first, r.count};
  }
  static constexpr std::uint32_t kMaxWords = 65536;

  std::uint64_t rules_ = 0, words_ = 0;  // content stamps: 0 is never one
  WordIds known_;                        // the cached words, numbered 1, 2, ... in the order cached
  std::vector<Range> ranges_{1};         // by the number of a cached word: its readings in readings_
  std::vector<Reading> readings_;
  std::u32string added_;                 // the keys that are not in their word
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
    if (cacheable) found = cache.find(word);
    if (found.count == 0 && cacheable && !cache.full()) {
      rules.readings(word, list);
      found = cache.insert(word, list.views(), words);
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
      const std::u32string_view key = key_in_word(word, r) ? r.key : added_.emplace_back(r.key);
      readings_.push_back({key, r.skip, words.find(key)});
    }
  }
  first_.push_back(static_cast<std::uint32_t>(readings_.size()));
}

}  // namespace newsgraph::extract
