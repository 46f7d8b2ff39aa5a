#include "extract/tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <stdexcept>

namespace newsgraph::extract {
namespace {

// Text handed to ICU as UTF-16, with the code point index of every UTF-16 offset (astral characters take
// two UTF-16 units; the second unit of a pair maps to the same code point and is never a boundary).
struct Utf16Text {
  icu::UnicodeString text;
  std::vector<std::uint32_t> code_point_at;  // size text.length() + 1

  explicit Utf16Text(std::u32string_view s)
      : text(
            icu::UnicodeString::fromUTF32(reinterpret_cast<const UChar32*>(s.data()), static_cast<int32_t>(s.size()))) {
    const auto length = static_cast<std::size_t>(text.length());
    code_point_at.resize(length + 1);
    // fromUTF32 writes a supplementary code point as two units and every other one (U+FFFD for what is
    // not a scalar value) as one: the map follows from the code points, without walking the UTF-16
    // (UnicodeString::moveIndex32 per character was a twentieth of extraction).
    std::size_t k = 0;
    for (std::uint32_t cp = 0; cp < s.size(); ++cp) {
      const bool pair = s[cp] >= 0x10000 && s[cp] <= 0x10FFFF;
      if (k + (pair ? 2 : 1) > length) throw std::logic_error("UTF-16 conversion changed the number of code points");
      code_point_at[k++] = cp;
      if (pair) code_point_at[k++] = cp;
    }
    if (k != length) throw std::logic_error("UTF-16 conversion changed the number of code points");
    code_point_at[length] = static_cast<std::uint32_t>(s.size());
  }
  std::uint32_t at(int32_t offset16) const { return code_point_at[static_cast<std::size_t>(offset16)]; }
};

UChar32 as_icu(char32_t c) { return static_cast<UChar32>(c); }

bool is_space_or_invisible(char32_t c) {
  if (u_isUWhiteSpace(as_icu(c))) return true;
  const auto type = u_charType(as_icu(c));
  return type == U_FORMAT_CHAR || type == U_CONTROL_CHAR || type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK ||
         type == U_UNASSIGNED || type == U_SURROGATE;
}

bool is_trailing_junk(char32_t c) {
  return u_isUWhiteSpace(as_icu(c)) || u_charType(as_icu(c)) == U_FORMAT_CHAR ||
         u_charType(as_icu(c)) == U_CONTROL_CHAR;
}

bool is_line_break(char32_t c) {
  return c == U'\n' || c == U'\r' || c == U'\v' || c == U'\f' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

bool is_digit(char32_t c) { return u_isdigit(as_icu(c)); }

bool is_arabic_letter(char32_t c) {
  UErrorCode status = U_ZERO_ERROR;
  return u_isalpha(as_icu(c)) && uscript_getScript(as_icu(c), &status) == USCRIPT_ARABIC;
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

}  // namespace

struct Tokenizer::Impl {
  std::unique_ptr<icu::BreakIterator> words = make_iterator(false);
  std::unique_ptr<icu::BreakIterator> sentences = make_iterator(true);
};

Tokenizer::Tokenizer() : impl_(std::make_unique<Impl>()) {}
Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

Segmentation Tokenizer::segment(std::u32string_view original, const NormalizedText& normalized) const {
  if (normalized.position.size() != original.size() + 1 || normalized.origin.size() != normalized.text.size() + 1)
    throw std::logic_error("Tokenizer::segment: normalized text does not belong to this original");
  Segmentation out;
  const std::u32string& norm = normalized.text;

  auto emit = [&](std::uint32_t begin, std::uint32_t end, TokenKind kind) {
    // Invisible characters ICU glued to a word (a ZERO WIDTH SPACE) are not part of it.
    while (begin < end && is_trailing_junk(norm[begin])) ++begin;
    while (end > begin && is_trailing_junk(norm[end - 1])) --end;
    if (begin == end) return;
    graph::Span span = normalized.to_original(begin, end);
    while (span.end > span.start + 1 && is_trailing_junk(original[span.end - 1])) --span.end;
    // NFKC expands some punctuation ("…" → "..."): one original character stays one token.
    if (kind == TokenKind::Punctuation && !out.tokens.empty() && out.tokens.back().kind == kind &&
        out.tokens.back().span == span && out.tokens.back().norm_end == begin) {
      out.tokens.back().norm_end = end;
      return;
    }
    out.tokens.push_back({span, begin, end, kind});
  };

  // Words.
  const Utf16Text norm16(norm);
  std::unique_ptr<icu::BreakIterator> words(impl_->words->clone());
  words->setText(norm16.text);
  for (int32_t start16 = words->first(), end16 = words->next(); end16 != icu::BreakIterator::DONE;
       start16 = end16, end16 = words->next()) {
    const std::uint32_t begin = norm16.at(start16), end = norm16.at(end16);
    const int32_t status = words->getRuleStatus();
    if (status >= UBRK_WORD_NONE && status < UBRK_WORD_NONE_LIMIT) {
      for (std::uint32_t k = begin; k < end; ++k)
        if (!is_space_or_invisible(norm[k])) emit(k, k + 1, TokenKind::Punctuation);
      continue;
    }
    // A word or number (ICU calls "في26" a number): split where Arabic letters meet digits, and around
    // punctuation ICU keeps inside a word when it touches an Arabic letter ("قال.وأضاف"); Latin
    // abbreviations ("U.S", "it's") stay whole. A part with a letter is a Word ("F16"), one with only
    // digits and separators a Number ("26", "3.5", "1,000").
    auto arabic_at = [&](std::uint32_t k) { return k >= begin && k < end && is_arabic_letter(norm[k]); };
    auto punct_at = [&](std::uint32_t k) { return k >= begin && k < end && u_ispunct(as_icu(norm[k])); };
    std::uint32_t part = begin;
    for (std::uint32_t k = begin + 1; k <= end; ++k) {
      const bool cut = k == end || (is_digit(norm[k - 1]) && arabic_at(k)) || (arabic_at(k - 1) && is_digit(norm[k])) ||
                       (punct_at(k) && (arabic_at(k - 1) || arabic_at(k + 1))) ||
                       (punct_at(k - 1) && (arabic_at(k) || (k >= 2 && arabic_at(k - 2))));
      if (!cut) continue;
      if (k - part == 1 && punct_at(part)) {
        emit(part, k, TokenKind::Punctuation);
      } else {
        const bool letters =
            std::any_of(norm.begin() + part, norm.begin() + k, [](char32_t c) { return u_isalpha(as_icu(c)); });
        emit(part, k, letters ? TokenKind::Word : TokenKind::Number);
      }
      part = k;
    }
  }

  // Sentence boundaries in original code points: ICU's, plus one after every line break.
  std::vector<std::uint32_t> breaks;
  const Utf16Text original16(original);
  std::unique_ptr<icu::BreakIterator> sentences(impl_->sentences->clone());
  sentences->setText(original16.text);
  for (int32_t b = sentences->first(); b != icu::BreakIterator::DONE; b = sentences->next())
    breaks.push_back(original16.at(b));
  for (std::uint32_t k = 0; k < original.size(); ++k)
    if (is_line_break(original[k])) breaks.push_back(k + 1);
  std::sort(breaks.begin(), breaks.end());

  // A full stop after a one-letter Arabic word is an abbreviation ("د. علي"), not a sentence end.
  auto abbreviation_before = [&](std::size_t t) {
    if (t < 2) return false;
    const Token& dot = out.tokens[t - 1];
    const Token& word = out.tokens[t - 2];
    return dot.kind == TokenKind::Punctuation && norm[dot.norm_begin] == U'.' && word.kind == TokenKind::Word &&
           word.norm_end - word.norm_begin == 1 && is_arabic_letter(norm[word.norm_begin]) &&
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
      starts_sentence = next_break < breaks.size() && breaks[next_break] <= token.span.start && !abbreviation_before(t);
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
