// Arabic folding for string comparisons in queries. Mirrors extract/lexicons/folding.json (the extract
// library's normaliser), which the graph library cannot depend on: NFKC, then
//   أ إ آ ٱ → ا,  ى → ي,  ة → ه,  harakat U+064B–U+065F and U+0670 and tatweel U+0640 removed.
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <string>

#include "graph/query/query.h"

namespace newsgraph::graph::query {

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
  icu::UnicodeString source = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())));
  icu::UnicodeString normalised;
  if (U_SUCCESS(status)) normalised = nfkc->normalize(source, status);
  if (U_FAILURE(status)) normalised = source;  // ill-formed input: fold what we can

  icu::UnicodeString out;
  for (std::int32_t i = 0; i < normalised.length();) {
    const UChar32 c = normalised.char32At(i);
    i += U16_LENGTH(c);
    if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640) continue;
    switch (c) {
      case 0x0623: case 0x0625: case 0x0622: case 0x0671: out.append(static_cast<UChar32>(0x0627)); break;
      case 0x0649: out.append(static_cast<UChar32>(0x064A)); break;
      case 0x0629: out.append(static_cast<UChar32>(0x0647)); break;
      default: out.append(c);
    }
  }
  std::string result;
  out.toUTF8String(result);
  return result;
}

}  // namespace newsgraph::graph::query
