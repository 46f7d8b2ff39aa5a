#pragma once
// Lexicon: everything extraction knows as data — the gazetteer of named actors and places
// (entities.json), titles and who held which office when (offices.json), relation triggers
// (triggers.json) and cue words (cues.json: negation, future, speech verbs, locative prepositions,
// organisation head nouns, words that end a name). Each file carries "format" and "version" and is
// validated at load against its JSON Schema in schemas/, then by semantic checks (duplicate ids, an
// alias claimed by two entities, a reference to an unknown entity, a trigger naming an unknown relation).
//
//   const auto& lexicon = extract::Lexicon::builtin();          // compiled-in extract/lexicons/
//   auto custom = extract::Lexicon::load_directory("my/lexicons"); // throws graph::InputError
//   for (const auto& d : extract::Lexicon::lint("my/lexicons")) std::cerr << d.format() << "\n";
//
// Immutable after load: safe to share across threads.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/diagnostic.h"
#include "graph/model.h"

namespace newsgraph::extract {

struct LexiconEntity {
  std::string id;
  graph::EntityType type = graph::EntityType::Organization;
  std::string name_ar;
  std::string name_en;
  std::string wikidata;
  std::vector<std::string> aliases;
  std::vector<std::string> adjectives;  // nisba base forms: "أمريكي"
  std::string capital_of;               // a capital that acts stands for this country
  std::string part_of;
  std::string acts_for;                 // inside a relation this name stands for that actor
  std::string kind;                     // what sort of actor (armed_group, jihadist_group): anaphors
                                        // such as "التنظيم" or "الفصائل" refer back to an actor of their kind
};

struct Title {
  std::string id;
  std::vector<std::string> ar;
  std::string en;
  bool person = true;
  bool takes_organization = false;
};

struct OfficeHolder {
  std::string entity;
  std::string from;  // ISO date
  std::string to;    // ISO date, "" = still in office
};

struct Office {
  std::string title;  // Title::id
  std::string of;     // entity id of the country or organisation
  std::string role_en;
  std::vector<OfficeHolder> holders;
  // The holder on `date` (ISO), or nullptr; holders are compared on whole dates, `to` exclusive.
  const OfficeHolder* holder_on(std::string_view date) const;
};

// How a trigger's arguments are found in its sentence (docs/relations.md describes each frame).
enum class Frame : std::uint8_t {
  Verb,          // "دعا X Y إلى", "X يريد أن ...": subject before (SVO) or right after (VSO), object after
  Nominal,       // "هجمات على X", "ضربات أمريكية": agent = adjective / genitive / "من قبل", patient after a preposition
  LedBy,         // "X بقيادة Y", "X الذي تقوده Y": Y leads X
  Between,       // "محادثات بين X و Y", "X و Y تبحثان": symmetric, both parties
  Deployment,    // "N جندي في X", "تنشر قوات في X": subject has troops in X
  Membership,    // "X كجزء من Y", "X منضو في Y", "X في إطار Y"
  Adjacent,      // "X ضد Y", "الجماعات المدعومة من إيران": the trigger joins the actor right before it to
                 // the one right after it (opposes, allied_with)
  Claim,         // "أعلنت X مسؤوليتها عن ...": X is the agent of the agentless event named before it
};

struct Trigger {
  std::string relation;      // an ontology relation
  std::vector<std::string> forms;
  Frame frame = Frame::Verb;
  bool passive = false;      // "المدعومة من X": the subject is the actor after من
  bool agent_before = false; // nominal with a possessive suffix (اجتياحه): the agent is named before it
  bool agent_oblique = false; // nominal: the agent may be the actor just before it in any case ("دعم
                             // الحكومة العراقية في الحرب ضد داعش": the one supported fights)
  bool repeats = false;      // nominal: a support verb's noun with a pronoun for the event (تنفيذها): the agent
                             // of the same relation's last statement in the sentence does it again
  bool reaction = false;     // nominal with an agent and no patient (مما أثار إدانة بغداد): the patient is
                             // the agent of the event just reported in the same sentence
  double confidence = 0.5;   // the rule's confidence, documented in docs/relations.md
  graph::InternedString id;  // rule name shown in evidence (interned: every statement's evidence has it)
  std::vector<std::string> prepositions;  // for Nominal: words that introduce the patient (على، ضد)
};

struct Cues {
  std::vector<std::string> negation;        // لن لم لا ليس نفى دون عدم
  std::vector<std::string> future;          // سوف، ستبدأ handled by prefix "س" on verbs
  std::vector<std::string> future_prefixes; // "س"، "ست"، "سي"
  std::vector<std::string> speech;          // قال أكد أضاف أعلن
  std::vector<std::string> locative;        // في إلى من عند نحو داخل
  std::vector<std::string> name_stops;      // words that end a person name
  std::vector<std::string> organization_heads;  // وزارة هيئة حركة ...
  std::vector<std::string> country_deixis;  // البلاد (with the article: the article's country), بلاده
                                            // (without: the country of the person just named)
  std::vector<std::string> former;          // السابق، الأسبق
  std::vector<std::string> relative;        // الذي التي الذين
  std::vector<std::string> forces;          // القوات، قوات، جنود، عسكري: "US forces" act for the US
  std::vector<std::string> prepositions;    // an actor after one is not a subject (ب ل ك attached count too)
  std::vector<std::string> complementizers; // إن أن بأن: a clause starts; subjects are not looked for across
  std::vector<std::string> duals;           // الجانبان، البلدين: the two parties named last
  std::vector<std::string> generic_nouns;   // مسؤول، مصادر: who speaks without a name; never part of one
  std::vector<std::string> continuity;      // يزال، تزال: "لا يزال" is "still", not a negation
  std::vector<std::string> compass;         // شمالي، جنوب: "الموصل شمالي العراق" is also in Iraq
  std::vector<std::string> light_verbs;     // شن، نفذ: "نفذت X هجمات": the verb's subject is the noun's agent
  std::vector<std::string> killing;         // مقتل، اغتيال: "مقتل X في غارة شنتها Y": X is the raid's target
  std::vector<std::string> possession;      // لدى، عند: "لدى X 2500 جندي": X has what follows
  std::vector<std::string> led_by;          // التي تقودها، بقيادة: "القوات التي تقودها X" are X's forces
  struct Anaphor {
    std::vector<std::string> forms;  // "التنظيم", "الفصائل", "هذه القوات"
    std::vector<std::string> kinds;  // entity kinds it refers back to; "forces": whose forces were named last
    bool salient_only = false;       // only to an actor named as a subject, not in a prepositional phrase
                                     // (plural group nouns are often generic: "الفصائل الموالية لإيران")
  };
  std::vector<Anaphor> anaphors;
};

// Reads a named data file: returns its text, or nullopt when it does not exist.
using FileSource = std::function<std::optional<std::string>(std::string_view name)>;

class Lexicon {
 public:
  static const Lexicon& builtin();
  // Loads entities.json, offices.json, triggers.json and cues.json from `dir`; a file missing there is
  // taken from the compiled-in lexicon. Throws graph::InputError (path:line:col) on the first problem.
  static Lexicon load_directory(const std::filesystem::path& dir);
  static Lexicon load(const FileSource& source, std::string_view display_dir);
  // Every problem in the lexicon files of `dir` (empty: valid). Never throws for bad content.
  static std::vector<graph::Diagnostic> lint(const std::filesystem::path& dir);

