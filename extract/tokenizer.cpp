#include "extract/tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <new>
#include <random>
#include <span>
#include <stdexcept>
#include <utility>

#include "extract/char_properties.h"

namespace newsgraph::extract {
namespace {

// Text handed to ICU as UTF-16, with the code point index of every UTF-16 offset (astral characters take
// two UTF-16 units; the second unit of a pair maps to the same code point and is never a boundary).
struct Utf16Text {
  icu::UnicodeString text;
  std::vector<std::uint32_t> code_point_at;  // size text.length() + 1; empty when every code point is one
                                             // unit (no astral characters), and the offset is the index

  // Written here rather than by UnicodeString::fromUTF32, with the same result (U+FFFD for what is not a
  // scalar value), because then the map is only built when needed: Arabic news text almost never has an
  // astral character, and without one a UTF-16 offset is the code point index.
  explicit Utf16Text(std::u32string_view s) {
    // Below U+D800 a code point is one UTF-16 unit, itself; that is the whole text, nearly always.
    const bool below_surrogates = std::all_of(s.begin(), s.end(), [](char32_t c) { return c < 0xD800; });
    const std::size_t pairs =
        below_surrogates ? 0
                         : static_cast<std::size_t>(std::count_if(
                               s.begin(), s.end(), [](char32_t c) { return c >= 0x10000 && c <= 0x10FFFF; }));
    const std::size_t length = s.size() + pairs;
    if (length > static_cast<std::size_t>(INT32_MAX)) throw std::length_error("text too long for ICU");
    UChar* out = text.getBuffer(static_cast<int32_t>(length));
    if (out == nullptr) throw std::bad_alloc();
    auto unit = [](char32_t c) {  // a code point that takes one unit: itself, or U+FFFD when not a scalar value
      return static_cast<UChar>(c < 0xD800 || (c > 0xDFFF && c < 0x10000) ? c : 0xFFFD);
    };
    if (below_surrogates) {
      for (std::size_t k = 0; k < length; ++k) out[k] = static_cast<UChar>(s[k]);
    } else if (pairs == 0) {
      for (std::size_t k = 0; k < length; ++k) out[k] = unit(s[k]);
    } else {
      code_point_at.resize(length + 1);
      std::size_t k = 0;
      for (std::uint32_t cp = 0; cp < s.size(); ++cp) {
        const char32_t c = s[cp];
        code_point_at[k] = cp;
        if (c >= 0x10000 && c <= 0x10FFFF) {
          out[k++] = static_cast<UChar>(0xD7C0 + (c >> 10));  // U16_LEAD
          code_point_at[k] = cp;
          out[k++] = static_cast<UChar>(0xDC00 | (c & 0x3FF));  // U16_TRAIL
        } else {
          out[k++] = unit(c);
        }
      }
      code_point_at[length] = static_cast<std::uint32_t>(s.size());
    }
    text.releaseBuffer(static_cast<int32_t>(length));
  }
  std::uint32_t at(int32_t offset16) const {
    return code_point_at.empty() ? static_cast<std::uint32_t>(offset16)
                                 : code_point_at[static_cast<std::size_t>(offset16)];
  }
};

// The character classes of the tokenizer, from the table of ICU's answers (extract/char_properties.h).
bool is_space_or_invisible(CharProperties p) {
  if (p.has(CharProperties::WhiteSpace)) return true;
  return p.type == U_FORMAT_CHAR || p.type == U_CONTROL_CHAR || p.type == U_NON_SPACING_MARK ||
         p.type == U_ENCLOSING_MARK || p.type == U_UNASSIGNED || p.type == U_SURROGATE;
}

bool is_trailing_junk(CharProperties p) {
  return p.has(CharProperties::WhiteSpace) || p.type == U_FORMAT_CHAR || p.type == U_CONTROL_CHAR;
}

bool is_line_break(char32_t c) {
  if (c <= U'\r') return c >= U'\n';  // \n \v \f \r
  return c == 0x85 || c == 0x2028 || c == 0x2029;
}

bool is_arabic_letter(CharProperties p) {
  return p.has(CharProperties::Alpha) && p.has(CharProperties::ArabicScript);
}

std::unique_ptr<icu::BreakIterator> make_iterator(bool sentences) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Locale arabic("ar");
  std::unique_ptr<icu::BreakIterator> it(sentences ? icu::BreakIterator::createSentenceInstance(arabic, status)
                                                   : icu::BreakIterator::createWordInstance(arabic, status));
  if (U_FAILURE(status) || !it)
    throw std::logic_error(std::string("ICU break iterator unavailable: ") + u_errorName(status));
  return it;
}

// The UAX #29 word break class of a character, as far as simple_word_breaks() needs it.
enum class WordClass : std::uint8_t { Letter, Number, MidLetter, MidNum, MidNumLet, Plain, Unsupported };

// The class the Unicode property gives (WordClassTable checks it against ICU's iterator).
WordClass word_class(CharProperties p) {
  if (p.has(CharProperties::ExtendedPictographic) || p.has(CharProperties::ComplexContext))
    return WordClass::Unsupported;
  switch (p.word_break) {
    case U_WB_ALETTER: return WordClass::Letter;
    case U_WB_NUMERIC: return WordClass::Number;
    case U_WB_MIDLETTER: return WordClass::MidLetter;
    case U_WB_MIDNUM: return WordClass::MidNum;
    case U_WB_MIDNUMLET:
    case U_WB_SINGLE_QUOTE: return WordClass::MidNumLet;  // "MidNumLetQ" of UAX #29
    case U_WB_OTHER:
    case U_WB_DOUBLE_QUOTE:  // joins only Hebrew letters (WB7b/c), which are Unsupported
    case U_WB_WSEGSPACE:
    case U_WB_CR:
    case U_WB_LF:
    case U_WB_NEWLINE: return WordClass::Plain;
    default: return WordClass::Unsupported;  // Extend, Format, ZWJ (WB4), ExtendNumLet, Katakana, ...
  }
}

// The word segments of a text whose characters all have a class other than Unsupported, by rules WB5-WB12
// and WB999 of UAX #29: letters and digits join each other (WB5, WB8-10), and across one separator between
// two letters (MidLetter, MidNumLet: WB6/7) or two digits (MidNum, MidNumLet: WB11/12); every other
// character stands alone. Calls segment(begin, end, is_word) for each word and each other character, in
// order.
template <class ClassAt, class Segment>
void word_segments(std::size_t n, ClassAt&& class_at, Segment&& segment) {
  auto alnum = [&](std::size_t k) {
    const WordClass c = class_at(k);
    return c == WordClass::Letter || c == WordClass::Number;
  };
  for (std::size_t i = 0; i < n;) {
    if (!alnum(i)) {
      segment(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + 1), false);
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    while (j < n) {
      if (alnum(j)) {
        ++j;
        continue;
      }
      if (j + 1 >= n || !alnum(j + 1)) break;
      const WordClass before = class_at(j - 1), mid = class_at(j), after = class_at(j + 1);
      const bool letters = before == WordClass::Letter && after == WordClass::Letter &&
                           (mid == WordClass::MidLetter || mid == WordClass::MidNumLet);
      const bool numbers = before == WordClass::Number && after == WordClass::Number &&
                           (mid == WordClass::MidNum || mid == WordClass::MidNumLet);
      if (!letters && !numbers) break;
      j += 2;
    }
    segment(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j), true);
    i = j;
  }
}

