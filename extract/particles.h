#pragma once
// ParticleRules: how Arabic words carry attached particles, and how nisba adjectives inflect, as data
// (extract/lexicons/particles.json, validated by schemas/particles.schema.json).
//
// A word in running text may carry proclitics that are not part of a name: و ف (and, so), ب ل ك (in, for,
// like), and لل, the preposition ل fused with the article (للبنتاغون = ل + البنتاغون). readings() lists
// the lookups to try for one normalised word; adjective_forms() derives the inflections of a nisba
// adjective (امريكي → امريكيه، الامريكي، امريكيون، الامريكيين ...) for the lexicon.
//
//   const auto& rules = extract::ParticleRules::builtin();
//   for (const auto& r : rules.readings(U"للبنتاغون"))   // {U"للبنتاغون", 0}, {U"لبنتاغون", 1},
//     lookup(r.key), mention_starts_at(word_begin + r.skip);   // {U"البنتاغون", 2}, ...
//   auto forms = rules.adjective_forms(U"امريكي");         // U"امريكي", U"الامريكي", U"امريكيه", ...
//
// Every string in the data is folded with Normalizer::builtin() at load, so inputs and outputs are in
// normalised form (see extract/normalizer.h). Thread safety: immutable after load, safe to share.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace newsgraph::extract {

class ParticleRules {  // immutable after load
 public:
  static const ParticleRules& builtin();  // extract/lexicons/particles.json
  // Parses, validates (schema, then: no duplicate prefix, every string non-empty after folding) and folds
  // the rules. Throws graph::InputError at path:line:col.
  static ParticleRules load(std::string_view path, std::string_view json);
  struct Reading {
    std::u32string key;  // what to look up: e.g. for normalized "للبنتاغون" → "البنتاغون"
    std::uint32_t skip;  // leading normalized code points not part of the mention (2 for "لل"), so the mention
                         // text is "بنتاغون"; for "والسوداني" → key "السوداني", skip 1
    bool operator==(const Reading&) const = default;
  };
  // The word itself first (skip 0), then its readings with attached particles (و ف ب ل ك لل وال بال فال كال
  // ولل وب ... as data) removed; never a key shorter than 2 letters, never a mention (word minus skip)
  // shorter than 2 letters. Readings are ordered by increasing skip (data order for equal skips), keys
  // are unique.
  std::vector<Reading> readings(std::u32string_view normalized_word) const;

  // The same readings, in the same order, without allocating once warm: for hot loops (the phrase
  // matcher tries them at every token). Keys are views into the word or into the list's own storage,
  // valid until the list is filled again; reuse one list.
  struct ReadingView {
    std::u32string_view key;
    std::uint32_t skip;
  };
  class ReadingList {
   public:
    const std::vector<ReadingView>& views() const { return views_; }

   private:
    friend class ParticleRules;
    struct Entry {
      std::size_t begin, size;  // in `storage_`, or in the word when `in_word`
      bool in_word;
      std::uint32_t skip;
    };
    std::u32string storage_;
    std::vector<Entry> entries_;
    std::vector<ReadingView> views_;
  };
  void readings(std::u32string_view normalized_word, ReadingList& out) const;
  // Derived forms of a nisba adjective given masculine singular without ال ("امريكي", normalized): feminine,
  // dual, plural, each with and without ال ("امريكيه", "الامريكي", "الامريكيه", "امريكيون", "الامريكيين",
  // ...), normalized. Suffixes and the article are data in particles.json. The base itself comes first;
  // forms are unique. Empty for an empty base.
  std::vector<std::u32string> adjective_forms(std::u32string_view normalized_base) const;

  // Equal for copies of one loaded ParticleRules, different for every load (see new_content_stamp).
  std::uint64_t content_stamp() const;

  struct Rules;  // implementation detail (particles.cpp)

 private:
  explicit ParticleRules(std::shared_ptr<const Rules> rules);
  std::shared_ptr<const Rules> rules_;
};

}  // namespace newsgraph::extract