  const std::vector<LexiconEntity>& entities() const { return entities_; }
  const LexiconEntity* entity(std::string_view id) const;
  const std::vector<Title>& titles() const { return titles_; }
  const Title* title(std::string_view id) const;
  const std::vector<Office>& offices() const { return offices_; }
  const Office* office(std::string_view title_id, std::string_view of) const;
  const std::vector<Trigger>& triggers() const { return triggers_; }
  const Cues& cues() const { return cues_; }

  static constexpr const char* kFiles[] = {"entities.json", "offices.json", "triggers.json", "cues.json"};

 private:
  // Fills entity_index_ once the entities are loaded.
  void index_entities();
  struct IdHash {
    using is_transparent = void;  // looks up a std::string_view without building a std::string
    std::size_t operator()(std::string_view id) const noexcept { return std::hash<std::string_view>{}(id); }
  };

  std::vector<LexiconEntity> entities_;  // sorted by id
  // id -> position in entities_: entity() is asked once per entity a document names, and a binary search
  // over string ids took some 470 instructions a time.
  std::unordered_map<std::string, std::uint32_t, IdHash, std::equal_to<>> entity_index_;
  std::vector<Title> titles_;
  std::vector<Office> offices_;
  std::vector<Trigger> triggers_;
  Cues cues_;
};

}  // namespace newsgraph::extract