// The word segments ICU's iterator finds in `text` (all of it below U+D800, so UTF-16 offsets are code
// point offsets), as [begin, end) pairs of the segments whose rule status is not UBRK_WORD_NONE.
std::vector<std::pair<std::uint32_t, std::uint32_t>> icu_words(const icu::BreakIterator& prototype,
                                                               std::u32string_view text) {
  const Utf16Text utf16(text);
  std::unique_ptr<icu::BreakIterator> it(prototype.clone());
  it->setText(utf16.text);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> words;
  for (int32_t b = it->first(), e = it->next(); e != icu::BreakIterator::DONE; b = e, e = it->next())
    if (const int32_t status = it->getRuleStatus(); !(status >= UBRK_WORD_NONE && status < UBRK_WORD_NONE_LIMIT))
      words.emplace_back(static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e));
  return words;
}

// The class of every character of the blocks news text is written in — Basic Latin, Latin-1, Latin
// Extended-A and -B, Arabic, Arabic Supplement and General Punctuation — as ICU's own word iterator treats
// it. ICU tailors UAX #29 (its colon is no MidLetter; in ICU 72 "@" is a letter) and its data may change
// with its version, so each character is tried in small texts with a letter and a digit beside it ("بcب",
// "1c1", "cc", ...) under the class its Unicode property gives, then as Plain, then as a Letter; it keeps
// the first class under which word_segments() finds ICU's words, else it is Unsupported and texts with it
// go to ICU's iterator. One ICU pass over all the probes per try, once per process. Characters of other
// blocks are Unsupported.
class WordClassTable {
 public:
  explicit WordClassTable(const icu::BreakIterator& prototype) {
    classes_.fill(WordClass::Unsupported);
    const CharTable& chars = CharTable::instance();
    std::vector<char32_t> untried;  // characters whose class is still to be checked
    for (char32_t c = 0; c < CharTable::kSize; ++c)
      if (c < 0x0250 || (c >= 0x0600 && c < 0x0780)) untried.push_back(c);
    for (char32_t c = CharTable::kPunctuationBegin; c < CharTable::kPunctuationEnd; ++c) untried.push_back(c);
    for (const char32_t c : untried) classes_[c] = word_class(chars[c]);
    std::erase_if(untried, [&](char32_t c) { return classes_[c] == WordClass::Unsupported || c == U'\n'; });
    for (const WordClass next : {WordClass::Plain, WordClass::Letter, WordClass::Unsupported}) {
      untried = differing_from_icu(prototype, untried);
      for (const char32_t c : untried) classes_[c] = next;
      if (next == WordClass::Unsupported || untried.empty()) break;
    }
    // The probes' letter and digit must themselves behave.
    if ((*this)[U'ب'] != WordClass::Letter || (*this)[U'1'] != WordClass::Number)
      classes_.fill(WordClass::Unsupported);
  }

