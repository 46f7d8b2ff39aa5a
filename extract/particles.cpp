#include "extract/particles.h"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <utility>

#include "extract/embedded_data.h"
#include "extract/normalizer.h"
#include "extract/utf8.h"
#include "graph/json_input.h"

namespace newsgraph::extract {

struct ParticleRules::Rules {
  struct Prefix {
    std::u32string strip;
    std::u32string add;
  };
  std::size_t min_letters = 2;
  std::vector<Prefix> prefixes;  // stable-sorted by strip length (= skip)
  std::u32string article;
  std::vector<std::u32string> suffixes;
};

ParticleRules::ParticleRules(std::shared_ptr<const Rules> rules) : rules_(std::move(rules)) {}

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

std::vector<ParticleRules::Reading> ParticleRules::readings(std::u32string_view word) const {
  std::vector<Reading> out;
  if (word.empty()) return out;
  out.push_back({std::u32string(word), 0});
  for (const auto& prefix : rules_->prefixes) {
    if (!word.starts_with(prefix.strip)) continue;
    const std::u32string_view rest = word.substr(prefix.strip.size());
    if (rest.size() < rules_->min_letters) continue;
    std::u32string key = prefix.add;
    key += rest;
    if (key.size() < rules_->min_letters) continue;
    if (std::any_of(out.begin(), out.end(), [&](const Reading& r) { return r.key == key; })) continue;
    out.push_back({std::move(key), static_cast<std::uint32_t>(prefix.strip.size())});
  }
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
