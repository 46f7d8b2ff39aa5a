// The normaliser: folding rules (a table per rule family), the alignment back to the original, a property
// test over random mixed text, and the loader's errors.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "extract/normalizer.h"
#include "extract/utf8.h"
#include "graph/diagnostic.h"

using newsgraph::extract::decode_utf8;
using newsgraph::extract::encode_utf8;
using newsgraph::extract::NormalizedText;
using newsgraph::extract::Normalizer;
using newsgraph::graph::Span;

namespace {

const Normalizer& norm() { return Normalizer::builtin(); }

// The exact properties every alignment must have, checked against brute force.
void check_alignment(const std::u32string& original, const NormalizedText& n) {
  const std::size_t size = n.text.size(), length = original.size();
  REQUIRE(n.origin.size() == size + 1);
  REQUIRE(n.position.size() == length + 1);
  CHECK(n.origin.back() == length);
  CHECK(n.position.front() == 0);
  CHECK(n.position.back() == size);
  for (std::size_t i = 0; i < size; ++i) {
    CHECK(n.origin[i] < length);
    CHECK(n.origin[i] <= n.origin[i + 1]);
  }
  for (std::size_t j = 0; j <= length; ++j) {
    std::size_t first = 0;
    while (first < size && n.origin[first] < j) ++first;
    CHECK(n.position[j] == first);
    if (j > 0) CHECK(n.position[j - 1] <= n.position[j]);
  }
}


}  // namespace

TEST_CASE("folding rules, one row per rule family", "[extract][normalizer]") {
  const auto [input, expected] = GENERATE(table<std::string, std::string>({
      // alef forms
      {"أحمد", "احمد"},
      {"إيران", "ايران"},
      {"آمال", "امال"},
      {"ٱلله", "الله"},
      // alef maksura, teh marbuta
      {"مصطفى", "مصطفي"},
      {"الحكومة العراقية", "الحكومه العراقيه"},
      // diacritics U+064B-U+065F, superscript alef U+0670, tatweel
      {"مُحَمَّدٌ", "محمد"},
      {"هٰذا", "هذا"},
      {"عـــراق", "عراق"},
      {"كتابً", "كتاب"},
      // digits
      {"٢٠٢٤", "2024"},
      {"۱۴۰۲", "1402"},
      {"في٢٦", "في26"},
      // Persian letters
      {"کردستان", "كردستان"},
      {"ایران", "ايران"},
      // format characters: ZWNJ, ZWJ, LRM, RLM, BOM
      {"می\u200Cخواهم", "ميخواهم"},
      {"a\u200Db", "ab"},
      {"\u200Eبغداد\u200F", "بغداد"},
      {"\uFEFFبغداد", "بغداد"},
      // Latin lowercased, Arabic untouched
      {"ISIS", "isis"},
      {"Pentagon داعش", "pentagon داعش"},
      {"ÉCOLE", "école"},
      // NFKC: presentation forms and lam-alef ligatures, full-width and mathematical letters
      {"ﻻ", "لا"},
      {"ﻷ", "لا"},
      {"ﺑﻐﺪﺍﺩ", "بغداد"},
      {"ＩＲＧＣ", "irgc"},
      {"\U0001D400\U0001D401", "ab"},
      {"ﷲ", "الله"},
      // composition by NFKC: alef + hamza above, yeh + hamza above, Latin e + acute
      {"\u0627\u0654", "ا"},
      {"\u064A\u0654", "ئ"},
      {"e\u0301", "é"},
      // things that must not change
      {"ؤ ئ ء", "ؤ ئ ء"},
      {"،؛؟«»", "،؛؟«»"},
      {"😀 x", "😀 x"},
      {"", ""},
  }));
  CAPTURE(input);
  CHECK(norm().fold_utf8(input) == expected);
  CHECK(norm().fold_utf8(expected) == expected);
}