  WordClass operator[](char32_t c) const {
    return classes_.value_or(c, [](char32_t) { return WordClass::Unsupported; });
  }

 private:

  // The characters of `candidates` whose probes, each between line feeds (a hard break, WB3a/b), ICU
  // segments into other words than word_segments() does under their current class.
  std::vector<char32_t> differing_from_icu(const icu::BreakIterator& prototype,
                                           const std::vector<char32_t>& candidates) const {
    std::u32string probes = U"\n";
    std::vector<std::size_t> probes_of;  // where each candidate's probes start
    for (const char32_t c : candidates) {
      probes_of.push_back(probes.size());
      for (const char32_t* probe : {U"c", U"cc", U"bc", U"cb", U"1c", U"c1", U"bcb", U"1c1"}) {
        for (const char32_t* p = probe; *p; ++p) probes += *p == U'c' ? c : *p == U'b' ? U'ب' : *p;
        probes += U'\n';
      }
    }
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ours;
    word_segments(probes.size(), [&](std::size_t k) { return (*this)[probes[k]]; },
                  [&](std::uint32_t b, std::uint32_t e, bool word) {
                    if (word) ours.emplace_back(b, e);
                  });
    const auto icus = icu_words(prototype, probes);
    // Walk both lists candidate by candidate.
    std::vector<char32_t> differing;
    std::size_t x = 0, y = 0;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      const std::size_t end = i + 1 < candidates.size() ? probes_of[i + 1] : probes.size();
      const std::size_t x0 = x, y0 = y;
      while (x < ours.size() && ours[x].first < end) ++x;
      while (y < icus.size() && icus[y].first < end) ++y;
      if (!std::equal(ours.begin() + x0, ours.begin() + x, icus.begin() + y0, icus.begin() + y))
        differing.push_back(candidates[i]);
    }
    return differing;
  }

  CharBlockArray<WordClass> classes_;
};

