// Attached particles and nisba adjective forms, from extract/lexicons/particles.json.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "extract/normalizer.h"
#include "extract/particles.h"
#include "extract/phrase_matcher.h"
#include "extract/token_readings.h"
#include "extract/tokenizer.h"
#include "extract/utf8.h"
#include "graph/diagnostic.h"

using newsgraph::extract::encode_utf8;
using newsgraph::extract::Normalizer;
using newsgraph::extract::ParticleRules;

namespace {

std::u32string folded(std::string_view utf8) {
  return Normalizer::builtin().fold(newsgraph::extract::decode_utf8(utf8, "test"));
}

// "key/skip" of every reading, space-separated, in order.
std::string describe(const std::vector<ParticleRules::Reading>& readings) {
  std::string out;
  for (const auto& r : readings) {
    if (!out.empty()) out += ' ';
    out += encode_utf8(r.key) + "/" + std::to_string(r.skip);
  }
  return out;
}

}  // namespace

TEST_CASE("readings strip attached particles", "[extract][particles]") {
  const auto [word, expected] = GENERATE(table<std::string, std::string>({
      {"للبنتاغون", "للبنتاغون/0 لبنتاغون/1 البنتاغون/2"},
      {"والسوداني", "والسوداني/0 السوداني/1"},
      {"وبغداد", "وبغداد/0 بغداد/1 غداد/2"},
      {"بالعراق", "بالعراق/0 العراق/1"},
      {"فالحكومة", "فالحكومه/0 الحكومه/1"},
      {"كالعادة", "كالعاده/0 العاده/1"},
      {"لواشنطن", "لواشنطن/0 واشنطن/1"},
      {"وللعراق", "وللعراق/0 للعراق/1 لعراق/2 العراق/3"},
      {"وبإيران", "وبايران/0 بايران/1 ايران/2"},
      {"ولطهران", "ولطهران/0 لطهران/1 طهران/2"},
      {"العراق", "العراق/0"},
      {"واشنطن", "واشنطن/0 اشنطن/1"},
      // never a key or a mention shorter than two letters
      {"وك", "وك/0"},
      {"ولد", "ولد/0 لد/1"},
      {"بي", "بي/0"},
      {"و", "و/0"},
  }));
  CAPTURE(word);
  CHECK(describe(ParticleRules::builtin().readings(folded(word))) == expected);
}

TEST_CASE("readings of an empty word", "[extract][particles]") {
  CHECK(ParticleRules::builtin().readings(U"").empty());
}

TEST_CASE("the mention text is the word minus skip", "[extract][particles]") {
  const std::u32string word = folded("للبنتاغون");
  const auto readings = ParticleRules::builtin().readings(word);
  const auto it = std::find_if(readings.begin(), readings.end(),
                               [](const auto& r) { return r.key == U"البنتاغون"; });
  REQUIRE(it != readings.end());
  CHECK(word.substr(it->skip) == U"بنتاغون");
}

TEST_CASE("nisba adjective forms", "[extract][particles]") {
  const auto forms = ParticleRules::builtin().adjective_forms(folded("أمريكي"));
  const auto expected = GENERATE(as<std::string>{}, "أمريكي", "الأمريكي", "أمريكية", "الأمريكية", "أمريكيان",
                                 "أمريكيين", "الأمريكيين", "أمريكيون", "الأمريكيون", "أمريكيتان", "أمريكيتين",
                                 "أمريكيات", "الأمريكيات");
  CAPTURE(expected);
  CHECK(std::find(forms.begin(), forms.end(), folded(expected)) != forms.end());
}

TEST_CASE("nisba forms start with the base and are unique", "[extract][particles]") {
  const auto forms = ParticleRules::builtin().adjective_forms(U"عراقي");
  REQUIRE(!forms.empty());
  CHECK(forms.front() == U"عراقي");
  auto sorted = forms;
  std::sort(sorted.begin(), sorted.end());
  CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
  CHECK(forms.size() == 16);
  CHECK(ParticleRules::builtin().adjective_forms(U"").empty());
}