TEST_CASE("alignment maps folded words back to the untouched original", "[extract][normalizer]") {
  SECTION("diacritics belong to the letter before them") {
    const std::u32string original = U"قالَ الرئيسُ";
    const NormalizedText n = norm().normalize(original);
    CHECK(n.text == U"قال الرئيس");
    check_alignment(original, n);
    CHECK(n.to_original(0, 3) == Span{0, 4});   // "قالَ" with its fatha
    CHECK(n.to_original(4, 10) == Span{5, 12});  // "الرئيسُ" with its damma
  }
  SECTION("a ligature expanded to two letters maps both to its one code point") {
    const std::u32string original = U"ﻻ بد";
    const NormalizedText n = norm().normalize(original);
    CHECK(n.text == U"لا بد");
    check_alignment(original, n);
    CHECK(n.to_original(0, 1) == Span{0, 1});
    CHECK(n.to_original(1, 2) == Span{0, 1});
    CHECK(n.to_original(0, 2) == Span{0, 1});
    CHECK(n.to_original(3, 5) == Span{2, 4});
    CHECK(n.to_original(1, 1) == Span{0, 0});
  }
  SECTION("a range that cuts a ligature covers all of it") {
    const std::u32string original = U"بﻻ";
    const NormalizedText n = norm().normalize(original);
    CHECK(n.text == U"بلا");
    CHECK(n.to_original(0, 1) == Span{0, 1});
    CHECK(n.to_original(0, 2) == Span{0, 2});
    CHECK(n.to_original(2, 3) == Span{1, 2});
  }
  SECTION("a leading BOM counts in the original but not in the folded text") {
    const std::u32string original = U"\uFEFFأمس";
    const NormalizedText n = norm().normalize(original);
    CHECK(n.text == U"امس");
    check_alignment(original, n);
    CHECK(n.to_original(0, 3) == Span{1, 4});
    CHECK(n.position[0] == 0);
    CHECK(n.position[1] == 0);
  }
  SECTION("astral characters are single code points") {
    const std::u32string original = U"😀أ😀";
    const NormalizedText n = norm().normalize(original);
    CHECK(n.text == U"😀ا😀");
    CHECK(n.to_original(1, 2) == Span{1, 2});
  }
  SECTION("removing a joiner lets the neighbours compose, and the result is attributed to the first") {
    const std::u32string original = U"e\u200D\u0301x";
    const NormalizedText n = norm().normalize(original);
    CHECK(n.text == U"éx");
    check_alignment(original, n);
    CHECK(n.to_original(0, 1) == Span{0, 3});
    CHECK(norm().fold(n.text) == n.text);
  }
  SECTION("ranges outside the text are refused") {
    const NormalizedText n = norm().normalize(U"abc");
    CHECK_THROWS_AS(n.to_original(2, 1), std::out_of_range);
    CHECK_THROWS_AS(n.to_original(0, 4), std::out_of_range);
  }
}

TEST_CASE("normalisation property over random mixed text", "[extract][normalizer][property]") {
  // Alphabet: Arabic letters and alef forms, diacritics and tatweel, presentation forms and ligatures,
  // digits of three systems, Latin with combining marks, format characters, emoji, white space and
  // punctuation.
  std::vector<char32_t> alphabet;
  for (char32_t c = 0x0621; c <= 0x064A; ++c) alphabet.push_back(c);
  for (char32_t c = 0x064B; c <= 0x065F; ++c) alphabet.push_back(c);
  for (char32_t c : {0x0670, 0x0640, 0x0671, 0x06A9, 0x06CC, 0x06C0, 0x06D5}) alphabet.push_back(c);
  for (char32_t c = 0xFE70; c <= 0xFEFC; c += 3) alphabet.push_back(c);
  for (char32_t c = 0xFEF5; c <= 0xFEFC; ++c) alphabet.push_back(c);
  for (char32_t c : {0xFDF2, 0xFDFA, 0xFDFB, 0xFC5E, 0xFC60}) alphabet.push_back(c);
  for (char32_t c = 0x0660; c <= 0x0669; ++c) alphabet.push_back(c);
  for (char32_t c = 0x06F0; c <= 0x06F9; ++c) alphabet.push_back(c);
  for (char32_t c = U'0'; c <= U'9'; ++c) alphabet.push_back(c);
  for (char32_t c = U'A'; c <= U'Z'; ++c) alphabet.push_back(c);
  for (char32_t c = U'a'; c <= U'z'; ++c) alphabet.push_back(c);
  for (char32_t c : {0x0300, 0x0301, 0x0308, 0x0327, 0x00C9, 0x00E9, 0x212B, 0xFF21, 0x1D400, 0x1D41A, 0x2460})
    alphabet.push_back(c);
  for (char32_t c : {0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF, 0x00AD, 0x061C, 0x2066, 0x2069}) alphabet.push_back(c);
  for (char32_t c : {0x1F600, 0x1F1EE, 0x1F1F6, 0x1F44D, 0x1F3FD, 0x2764, 0xFE0F}) alphabet.push_back(c);
  for (char32_t c : {0x20, 0x20, 0x20, 0x0A, 0x09, 0xA0, 0x2028, 0x060C, 0x061B, 0x061F, 0x2E, 0x21, 0xAB, 0xBB,
                     0x201C, 0x201D, 0x22, 0x28, 0x29, 0x2013, 0x2026, 0x3A})
    alphabet.push_back(c);
  for (char32_t c : {0x1100, 0x1161, 0x11A8, 0xAC00}) alphabet.push_back(c);  // Hangul jamo compose under NFKC

  const auto seed = GENERATE(1u, 2u, 3u, 42u, 20240126u);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<std::size_t> length(0, 80);
  for (int round = 0; round < 150; ++round) {
    std::u32string original;
    const std::size_t len = length(rng);
    for (std::size_t i = 0; i < len; ++i) original.push_back(alphabet[pick(rng)]);
    CAPTURE(seed, round, encode_utf8(original));
    const NormalizedText n = norm().normalize(original);
    check_alignment(original, n);
    // Idempotent, and fold() is the text of normalize().
    CHECK(norm().fold(n.text) == n.text);
    CHECK(norm().fold(original) == n.text);
    // Every normalised range maps to a non-empty original range within the text that maps back over it.
    std::uniform_int_distribution<std::size_t> at(0, n.text.size());
    for (int k = 0; k < 20; ++k) {
      std::size_t b = at(rng), e = at(rng);
      if (b > e) std::swap(b, e);
      const Span span = n.to_original(b, e);
      CHECK(span.start <= span.end);
      CHECK(span.end <= original.size());
      CHECK(span.start == n.origin[b]);
      if (e > b) {
        CHECK(span.end > span.start);
        CHECK(n.position[span.start] <= b);
        CHECK(n.position[span.end] >= e);
        CHECK(span.end > n.origin[e - 1]);  // covers where the last folded code point came from
      }
    }
  }
}

