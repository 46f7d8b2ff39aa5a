#include "extract/phrase_matcher.h"

#include <unicode/uchar.h>

#include <algorithm>

#include "extract/utf8.h"

namespace newsgraph::extract {

bool is_transparent_punctuation(char32_t c) {
  switch (c) {
    case U'"': case U'\'': case U'“': case U'”': case U'«': case U'»': case U'(': case U')':
    case U'„': case U'‘': case U'’':
      return true;
    default:
      return false;
  }
}

PhraseMatcher::PhraseMatcher(const Normalizer& normalizer, WordIds& words)
    : normalizer_(normalizer), words_(&words), nodes_(1), flags_(1, 0) {}

std::vector<std::u32string> PhraseMatcher::words_of(std::string_view phrase) const {
  const std::u32string folded = normalizer_.fold(decode_utf8(phrase, "lexicon phrase"));
  std::vector<std::u32string> words;
  std::u32string word;
  for (char32_t c : folded) {
    if (u_isalnum(static_cast<UChar32>(c))) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool PhraseMatcher::add(std::string_view phrase, std::uint32_t payload) {
  const auto words = words_of(phrase);
  if (words.empty()) return false;
  std::u32string joined;
  for (const auto& w : words) joined += (joined.empty() ? U"" : U" ") + w;
  add_folded(joined, payload);
  return true;
}

void PhraseMatcher::add_folded(std::u32string_view folded, std::uint32_t payload) {
  std::uint32_t node = 0;
  std::size_t start = 0;
  while (start <= folded.size()) {
    std::size_t end = folded.find(U' ', start);
    if (end == std::u32string_view::npos) end = folded.size();
    const auto word = folded.substr(start, end - start);
    if (!word.empty()) {
      const std::uint32_t id = words_->add(word);
      std::uint32_t next = child(node, id);
      if (next == 0) {
        next = static_cast<std::uint32_t>(nodes_.size());
        nodes_.emplace_back();
        flags_.push_back(0);
        flags_[node] |= kHasChildren;
        if (node == 0) {
          if (root_.size() <= id) root_.resize(id + 1, 0);
          root_[id] = next;
        } else {
          auto& children = nodes_[node].children;
          const auto at = std::lower_bound(children.begin(), children.end(), std::make_pair(id, 0U));
          children.insert(at, {id, next});
        }
      }
      node = next;
    }
    start = end + 1;
  }
  auto& p = nodes_[node].payloads;
  if (node != 0 && std::find(p.begin(), p.end(), payload) == p.end()) p.push_back(payload);
  if (node != 0) flags_[node] |= kHasPayloads;
}

std::uint32_t PhraseMatcher::child(std::uint32_t node, std::uint32_t word) const {
  if (node == 0) return word < root_.size() ? root_[word] : 0;
  for (const auto& [w, next] : nodes_[node].children) {  // one or two children: a scan beats a search
    if (w == word) return next;
    if (w > word) break;
  }
  return 0;
}

std::optional<PhraseMatch> PhraseMatcher::longest_at(const NormalizedText& text, const Segmentation& seg,
                                                     const TokenReadings& readings, std::uint32_t first,
                                                     std::uint32_t limit) const {
  std::optional<PhraseMatch> best;
  for (const auto& reading : readings.of(first)) {
    std::uint32_t node = child(0, reading.word);
    if (node == 0) continue;
    std::uint32_t end = first + 1, matched_end = 0, matched_node = 0;
    if (flags_[node] & kHasPayloads) matched_end = end, matched_node = node;
    while (end < limit && (flags_[node] & kHasChildren)) {
      std::uint32_t next = end;
      while (next < limit && seg.tokens[next].kind == TokenKind::Punctuation &&
             seg.tokens[next].norm_end - seg.tokens[next].norm_begin == 1 &&
             is_transparent_punctuation(text.text[seg.tokens[next].norm_begin]))
        ++next;
      if (next >= limit || seg.tokens[next].kind == TokenKind::Punctuation) break;
      const std::uint32_t c = child(node, readings.word_of(next));
      if (c == 0) break;
      node = c;
      end = next + 1;
      if (flags_[node] & kHasPayloads) matched_end = end, matched_node = node;
    }
    if (matched_end && (!best || matched_end > best->end_token)) {
      const auto word = token_text(text, seg.tokens[first]);
      best = PhraseMatch{first, matched_end, reading.skip, std::u32string(word.substr(0, reading.skip)),
                         &nodes_[matched_node].payloads};
    }
  }
  return best;
}

}  // namespace newsgraph::extract
