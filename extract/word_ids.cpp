#include "extract/word_ids.h"

namespace newsgraph::extract {

std::uint32_t WordIds::add(std::u32string_view word) {
  if (word.empty()) return kUnknown;
  if (const auto known = find(word); known != kUnknown) return known;
  const auto id = static_cast<std::uint32_t>(ids_.size() + 1);
  ids_.emplace(std::u32string(word), id);
  return id;
}

}  // namespace newsgraph::extract