// ICU's word segments for a text made only of characters the table supports (most news text): calls
// segment(begin, end, is_word) for each, where is_word is ICU's "rule status is not UBRK_WORD_NONE".
// Returns false, having called nothing, when some character is Unsupported (the caller then runs ICU).
template <class Segment>
bool simple_word_breaks(std::u32string_view text, const WordClassTable& table, Segment&& segment) {
  if (std::any_of(text.begin(), text.end(), [&](char32_t c) { return table[c] == WordClass::Unsupported; }))
    return false;
  word_segments(text.size(), [&](std::size_t k) { return table[text[k]]; }, segment);
  return true;
}

// The UAX #29 sentence break class of a character (UCHAR_SENTENCE_BREAK), as sentence_boundaries() uses
// it: Extend and Format are one class (rule SB5 treats them alike).
enum class SentenceClass : std::uint8_t {
  Other, CR, LF, Sep, Sp, Lower, Upper, OLetter, Numeric, ATerm, STerm, Close, SContinue, Ignorable, Unsupported
};

SentenceClass sentence_class(CharProperties p) {
  switch (p.sentence_break) {
    case U_SB_CR: return SentenceClass::CR;
    case U_SB_LF: return SentenceClass::LF;
    case U_SB_SEP: return SentenceClass::Sep;
    case U_SB_SP: return SentenceClass::Sp;
    case U_SB_LOWER: return SentenceClass::Lower;
    case U_SB_UPPER: return SentenceClass::Upper;
    case U_SB_OLETTER: return SentenceClass::OLetter;
    case U_SB_NUMERIC: return SentenceClass::Numeric;
    case U_SB_ATERM: return SentenceClass::ATerm;
    case U_SB_STERM: return SentenceClass::STerm;
    case U_SB_CLOSE: return SentenceClass::Close;
    case U_SB_SCONTINUE: return SentenceClass::SContinue;
    case U_SB_EXTEND:
    case U_SB_FORMAT: return SentenceClass::Ignorable;
    default: return SentenceClass::Other;
  }
}

bool is_paragraph_separator(SentenceClass c) {
  return c == SentenceClass::CR || c == SentenceClass::LF || c == SentenceClass::Sep;
}

