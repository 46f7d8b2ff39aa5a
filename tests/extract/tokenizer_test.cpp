// Word and sentence segmentation: tables of constructed sentences, and invariants over random text.
#include <catch2/catch.hpp>
#include <unicode/uchar.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "extract/normalizer.h"
#include "extract/tokenizer.h"
#include "extract/utf8.h"

using newsgraph::extract::decode_utf8;
using newsgraph::extract::encode_utf8;
using newsgraph::extract::Normalizer;
using newsgraph::extract::Segmentation;
using newsgraph::extract::TokenKind;
using newsgraph::extract::Tokenizer;

namespace {

const Tokenizer& tokenizer() {
  static const Tokenizer instance;
  return instance;
}

struct Segmented {
  std::u32string original;
  Segmentation segmentation;
};

Segmented segment(std::string_view utf8) {
  Segmented s{decode_utf8(utf8, "test"), {}};
  s.segmentation = tokenizer().segment(s.original, Normalizer::builtin().normalize(s.original));
  return s;
}

std::string slice(const std::u32string& text, newsgraph::graph::Span span) {
  return encode_utf8(std::u32string_view(text).substr(span.start, span.end - span.start));
}

// "W:word N:26 P:،" — kind and original text of each token.
std::string describe_tokens(const Segmented& s) {
  std::string out;
  for (const auto& t : s.segmentation.tokens) {
    if (!out.empty()) out += ' ';
    out += t.kind == TokenKind::Word ? "W:" : t.kind == TokenKind::Number ? "N:" : "P:";
    out += slice(s.original, t.span);
  }
  return out;
}

// Sentences as their original text, separated by " | ".
std::string describe_sentences(const Segmented& s) {
  std::string out;
  for (const auto& sentence : s.segmentation.sentences) {
    if (!out.empty()) out += " | ";
    out += slice(s.original, sentence.span);
  }
  return out;
}

}  // namespace

TEST_CASE("words, numbers and punctuation", "[extract][tokenizer]") {
  const auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"في26 يناير", "W:في N:26 W:يناير"},
      {"في٢٦ كانون", "W:في N:٢٦ W:كانون"},
      {"26يناير", "N:26 W:يناير"},
      {"قال، إن الوزير؛ وأضاف", "W:قال P:، W:إن W:الوزير P:؛ W:وأضاف"},
      {"«اتفاق» (جديد)", "P:« W:اتفاق P:» P:( W:جديد P:)"},
      {"“نص” – انتهى…", "P:“ W:نص P:” P:– W:انتهى P:…"},
      {"\"بيان\": نعم", "P:\" W:بيان P:\" P:: W:نعم"},
      {"هل؟ نعم!", "W:هل P:؟ W:نعم P:!"},
      {"قال.وأضاف", "W:قال P:. W:وأضاف"},
      {"قال:هذا", "W:قال P:: W:هذا"},
      {"(أ.ف.ب)", "P:( W:أ P:. W:ف P:. W:ب P:)"},
      {"مُحَمَّدٌ عـــراق", "W:مُحَمَّدٌ W:عـــراق"},
      {"ﻻ ﺑﻐﺪﺍﺩ", "W:ﻻ W:ﺑﻐﺪﺍﺩ"},
      {"3.5 و1,000", "N:3.5 W:و N:1,000"},
      {"F16 و٢٠٢٤", "W:F16 W:و N:٢٠٢٤"},
      {"سطر\u200F جديد", "W:سطر W:جديد"},
      {"😀👍 نعم", "P:😀 P:👍 W:نعم"},
      {"  \t\n ", ""},
      {"", ""},
  }));
  CAPTURE(input);
  CHECK(describe_tokens(segment(input)) == expected);
}

TEST_CASE("sentences", "[extract][tokenizer]") {
  const auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"قال: «هذا جيد.» ثم غادر.", "قال: «هذا جيد.» | ثم غادر."},
      {"هل وصل؟ نعم! وصل أمس.", "هل وصل؟ | نعم! | وصل أمس."},
      {"انتهى الاجتماع۔ بدأ آخر", "انتهى الاجتماع۔ | بدأ آخر"},
      {"عنوان الخبر\nبغداد - قال مسؤول", "عنوان الخبر | بغداد - قال مسؤول"},
      {"سطر\r\n\r\n  سطر آخر  \n", "سطر | سطر آخر"},
      {"  \n\n  نص  \n", "نص"},
      {"قال د. علي إن الوفد وصل.", "قال د. علي إن الوفد وصل."},
      {"نقلت وكالة (أ.ف.ب) عن مسؤول. وقال", "نقلت وكالة (أ.ف.ب) عن مسؤول. | وقال"},
      {"وصل د.\nعلي", "وصل د. | علي"},
      {"وصل الوفد. «نرحب به» قال الوزير.", "وصل الوفد. | «نرحب به» قال الوزير."},
      {"قال: \"انتهى\". وغادر", "قال: \"انتهى\". | وغادر"},
      {"بلغ 3.5 مليون. ثم", "بلغ 3.5 مليون. | ثم"},
      {"...", "..."},
      {"", ""},
  }));
  CAPTURE(input);
  CHECK(describe_sentences(segment(input)) == expected);
}