TEST_CASE("folding rules come from data", "[extract][normalizer]") {
  const std::string json = R"({
  "format": "newsgraph-folding",
  "version": 1,
  "lowercase": "none",
  "map": [{"from": "ة", "to": "ت"}],
  "remove": [{"first": "U+0640", "last": "U+0640"}],
  "digits": []
})";
  const Normalizer custom = Normalizer::load("custom.json", json);
  CHECK(custom.fold_utf8("مدرسـة ABC ٣") == "مدرست ABC ٣");
  CHECK(custom.fold_utf8("أ") == "أ");
  CHECK(custom.fold_utf8("ﻷ") == "لأ");
}

TEST_CASE("bad folding files are reported at their position", "[extract][normalizer]") {
  const auto [json, message] = GENERATE(table<std::string, std::string>({
      {R"({"format": "newsgraph-folding", "version": 1, "lowercase": "none", "map": [], "remove": [], "digits": [})",
       "invalid JSON"},
      {R"({"format": "x", "version": 1, "lowercase": "none", "map": [], "remove": [], "digits": []})",
       "does not match the schema"},
      {R"({"format": "newsgraph-folding", "version": 1, "lowercase": "none", "map": [], "remove": [], "digits": [],
 "extra": 1})",
       "unknown member"},
      {R"({"format": "newsgraph-folding", "version": 1, "lowercase": "none",
 "map": [{"from": "أ", "to": "ا"}, {"from": "أ", "to": "ء"}], "remove": [], "digits": []})",
       "already covered"},
      {R"({"format": "newsgraph-folding", "version": 1, "lowercase": "none",
 "map": [{"from": "أ", "to": "ا"}, {"from": "ا", "to": "ء"}], "remove": [], "digits": []})",
       "would change again"},
      {R"({"format": "newsgraph-folding", "version": 1, "lowercase": "none",
 "map": [{"from": "ﻷ", "to": "ا"}], "remove": [], "digits": []})",
       "never occurs after NFKC"},
      {R"({"format": "newsgraph-folding", "version": 1, "lowercase": "none",
 "map": [], "remove": [{"first": "U+0650", "last": "U+064B"}], "digits": []})",
       "invalid range"},
      {R"({"format": "newsgraph-folding", "version": 1, "lowercase": "none",
 "map": [], "remove": [{"first": "U+064B", "last": "U+065F"}, {"first": "U+0650", "last": "U+0650"}], "digits": []})",
       "already covered"},
      {R"({"format": "newsgraph-folding", "version": 1, "lowercase": "none",
 "map": [], "remove": [], "digits": [{"zero": "U+0661"}]})",
       "ten decimal digits"},
  }));
  CAPTURE(json);
  try {
    Normalizer::load("bad/folding.json", json);
    FAIL("no error");
  } catch (const newsgraph::graph::InputError& e) {
    CHECK(e.diagnostic().path == "bad/folding.json");
    CHECK(e.diagnostic().line > 0);
    CHECK(e.diagnostic().message.find(message) != std::string::npos);
  }
}

TEST_CASE("fold_utf8 rejects invalid UTF-8", "[extract][normalizer]") {
  CHECK_THROWS_AS(norm().fold_utf8("\xFF"), newsgraph::graph::InputError);
}
