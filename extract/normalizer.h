#pragma once
// Normalizer: the matching form of Arabic news text, with an exact alignment back to the original.
//
// normalize() applies ICU NFKC (presentation forms and lam-alef ligatures become plain letters) and then
// the folding rules of extract/lexicons/folding.json: alef forms to bare alef, ى to ي, ة to ه, diacritics,
// tatweel and format characters removed, Arabic-Indic digits to ASCII, Persian letters to Arabic, Latin
// lowercased. The folded text is used ONLY for matching; everything reported (mentions, evidence) is a span
// of the original, obtained through the alignment (the idea of sentencepiece's norm-to-original map).
//
//   const auto& norm = extract::Normalizer::builtin();
//   extract::NormalizedText n = norm.normalize(U"قالَ الرئيسُ");   // n.text == U"قال الرئيس"
//   graph::Span s = n.to_original(4, 10);                          // {5, 12}: "الرئيسُ" with its damma
//   std::string key = norm.fold_utf8("الأمريكية");                  // "الامريكيه"
//
// How the alignment is built: the original is cut into chunks at every code point that starts a new NFKC
// composition unit (icu::Normalizer2::hasBoundaryBefore) and does not vanish under folding. Each chunk is
// normalised on its own (almost always a single code point, served from a table precomputed per BMP code
// point) and every output code point gets the chunk's first original index as its origin. Vanishing code
// points (diacritics, tatweel, ZWJ, BOM ...) therefore belong to the chunk before them, so a word's span
// includes its diacritics. normalize() is idempotent: normalize(normalize(x).text).text == normalize(x).text.
//
// Thread safety: a Normalizer is immutable after load and safe to share across threads; copies share the
// tables.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "graph/model.h"

namespace newsgraph::extract {

// std::allocator, except that a resize() leaves the elements it adds default-initialised: for integers,
// not written at all. normalize() sizes its offset arrays for the whole text and then writes every
// element; value-initialisation zero-filled them first, a tenth of normalising.
template <class T>
struct UninitializedAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <class U>
  UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}  // NOLINT: as std::allocator's
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
using OffsetArray = std::vector<std::uint32_t, UninitializedAllocator<std::uint32_t>>;

struct NormalizedText {
  std::u32string text;                  // folded text, used only for matching
  OffsetArray origin;                   // size text.size()+1; origin[i] = index in the original of the code
                                        // point text[i] came from; origin.back() = original length
  OffsetArray position;                 // size original.size()+1; position[j] = first normalized index whose
                                        // origin >= j (maps original offsets to normalized ones)
  // The original span of normalized [begin, end): {origin[begin], origin[end]} except that it is never empty
  // when end > begin (a ligature expanded to two letters maps both to one original code point).
  // More precisely, the span always covers every original code point that text[begin, end) came from:
  // when text[end-1] and text[end] come from one original code point (a ligature cut in the middle), the
  // span runs to the end of that code point. Requires begin <= end <= text.size() (else std::out_of_range).
  graph::Span to_original(std::size_t begin, std::size_t end) const;
};

class Normalizer {  // immutable after load: safe to share across threads
 public:
  static const Normalizer& builtin();  // extract/lexicons/folding.json
  // Parses and validates folding rules (schemas/folding.schema.json, then semantic checks: one rule per
  // code point, no rule output that another rule would change). Throws graph::InputError at path:line:col.
  static Normalizer load(std::string_view path, std::string_view json);
  NormalizedText normalize(std::u32string_view original) const;
  std::u32string fold(std::u32string_view text) const;  // == normalize(text).text
  std::string fold_utf8(std::string_view utf8) const;   // for lexicon keys and query strings; throws
                                                        // graph::InputError on invalid UTF-8

  struct Tables;  // implementation detail (normalizer.cpp)

 private:
  explicit Normalizer(std::shared_ptr<const Tables> tables);
  std::shared_ptr<const Tables> tables_;
};

}  // namespace newsgraph::extract