// The sentence boundaries of a text by rules SB1-SB11 and SB998 of UAX #29, appended to `out` as code
// point offsets in ascending order: 0, each boundary inside, and the end (an empty text: 0 alone) — the
// offsets ICU's sentence iterator returns from first() and next(). class_at(k) is the class of character
// k. Returns false, with `out` as it was, when a character is Unsupported (the caller then runs ICU).
// One pass, nothing allocated but `out`; the look-ahead of SB8 runs at most once per full stop.
template <class ClassAt>
bool sentence_boundaries(std::size_t n, ClassAt&& class_at, std::vector<std::uint32_t>& out) {
  using C = SentenceClass;
  const std::size_t first = out.size();
  out.push_back(0);
  // The rules see the characters that SB5 does not hide: an Extend or Format character counts only at the
  // start and after a paragraph separator, where it stands for itself (as Other).
  C before = C::Other;       // the last character the rules saw
  bool seen_any = false;
  // The run "SATerm Close* Sp*" that ends right before the character looked at, if there is one.
  enum class Run : std::uint8_t { None, Term, Close, Sp } run = Run::None;
  C term = C::Other;         // the ATerm or STerm that opened the run
  C before_term = C::Other;  // the character the rules saw before it (SB7), Other at the start
  // SB8: from character k on, a lower-case letter comes before any other letter, separator or terminator.
  // Unsupported ahead: *unsupported is set.
  auto lower_ahead = [&](std::size_t k, bool* unsupported) {
    for (; k < n; ++k) {
      const C c = class_at(k);
      if (c == C::Lower) return true;
      if (c == C::Unsupported) return *unsupported = true, false;
      if (c == C::OLetter || c == C::Upper || is_paragraph_separator(c) || c == C::STerm || c == C::ATerm) return false;
    }
    return false;
  };
  // What can end a run of plain text: a terminator, a separator, a hidden character, an unsupported one.
  constexpr auto bit = [](C c) { return 1u << static_cast<unsigned>(c); };
  constexpr unsigned kNotPlain = bit(C::ATerm) | bit(C::STerm) | bit(C::CR) | bit(C::LF) | bit(C::Sep) |
                                 bit(C::Ignorable) | bit(C::Unsupported);
  for (std::size_t k = 0; k < n; ++k) {
    C c = class_at(k);
    // Most characters neither end a sentence nor follow its end: no rule but SB998 applies, the run stays
    // None, only `before` moves.
    if (run == Run::None && seen_any && !is_paragraph_separator(before) && (bit(c) & kNotPlain) == 0) {
      before = c;
      continue;
    }
    if (c == C::Unsupported) return out.resize(first), false;
    if (c == C::Ignorable) {
      if (seen_any && !is_paragraph_separator(before)) continue;
      c = C::Other;
    }
    bool boundary = false;
    if (!seen_any) {
      // the start: its boundary is out[first]
    } else if (before == C::CR && c == C::LF) {  // SB3
    } else if (is_paragraph_separator(before)) {  // SB4
      boundary = true;
    } else if (run == Run::None) {  // SB998: no sentence end before
    } else if (c == C::SContinue || c == C::STerm || c == C::ATerm) {                                // SB8a
    } else if (run != Run::Sp && (c == C::Close || c == C::Sp || is_paragraph_separator(c))) {        // SB9
    } else if (c == C::Sp || is_paragraph_separator(c)) {                                            // SB10
    } else if (term == C::ATerm && run == Run::Term && c == C::Numeric) {                            // SB6: "3.5"
    } else if (term == C::ATerm && run == Run::Term && c == C::Upper &&
               (before_term == C::Upper || before_term == C::Lower)) {                               // SB7: "U.S"
    } else if (term == C::ATerm) {  // SB8: "etc. and"
      bool unsupported = false;
      boundary = !lower_ahead(k, &unsupported);
      if (unsupported) return out.resize(first), false;
    } else {
      boundary = true;  // SB11
    }
    if (boundary) out.push_back(static_cast<std::uint32_t>(k));
    if (c == C::ATerm || c == C::STerm) {
      run = Run::Term, term = c, before_term = seen_any ? before : C::Other;
    } else if (c == C::Close && (run == Run::Term || run == Run::Close)) {
      run = Run::Close;
    } else if (c == C::Sp && run != Run::None) {
      run = Run::Sp;
    } else {
      run = Run::None;
    }
    before = c;
    seen_any = true;
  }
  out.push_back(static_cast<std::uint32_t>(n));
  return true;
}

// ICU's sentence boundaries in `text`, in code points, as sentence_boundaries() lists them.
std::vector<std::uint32_t> icu_sentence_boundaries(const icu::BreakIterator& prototype, std::u32string_view text) {
  const Utf16Text utf16(text);
  std::unique_ptr<icu::BreakIterator> it(prototype.clone());
  it->setText(utf16.text);
  std::vector<std::uint32_t> out;
  for (int32_t b = it->first(); b != icu::BreakIterator::DONE; b = it->next()) out.push_back(utf16.at(b));
  return out;
}

