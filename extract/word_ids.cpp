#include "extract/word_ids.h"

#include <atomic>
#include <stdexcept>

namespace newsgraph::extract {

std::uint64_t new_content_stamp() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

std::uint32_t WordIds::add(std::u32string_view word) {
  if (word.empty()) return kUnknown;
  if (const auto known = find(word); known != kUnknown) return known;
  if (pool_.size() + word.size() > UINT32_MAX || spellings_.size() >= UINT32_MAX)
    throw std::length_error("WordIds: more than 4 Gi code points of lexicon words");
  const auto id = static_cast<std::uint32_t>(spellings_.size());
  spellings_.push_back({static_cast<std::uint32_t>(pool_.size()), static_cast<std::uint32_t>(word.size())});
  pool_ += word;
  if (2 * spellings_.size() > slots_.size()) {
    // Doubled (1,024 slots at first), every word placed again.
    std::vector<Slot> slots(slots_.empty() ? 1024 : 2 * slots_.size());
    for (std::uint32_t known_id = 1; known_id < id; ++known_id) place(slots, known_id);
    slots_ = std::move(slots);
  }
  place(slots_, id);
  stamp_ = new_content_stamp();
  return id;
}

void WordIds::place(std::vector<Slot>& slots, std::uint32_t id) const noexcept {
  const std::uint64_t hash = hash_of(spelling(id));
  std::size_t i = hash & (slots.size() - 1);
  while (slots[i].id != kUnknown) i = (i + 1) & (slots.size() - 1);
  slots[i] = {static_cast<std::uint32_t>(hash >> 32), id};
}

}  // namespace newsgraph::extract
