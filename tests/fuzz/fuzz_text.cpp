// libFuzzer target: the text pipeline on one article (UTF-8 decoding, CRLF handling, normalisation,
// segmentation, mentions, relations). Besides never crashing, every mention and evidence it reports must
// be the exact text at its offsets (text[start:end], code points of the LF-normalised text), and the
// tokenizer's own word and sentence breaking must give what ICU's iterators give (WordBreaking and
// SentenceBreaking: Auto == IcuOnly).
#include <cstdint>

#include "extract/document_extractor.h"
#include "extract/normalizer.h"
#include "extract/tokenizer.h"
#include "extract/utf8.h"
#include "tests/fuzz/fuzz_support.h"

namespace extract = newsgraph::extract;
namespace fuzz = newsgraph::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const extract::DocumentExtractor extractor;
  static const extract::Tokenizer fast(extract::WordBreaking::Auto, extract::SentenceBreaking::Auto),
      icu_only(extract::WordBreaking::IcuOnly, extract::SentenceBreaking::IcuOnly);
  const auto input = fuzz::bytes(data, size);
  fuzz::expect_input_errors([&] {
    const auto doc = extractor.extract("fuzz.txt", input, {"2024-01-01"});
    const std::u32string text = extract::decode_utf8(extract::universal_newlines(input), "fuzz.txt");
    auto slice = [&](newsgraph::graph::Span s) {
      fuzz::require(s.start <= s.end && s.end <= text.size(), "span outside the text");
      return extract::encode_utf8(std::u32string_view(text).substr(s.start, s.end - s.start));
    };
    for (const auto& e : doc.entities)
      for (const auto& m : e.mentions) fuzz::require(slice(m.span) == m.text, "mention text != text[start:end]");
    for (const auto& st : doc.statements)
      for (const auto& ev : st.evidence) fuzz::require(slice(ev.span) == ev.text, "evidence text != text[start:end]");
    const auto normalized = extract::Normalizer::builtin().normalize(text);
    const auto a = fast.segment(text, normalized), b = icu_only.segment(text, normalized);
    fuzz::require(a.tokens.size() == b.tokens.size() && a.sentences.size() == b.sentences.size(),
                  "word or sentence breaking: not the segmentation ICU's iterators give");
    for (std::size_t i = 0; i < a.tokens.size(); ++i)
      fuzz::require(a.tokens[i].span == b.tokens[i].span && a.tokens[i].norm_begin == b.tokens[i].norm_begin &&
                        a.tokens[i].norm_end == b.tokens[i].norm_end && a.tokens[i].kind == b.tokens[i].kind,
                    "word breaking: a token differs from ICU's iterator's");
    for (std::size_t i = 0; i < a.sentences.size(); ++i)
      fuzz::require(a.sentences[i].span == b.sentences[i].span &&
                        a.sentences[i].first_token == b.sentences[i].first_token &&
                        a.sentences[i].end_token == b.sentences[i].end_token,
                    "sentence breaking: a sentence differs from ICU's iterator's");
  });
  return 0;
}
