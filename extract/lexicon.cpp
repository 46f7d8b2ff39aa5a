#include "extract/lexicon.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "extract/date_reader.h"
#include "extract/embedded_data.h"
#include "extract/normalizer.h"
#include "extract/particles.h"
#include "graph/json_input.h"
#include "graph/ontology.h"

namespace newsgraph::extract {
namespace {

namespace json = graph::json;

// Either throws the first problem (loading) or collects them all (lint).
class Problems {
 public:
  explicit Problems(bool collect) : collect_(collect) {}
  void add(const graph::InputError& e) {
    if (!collect_) throw e;
    list_.push_back(e.diagnostic());
  }
  std::vector<graph::Diagnostic>& list() { return list_; }

 private:
  bool collect_;
  std::vector<graph::Diagnostic> list_;
};

std::vector<std::string> strings(const rapidjson::Value& object, const char* member) {
  std::vector<std::string> out;
  auto it = object.FindMember(member);
  if (it == object.MemberEnd() || !it->value.IsArray()) return out;
  for (const auto& v : it->value.GetArray()) out.emplace_back(v.GetString(), v.GetStringLength());
  return out;
}

struct File {
  std::string path;  // for messages
  std::string text;
  rapidjson::Document doc;
};

// Parses and schema-checks one file; nullopt (after reporting) when it is unusable.
std::optional<File> open(const FileSource& source, std::string_view dir, std::string_view name, Problems& problems) {
  File f;
  auto text = source(name);
  const std::string embedded_path = "extract/lexicons/" + std::string(name);
  if (text) {
    f.path = (std::filesystem::path(dir) / name).string();
    f.text = std::move(*text);
  } else {
    f.path = embedded_path;
    f.text = std::string(embedded_file(embedded_path));
  }
  try {
    f.doc = json::parse(f.path, f.text);
    const std::string schema = "schemas/" + std::string(name.substr(0, name.size() - 5)) + ".schema.json";
    json::validate(f.path, f.text, f.doc, embedded_file(schema));
  } catch (const graph::InputError& e) {
    problems.add(e);
    return std::nullopt;
  }
  return f;
}

std::string at(std::string_view list, rapidjson::SizeType i, std::string_view member = "") {
  std::string p = "/" + std::string(list) + "/" + std::to_string(i);
  if (!member.empty()) p += "/" + std::string(member);
  return p;
}

void read_entities(const File& f, std::vector<LexiconEntity>& out, Problems& problems) {
  const auto& list = f.doc["entities"];
  std::map<std::string, rapidjson::SizeType> ids;
  std::map<std::string, std::pair<std::string, rapidjson::SizeType>> forms;  // folded form -> (id, index)
  const auto& normalizer = Normalizer::builtin();
  for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
    const auto& v = list[i];
    LexiconEntity e;
    e.id = v["id"].GetString();
    e.type = *graph::parse_entity_type(v["type"].GetString());
    e.name_ar = v["name_ar"].GetString();
    e.name_en = v["name_en"].GetString();
    e.wikidata = json::string_or(v, "wikidata");
    e.aliases = strings(v, "aliases");
    e.adjectives = strings(v, "adjectives");
    e.capital_of = json::string_or(v, "capital_of");
    e.part_of = json::string_or(v, "part_of");
    e.acts_for = json::string_or(v, "acts_for");
    e.kind = json::string_or(v, "kind");
    if (!ids.emplace(e.id, i).second) {
      problems.add(json::error_at(f.path, f.text, at("entities", i, "id"), "duplicate entity id '" + e.id + "'"));
      continue;
    }
    std::vector<std::string> names = e.aliases;
    names.push_back(e.name_ar);
    std::set<std::string> own;
    for (const auto& name : names) {
      const std::string key = normalizer.fold_utf8(name);
      if (!own.insert(key).second) continue;
      auto [it, fresh] = forms.emplace(key, std::make_pair(e.id, i));
      if (!fresh)
        problems.add(json::error_at(f.path, f.text, at("entities", i),
                                    "the name «" + name + "» of '" + e.id + "' is already claimed by '" +
                                        it->second.first + "' (an alias may belong to one entity only)"));
    }
    out.push_back(std::move(e));
  }
  for (rapidjson::SizeType i = 0; i < list.Size() && i < out.size(); ++i) {
    const auto& e = out[i];
    for (const auto& [member, ref] : {std::pair<const char*, const std::string*>{"capital_of", &e.capital_of},
                                      {"part_of", &e.part_of}, {"acts_for", &e.acts_for}}) {
      if (!ref->empty() && !ids.count(*ref))
        problems.add(json::error_at(f.path, f.text, at("entities", i, member),
                                    "'" + e.id + "' " + member + " names an unknown entity '" + *ref + "'"));
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
}

void read_offices(const File& f, const std::vector<LexiconEntity>& entities, std::vector<Title>& titles,
                  std::vector<Office>& offices, Problems& problems) {
  auto known = [&](const std::string& id) {
    return std::binary_search(entities.begin(), entities.end(), id,
                              [](const auto& a, const auto& b) {
                                if constexpr (std::is_same_v<std::decay_t<decltype(a)>, std::string>) return a < b.id;
                                else return a.id < b;
                              });
  };
  std::set<std::string> title_ids;
  const auto& tl = f.doc["titles"];
  for (rapidjson::SizeType i = 0; i < tl.Size(); ++i) {
    const auto& v = tl[i];
    Title t;
    t.id = v["id"].GetString();
    t.ar = strings(v, "ar");
    t.en = v["en"].GetString();
    if (v.HasMember("person")) t.person = v["person"].GetBool();
    if (v.HasMember("takes_organization")) t.takes_organization = v["takes_organization"].GetBool();
    if (!title_ids.insert(t.id).second) {
      problems.add(json::error_at(f.path, f.text, at("titles", i, "id"), "duplicate title id '" + t.id + "'"));
      continue;
    }
    titles.push_back(std::move(t));
  }
  const auto& ol = f.doc["offices"];
  for (rapidjson::SizeType i = 0; i < ol.Size(); ++i) {
    const auto& v = ol[i];
    Office o;
    o.title = v["title"].GetString();
    o.of = v["of"].GetString();
    o.role_en = json::string_or(v, "role_en");
    if (!title_ids.count(o.title)) {
      problems.add(json::error_at(f.path, f.text, at("offices", i, "title"), "unknown title '" + o.title + "'"));
      continue;
    }
    if (!known(o.of)) {
      problems.add(json::error_at(f.path, f.text, at("offices", i, "of"), "unknown entity '" + o.of + "'"));
      continue;
    }
    const auto& hl = v["holders"];
    for (rapidjson::SizeType h = 0; h < hl.Size(); ++h) {
      OfficeHolder holder{hl[h]["entity"].GetString(), hl[h]["from"].GetString(),
                          std::string(json::string_or(hl[h], "to"))};
      if (!known(holder.entity)) {
        problems.add(json::error_at(f.path, f.text, at("offices", i) + "/holders/" + std::to_string(h) + "/entity",
                                    "unknown entity '" + holder.entity + "'"));
        continue;
      }
      if (!holder.to.empty() && holder.to < holder.from) {
        problems.add(json::error_at(f.path, f.text, at("offices", i) + "/holders/" + std::to_string(h) + "/to",
                                    "office term ends before it starts"));
        continue;
      }
      o.holders.push_back(std::move(holder));
    }
    offices.push_back(std::move(o));
  }
}

Frame parse_frame(std::string_view s) {
  if (s == "nominal") return Frame::Nominal;
  if (s == "led_by") return Frame::LedBy;
  if (s == "between") return Frame::Between;
  if (s == "deployment") return Frame::Deployment;
  if (s == "membership") return Frame::Membership;
  if (s == "adjacent") return Frame::Adjacent;
  if (s == "claim") return Frame::Claim;
  return Frame::Verb;
}

void read_triggers(const File& f, std::vector<Trigger>& out, Problems& problems) {
  const auto& ontology = graph::Ontology::builtin();
  std::set<std::string> ids;
  const auto& list = f.doc["triggers"];
  for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
    const auto& v = list[i];
    Trigger t;
    t.id = v["id"].GetString();
    t.relation = v["relation"].GetString();
    t.frame = parse_frame(v["frame"].GetString());
    t.forms = strings(v, "forms");
    t.passive = v.HasMember("passive") && v["passive"].GetBool();
    t.agent_before = v.HasMember("agent_before") && v["agent_before"].GetBool();
    t.reaction = v.HasMember("reaction") && v["reaction"].GetBool();
    t.repeats = v.HasMember("repeats") && v["repeats"].GetBool();
    t.agent_oblique = v.HasMember("agent_oblique") && v["agent_oblique"].GetBool();
    t.prepositions = strings(v, "prepositions");
    t.confidence = v["confidence"].GetDouble();
    if (!ids.insert(t.id).second) {
      problems.add(json::error_at(f.path, f.text, at("triggers", i, "id"), "duplicate trigger id '" + t.id + "'"));
      continue;
    }
    if (!ontology.relation(t.relation)) {
      const auto hint = ontology.suggest_relation(t.relation);
      problems.add(json::error_at(f.path, f.text, at("triggers", i, "relation"),
                                  "relation '" + t.relation + "' is not in the ontology" +
                                      (hint.empty() ? "" : " (did you mean '" + hint + "'?)")));
      continue;
    }
    out.push_back(std::move(t));
  }
}

void read_cues(const File& f, Cues& c) {
  c.negation = strings(f.doc, "negation");
  c.future = strings(f.doc, "future");
  c.future_prefixes = strings(f.doc, "future_prefixes");
  c.speech = strings(f.doc, "speech");
  c.locative = strings(f.doc, "locative");
  c.name_stops = strings(f.doc, "name_stops");
  c.organization_heads = strings(f.doc, "organization_heads");
  c.country_deixis = strings(f.doc, "country_deixis");
  c.former = strings(f.doc, "former");
  c.relative = strings(f.doc, "relative");
  c.forces = strings(f.doc, "forces");
  c.prepositions = strings(f.doc, "prepositions");
  c.complementizers = strings(f.doc, "complementizers");
  c.duals = strings(f.doc, "duals");
  c.generic_nouns = strings(f.doc, "generic_nouns");
  c.light_verbs = strings(f.doc, "light_verbs");
  c.killing = strings(f.doc, "killing");
  c.continuity = strings(f.doc, "continuity");
  c.compass = strings(f.doc, "compass");
  c.possession = strings(f.doc, "possession");
  c.led_by = strings(f.doc, "led_by");
  if (auto it = f.doc.FindMember("anaphors"); it != f.doc.MemberEnd() && it->value.IsArray())
    for (const auto& v : it->value.GetArray())
      c.anaphors.push_back({strings(v, "forms"), strings(v, "kinds"),
                            v.HasMember("salient_only") && v["salient_only"].GetBool()});
}

void load_with(const FileSource& source, std::string_view dir, Problems& problems,
               std::vector<LexiconEntity>& entities, std::vector<Title>& titles, std::vector<Office>& offices,
                  std::vector<Trigger>& triggers, Cues& cues) {
  if (auto f = open(source, dir, "entities.json", problems)) read_entities(*f, entities, problems);
  if (auto f = open(source, dir, "offices.json", problems)) read_offices(*f, entities, titles, offices, problems);
  if (auto f = open(source, dir, "triggers.json", problems)) read_triggers(*f, triggers, problems);
  if (auto f = open(source, dir, "cues.json", problems)) read_cues(*f, cues);
}

FileSource directory_source(const std::filesystem::path& dir) {
  return [dir](std::string_view name) -> std::optional<std::string> {
    const auto path = dir / name;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw graph::InputError(path.string(), "cannot read the file");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
}

}  // namespace

const OfficeHolder* Office::holder_on(std::string_view date) const {
  if (date.empty()) return nullptr;
  for (const auto& h : holders)
    if (h.from <= date && (h.to.empty() || date < h.to)) return &h;
  return nullptr;
}

Lexicon Lexicon::load(const FileSource& source, std::string_view display_dir) {
  Problems problems(false);
  Lexicon lx;
  load_with(source, display_dir, problems, lx.entities_, lx.titles_, lx.offices_, lx.triggers_, lx.cues_);
  lx.index_entities();
  return lx;
}

void Lexicon::index_entities() {
  entity_index_.clear();
  entity_index_.reserve(entities_.size());
  for (std::size_t i = 0; i < entities_.size(); ++i)
    entity_index_.emplace(entities_[i].id, static_cast<std::uint32_t>(i));
}

const Lexicon& Lexicon::builtin() {
  static const Lexicon instance = load([](std::string_view) { return std::nullopt; }, "extract/lexicons");
  return instance;
}

Lexicon Lexicon::load_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw graph::InputError(dir.string(), "not a directory of lexicon files");
  return load(directory_source(dir), dir.string());
}

std::vector<graph::Diagnostic> Lexicon::lint(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    return {graph::InputError(dir.string(), "not a directory of lexicon files").diagnostic()};
  Problems problems(true);
  Lexicon lx;
  try {
    load_with(directory_source(dir), dir.string(), problems, lx.entities_, lx.titles_, lx.offices_,
              lx.triggers_, lx.cues_);
    lx.index_entities();
  } catch (const graph::InputError& e) {
    problems.list().push_back(e.diagnostic());
  }
  // The text pipeline's data files, when the directory has them.
  const auto source = directory_source(dir);
  const std::pair<const char*, void (*)(std::string_view, std::string_view)> pipeline_files[] = {
      {"folding.json", [](std::string_view p, std::string_view t) { Normalizer::load(p, t); }},
      {"particles.json", [](std::string_view p, std::string_view t) { ParticleRules::load(p, t); }},
      {"months.json", [](std::string_view p, std::string_view t) { DateReader::load(p, t); }},
  };
  for (const auto& [name, check] : pipeline_files) {
    try {
      if (auto text = source(name)) check((dir / name).string(), *text);
    } catch (const graph::InputError& e) {
      problems.list().push_back(e.diagnostic());
    }
  }
  return problems.list();
}

const LexiconEntity* Lexicon::entity(std::string_view id) const {
  const auto it = entity_index_.find(id);
  return it != entity_index_.end() ? &entities_[it->second] : nullptr;
}

const Title* Lexicon::title(std::string_view id) const {
  for (const auto& t : titles_)
    if (t.id == id) return &t;
  return nullptr;
}

const Office* Lexicon::office(std::string_view title_id, std::string_view of) const {
  for (const auto& o : offices_)
    if (o.title == title_id && o.of == of) return &o;
  return nullptr;
}

}  // namespace newsgraph::extract