// The sentence class of every character of the character table's blocks (extract/char_properties.h); other
// characters are Unsupported and send a text to ICU's iterator. Whether the rules above are ICU's is
// checked once per process (agrees_with_icu): ICU implements UAX #29 for sentences without tailoring, but
// a different ICU may differ, and then every text goes to ICU's iterator.
class SentenceClassTable {
 public:
  explicit SentenceClassTable(const icu::BreakIterator& prototype) {
    const CharTable& chars = CharTable::instance();
    CharBlockArray<SentenceClass>::for_each_code_point([&](char32_t c) { classes_[c] = sentence_class(chars[c]); });
    agrees_with_icu_ = same_as_icu(prototype);
  }

  SentenceClass operator[](char32_t c) const {
    return classes_.value_or(c, [](char32_t) { return SentenceClass::Unsupported; });
  }
  bool agrees_with_icu() const { return agrees_with_icu_; }

 private:

  // Three texts, each compared whole. Every sequence of three characters of one per class (a full stop,
  // a terminator, a closing bracket, a space, CR, LF, a paragraph separator, a lower-case, an upper-case
  // and another letter, a digit, a comma, a mark, a format character, a symbol), each on its own line,
  // and again with a mark or a format character after each: every rule that looks at up to three
  // characters (SB6, SB7, SB8a, SB9-SB11), with and without SB5 at work. Then 8,000 random characters of
  // those, and of a wider set (more terminators, closing quotes, spaces and separators, Hebrew,
  // titlecase), fixed seeds, for the longer runs of SB8-SB11. ICU reads about 54,000 characters, once
  // per process.
  bool same_as_icu(const icu::BreakIterator& prototype) const {
    static constexpr char32_t kOnePerClass[] = {U'.', U'!', U')', U' ', U'\r', U'\n', 0x2029, U'a',
                                                U'A', U'ب', U'1', U',', 0x064E, 0x200F, U'$'};
    static constexpr char32_t kWider[] = {
        U'.', 0x2024, U'!', U'?', U'؟', 0x06D4, 0x203C, U')', U'"', U'\'', U'«', U'»', 0x2019, 0x201D, U']',
        U' ', 0x00A0, U'\t', 0x2009, U'\r', U'\n', 0x0085, 0x2028, 0x2029, U'a', U'z', 0x00DF, U'A', U'Z',
        0x01C5, U'ب', U'ع', 0x0640, 0x05D0, U'1', U'٣', U',', U'،', U'-', U':', 0x2013, 0x064E, 0x0651,
        0x200F, 0x200C, 0x200D, U'$', U'@', U'%', 0x0001};
    std::u32string triples;
    for (const char32_t a : kOnePerClass)
      for (const char32_t b : kOnePerClass)
        for (const char32_t c : kOnePerClass) {
          triples += {a, b, c, U'\n'};
          triples += {a, 0x064E, b, 0x200F, c, 0x064E, U'\n'};  // SB5: marks and format characters hide
        }
    auto random_text = [](std::span<const char32_t> alphabet, std::uint32_t seed) {
      std::mt19937 rng(seed);
      std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
      std::u32string text;
      text.resize(8000);
      for (char32_t& c : text) c = alphabet[pick(rng)];
      return text;
    };
    for (const std::u32string& text : {triples, random_text(kOnePerClass, 29), random_text(kWider, 30)}) {
      std::vector<std::uint32_t> ours;
      if (!sentence_boundaries(text.size(), [&](std::size_t k) { return (*this)[text[k]]; }, ours) ||
          ours != icu_sentence_boundaries(prototype, text))
        return false;
    }
    return true;
  }

  CharBlockArray<SentenceClass> classes_;
  bool agrees_with_icu_ = false;
};

}  // namespace

struct Tokenizer::Impl {
  WordBreaking word_breaking = WordBreaking::Auto;
  SentenceBreaking sentence_breaking = SentenceBreaking::Auto;
  std::unique_ptr<icu::BreakIterator> words = make_iterator(false);
  std::unique_ptr<icu::BreakIterator> sentences = make_iterator(true);
  // Shared by every tokenizer: the same ICU rules everywhere, checked once.
  const WordClassTable& word_classes = [this]() -> const WordClassTable& {
    static const WordClassTable table(*words);
    return table;
  }();
  const SentenceClassTable& sentence_classes = [this]() -> const SentenceClassTable& {
    static const SentenceClassTable table(*sentences);
    return table;
  }();
};