TEST_CASE("particle rules come from data", "[extract][particles]") {
  const ParticleRules rules = ParticleRules::load("p.json", R"({
  "format": "newsgraph-particles", "version": 1, "min_letters": 3,
  "prefixes": [{"strip": "س"}, {"strip": "لل", "add": "ال"}],
  "adjectives": {"article": "ال", "suffixes": ["ة"]}
})");
  CHECK(describe(rules.readings(U"سبغداد")) == "سبغداد/0 بغداد/1");
  CHECK(describe(rules.readings(U"وبغداد")) == "وبغداد/0");
  CHECK(describe(rules.readings(U"سبغد")) == "سبغد/0 بغد/1");
  CHECK(describe(rules.readings(U"سبغ")) == "سبغ/0");
  const auto forms = rules.adjective_forms(U"كردي");
  CHECK(forms == std::vector<std::u32string>{U"كردي", U"الكردي", U"كرديه", U"الكرديه"});
}

TEST_CASE("bad particle files are reported at their position", "[extract][particles]") {
  const auto [json, message] = GENERATE(table<std::string, std::string>({
      {R"({"format": "newsgraph-particles", "version": 1, "min_letters": 2, "prefixes": [],
 "adjectives": {"article": "ال"}})",
       "required"},
      {R"({"format": "newsgraph-particles", "version": 1, "min_letters": 2,
 "prefixes": [{"strip": "و"}, {"strip": "وَ"}], "adjectives": {"article": "ال", "suffixes": [""]}})",
       "duplicate prefix"},
      {R"({"format": "newsgraph-particles", "version": 1, "min_letters": 2,
 "prefixes": [{"strip": "ـ"}], "adjectives": {"article": "ال", "suffixes": [""]}})",
       "nothing is left"},
      {R"({"format": "newsgraph-particles", "version": 1, "min_letters": 2,
 "prefixes": [], "adjectives": {"article": "ال", "suffixes": ["ة", "ه"]}})",
       "duplicate suffix"},
  }));
  CAPTURE(json);
  try {
    ParticleRules::load("bad/particles.json", json);
    FAIL("no error");
  } catch (const newsgraph::graph::InputError& e) {
    CHECK(e.diagnostic().path == "bad/particles.json");
    CHECK(e.diagnostic().line > 0);
    CHECK(e.diagnostic().message.find(message) != std::string::npos);
  }
}

TEST_CASE("a reused reading list gives exactly the readings of readings()", "[extract][particles]") {
  // Two prefixes that both rebuild the article, so one key is dropped as a repeat after being built.
  const ParticleRules custom = ParticleRules::load("p.json", R"({
  "format": "newsgraph-particles", "version": 1, "min_letters": 2,
  "prefixes": [{"strip": "ل", "add": "ا"}, {"strip": "لل", "add": "ال"}, {"strip": "و"}],
  "adjectives": {"article": "ال", "suffixes": ["ة"]}
})");
  const std::vector<std::string> words = {"للبنتاغون", "والسوداني", "وبغداد", "بالعراق", "فالحكومة", "وللعراق",
                                          "للعراق", "ولطهران", "العراق", "وك", "ولد", "بي", "و", "", "𝔸𝔹ل",
                                          "وللعراقيين والسوريين"};
  for (const ParticleRules* rules : {&ParticleRules::builtin(), &custom}) {
    ParticleRules::ReadingList list;  // one list for every word, as the phrase matcher keeps it
    for (const auto& w : words) {
      const std::u32string word = folded(w);
      CAPTURE(w);
      rules->readings(word, list);
      std::vector<ParticleRules::Reading> viewed;
      for (const auto& v : list.views()) viewed.push_back({std::u32string(v.key), v.skip});
      CHECK(describe(viewed) == describe(rules->readings(word)));
    }
  }
  CHECK(describe(custom.readings(U"للعراق")) == "للعراق/0 العراق/1");
}