TEST_CASE("token spans are original code points, also after astral characters", "[extract][tokenizer]") {
  const Segmented s = segment("😀 في26 «أَمْس»");
  REQUIRE(s.segmentation.tokens.size() == 6);
  const auto& t = s.segmentation.tokens;
  CHECK(t[0].span == newsgraph::graph::Span{0, 1});
  CHECK(t[1].span == newsgraph::graph::Span{2, 4});
  CHECK(t[2].span == newsgraph::graph::Span{4, 6});
  CHECK(t[4].span == newsgraph::graph::Span{8, 13});  // أَمْس with its diacritics
  const auto n = Normalizer::builtin().normalize(s.original);
  CHECK(n.text.substr(t[4].norm_begin, t[4].norm_end - t[4].norm_begin) == U"امس");
}

TEST_CASE("segmentation invariants over random text", "[extract][tokenizer][property]") {
  const std::vector<std::u32string> pieces = {
      U"بغداد", U"الحكومةُ", U"في26", U"٢٠٢٤", U"F16", U"U.S.", U"ﻻ", U"ﷺ", U"مُحَمَّد", U"عـــراق", U"😀",
      U"🇮🇶", U"،", U"؛", U"؟", U"!", U".", U"«", U"»", U"“", U"”", U"\"", U"(", U")", U"–", U"…", U":",
      U" ", U" ", U" ", U"  ", U"\n", U"\r\n", U"\u200F", U"\u200C", U"\uFEFF", U"\u00A0", U"\t", U"3.5", U"e\u0301",
      U"\v", U"\f", U"\r", U"\u0085", U"\u2028", U"\u2029", U" \u2028 ", U"د.\n"};
  // The characters that end a line (and so a sentence): \n \v \f \r, NEL, LINE and PARAGRAPH SEPARATOR.
  const auto is_line_break = [](char32_t c) {
    return (c >= U'\n' && c <= U'\r') || c == 0x85 || c == 0x2028 || c == 0x2029;
  };
  const auto seed = GENERATE(7u, 11u, 2024u);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1), count(0, 60);
  for (int round = 0; round < 100; ++round) {
    std::u32string original;
    for (std::size_t i = count(rng); i > 0; --i) original += pieces[pick(rng)];
    CAPTURE(seed, round, encode_utf8(original));
    const auto n = Normalizer::builtin().normalize(original);
    const Segmentation seg = tokenizer().segment(original, n);
    const auto& tokens = seg.tokens;
    // Tokens: non-empty, in order, inside both texts, never starting or ending with white space.
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const auto& t = tokens[i];
      CHECK(t.span.start < t.span.end);
      CHECK(t.span.end <= original.size());
      CHECK(t.norm_begin < t.norm_end);
      CHECK(t.norm_end <= n.text.size());
      CHECK(n.origin[t.norm_begin] == t.span.start);
      CHECK_FALSE(u_isUWhiteSpace(static_cast<UChar32>(original[t.span.start])));
      CHECK_FALSE(u_isUWhiteSpace(static_cast<UChar32>(original[t.span.end - 1])));
      if (i > 0) {
        CHECK(tokens[i - 1].norm_end <= t.norm_begin);
        CHECK(tokens[i - 1].span.start <= t.span.start);
      }
    }
    // Sentences partition the tokens, in order, and never cross a line break.
    std::uint32_t next = 0;
    for (const auto& s : seg.sentences) {
      CHECK(s.first_token == next);
      CHECK(s.first_token < s.end_token);
      next = s.end_token;
      CHECK(s.span.start == tokens[s.first_token].span.start);
      CHECK(s.span.end == tokens[s.end_token - 1].span.end);
      for (auto k = s.span.start; k < s.span.end; ++k) CHECK_FALSE(is_line_break(original[k]));
    }
    // And a line break between two tokens always ends a sentence.
    for (std::size_t i = 1; i < tokens.size(); ++i) {
      bool line_break = false;
      for (auto k = tokens[i - 1].span.end; k < tokens[i].span.start; ++k)
        line_break = line_break || is_line_break(original[k]);
      if (!line_break) continue;
      const bool starts = std::any_of(seg.sentences.begin(), seg.sentences.end(),
                                      [&](const newsgraph::extract::Sentence& s) { return s.first_token == i; });
      CHECK(starts);
    }
    CHECK(next == tokens.size());
  }
}

