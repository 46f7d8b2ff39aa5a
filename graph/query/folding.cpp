// Arabic folding for string comparisons in queries. Mirrors the Arabic rules of
// extract/lexicons/folding.json (the extract library's normaliser), which the graph library cannot
// depend on: ICU NFKC, then
//   alef forms آ أ إ ٱ ٲ ٳ → ا;  ة ۃ ۀ ہ ە → ه;  ى ی ې ے → ي;  ک → ك;
//   Arabic-Indic and extended Arabic-Indic digits → ASCII digits;
//   removed: harakat U+064B–U+065F, U+0670, tatweel U+0640, Quranic marks, soft hyphen, bidi and
//   zero-width format characters.
// Unlike the extractor, Latin letters are not lowercased: ids and English names compare exactly, as
// in Kùzu and Neo4j. tests/cli/query_cli_test.cpp checks that both foldings agree on Arabic text.
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <string>

#include "graph/query/query.h"

namespace newsgraph::graph::query {
namespace {

bool removed(UChar32 c) {
  return c == 0x00AD || c == 0x061C || c == 0x0640 || (c >= 0x064B && c <= 0x065F) || c == 0x0670 ||
         (c >= 0x06D6 && c <= 0x06DC) || (c >= 0x06DF && c <= 0x06E4) || (c >= 0x06E7 && c <= 0x06E8) ||
         (c >= 0x06EA && c <= 0x06ED) || (c >= 0x200C && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

// The Arabic rules on one code point: the replacement, or -1 to drop it.
UChar32 fold_code_point(UChar32 c) {
  if (removed(c)) return -1;
  if (c >= 0x0660 && c <= 0x0669) return '0' + (c - 0x0660);
  if (c >= 0x06F0 && c <= 0x06F9) return '0' + (c - 0x06F0);
  switch (c) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: case 0x0672: case 0x0673: return 0x0627;
    case 0x0629: case 0x06C3: case 0x06C0: case 0x06C1: case 0x06D5: return 0x0647;
    case 0x0649: case 0x06CC: case 0x06D0: case 0x06D2: return 0x064A;
    case 0x06A9: return 0x0643;
    default: return c;
  }
}

bool well_formed_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

// Ill-formed UTF-8 (only from a caller that skipped validation): through UTF-16, where each
// ill-formed sequence becomes U+FFFD, as the folding always did.
std::string fold_ill_formed(std::string_view text, const icu::Normalizer2* nfkc, UErrorCode status) {
  icu::UnicodeString source = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())));
  icu::UnicodeString normalised;
  if (U_SUCCESS(status)) normalised = nfkc->normalize(source, status);
  if (U_FAILURE(status)) normalised = source;  // fold what we can
  icu::UnicodeString out;
  for (std::int32_t i = 0; i < normalised.length();) {
    const UChar32 c = normalised.char32At(i);
    i += U16_LENGTH(c);
    if (const UChar32 folded = fold_code_point(c); folded >= 0) out.append(folded);
  }
  std::string result;
  out.toUTF8String(result);
  return result;
}

}  // namespace

std::string fold(std::string_view text) {
  bool ascii = true;
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii) return std::string(text);  // NFKC and the Arabic rules leave ASCII alone

  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status) || !well_formed_utf8(text)) return fold_ill_formed(text, nfkc, status);

  // NFKC straight from UTF-8 to UTF-8 (no UTF-16 copies: the store folds every name it holds), then
  // the Arabic rules code point by code point.
  std::string normalised;
  icu::StringByteSink<std::string> sink(&normalised);
  nfkc->normalizeUTF8(0, icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())), sink, nullptr,
                      status);
  if (U_FAILURE(status)) return fold_ill_formed(text, nfkc, U_ZERO_ERROR);
  std::string result;
  result.reserve(normalised.size());
  const auto* s = reinterpret_cast<const std::uint8_t*>(normalised.data());
  const auto length = static_cast<std::int32_t>(normalised.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    c = fold_code_point(c);
    if (c < 0) continue;
    char buffer[4];
    std::int32_t n = 0;
    U8_APPEND_UNSAFE(buffer, n, c);
    result.append(buffer, static_cast<std::size_t>(n));
  }
  return result;
}

}  // namespace newsgraph::graph::query
