#pragma once
// Tokenizer: words, numbers, punctuation and sentences of an article, with ICU BreakIterator rules and
// the Arabic specifics news text needs.
//
//   const auto& norm = extract::Normalizer::builtin();
//   std::u32string text = extract::decode_utf8(bytes, path);
//   extract::NormalizedText n = norm.normalize(text);
//   extract::Tokenizer tokenizer;                       // build once, reuse
//   extract::Segmentation seg = tokenizer.segment(text, n);
//   for (const auto& s : seg.sentences)
//     for (auto t = s.first_token; t < s.end_token; ++t) use(seg.tokens[t]);
//
// Words come from the ICU word break rules run over the normalised text (so diacritics, tatweel and
// ligatures never split a word), with Arabic additions: a word is split where Arabic letters meet digits
// ("في26" → "في", "26"; Latin "F16" stays whole) and around punctuation touching an Arabic letter
// ("قال.وأضاف", "أ.ف.ب"; ICU's Latin abbreviations "U.S" and "it's" stay whole). Every other punctuation
// or symbol character is its own Punctuation token (، ؛ ؟ : “ ” « » " ( ) – … and emoji too), also when
// NFKC expands it ("…" is one token whose normalised range is "..."); white space makes no token.
// Sentences are ICU's sentence breaks (UAX #29, see SentenceBreaking) over the original text (؟ ! . and
// the Arabic full stop end them; closing quotes and brackets stay with the sentence they close) plus a
// hard break at every line break, except after a one-letter Arabic abbreviation ("د. علي", "أ.ف.ب"). A
// sentence is a non-empty run of tokens; every token lies in exactly one sentence.
//
// Token and sentence spans are original code points: a word's span includes its diacritics and tatweel
// but not trailing format characters (RLM, ZWNJ ...). Tokens are in text order with non-decreasing spans;
// two tokens share one original code point only when NFKC expanded a ligature into several words.
//
// Thread safety: segment() is const and may be called from several threads at once on one instance: it
// clones the ICU iterators (built once in the constructor) for each call. Not copyable (it owns ICU
// objects); movable.

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "extract/normalizer.h"
#include "graph/model.h"

namespace newsgraph::extract {

enum class TokenKind : std::uint8_t { Word, Number, Punctuation };

struct Token {
  graph::Span span;          // original code points
  std::uint32_t norm_begin;  // range in NormalizedText::text
  std::uint32_t norm_end;
  TokenKind kind;
};

struct Sentence {
  graph::Span span;           // original code points, trimmed of surrounding white space
  std::uint32_t first_token;  // tokens [first_token, end_token)
  std::uint32_t end_token;
};

struct Segmentation {
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
};

// Where word boundaries come from. Both give the same tokens (tests/extract/tokenizer_test compares
// them on random and real text). Auto answers ICU's word rules itself for a text made only of letters,
// digits, white space and punctuation of Latin (up to Extended-B), Arabic and General Punctuation, each
// character's class checked against ICU's iterator once per process — nearly all news text, at a fraction
// of ICU's cost — and runs ICU's iterator for any other text; IcuOnly always runs ICU's iterator (the
// reference).
enum class WordBreaking : std::uint8_t { Auto, IcuOnly };
// Where sentence boundaries come from; both give the same. Auto applies the sentence rules of UAX #29
// itself (SB1-SB11: full stops, terminators, closing punctuation, spaces, the look-ahead for a lower-case
// letter) to a text made only of characters of the character table's blocks (extract/char_properties.h),
// once a check at start-up found them to give ICU's boundaries on this ICU, and runs ICU's sentence
// iterator for any other text; IcuOnly always runs ICU's iterator (the reference).
enum class SentenceBreaking : std::uint8_t { Auto, IcuOnly };

class Tokenizer {  // segment() is safe to call concurrently (see above)
 public:
  // Throws std::logic_error when ICU's break rules are unavailable.
  explicit Tokenizer(WordBreaking words = WordBreaking::Auto, SentenceBreaking sentences = SentenceBreaking::Auto);
  ~Tokenizer();
  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  // Requires `normalized` == Normalizer::normalize(original) (any Normalizer).
  Segmentation segment(std::u32string_view original, const NormalizedText& normalized) const;
  // Whether this tokenizer applies the sentence rules itself (SentenceBreaking::Auto, and the start-up
  // check agreed with ICU); false means every text goes through ICU's sentence iterator.
  bool finds_sentences_itself() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsgraph::extract