TEST_CASE("one tokenizer serves several threads", "[extract][tokenizer]") {
  const std::u32string text = U"قال الوزير في26 يناير: «وصلنا.» ثم غادر؟ نعم!\nسطر جديد 😀";
  const auto n = Normalizer::builtin().normalize(text);
  const Segmentation expected = tokenizer().segment(text, n);
  std::vector<std::size_t> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < mismatches.size(); ++i)
    threads.emplace_back([&, i] {
      for (int round = 0; round < 50; ++round) {
        const Segmentation got = tokenizer().segment(text, n);
        if (got.tokens.size() != expected.tokens.size() || got.sentences.size() != expected.sentences.size())
          ++mismatches[i];
      }
    });
  for (auto& t : threads) t.join();
  CHECK(mismatches == std::vector<std::size_t>(4, 0));
  CHECK(expected.sentences.size() == 4);
}

TEST_CASE("segment refuses a normalised text of another original", "[extract][tokenizer]") {
  const auto n = Normalizer::builtin().normalize(U"abc");
  CHECK_THROWS_AS(tokenizer().segment(U"abcd", n), std::logic_error);
}

namespace {

// Both ways of finding words and sentences (see WordBreaking, SentenceBreaking) must give the same
// segmentation, token by token and sentence by sentence.
void check_same_as_icu(const std::u32string& original) {
  static const Tokenizer icu_only(newsgraph::extract::WordBreaking::IcuOnly,
                                  newsgraph::extract::SentenceBreaking::IcuOnly);
  const auto n = Normalizer::builtin().normalize(original);
  const Segmentation fast = tokenizer().segment(original, n);
  const Segmentation reference = icu_only.segment(original, n);
  CAPTURE(encode_utf8(original));
  REQUIRE(fast.tokens.size() == reference.tokens.size());
  for (std::size_t i = 0; i < fast.tokens.size(); ++i) {
    CAPTURE(i);
    CHECK(fast.tokens[i].span == reference.tokens[i].span);
    CHECK(fast.tokens[i].norm_begin == reference.tokens[i].norm_begin);
    CHECK(fast.tokens[i].norm_end == reference.tokens[i].norm_end);
    CHECK(fast.tokens[i].kind == reference.tokens[i].kind);
  }
  REQUIRE(fast.sentences.size() == reference.sentences.size());
  for (std::size_t i = 0; i < fast.sentences.size(); ++i) {
    CHECK(fast.sentences[i].span == reference.sentences[i].span);
    CHECK(fast.sentences[i].first_token == reference.sentences[i].first_token);
    CHECK(fast.sentences[i].end_token == reference.sentences[i].end_token);
  }
}

// 2,000 random texts of up to 40 pieces: three in four of the pieces but the last `unsupported` ones (the
// tokenizer's own rules then run), one in four of all of them (ICU's iterators may have to run).
void check_random_texts_same_as_icu(const std::vector<std::u32string>& pieces, std::size_t unsupported,
                                    unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> common(0, pieces.size() - 1 - unsupported),
      any(0, pieces.size() - 1), count(0, 40);
  for (int round = 0; round < 2000; ++round) {
    std::u32string original;
    const bool supported_only = round % 4 != 0;
    for (std::size_t i = count(rng); i > 0; --i) original += pieces[supported_only ? common(rng) : any(rng)];
    CAPTURE(seed, round);
    check_same_as_icu(original);
  }
}

}  // namespace

