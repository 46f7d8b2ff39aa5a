#include "extract/char_properties.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

namespace newsgraph::extract {

CharProperties CharTable::compute(char32_t c) {
  const auto u = static_cast<UChar32>(c);
  CharProperties p;
  auto set = [&](CharProperties::Flag flag, bool value) {
    if (value) p.flags = static_cast<std::uint16_t>(p.flags | flag);
  };
  set(CharProperties::WhiteSpace, u_isUWhiteSpace(u));
  set(CharProperties::Alpha, u_isalpha(u));
  set(CharProperties::Alnum, u_isalnum(u));
  set(CharProperties::Digit, u_isdigit(u));
  set(CharProperties::Punct, u_ispunct(u));
  UErrorCode status = U_ZERO_ERROR;
  set(CharProperties::ArabicScript, uscript_getScript(u, &status) == USCRIPT_ARABIC);
  set(CharProperties::Combining, u_getCombiningClass(u) > 0);
  set(CharProperties::ExtendedPictographic, u_hasBinaryProperty(u, UCHAR_EXTENDED_PICTOGRAPHIC));
  set(CharProperties::ComplexContext, u_getIntPropertyValue(u, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT);
  p.type = u_charType(u);
  p.word_break = static_cast<std::int8_t>(u_getIntPropertyValue(u, UCHAR_WORD_BREAK));
  p.sentence_break = static_cast<std::int8_t>(u_getIntPropertyValue(u, UCHAR_SENTENCE_BREAK));
  return p;
}

CharTable::CharTable() {
  CharBlockArray<CharProperties>::for_each_code_point([this](char32_t c) { entries_[c] = compute(c); });
}

const CharTable& CharTable::instance() {
  static const CharTable table;
  return table;
}

}  // namespace newsgraph::extract
