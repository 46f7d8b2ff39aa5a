#include "extract/particles.h"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <utility>

#include "extract/embedded_data.h"
#include "extract/normalizer.h"
#include "extract/utf8.h"
#include "extract/word_ids.h"
#include "graph/json_input.h"

namespace newsgraph::extract {

struct ParticleRules::Rules {
  struct Prefix {
    std::u32string strip;
    std::u32string add;
  };
  std::size_t min_letters = 2;
  std::vector<Prefix> prefixes;  // stable-sorted by strip length (= skip)
  // The prefixes by their first code point, each list in the order of `prefixes`: a word is only tried
  // against the few that start with its first letter.
  std::vector<std::pair<char32_t, std::vector<const Prefix*>>> by_first;
  std::u32string article;
  std::vector<std::u32string> suffixes;
  std::uint64_t stamp = new_content_stamp();
};

ParticleRules::ParticleRules(std::shared_ptr<const Rules> rules) : rules_(std::move(rules)) {}

std::uint64_t ParticleRules::content_stamp() const { return rules_->stamp; }

const ParticleRules& ParticleRules::builtin() {
  static const ParticleRules instance = [] {
    constexpr std::string_view path = "extract/lexicons/particles.json";
    const std::string_view json = embedded_file(path);
    if (json.empty()) throw std::logic_error("particles.json is not embedded");
    return load(path, json);
  }();
  return instance;
}

ParticleRules ParticleRules::load(std::string_view path, std::string_view json) {
  const rapidjson::Document doc = graph::json::parse(path, json);
  const std::string_view schema = embedded_file("schemas/particles.schema.json");
  if (schema.empty()) throw std::logic_error("schemas/particles.schema.json is not embedded");
  graph::json::validate(path, json, doc, schema);

  const Normalizer& normalizer = Normalizer::builtin();
  // Folds a validated string member; it must keep at least one code point.
  auto folded = [&](const rapidjson::Value& value, const std::string& pointer, bool may_be_empty) {
    std::u32string out =
        normalizer.fold(decode_utf8(std::string_view(value.GetString(), value.GetStringLength()), path));
    if (out.empty() && !may_be_empty)
      throw graph::json::error_at(path, json, pointer, "nothing is left of this string after folding");
    return out;
  };

  auto rules = std::make_shared<Rules>();
  rules->min_letters = doc["min_letters"].GetUint();
  const auto& prefixes = doc["prefixes"];
  std::set<std::u32string> seen;
  for (rapidjson::SizeType i = 0; i < prefixes.Size(); ++i) {
    const std::string pointer = "/prefixes/" + std::to_string(i);
    Rules::Prefix prefix;
    prefix.strip = folded(prefixes[i]["strip"], pointer + "/strip", false);
    if (prefixes[i].HasMember("add")) prefix.add = folded(prefixes[i]["add"], pointer + "/add", false);
    if (!seen.insert(prefix.strip).second)
      throw graph::json::error_at(path, json, pointer + "/strip",
                                  "duplicate prefix '" + encode_utf8(prefix.strip) + "'");
    rules->prefixes.push_back(std::move(prefix));
  }
  std::stable_sort(rules->prefixes.begin(), rules->prefixes.end(),
                   [](const Rules::Prefix& a, const Rules::Prefix& b) { return a.strip.size() < b.strip.size(); });
  for (const auto& prefix : rules->prefixes) {
    auto list = std::find_if(rules->by_first.begin(), rules->by_first.end(),
                             [&](const auto& entry) { return entry.first == prefix.strip.front(); });
    if (list == rules->by_first.end()) list = rules->by_first.insert(rules->by_first.end(), {prefix.strip.front(), {}});
    list->second.push_back(&prefix);
  }

  const auto& adjectives = doc["adjectives"];
  rules->article = folded(adjectives["article"], "/adjectives/article", false);
  const auto& suffixes = adjectives["suffixes"];
  std::set<std::u32string> seen_suffixes;
  for (rapidjson::SizeType i = 0; i < suffixes.Size(); ++i) {
    const std::string pointer = "/adjectives/suffixes/" + std::to_string(i);
    std::u32string suffix = folded(suffixes[i], pointer, suffixes[i].GetStringLength() == 0);
    if (!seen_suffixes.insert(suffix).second)
      throw graph::json::error_at(path, json, pointer, "duplicate suffix '" + encode_utf8(suffix) + "'");
    rules->suffixes.push_back(std::move(suffix));
  }
  return ParticleRules(std::move(rules));
}

void ParticleRules::readings(std::u32string_view word, ReadingList& out) const {
  out.storage_.clear();
  out.entries_.clear();
  out.views_.clear();
  if (word.empty()) return;
  out.entries_.push_back({0, word.size(), true, 0});
  auto key_of = [&](const ReadingList::Entry& e) {
    return e.in_word ? word.substr(e.begin, e.size) : std::u32string_view(out.storage_).substr(e.begin, e.size);
  };
  const auto list = std::find_if(rules_->by_first.begin(), rules_->by_first.end(),
                                 [&](const auto& entry) { return entry.first == word.front(); });
  if (list != rules_->by_first.end()) {
    for (const Rules::Prefix* prefix : list->second) {
      if (!word.starts_with(prefix->strip)) continue;
      const std::size_t strip = prefix->strip.size();
      const std::u32string_view rest = word.substr(strip);
      if (rest.size() < rules_->min_letters) continue;
      if (prefix->add.size() + rest.size() < rules_->min_letters) continue;
      ReadingList::Entry entry{strip, rest.size(), true, static_cast<std::uint32_t>(strip)};
      if (!prefix->add.empty()) {  // the key is add + rest: built in the list's storage
        entry = {out.storage_.size(), prefix->add.size() + rest.size(), false, static_cast<std::uint32_t>(strip)};
        out.storage_ += prefix->add;
        out.storage_ += rest;
      }
      const auto key = key_of(entry);
      if (std::any_of(out.entries_.begin(), out.entries_.end(), [&](const auto& e) { return key_of(e) == key; })) {
        if (!entry.in_word) out.storage_.resize(entry.begin);
        continue;
      }
      out.entries_.push_back(entry);
    }
  }
  for (const auto& e : out.entries_) out.views_.push_back({key_of(e), e.skip});
}

std::vector<ParticleRules::Reading> ParticleRules::readings(std::u32string_view word) const {
  thread_local ReadingList list;
  readings(word, list);
  std::vector<Reading> out;
  out.reserve(list.views().size());
  for (const auto& v : list.views()) out.push_back({std::u32string(v.key), v.skip});
  return out;
}

std::vector<std::u32string> ParticleRules::adjective_forms(std::u32string_view base) const {
  std::vector<std::u32string> out;
  if (base.empty()) return out;
  auto add = [&](std::u32string form) {
    if (std::find(out.begin(), out.end(), form) == out.end()) out.push_back(std::move(form));
  };
  std::vector<std::u32string_view> suffixes{U""};
  suffixes.insert(suffixes.end(), rules_->suffixes.begin(), rules_->suffixes.end());
  for (const auto suffix : suffixes) {
    std::u32string form(base);
    form += suffix;
    add(form);
    add(rules_->article + form);
  }
  return out;
}

}  // namespace newsgraph::extract