Tokenizer::Tokenizer(WordBreaking words, SentenceBreaking sentences) : impl_(std::make_unique<Impl>()) {
  impl_->word_breaking = words;
  impl_->sentence_breaking = sentences;
}

bool Tokenizer::finds_sentences_itself() const {
  return impl_->sentence_breaking == SentenceBreaking::Auto && impl_->sentence_classes.agrees_with_icu();
}
Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

Segmentation Tokenizer::segment(std::u32string_view original, const NormalizedText& normalized) const {
  if (normalized.position.size() != original.size() + 1 || normalized.origin.size() != normalized.text.size() + 1)
    throw std::logic_error("Tokenizer::segment: normalized text does not belong to this original");
  Segmentation out;
  const std::u32string& norm = normalized.text;
  const CharTable& chars = CharTable::instance();

  auto emit = [&](std::uint32_t begin, std::uint32_t end, TokenKind kind) {
    // Invisible characters ICU glued to a word (a ZERO WIDTH SPACE) are not part of it.
    while (begin < end && is_trailing_junk(chars[norm[begin]])) ++begin;
    while (end > begin && is_trailing_junk(chars[norm[end - 1]])) --end;
    if (begin == end) return;
    graph::Span span = normalized.to_original(begin, end);
    while (span.end > span.start + 1 && is_trailing_junk(chars[original[span.end - 1]])) --span.end;
    // NFKC expands some punctuation ("…" → "..."): one original character stays one token.
    if (kind == TokenKind::Punctuation && !out.tokens.empty() && out.tokens.back().kind == kind &&
        out.tokens.back().span == span && out.tokens.back().norm_end == begin) {
      out.tokens.back().norm_end = end;
      return;
    }
    out.tokens.push_back({span, begin, end, kind});
  };

  // Words: ICU's word segments (or the same segments from simple_word_breaks), then the Arabic splits.
  auto word_segment = [&](std::uint32_t begin, std::uint32_t end, bool is_word) {
    if (!is_word) {
      for (std::uint32_t k = begin; k < end; ++k)
        if (!is_space_or_invisible(chars[norm[k]])) emit(k, k + 1, TokenKind::Punctuation);
      return;
    }
    // A word or number (ICU calls "في26" a number): split where Arabic letters meet digits, and around
    // punctuation ICU keeps inside a word when it touches an Arabic letter ("قال.وأضاف"); Latin
    // abbreviations ("U.S", "it's") stay whole. A part with a letter is a Word ("F16"), one with only
    // digits and separators a Number ("26", "3.5", "1,000").
    // Every cut below needs a digit or a punctuation character: a word with neither (most words) is
    // whole, and one pass over it says so.
    std::uint16_t flags = 0;  // of all its characters, or-ed: no branch per character
    for (std::uint32_t k = begin; k < end; ++k) flags |= chars[norm[k]].flags;
    const bool letters = (flags & CharProperties::Alpha) != 0;
    const bool digits_or_punctuation = (flags & (CharProperties::Digit | CharProperties::Punct)) != 0;
    if (!digits_or_punctuation) {
      emit(begin, end, letters ? TokenKind::Word : TokenKind::Number);
      return;
    }
    auto arabic_at = [&](std::uint32_t k) { return k >= begin && k < end && is_arabic_letter(chars[norm[k]]); };
    auto punct_at = [&](std::uint32_t k) {
      return k >= begin && k < end && chars[norm[k]].has(CharProperties::Punct);
    };
    auto digit_at = [&](std::uint32_t k) { return chars[norm[k]].has(CharProperties::Digit); };
    std::uint32_t part = begin;
    for (std::uint32_t k = begin + 1; k <= end; ++k) {
      const bool cut = k == end || (digit_at(k - 1) && arabic_at(k)) || (arabic_at(k - 1) && digit_at(k)) ||
                       (punct_at(k) && (arabic_at(k - 1) || arabic_at(k + 1))) ||
                       (punct_at(k - 1) && (arabic_at(k) || (k >= 2 && arabic_at(k - 2))));
      if (!cut) continue;
      if (k - part == 1 && punct_at(part)) {
        emit(part, k, TokenKind::Punctuation);
      } else {
        const bool has_letter = std::any_of(norm.begin() + part, norm.begin() + k,
                                            [&](char32_t c) { return chars[c].has(CharProperties::Alpha); });
        emit(part, k, has_letter ? TokenKind::Word : TokenKind::Number);
      }
      part = k;
    }
  };
  if (impl_->word_breaking == WordBreaking::IcuOnly || !simple_word_breaks(norm, impl_->word_classes, word_segment)) {
    const Utf16Text norm16(norm);
    std::unique_ptr<icu::BreakIterator> words(impl_->words->clone());
    words->setText(norm16.text);
    for (int32_t start16 = words->first(), end16 = words->next(); end16 != icu::BreakIterator::DONE;
         start16 = end16, end16 = words->next()) {
      const int32_t status = words->getRuleStatus();
      word_segment(norm16.at(start16), norm16.at(end16), !(status >= UBRK_WORD_NONE && status < UBRK_WORD_NONE_LIMIT));
    }
  }

  // Sentence boundaries in original code points, ascending: ICU's (or the same from sentence_boundaries).
  // A line break also ends a sentence; line breaks are never inside a token, so the loop below looks for
  // them only between tokens (a pass over the whole text for them, and a sort, cost a tenth of segmenting).
  std::vector<std::uint32_t> breaks;
  const SentenceClassTable& sentence_classes = impl_->sentence_classes;
  if (!finds_sentences_itself() ||
      !sentence_boundaries(original.size(), [&](std::size_t k) { return sentence_classes[original[k]]; }, breaks))
    breaks = icu_sentence_boundaries(*impl_->sentences, original);

  // A full stop after a one-letter Arabic word is an abbreviation ("د. علي"), not a sentence end.
  auto abbreviation_before = [&](std::size_t t) {
    if (t < 2) return false;
    const Token& dot = out.tokens[t - 1];
    const Token& word = out.tokens[t - 2];
    return dot.kind == TokenKind::Punctuation && norm[dot.norm_begin] == U'.' && word.kind == TokenKind::Word &&
           word.norm_end - word.norm_begin == 1 && is_arabic_letter(chars[norm[word.norm_begin]]) &&
           dot.span.start == word.span.end &&
           std::none_of(original.begin() + dot.span.end, original.begin() + out.tokens[t].span.start, is_line_break);
  };

  std::size_t next_break = 0;
  for (std::size_t t = 0; t < out.tokens.size(); ++t) {
    const Token& token = out.tokens[t];
    bool starts_sentence = t == 0;
    if (t > 0) {
      const std::uint32_t previous_end = out.tokens[t - 1].span.end;
      while (next_break < breaks.size() && breaks[next_break] < previous_end) ++next_break;
      // A boundary in [previous_end, start], or a line break in [previous_end, start) (its boundary is the
      // offset after it).
      const bool boundary = (next_break < breaks.size() && breaks[next_break] <= token.span.start) ||
                            std::any_of(original.begin() + previous_end, original.begin() + token.span.start, is_line_break);
      starts_sentence = boundary && !abbreviation_before(t);
    }
    if (starts_sentence) {
      out.sentences.push_back({token.span, static_cast<std::uint32_t>(t), static_cast<std::uint32_t>(t + 1)});
    } else {
      Sentence& s = out.sentences.back();
      s.span.end = std::max(s.span.end, token.span.end);
      s.end_token = static_cast<std::uint32_t>(t + 1);
    }
  }
  return out;
}

}  // namespace newsgraph::extract
