#pragma once
// CharProperties: the ICU character properties the tokenizer and the date reader ask about every
// character, answered from a table for the code points news text is almost entirely made of.
//
//   const extract::CharTable& chars = extract::CharTable::instance();   // built once, on first use
//   const extract::CharProperties p = chars[U'ب'];
//   if (p.has(extract::CharProperties::Alpha) && p.has(extract::CharProperties::ArabicScript)) ...
//   if (p.type == U_FORMAT_CHAR) ...                                     // u_charType
//
// Each ICU property call (u_isalpha, u_charType, uscript_getScript ...) is a function call and a trie
// lookup; extraction asks several of them per character, which made them a tenth of its instructions.
// The table holds, for every code point below CharTable::kSize (ASCII, Latin, Greek, Cyrillic, Hebrew,
// Arabic and Arabic Supplement) and of General Punctuation, the answers of those same ICU functions,
// computed once from them; elsewhere operator[] calls ICU directly (CharTable::compute), so the answers
// are ICU's for every code point.
//
// Thread safety: the table is immutable after it is built (a function-local static, so building it is
// thread-safe too); instance() may be used from any number of threads.

#include <array>
#include <cstdint>

namespace newsgraph::extract {

struct CharProperties {
  enum Flag : std::uint16_t {
    WhiteSpace = 1 << 0,    // u_isUWhiteSpace
    Alpha = 1 << 1,         // u_isalpha
    Alnum = 1 << 2,         // u_isalnum
    Digit = 1 << 3,         // u_isdigit
    Punct = 1 << 4,         // u_ispunct
    ArabicScript = 1 << 5,  // uscript_getScript == USCRIPT_ARABIC
    Combining = 1 << 6,     // u_getCombiningClass > 0
    ExtendedPictographic = 1 << 7,  // u_hasBinaryProperty(UCHAR_EXTENDED_PICTOGRAPHIC)
    ComplexContext = 1 << 8,        // UCHAR_LINE_BREAK == U_LB_COMPLEX_CONTEXT (Thai ...: ICU's dictionaries)
  };
  std::uint16_t flags = 0;
  std::int8_t type = 0;        // u_charType, a UCharCategory (U_FORMAT_CHAR, U_NON_SPACING_MARK ...)
  std::int8_t word_break = 0;  // UCHAR_WORD_BREAK, a UWordBreakValues (U_WB_ALETTER, U_WB_MIDNUM ...)
  std::int8_t sentence_break = 0;  // UCHAR_SENTENCE_BREAK, a USentenceBreak (U_SB_ATERM, U_SB_CLOSE ...)

  bool has(Flag f) const { return (flags & f) != 0; }
};

// One value per code point of the blocks news text is almost entirely made of: every code point below
// U+0800 (ASCII, Latin, Greek, Cyrillic, Hebrew, Arabic and Arabic Supplement) and General Punctuation
// (U+2000-U+206F: quotes, dashes, spaces, RLM ...). The storage of CharTable and of the tokenizer's word
// and sentence class tables.
template <class T>
class CharBlockArray {
 public:
  static constexpr char32_t kLowEnd = 0x0800;
  static constexpr char32_t kPunctuationBegin = 0x2000, kPunctuationEnd = 0x2070;

  // The value of `c`, or outside(c) when `c` is outside the blocks (read for every character of a text:
  // one range test for nearly all of them).
  template <class Outside>
  T value_or(char32_t c, Outside&& outside) const {
    if (c < kLowEnd) return low_[c];
    if (c - kPunctuationBegin < kPunctuationEnd - kPunctuationBegin) return punctuation_[c - kPunctuationBegin];
    return outside(c);
  }
  // Requires `c` in the blocks.
  T& operator[](char32_t c) { return c < kLowEnd ? low_[c] : punctuation_[c - kPunctuationBegin]; }
  void fill(const T& value) {
    low_.fill(value);
    punctuation_.fill(value);
  }
  // Calls f(c) for every code point of the blocks, in order.
  template <class F>
  static void for_each_code_point(F&& f) {
    for (char32_t c = 0; c < kLowEnd; ++c) f(c);
    for (char32_t c = kPunctuationBegin; c < kPunctuationEnd; ++c) f(c);
  }

 private:
  std::array<T, kLowEnd> low_{};
  std::array<T, kPunctuationEnd - kPunctuationBegin> punctuation_{};
};

class CharTable {
 public:
  static constexpr char32_t kSize = CharBlockArray<CharProperties>::kLowEnd;
  static constexpr char32_t kPunctuationBegin = CharBlockArray<CharProperties>::kPunctuationBegin;
  static constexpr char32_t kPunctuationEnd = CharBlockArray<CharProperties>::kPunctuationEnd;

  static const CharTable& instance();
  // The properties straight from ICU (any char32_t, also one that is not a scalar value).
  static CharProperties compute(char32_t c);

  CharProperties operator[](char32_t c) const { return entries_.value_or(c, compute); }

 private:
  CharTable();
  CharBlockArray<CharProperties> entries_;
};

}  // namespace newsgraph::extract
