// Word numbering (WordIds), the phrase matcher's trie over word numbers, and cue word sets.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "extract/normalizer.h"
#include "extract/particles.h"
#include "extract/phrase_matcher.h"
#include "extract/token_readings.h"
#include "extract/tokenizer.h"
#include "extract/utf8.h"
#include "extract/word_ids.h"
#include "extract/word_set.h"

using newsgraph::extract::decode_utf8;
using newsgraph::extract::encode_utf8;
using newsgraph::extract::NormalizedText;
using newsgraph::extract::Normalizer;
using newsgraph::extract::ParticleRules;
using newsgraph::extract::PhraseMatch;
using newsgraph::extract::PhraseMatcher;
using newsgraph::extract::Segmentation;
using newsgraph::extract::TokenReadings;
using newsgraph::extract::Tokenizer;
using newsgraph::extract::WordIds;
using newsgraph::extract::WordSet;

namespace {

// A sentence read as the document extractor reads it: normalised, tokenized, readings numbered by `words`.
struct Read {
  std::u32string original;
  NormalizedText normalized;
  Segmentation seg;
  TokenReadings readings;
  Read(std::string_view utf8, const WordIds& words)
      : original(decode_utf8(utf8, "test")),
        normalized(Normalizer::builtin().normalize(original)),
        seg(Tokenizer().segment(original, normalized)),
        readings(ParticleRules::builtin(), normalized, seg, words) {}
  std::uint32_t size() const { return static_cast<std::uint32_t>(seg.tokens.size()); }
  // The original text of tokens [first, end) with `skip` code points of the first left out.
  std::string text(const PhraseMatch& m) const {
    const auto start = seg.tokens[m.first_token].span.start + m.skip;
    return encode_utf8(std::u32string_view(original).substr(start, seg.tokens[m.end_token - 1].span.end - start));
  }
};

}  // namespace

TEST_CASE("word ids number each word once, and unknown words are 0", "[extract][phrase_matcher]") {
  WordIds words;
  CHECK(words.size() == 0);
  const auto iraq = words.add(U"العراق");
  const auto us = words.add(U"الولايات");
  CHECK(iraq != WordIds::kUnknown);
  CHECK(us != WordIds::kUnknown);
  CHECK(iraq != us);
  CHECK(words.add(U"العراق") == iraq);  // the same number again
  CHECK(words.find(U"العراق") == iraq);
  CHECK(words.find(U"ايران") == WordIds::kUnknown);
  CHECK(words.add(U"") == WordIds::kUnknown);
  CHECK(words.size() == 2);
}

TEST_CASE("word ids keep every number through the table's growth", "[extract][phrase_matcher]") {
  // Enough words to double the table several times; prefixes of each other and one-letter words too.
  WordIds words;
  std::vector<std::u32string> added;
  for (char32_t a = U'\u0627'; a <= U'\u064A'; ++a)
    for (char32_t b = U'\u0627'; b <= U'\u064A'; ++b) {
      added.push_back(std::u32string{a});
      added.push_back(std::u32string{a, b});
      added.push_back(std::u32string{U'\u0627', U'\u0644', a, b});
    }
  std::vector<std::uint32_t> ids;
  for (const auto& w : added) ids.push_back(words.add(w));
  std::uint32_t next = 1;
  for (std::size_t i = 0; i < added.size(); ++i) {
    // A word seen before keeps its number; a new one takes the next.
    const auto first = std::find(added.begin(), added.end(), added[i]) - added.begin();
    if (static_cast<std::size_t>(first) == i) CHECK(ids[i] == next++);
    else CHECK(ids[i] == ids[static_cast<std::size_t>(first)]);
    CHECK(words.find(added[i]) == ids[i]);
  }
  CHECK(words.size() == next - 1);
  CHECK(words.find(U"\u0627\u0644") != WordIds::kUnknown);           // ال: added as a two-letter word
  CHECK(words.find(U"\u0627\u0644\u0627") == WordIds::kUnknown);     // a prefix of added words only
  CHECK(words.find(U"x") == WordIds::kUnknown);
}

TEST_CASE("phrase matcher finds the longest phrase over word numbers, particles off the first word",
          "[extract][phrase_matcher]") {
  WordIds words;
  PhraseMatcher m(Normalizer::builtin(), words);
  REQUIRE(m.add("الولايات المتحدة", 1));
  REQUIRE(m.add("الولايات المتحدة الأمريكية", 2));
  REQUIRE(m.add("العراق", 3));
  REQUIRE(m.add("داعش", 4));
  CHECK_FALSE(m.add("، .", 5));  // no word to match
  // Another matcher numbering its words in the same WordIds afterwards changes nothing here.
  PhraseMatcher other(Normalizer::builtin(), words);
  REQUIRE(other.add("المتحدة للأمم", 9));

  const Read r("قالت للولايات المتحدة الأمريكية إن العراق وتنظيم \"داعش\" والولايات المتحدة.", words);
  std::vector<std::string> found;
  for (std::uint32_t i = 0; i < r.size();) {
    const auto hit = m.match_at(r.normalized, r.seg, r.readings, i, r.size());
    if (!hit) { ++i; continue; }
    std::string payloads;
    for (const auto p : *hit->payloads) payloads += std::to_string(p);
    found.push_back(r.text(*hit) + "/" + payloads + "/" + encode_utf8(hit->prefix));
    i = hit->end_token;
  }
  // Longest first: "الولايات المتحدة الأمريكية" (2), not "الولايات المتحدة" (1); لل restores the article;
  // quotes between words of a phrase pass, and a one-word phrase inside quotes matches.
  CHECK(found == std::vector<std::string>{"ولايات المتحدة الأمريكية/2/لل", "العراق/3/", "داعش/4/",
                                          "الولايات المتحدة/1/و"});
  // The limit cuts a phrase short: only the shorter one fits.
  const auto cut = m.match_at(r.normalized, r.seg, r.readings, 1, 3);
  REQUIRE(cut);
  CHECK(cut->end_token == 3);
  CHECK(*cut->payloads == std::vector<std::uint32_t>{1});
  // A word no matcher knows starts nothing; a second word alone does not start the phrase.
  CHECK_FALSE(m.match_at(r.normalized, r.seg, r.readings, 0, r.size()));
  CHECK_FALSE(m.match_at(r.normalized, r.seg, r.readings, 2, r.size()));
}

TEST_CASE("word sets answer by number and by text alike", "[extract][phrase_matcher]") {
  WordIds words;
  PhraseMatcher m(Normalizer::builtin(), words);
  WordSet negation(words);
  add_words(negation, {"لم", "لن", "لا"}, m);
  const Read r("ولن تنسحب القوات ولا يزال لم", words);
  REQUIRE(r.size() == 6);
  // As written: only لم (token 5); with و taken off, ولن and ولا (tokens 0 and 3) too.
  std::vector<bool> as_written, any_reading;
  for (std::uint32_t t = 0; t < r.size(); ++t) {
    as_written.push_back(negation.contains(r.readings.word_of(t)));
    any_reading.push_back(any_reading_in(negation, r.readings, t));
    CHECK(negation.contains(r.readings.word_of(t)) ==
          negation.contains(newsgraph::extract::token_text(r.normalized, r.seg.tokens[t])));
  }
  CHECK(as_written == std::vector<bool>{false, false, false, false, false, true});
  CHECK(any_reading == std::vector<bool>{true, false, false, true, false, true});
  CHECK(negation.contains(std::u32string_view(U"لن")));
  CHECK_FALSE(negation.contains(std::u32string_view(U"القوات")));
  CHECK_FALSE(negation.contains(WordIds::kUnknown));
}