TEST_CASE("words found without ICU's iterator are the words ICU finds", "[extract][tokenizer][property]") {
  SECTION("random text of letters, digits and every kind of separator between them") {
    // Single characters, so that every pair and triple occurs: UAX #29 joins letters across MidLetter and
    // MidNumLet (. ' ’ ·), digits across MidNum and MidNumLet (, ، ٬ ; .), and nothing else; ICU's
    // tailorings (":" joins nothing, "@" is a letter in ICU 72) are what WordClassTable must find. The last
    // ones (_ ZWNJ harakat RLM emoji Thai) make the text unsupported: ICU's iterator then runs.
    const std::vector<std::u32string> pieces = {
        U"ب", U"ت", U"ال", U"a", U"Z", U"é", U"ж", U"1", U"0", U"٣", U"۴", U".", U":", U"'", U"’", U"‘", U"·",
        U",", U"،", U"٬", U"٫", U";", U"؛", U"\"", U"-", U"/", U"(", U"«", U"“", U"?", U"؟", U" ", U"  ", U"\n",
        U"\t", U"\u00A0", U"\u2009", U"…", U"–", U"%", U"$", U"+", U"@", U"#", U"&", U"*", U"=", U"<", U"|",
        U"\\", U"~", U"^", U"`", U"!", U"\u0012", U"\u007F",
        U"_", U"\u200C", U"\u064E", U"\u200F", U"😀", U"©", U"ก", U"א", U"ア"};
    check_random_texts_same_as_icu(pieces, 9, GENERATE(1u, 2u, 3u, 4u));
  }
  SECTION("the sample articles") {
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(NEWSGRAPH_SOURCE_DIR) / "samples")) {
      if (entry.path().extension() != ".txt") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      CAPTURE(entry.path().string());
      check_same_as_icu(decode_utf8(bytes, entry.path().string()));
    }
  }
  SECTION("what the two ways must agree on, named") {
    for (const char32_t* text : {U"U.S. و3.5 و1,000 و١٬٠٠٠ it's a:b قال.وأضاف في26 F16 د. علي", U"«نعم» - لا؛ (٢٠٢٤)", U"قال \u0012x@I", U"a@b 1@2 @@ news@example.com #وسم"})
      check_same_as_icu(text);
  }
}

TEST_CASE("sentences found without ICU's iterator are the sentences ICU finds", "[extract][tokenizer][property]") {
  // On Debian's ICU the start-up check agrees, so the rules of UAX #29 run here, not ICU's iterator.
  REQUIRE(tokenizer().finds_sentences_itself());
  CHECK_FALSE(Tokenizer(newsgraph::extract::WordBreaking::Auto, newsgraph::extract::SentenceBreaking::IcuOnly)
                  .finds_sentences_itself());
  SECTION("random text of terminators, closing punctuation, spaces, separators and letters of each case") {
    // Pieces, not single characters, so that the rules meet real neighbours: "U.S" (SB7), "3.5" (SB6),
    // ". and" (SB8's look-ahead for a lower-case letter), "!," (SB8a), ".»  " (SB9, SB10), CR LF (SB3),
    // paragraph separators (SB4), marks and format characters after a full stop (SB5). The last pieces
    // (an emoji, ﷺ, Thai) are outside the table's blocks and send the text to ICU's iterator.
    const std::vector<std::u32string> pieces = {
        U"قال", U"ب", U"U", U"S", U"and", U"etc", U"a", U"Z", U"3", U"٣", U"1", U".", U".", U"..", U"!", U"?",
        U"؟", U"۔", U"‼", U"․", U")", U"»", U"«", U"”", U"“", U"\"", U"'", U"’", U"]", U" ", U" ", U"  ",
        U"\u00A0", U"\t", U"\n", U"\r", U"\r\n", U"\u2029", U"\u2028", U"\u0085", U",", U"،", U"-", U":",
        U"–", U"\u064E", U"\u0651", U"\u200F", U"\u200C", U"\u200D", U"ـ", U"$", U"%", U"א", U"ß",
        U"😀", U"ﷺ", U"ก"};
    check_random_texts_same_as_icu(pieces, 3, GENERATE(1u, 2u, 3u, 4u));
  }
  SECTION("what the two ways must agree on, named") {
    for (const char32_t* text :
         {U"U.S. officials said. Then", U"بلغ 3.5 مليون. ثم", U"etc. and so on. Next", U"قال: «انتهى.» ثم غادر.",
          U"قال!، ثم", U"هل؟ \u2029نعم", U"سطر.\r\nسطر", U"وصل.\u064E\u200F ثم", U"\u064Eنص. ب", U"...",
          U"انتهى الاجتماع۔ بدأ", U"(أ.ف.ب) عن مسؤول. وقال", U"a.\u00A0b. C", U"X.\n\n.Y"})
      check_same_as_icu(text);
  }
}