TEST_CASE("token readings are the readings of each token, computed once", "[extract][particles]") {
  // لل restores the article (a key that is not part of the word), و is stripped in place, punctuation and
  // numbers have only themselves.
  const std::u32string original = newsgraph::extract::decode_utf8("قال للبنتاغون والسوداني، 2500 جندي.", "test");
  const auto normalized = Normalizer::builtin().normalize(original);
  const auto seg = newsgraph::extract::Tokenizer().segment(original, normalized);
  const auto& rules = ParticleRules::builtin();
  newsgraph::extract::WordIds words;
  const auto pentagon = words.add(U"البنتاغون");
  const auto said = words.add(U"قال");
  const newsgraph::extract::TokenReadings readings(rules, normalized, seg, words);
  REQUIRE(seg.tokens.size() == 7);
  bool saw_added_key = false;
  for (std::uint32_t t = 0; t < seg.tokens.size(); ++t) {
    const auto word = newsgraph::extract::token_text(normalized, seg.tokens[t]);
    const auto expected = rules.readings(word);
    std::vector<ParticleRules::Reading> got;
    for (const auto& r : readings.of(t)) got.push_back({std::u32string(r.key), r.skip});
    CHECK(describe(got) == describe(expected));
    const std::less<const char32_t*> before;  // a total order, also for pointers into different objects
    for (const auto& r : readings.of(t))
      if (before(r.key.data(), normalized.text.data()) ||
          !before(r.key.data(), normalized.text.data() + normalized.text.size()))
        saw_added_key = true;
  }
  CHECK(describe(std::vector<ParticleRules::Reading>(
            {{std::u32string(readings.of(1)[2].key), readings.of(1)[2].skip}})) == "البنتاغون/2");
  CHECK(saw_added_key);
  // Each reading carries its key's number; words no lexicon has are unknown.
  for (std::uint32_t t = 0; t < seg.tokens.size(); ++t)
    for (const auto& r : readings.of(t)) CHECK(r.word == words.find(r.key));
  CHECK(readings.of(1)[2].word == pentagon);
  CHECK(readings.word_of(0) == said);
  CHECK(readings.word_of(1) == newsgraph::extract::WordIds::kUnknown);  // للبنتاغون as written
  CHECK(readings.word_of(2) == newsgraph::extract::WordIds::kUnknown);
}

TEST_CASE("token readings from words read before are those read afresh, for the rules and words given",
          "[extract][particles]") {
  // TokenReadings keeps the readings of words it has read (per thread): a second text with the same words,
  // other particle rules, other word numbers, and numbers added after a first reading must all give what
  // reading afresh gives.
  const std::u32string original =
      newsgraph::extract::decode_utf8("قال للبنتاغون والسوداني وقال السوداني للبنتاغون سبغداد بغداد قال", "test");
  const auto normalized = Normalizer::builtin().normalize(original);
  const auto seg = newsgraph::extract::Tokenizer().segment(original, normalized);
  auto check = [&](const ParticleRules& rules, const newsgraph::extract::WordIds& words) {
    for (int pass = 0; pass < 2; ++pass) {
      const newsgraph::extract::TokenReadings readings(rules, normalized, seg, words);
      for (std::uint32_t t = 0; t < seg.tokens.size(); ++t) {
        const auto word = newsgraph::extract::token_text(normalized, seg.tokens[t]);
        const auto expected = rules.readings(word);
        std::vector<ParticleRules::Reading> got;
        for (const auto& r : readings.of(t)) {
          got.push_back({std::u32string(r.key), r.skip});
          CHECK(r.word == words.find(r.key));
        }
        CAPTURE(pass, encode_utf8(word));
        CHECK(describe(got) == describe(expected));
      }
    }
  };
  newsgraph::extract::WordIds words;
  words.add(U"قال");
  check(ParticleRules::builtin(), words);
  // New numbers: البنتاغون and بغداد are known now, where the readings above had them unknown.
  words.add(U"البنتاغون");
  words.add(U"بغداد");
  check(ParticleRules::builtin(), words);
  CHECK(words.find(U"بغداد") != newsgraph::extract::WordIds::kUnknown);
  // Other rules: only س is a particle, so سبغداد reads as بغداد and والسوداني does not lose its و.
  const ParticleRules other = ParticleRules::load("p.json", R"({
  "format": "newsgraph-particles", "version": 1, "min_letters": 3,
  "prefixes": [{"strip": "س"}], "adjectives": {"article": "ال", "suffixes": ["ة"]}
})");
  check(other, words);
  // Other word numbers for the same words (another object, possibly at a freed one's address).
  for (int round = 0; round < 3; ++round) {
    newsgraph::extract::WordIds fresh;
    for (int k = 0; k <= round; ++k) fresh.add(U"سطر" + std::u32string(static_cast<std::size_t>(k), U'ي'));
    fresh.add(U"السوداني");
    check(ParticleRules::builtin(), fresh);
  }
  check(ParticleRules::builtin(), words);
}
