// The table of ICU character properties: every answer is ICU's, in the table and beyond it.
#include <catch2/catch.hpp>

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <vector>

#include "extract/char_properties.h"

using newsgraph::extract::CharProperties;
using newsgraph::extract::CharTable;

namespace {

// Checks chars[c] against ICU's functions called directly.
void check_against_icu(const CharTable& chars, char32_t c) {
  const auto u = static_cast<UChar32>(c);
  const CharProperties p = chars[c];
  UErrorCode status = U_ZERO_ERROR;
  CAPTURE(static_cast<unsigned>(c));
  CHECK(p.has(CharProperties::WhiteSpace) == static_cast<bool>(u_isUWhiteSpace(u)));
  CHECK(p.has(CharProperties::Alpha) == static_cast<bool>(u_isalpha(u)));
  CHECK(p.has(CharProperties::Alnum) == static_cast<bool>(u_isalnum(u)));
  CHECK(p.has(CharProperties::Digit) == static_cast<bool>(u_isdigit(u)));
  CHECK(p.has(CharProperties::Punct) == static_cast<bool>(u_ispunct(u)));
  CHECK(p.has(CharProperties::ArabicScript) == (uscript_getScript(u, &status) == USCRIPT_ARABIC));
  CHECK(p.has(CharProperties::Combining) == (u_getCombiningClass(u) > 0));
  CHECK(p.has(CharProperties::ExtendedPictographic) == static_cast<bool>(u_hasBinaryProperty(u, UCHAR_EXTENDED_PICTOGRAPHIC)));
  CHECK(p.has(CharProperties::ComplexContext) == (u_getIntPropertyValue(u, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT));
  CHECK(p.type == u_charType(u));
  CHECK(p.word_break == u_getIntPropertyValue(u, UCHAR_WORD_BREAK));
  CHECK(p.sentence_break == u_getIntPropertyValue(u, UCHAR_SENTENCE_BREAK));
}

}  // namespace

TEST_CASE("the character table gives ICU's answers for every code point", "[extract][chars]") {
  const CharTable& chars = CharTable::instance();
  SECTION("the table and the planes beyond it") {
    // Every code point of the BMP (the table's and the ICU fallback's) and of the first astral planes.
    for (char32_t c = 0; c < 0x20000; ++c) check_against_icu(chars, c);
  }
  SECTION("the last code points, and values that are not code points") {
    for (char32_t c : std::vector<char32_t>{0xE0001, 0xF0000, 0x10FFFD, 0x10FFFF, 0x110000, 0xFFFFFFFF})
      check_against_icu(chars, c);
  }
  SECTION("what the tokenizer and the date reader rely on") {
    CHECK(chars[U'ب'].has(CharProperties::Alpha));
    CHECK(chars[U'ب'].has(CharProperties::ArabicScript));
    CHECK_FALSE(chars[U'b'].has(CharProperties::ArabicScript));
    CHECK(chars[U'٣'].has(CharProperties::Digit));
    CHECK(chars[U'،'].has(CharProperties::Punct));
    CHECK(chars[0x064E].type == U_NON_SPACING_MARK);  // fatha
    CHECK(chars[0x064E].has(CharProperties::Combining));
    CHECK(chars[0x200F].type == U_FORMAT_CHAR);  // RLM, beyond the table
    CHECK(chars[0x00A0].has(CharProperties::WhiteSpace));
    CHECK(chars[U'.'].word_break == U_WB_MIDNUMLET);
    CHECK(chars[0x066C].word_break == U_WB_MIDNUM);  // Arabic thousands separator
    CHECK(chars[U'٣'].word_break == U_WB_NUMERIC);
    CHECK(chars[U'ب'].word_break == U_WB_ALETTER);
    CHECK(chars[U'.'].sentence_break == U_SB_ATERM);
    CHECK(chars[U'؟'].sentence_break == U_SB_STERM);
    CHECK(chars[U'»'].sentence_break == U_SB_CLOSE);
    CHECK(chars[U'ب'].sentence_break == U_SB_OLETTER);
    CHECK(chars[0x0E01].has(CharProperties::ComplexContext));  // Thai, beyond the table
  }
}
