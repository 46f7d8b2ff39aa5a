#include "extract/mention_finder.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "extract/particles.h"
#include "extract/phrase_matcher.h"
#include "extract/token_readings.h"
#include "extract/word_set.h"
#include "extract/utf8.h"

namespace newsgraph::extract {
namespace {

using graph::EntityType;

// What a gazetteer phrase designates.
struct Target {
  enum Kind : std::uint8_t { Name, Adjective } kind;
  std::uint32_t entity;  // index into Lexicon::entities()
};

constexpr double kUnknownPersonConfidence = 0.6;
constexpr double kUnknownOrganizationConfidence = 0.5;

bool starts_with_article(std::u32string_view w) { return w.size() > 2 && w.substr(0, 2) == U"ال"; }

}  // namespace

struct MentionFinder::Impl {
  const Lexicon& lexicon;
  const Normalizer& normalizer = Normalizer::builtin();
  const ParticleRules& particles = ParticleRules::builtin();
  WordIds& words;
  std::vector<Target> targets;
  PhraseMatcher gazetteer{normalizer, words};
  PhraseMatcher titles{normalizer, words};
  PhraseMatcher anaphors{normalizer, words};  // payload: index into cues().anaphors
  PhraseMatcher led_by{normalizer, words};
  WordSet name_stops{words}, locative{words}, deixis{words}, former{words}, forces{words},
      organization_heads{words}, relative{words}, duals{words}, speech{words}, generic{words},
      complementizers{words}, preposition_words{words};
  // Every word that opens one of scan()'s cue patterns (a verb of saying, forces, a country deixis, a
  // dual, an organisation head): a token with no reading in it can only be a known surname or an anaphor.
  WordSet cue_openers{words};

  Impl(const Lexicon& lx, WordIds& w) : lexicon(lx), words(w) {
    const auto& entities = lexicon.entities();
    for (std::uint32_t i = 0; i < entities.size(); ++i) {
      const auto& e = entities[i];
      const auto name = static_cast<std::uint32_t>(targets.size());
      targets.push_back({Target::Name, i});
      gazetteer.add(e.name_ar, name);
      for (const auto& a : e.aliases) gazetteer.add(a, name);
      if (!e.adjectives.empty()) {
        const auto adjective = static_cast<std::uint32_t>(targets.size());
        targets.push_back({Target::Adjective, i});
        for (const auto& a : e.adjectives)
          for (const auto& base : gazetteer.words_of(a))
            for (const auto& form : particles.adjective_forms(base)) gazetteer.add_folded(form, adjective);
      }
    }
    for (std::uint32_t i = 0; i < lexicon.titles().size(); ++i)
      for (const auto& form : lexicon.titles()[i].ar) titles.add(form, i);
    const auto& cues = lexicon.cues();
    add_words(name_stops, cues.name_stops, gazetteer);
    add_words(locative, cues.locative, gazetteer);
    add_words(deixis, cues.country_deixis, gazetteer);
    add_words(former, cues.former, gazetteer);
    add_words(forces, cues.forces, gazetteer);
    add_words(organization_heads, cues.organization_heads, gazetteer);
    add_words(relative, cues.relative, gazetteer);
    add_words(duals, cues.duals, gazetteer);
    add_words(speech, cues.speech, gazetteer);
    add_words(generic, cues.generic_nouns, gazetteer);
    add_words(complementizers, cues.complementizers, gazetteer);
    add_words(preposition_words, cues.prepositions, gazetteer);
    for (const auto* list : {&cues.speech, &cues.forces, &cues.country_deixis, &cues.duals, &cues.organization_heads})
      add_words(cue_openers, *list, gazetteer);
    for (std::uint32_t k = 0; k < cues.anaphors.size(); ++k)
      for (const auto& form : cues.anaphors[k].forms) anaphors.add(form, k);
    for (const auto& form : cues.led_by) led_by.add(form, 0);
    // A word that asserts a relation (دعم، هجوم، طالب) does not stand in a person's name.
    for (const auto& trigger : lexicon.triggers())
      for (const auto& form : trigger.forms)
        if (const auto words = gazetteer.words_of(form); words.size() == 1) name_stops.insert(words[0]);
  }


  const LexiconEntity& entity(std::uint32_t index) const { return lexicon.entities()[index]; }
};

namespace {

// State of one document while mentions are found.
class DocumentPass {
 public:
  DocumentPass(const MentionFinder::Impl& impl, const graph::Document& doc, std::u32string_view original,
               const NormalizedText& norm, const Segmentation& seg, const TokenReadings& readings)
      : m_(impl), doc_(doc), doc_id_(doc.id), doc_date_(doc.date), original_(original), norm_(norm), seg_(seg),
        readings_(readings) {}

  FoundEntities run() {
    // News text names an actor every few words: room for one in eight tokens saves most regrowths.
    mentions_.reserve(seg_.tokens.size() / 8 + 4);
    survey();
    for (const auto& sentence : seg_.sentences) scan(sentence);
    FoundEntities out;
    out.mentions = std::move(mentions_);
    // Sorted by id through pointers: an Entity is five strings and two vectors, each moved once.
    std::vector<graph::Entity*> by_id;
    by_id.reserve(entities_.size());
    for (auto& [id, e] : entities_) by_id.push_back(&e);
    std::sort(by_id.begin(), by_id.end(), [](const graph::Entity* a, const graph::Entity* b) { return a->id < b->id; });
    out.entities.reserve(by_id.size());
    for (auto* e : by_id) out.entities.push_back(std::move(*e));
    out.statements = std::move(statements_);
    return out;
  }

 private:
  std::u32string_view word(std::uint32_t t) const { return token_text(norm_, seg_.tokens[t]); }
  // Is token t as written (is), or any of its readings (in), in the set?
  bool is(const WordSet& set, std::uint32_t t) const { return set.contains(readings_.word_of(t)); }
  bool in(const WordSet& set, std::uint32_t t) const { return any_reading_in(set, readings_, t); }
  bool is_word(std::uint32_t t, std::uint32_t limit) const {
    return t < limit && seg_.tokens[t].kind != TokenKind::Punctuation;
  }
  bool is_punct(std::uint32_t t, std::uint32_t limit, std::u32string_view chars) const {
    return t < limit && seg_.tokens[t].kind == TokenKind::Punctuation && chars.find(word(t).front()) != std::u32string_view::npos;
  }

  graph::Span span_of(std::uint32_t first, std::uint32_t end, std::uint32_t skip) const {
    const auto& a = seg_.tokens[first];
    const std::uint32_t start = skip ? norm_.origin[a.norm_begin + skip] : a.span.start;
    return {start, seg_.tokens[end - 1].span.end};
  }
  // The original text of `s`, valid until the next call: interned or copied at once by every caller.
  std::string_view text_of(graph::Span s) const {
    return encode_utf8(original_.substr(s.start, s.end - s.start), text_buffer_);
  }

  const Target* pick(const PhraseMatch& match, Target::Kind kind) const {
    for (auto p : *match.payloads)
      if (m_.targets[p].kind == kind) return &m_.targets[p];
    return nullptr;
  }

  // First pass over the whole document: which countries and people it names, so that "البلاد" and
  // undated role phrases can be resolved.
  void survey() {
    for (const auto& s : seg_.sentences) {
      for (std::uint32_t i = s.first_token; i < s.end_token;) {
        auto match = m_.gazetteer.match_at(norm_, seg_, readings_, i, s.end_token);
        if (!match) { ++i; continue; }
        if (const auto* t = pick(*match, Target::Name)) {
          const auto& e = m_.entity(t->entity);
          if (e.type == EntityType::Person) named_people_[e.id].push_back(i);
          const std::string& country = !e.capital_of.empty() ? e.capital_of : e.id;
          if (e.type == EntityType::Country || !e.capital_of.empty()) ++country_counts_[country];
        }
        i = match->end_token;
      }
    }
    std::size_t best = 0;
    for (const auto& [id, n] : country_counts_)
      if (n > best) best = n, dominant_country_ = id;
  }

  // A dateline opening a sentence: "بوابة اوكرانيا – كييف في 26 يناير 2024 – أعلنت ...": a few words, a
  // dash, a place and a date, a dash. The publisher or byline before it and the dateline itself are page
  // furniture that name no actor of the story (the annotation guidelines leave them out too); the story
  // starts after the second dash.
  std::uint32_t after_dateline(const Sentence& s) const {
    constexpr std::uint32_t kPublisherWords = 4, kDatelineWords = 8;
    auto dash = [&](std::uint32_t t) { return is_punct(t, s.end_token, U"–—-"); };
    std::uint32_t first = s.first_token;
    while (first < s.end_token && first < s.first_token + kPublisherWords + 1 && !dash(first)) ++first;
    if (first == s.first_token || first >= s.end_token || !dash(first)) return s.first_token;
    bool number = false;
    for (std::uint32_t t = first + 1; t < s.end_token && t <= first + kDatelineWords; ++t) {
      if (seg_.tokens[t].kind == TokenKind::Number) number = true;
      if (dash(t)) return number ? t + 1 : s.first_token;
    }
    return s.first_token;
  }

  void scan(const Sentence& s) {
    sentence_ = &s;
    for (std::uint32_t i = after_dateline(s); i < s.end_token;) {
      if (!is_word(i, s.end_token)) { ++i; continue; }
      auto g = m_.gazetteer.match_at(norm_, seg_, readings_, i, s.end_token);
      auto t = m_.titles.match_at(norm_, seg_, readings_, i, s.end_token);
      if (t && (!g || t->end_token >= g->end_token || !pick(*g, Target::Name))) {
        i = title(*t);
        continue;
      }
      if (g) {
        i = gazetteer_match(*g);
        continue;
      }
      if (auto next = known_surname(i)) { i = *next; continue; }
      if (!in(m_.cue_openers, i)) {  // none of the patterns below but the anaphor can start here
        if (auto next = anaphor(i)) { i = *next; continue; }
        ++i;
        continue;
      }
      if (auto next = speaker(i)) { i = *next; continue; }
      if (auto next = forces_phrase(i)) { i = *next; continue; }
      if (possessive_country(i)) { ++i; continue; }
      if (the_country(i)) { ++i; continue; }
      if (dual(i)) { ++i; continue; }
      if (auto next = anaphor(i)) { i = *next; continue; }
      if (auto next = organization_phrase(i)) { i = *next; continue; }
      ++i;
    }
  }

  void add_mention(const ActorMention& am, graph::MentionKind kind, bool record) {
    mentions_.push_back(am);
    if (!record) return;
    auto& e = entity_for(am.entity, am.type);
    const std::string_view text = text_of(am.span);
    e.mentions.push_back({doc_id_, am.span, graph::InternedString(text), kind});
    // An entity's other names repeat within an article: each is kept once (merging sorts them anyway).
    if (kind == graph::MentionKind::Name && text != e.name_ar &&
        std::find(e.aliases.begin(), e.aliases.end(), text) == e.aliases.end())
      e.aliases.emplace_back(text);
  }

  graph::Entity& entity_for(const std::string& id, EntityType type) {
    // Built in its node: most entities of an article are named once or twice, so most calls add one.
    auto [it, added] = entities_.try_emplace(id);
    graph::Entity& e = it->second;
    if (!added) return e;
    e.id = id;
    e.type = type;
    if (const auto* lx = m_.lexicon.entity(id)) {
      e.type = lx->type;
      e.name_ar = lx->name_ar;
      e.name_en = lx->name_en;
      e.wikidata = lx->wikidata;
    }
    return e;
  }

  std::uint32_t gazetteer_match(const PhraseMatch& g) {
    ActorMention am;
    am.first_token = g.first_token;
    am.end_token = g.end_token;
    am.span = span_of(g.first_token, g.end_token, g.skip);
    am.prefix = g.prefix;
    if (const auto* t = pick(g, Target::Name)) {
      const auto& e = m_.entity(t->entity);
      if (other_bearer_of_surname(g, e)) return g.end_token;
      am.entity = e.id;
      am.type = e.type;
      if (!e.capital_of.empty() && !located(g)) {
        // Metonymy: a capital that acts stands for its country's government.
        const auto* country = m_.lexicon.entity(e.capital_of);
        am.entity = country->id;
        am.type = country->type;
      } else if (!e.capital_of.empty()) {
        am.stands_for = e.capital_of;  // "زيارة الكاظمي إلى واشنطن": a place here, the government in a visit
      }
      add_mention(am, graph::MentionKind::Name, true);
    } else if (const auto* a = pick(g, Target::Adjective)) {
      const auto& e = m_.entity(a->entity);
      am.entity = e.id;
      am.type = e.type;
      am.reference = Reference::Adjective;
      add_mention(am, graph::MentionKind::Name, false);
    }
    return g.end_token;
  }

  // "حيدر السوداني" is not Mohammed Shia al-Sudani: a lone surname alias right after a given name that is
  // neither a stop word nor a known name belongs to someone else (photo credits, namesakes).
  bool other_bearer_of_surname(const PhraseMatch& g, const LexiconEntity& e) const {
    if (e.type != EntityType::Person || g.end_token - g.first_token != 1 || !g.prefix.empty()) return false;
    if (!starts_with_article(word(g.first_token)) || g.first_token == sentence_->first_token) return false;
    const std::uint32_t before = g.first_token - 1;
    if (seg_.tokens[before].kind != TokenKind::Word) return false;
    const auto w = word(before);
    if (starts_with_article(w) || in(m_.name_stops, before) || in(m_.former, before)) return false;
    if (m_.gazetteer.match_at(norm_, seg_, readings_, before, sentence_->end_token)) return false;
    if (m_.titles.match_at(norm_, seg_, readings_, before, sentence_->end_token)) return false;
    // The given name of the lexicon's own person is no namesake ("محمد السوداني").
    for (const auto& name : m_.gazetteer.words_of(e.name_ar))
      if (name == w) return false;
    // Only where a credit or byline stands: "(حيدر السوداني/رويترز)" — Arabic verbs precede names too
    // often for a bare "word + surname" to mean another person.
    const bool opens = before > sentence_->first_token && is_punct(before - 1, sentence_->end_token, U"(«[");
    const bool credit = is_punct(g.end_token, sentence_->end_token, U"/)");
    return opens || credit;
  }

  // A place reading: the name follows a locative preposition (في بغداد, إلى واشنطن) or carries one.
  bool located(const PhraseMatch& g) const {
    if (g.first_token > sentence_->first_token && in(m_.locative, g.first_token - 1)) return true;
    return false;
  }

  // "القوات الأمريكية", "جنود أميركيين": forces named by a nisba adjective act for that actor.
  std::optional<std::uint32_t> forces_phrase(std::uint32_t i) {
    if (!in(m_.forces, i)) return std::nullopt;
    std::uint32_t j = i + 1;
    if (!is_word(j, sentence_->end_token)) return std::nullopt;
    // "القوات التي تقودها الولايات المتحدة", "قوات بقيادة واشنطن": the forces of the actor that leads them.
    bool led = false;
    if (auto l = m_.led_by.match_at(norm_, seg_, readings_, j, sentence_->end_token); l && l->prefix.empty()) {
      j = l->end_token;
      led = true;
    }
    auto g = m_.gazetteer.match_at(norm_, seg_, readings_, j, sentence_->end_token);
    if (!g || !g->prefix.empty()) return std::nullopt;
    const auto* a = led ? pick(*g, Target::Name) : pick(*g, Target::Adjective);
    if (!a) return std::nullopt;
    const auto& e = m_.entity(a->entity);
    if (led && (e.type == EntityType::Place || e.type == EntityType::Person) && e.capital_of.empty())
      return std::nullopt;
    const auto readings = readings_.of(i);
    std::uint32_t skip = 0;
    for (const auto& r : readings)
      if (m_.forces.contains(r.word)) { skip = r.skip; break; }
    ActorMention am;
    am.first_token = i;
    am.end_token = g->end_token;
    am.span = span_of(i, g->end_token, skip);
    am.prefix = std::u32string(word(i).substr(0, skip));
    am.entity = !e.capital_of.empty() ? e.capital_of : e.acts_for.empty() ? e.id : e.acts_for;
    am.type = m_.lexicon.entity(am.entity) ? m_.lexicon.entity(am.entity)->type : e.type;
    am.reference = Reference::Forces;
    add_mention(am, graph::MentionKind::Name, false);
    return g->end_token;
  }

  // "الجانبان", "البلدين": the two parties last named together ("واشنطن وبغداد", "بين X و Y"), else the
  // article's two most named countries.
  bool dual(std::uint32_t i) {
    if (!in(m_.duals, i)) return false;
    std::pair<std::string, std::string> pair;
    for (std::size_t k = mentions_.size(); k-- > 1;) {
      const auto& b = mentions_[k];
      const auto& a = mentions_[k - 1];
      if (a.end_token == b.first_token && !b.prefix.empty() && b.prefix.front() == U'و' && a.entity != b.entity &&
          a.type != EntityType::Place && b.type != EntityType::Place && a.reference != Reference::Adjective &&
          b.reference != Reference::Adjective) {
        pair = {a.entity, b.entity};
        break;
      }
    }
    if (pair.first.empty()) {
      std::vector<std::pair<std::size_t, std::string>> ranked;
      for (const auto& [id, n] : country_counts_) ranked.push_back({n, id});
      std::sort(ranked.rbegin(), ranked.rend());
      if (ranked.size() < 2 || ranked[1].first < 2) return false;
      pair = {ranked[0].second, ranked[1].second};
    }
    const auto* first = m_.lexicon.entity(pair.first);
    ActorMention am{i, i + 1, seg_.tokens[i].span, U"", pair.first,
                    first ? first->type : EntityType::Country, Reference::Role, "", pair.second};
    for (const auto& r : readings_.of(i))
      if (m_.duals.contains(r.word)) { am.prefix = std::u32string(word(i).substr(0, r.skip)); break; }
    mentions_.push_back(am);
    return true;
  }

  // "التنظيم", "الفصائل", "هذه القوات": a noun phrase that names a kind of actor refers back to the last
  // actor of that kind (entities.json "kind"); "forces" to the actor whose forces were named last. Such a
  // mention is a relation argument only: the gold standard, like analysts, does not count it as a name.
  std::optional<std::uint32_t> anaphor(std::uint32_t i) {
    auto match = m_.anaphors.match_at(norm_, seg_, readings_, i, sentence_->end_token);
    if (!match) return std::nullopt;
    const ActorMention* referent = nullptr;  // the latest candidate over the anaphor's kinds
    for (auto k : *match->payloads)
      for (const auto& kind : m_.lexicon.cues().anaphors[k].kinds)
        if (const auto* found = kind == "forces" ? last_forces_owner()
                                                 : last_of_kind(kind, m_.lexicon.cues().anaphors[k].salient_only))
          if (!referent || found > referent) referent = found;
    if (!referent) return std::nullopt;
    ActorMention am{i, match->end_token, span_of(i, match->end_token, match->skip), match->prefix,
                    referent->entity, referent->type, Reference::Role, "", ""};
    mentions_.push_back(am);
    return match->end_token;
  }

  // How far back an anaphor looks: news paragraphs keep one topic for a few sentences.
  static constexpr std::uint32_t kAnaphorReach = 160;  // tokens

  const ActorMention* last_of_kind(const std::string& kind, bool salient_only) const {
    for (auto it = mentions_.rbegin(); it != mentions_.rend(); ++it) {
      if (it->end_token + kAnaphorReach < sentence_->first_token) break;
      const auto* e = m_.lexicon.entity(it->entity);
      if (!e || e->kind != kind || it->reference == Reference::Adjective) continue;
      if (salient_only && oblique(static_cast<std::size_t>(std::prev(it.base()) - mentions_.begin()))) continue;
      return &*it;
    }
    return nullptr;
  }

  // Is mentions_[k] inside a prepositional phrase ("لإيران", "في العراق", "بين إسرائيل وحماس")?
  bool oblique(std::size_t k) const {
    const auto& m = mentions_[k];
    for (char32_t c : m.prefix)
      if (c != U'و' && c != U'ف') return true;
    if (m.first_token > 0 && in(m_.preposition_words, m.first_token - 1)) return true;
    // "بين إسرائيل وحماس": a conjunct shares the case of the actor it is joined to.
    if (!m.prefix.empty() && m.prefix.front() == U'و' && k > 0 && mentions_[k - 1].end_token == m.first_token)
      return oblique(k - 1);
    return false;
  }

  // Whose forces were named last: a forces phrase (القوات الأمريكية), or an actor followed by a number of
  // troops (لدى الولايات المتحدة نحو 2500 جندي).
  const ActorMention* last_forces_owner() const {
    for (auto it = mentions_.rbegin(); it != mentions_.rend(); ++it) {
      if (it->end_token + kAnaphorReach < sentence_->first_token) break;
      if (it->reference == Reference::Forces) return &*it;
      if (it->reference != Reference::Name || it->type == EntityType::Place || it->type == EntityType::Person) continue;
      for (std::uint32_t t = it->end_token; t + 1 < seg_.tokens.size() && t < it->end_token + 5; ++t) {
        if (seg_.tokens[t].kind == TokenKind::Punctuation) break;
        if (seg_.tokens[t].kind == TokenKind::Number && in(m_.forces, t + 1)) return &*it;
      }
    }
    return nullptr;
  }

  // "الانسحاب من البلاد": "the country" is the one the article is about (the country it names most).
  bool the_country(std::uint32_t i) {
    if (dominant_country_.empty()) return false;
    std::u32string prefix;
    bool found = false;
    for (const auto& r : readings_.of(i))
      if (m_.deixis.contains(r.word) && starts_with_article(r.key)) {
        prefix = std::u32string(word(i).substr(0, r.skip));
        found = true;
        break;
      }
    if (!found) return false;
    ActorMention am{i, i + 1, span_of(i, i + 1, static_cast<std::uint32_t>(prefix.size())), prefix, dominant_country_,
                    EntityType::Country, Reference::Role, "", ""};
    mentions_.push_back(am);
    return true;
  }

  // "قال البارس، الذي تنشر بلاده ...": "his country" is the country the person just named serves.
  bool possessive_country(std::uint32_t i) {
    const auto w = word(i);
    if (!is(m_.deixis, i) || starts_with_article(w)) return false;  // the definite forms are the_country's
    const ActorMention* person = nullptr;
    for (auto it = mentions_.rbegin(); it != mentions_.rend(); ++it)
      if (it->type == EntityType::Person) { person = &*it; break; }
    if (!person) return false;
    for (auto it = statements_.rbegin(); it != statements_.rend(); ++it) {
      if (it->subject != person->entity || it->relation != "affiliated_with") continue;
      const auto* target = m_.lexicon.entity(it->object);
      if (!target || target->type != EntityType::Country) continue;
      ActorMention am{i, i + 1, seg_.tokens[i].span, U"", target->id, EntityType::Country, Reference::Role, "", ""};
      mentions_.push_back(am);
      return true;
    }
    return false;
  }

  // "قوات مكافحة الإرهاب": a head noun in construct state, then up to three modifiers ending in a definite
  // word, none of them a stop word or a known name.
  std::optional<std::uint32_t> organization_phrase(std::uint32_t i) {
    const auto head = word(i);
    if (starts_with_article(head) || !is(m_.organization_heads, i)) return std::nullopt;
    const std::uint32_t limit = sentence_->end_token;
    std::uint32_t j = i + 1, last_definite = 0, indefinite = 0;
    for (int n = 0; n < 3 && is_word(j, limit); ++n, ++j) {
      const auto w = word(j);
      if (is(m_.name_stops, j) || seg_.tokens[j].kind == TokenKind::Number) break;
      if (m_.gazetteer.match_at(norm_, seg_, readings_, j, limit)) break;
      if (starts_with_article(w)) last_definite = j + 1;
      else if (last_definite || ++indefinite > 1) break;  // construct state: at most one indefinite noun
    }
    if (!last_definite) return std::nullopt;
    ActorMention am;
    am.first_token = i;
    am.end_token = last_definite;
    am.span = span_of(i, last_definite, 0);
    std::u32string folded;
    for (std::uint32_t k = i; k < last_definite; ++k) folded += (folded.empty() ? U"" : U" ") + std::u32string(word(k));
    am.entity = derive_entity_id(folded);
    am.type = EntityType::Organization;
    auto& e = entity_for(am.entity, am.type);
    if (e.name_ar.empty()) e.name_ar = text_of(am.span);
    e.confidence = kUnknownOrganizationConfidence;
    add_mention(am, graph::MentionKind::Name, true);
    return last_definite;
  }

  // A title (وزير الخارجية), its qualifier (الإسباني / العراق / البلاد), "السابق", the organisation spoken
  // for (المتحدث باسم وزارة ...), then the person: a known name, a new name, or the office holder by date.
  std::uint32_t title(const PhraseMatch& t) {
    const Title& title = m_.lexicon.titles()[t.payloads->front()];
    const std::uint32_t limit = sentence_->end_token;
    // "قاسم سليماني، القائد السابق لفيلق القدس": a person named just before, then a comma.
    const ActorMention* named_before = nullptr;
    if (t.first_token >= 2 && is_punct(t.first_token - 1, limit, U"،,") && !mentions_.empty() &&
        mentions_.back().end_token == t.first_token - 1 && mentions_.back().type == EntityType::Person)
      named_before = &mentions_.back();
    const std::string person_before = named_before ? named_before->entity : std::string();
    std::uint32_t j = t.end_token, phrase_end = t.end_token;
    bool former = false;
    std::string qualifier, organization;
    for (int step = 0; step < 4 && is_word(j, limit); ++step) {
      if (is(m_.former, j)) { former = true; phrase_end = ++j; continue; }
      if (qualifier.empty() && is(m_.deixis, j) && !dominant_country_.empty()) {
        qualifier = dominant_country_;
        phrase_end = ++j;
        continue;
      }
      auto g = m_.gazetteer.match_at(norm_, seg_, readings_, j, limit);
      if (!g) break;
      const auto* name = pick(*g, Target::Name);
      const auto* adjective = pick(*g, Target::Adjective);
      if (adjective && !name && qualifier.empty()) {
        qualifier = m_.entity(adjective->entity).id;
      } else if (name && organization.empty() &&
                 (title.takes_organization || g->prefix == U"ل" || g->prefix == U"لل") &&
                 m_.entity(name->entity).type == EntityType::Organization) {
        organization = m_.entity(name->entity).id;
        gazetteer_match(*g);
      } else if (name && qualifier.empty() && g->prefix.empty() && m_.entity(name->entity).type == EntityType::Country) {
        qualifier = m_.entity(name->entity).id;
        gazetteer_match(*g);
      } else {
        break;
      }
      phrase_end = j = g->end_token;
    }
    // A name right after the title, possibly after a comma: known, or new.
    std::uint32_t k = j;
    if (is_punct(k, limit, U"،,")) ++k;
    std::string person;
    std::uint32_t after = phrase_end;
    if (auto g = is_word(k, limit) ? m_.gazetteer.match_at(norm_, seg_, readings_, k, limit) : std::nullopt) {
      const auto* name = pick(*g, Target::Name);
      if (name && m_.entity(name->entity).type == EntityType::Person && g->prefix.empty()) {
        gazetteer_match(*g);
        person = m_.entity(name->entity).id;
        after = g->end_token;
      }
    }
    if (person.empty() && title.person) {
      if (auto end = new_person(k)) {
        person = mentions_.back().entity;
        after = *end;
      }
    }
    const std::string affiliation = !organization.empty() ? organization : qualifier;
    const Office* office = nullptr;
    if (!qualifier.empty()) office = m_.lexicon.office(title.id, qualifier);
    if (!office && !organization.empty()) office = m_.lexicon.office(title.id, organization);
    if (!office && qualifier.empty() && organization.empty() && t.end_token - t.first_token > 1 &&
        !dominant_country_.empty())
      office = m_.lexicon.office(title.id, dominant_country_);
    if (person.empty() && title.person) {
      // No name: the phrase itself designates someone — the previous person in apposition
      // ("قاسم سليماني، القائد السابق لفيلق القدس"), else the holder of the office by date.
      if (!person_before.empty()) {
        person = person_before;
      } else if (office && !former) {
        person = holder(*office, t.first_token);
      }
    }
    if (!person.empty() && qualifier.empty() && organization.empty() && (!office || after != phrase_end))
      if (const auto* held = office_held_by(title, person)) office = held;
    if (!person.empty()) {
      ActorMention role;
      role.first_token = t.first_token;
      role.end_token = phrase_end;
      role.span = span_of(t.first_token, phrase_end, t.skip);
      role.prefix = t.prefix;
      role.entity = person;
      role.type = EntityType::Person;
      role.reference = Reference::Role;
      // The role phrase is recorded as a mention; for relations, the name (when given) is the actor.
      if (after == phrase_end) {
        add_mention(role, graph::MentionKind::Role, true);
      } else {
        auto& e = entity_for(person, EntityType::Person);
        e.mentions.push_back({doc_id_, role.span, text_of(role.span), graph::MentionKind::Role});
      }
      // For relations the whole phrase (title, qualifier, organisation, name) is one actor: the person.
      const std::uint32_t phrase_first = t.first_token;
      mentions_.erase(std::remove_if(mentions_.begin(), mentions_.end(),
                                     [&](const ActorMention& m) { return m.first_token >= phrase_first; }),
                      mentions_.end());
      role.end_token = std::max(after, phrase_end);
      mentions_.push_back(role);
      std::string target = !affiliation.empty() ? affiliation : (office ? office->of : std::string());
      if (!target.empty() && target != person) {
        std::string role_en = office && !office->role_en.empty() ? office->role_en : title.en;
        if (former) role_en = "former " + role_en;
        affiliate(person, target, role_en, t.first_token, after);
      }
    }
    return std::max(after, phrase_end);
  }

  // The holder of `office` on the article's date; for an undated article, the holder the article names
  // closest to token `at` (an article about Biden that mentions Bush names two presidents).
  std::string holder(const Office& office, std::uint32_t at) const {
    if (const auto* h = office.holder_on(doc_.date)) return h->entity;
    std::string found;
    std::uint32_t best = UINT32_MAX;
    for (const auto& h : office.holders) {
      auto it = named_people_.find(h.entity);
      if (it == named_people_.end()) continue;
      for (auto pos : it->second) {
        const std::uint32_t d = pos > at ? pos - at : at - pos;
        if (d < best) best = d, found = h.entity;
      }
    }
    return found;
  }

  // An office of this title that `person` held (for "رئيس الوزراء محمد شياع السوداني" with no qualifier).
  const Office* office_held_by(const Title& title, const std::string& person) const {
    for (const auto& o : m_.lexicon.offices())
      if (o.title == title.id)
        for (const auto& h : o.holders)
          if (h.entity == person) return &o;
    return nullptr;
  }

  // Two to four words that are not stop words, numbers or known names: a person the lexicon lacks.
  std::optional<std::uint32_t> new_person(std::uint32_t k, bool speaker = false) {
    const std::uint32_t limit = sentence_->end_token;
    std::uint32_t j = k;
    while (j < limit && j - k < 4 && seg_.tokens[j].kind == TokenKind::Word) {
      const auto w = word(j);
      if (is(m_.name_stops, j) || in(m_.relative, j) || is(m_.former, j)) break;
      if (in(m_.generic, j)) break;  // "قال مسؤول أمريكي": no name
      // Institutions are not people: "وزارة الخارجية" after a title is the organisation spoken for.
      if (is(m_.organization_heads, j) || in(m_.forces, j)) break;
      // In a name, a word with the article is a family nisba (السوداني، الحلبوسي), never the first word.
      if (starts_with_article(w) && (j == k || w.back() != U'ي')) break;
      // A preposition fused with the article (للهجمات، بالعراق) never starts a name word.
      if (w.size() > 3 && (w.substr(0, 2) == U"لل" || ((w[0] == U'ب' || w[0] == U'و' || w[0] == U'ف' || w[0] == U'ك') &&
                                                       w.substr(1, 2) == U"ال")))
        break;
      if (m_.gazetteer.match_at(norm_, seg_, readings_, j, limit)) break;
      ++j;
    }
    // "جو بايدن" when only "بايدن" is known: the full name is a mention of the known person.
    if (j > k && j < limit) {
      if (auto g = m_.gazetteer.match_at(norm_, seg_, readings_, j, limit); g && g->prefix.empty()) {
        if (const auto* name = pick(*g, Target::Name); name && m_.entity(name->entity).type == EntityType::Person) {
          ActorMention am{k, g->end_token, span_of(k, g->end_token, 0), U"", m_.entity(name->entity).id,
                          EntityType::Person, Reference::Name, "", ""};
          add_mention(am, graph::MentionKind::Name, true);
          return g->end_token;
        }
      }
    }
    if (j - k < 2) return std::nullopt;
    // The subject of a speech verb is a name only when what follows opens the reported clause (إن، أن، :).
    if (speaker && !(j < limit && (in(m_.complementizers, j) || is_punct(j, limit, U":،,"))))
      return std::nullopt;
    std::u32string folded;
    for (std::uint32_t i = k; i < j; ++i) folded += (folded.empty() ? U"" : U" ") + std::u32string(word(i));
    ActorMention am{k, j, span_of(k, j, 0), U"", derive_entity_id(folded), EntityType::Person, Reference::Name, "", ""};
    auto& e = entity_for(am.entity, am.type);
    if (e.name_ar.empty()) e.name_ar = text_of(am.span);
    e.confidence = kUnknownPersonConfidence;
    add_mention(am, graph::MentionKind::Name, true);
    // Later in the article the surname alone is the same person ("جون سميث" … "سميث").
    const auto surname = word(j - 1);
    if (!is(m_.name_stops, j - 1) && !is(m_.generic, j - 1)) surnames_.emplace(std::u32string(surname), am.entity);
    return j;
  }

  // A surname of a person this article introduced.
  std::optional<std::uint32_t> known_surname(std::uint32_t i) {
    if (surnames_.empty()) return std::nullopt;
    for (const auto& r : readings_.of(i)) {
      auto it = surnames_.find(r.key);
      if (it == surnames_.end()) continue;
      ActorMention am{i, i + 1, span_of(i, i + 1, r.skip), std::u32string(word(i).substr(0, r.skip)), it->second,
                      EntityType::Person, Reference::Name, "", ""};
      add_mention(am, graph::MentionKind::Name, true);
      return i + 1;
    }
    return std::nullopt;
  }

  // "قال جون سميث إن ...": the subject of a speech verb, when the lexicon does not know it.
  std::optional<std::uint32_t> speaker(std::uint32_t i) {
    if (!in(m_.speech, i) || i + 1 >= sentence_->end_token) return std::nullopt;
    if (m_.gazetteer.match_at(norm_, seg_, readings_, i + 1, sentence_->end_token) ||
        m_.titles.match_at(norm_, seg_, readings_, i + 1, sentence_->end_token))
      return std::nullopt;
    return new_person(i + 1, true);
  }

  void affiliate(const std::string& person, const std::string& target, const std::string& role,
                 std::uint32_t first, std::uint32_t end) {
    graph::Statement st;
    st.subject = person;
    st.relation = "affiliated_with";
    st.object = target;
    st.document = doc_id_;
    st.role = role;
    st.date = doc_date_;
    st.confidence = 0.85;
    (void)first;
    (void)end;
    st.evidence.push_back({sentence_->span, text_of(sentence_->span), "title_apposition", 0.85});
    // The target must be an entity of this document too.
    if (const auto* lx = m_.lexicon.entity(target)) entity_for(target, lx->type);
    statements_.push_back(std::move(st));
  }

  const MentionFinder::Impl& m_;
  const graph::Document& doc_;
  const graph::InternedString doc_id_, doc_date_;  // interned once for all its mentions and statements
  std::u32string_view original_;
  const NormalizedText& norm_;
  const Segmentation& seg_;
  const TokenReadings& readings_;  // of every token, computed once per document
  const Sentence* sentence_ = nullptr;
  std::vector<ActorMention> mentions_;
  std::unordered_map<std::string, graph::Entity> entities_;  // by id; sorted by id once, in run()
  std::vector<graph::Statement> statements_;
  std::map<std::string, std::vector<std::uint32_t>> named_people_;  // person -> tokens where named
  std::map<std::string, std::size_t> country_counts_;
  std::string dominant_country_;
  mutable std::string text_buffer_;  // text_of()'s UTF-8, reused for every mention of the document
  std::map<std::u32string, std::string, std::less<>> surnames_;  // of persons this article introduced
};

}  // namespace

MentionFinder::MentionFinder(const Lexicon& lexicon, WordIds& words) : impl_(std::make_unique<Impl>(lexicon, words)) {}
MentionFinder::~MentionFinder() = default;

FoundEntities MentionFinder::find(const graph::Document& document, std::u32string_view original,
                                  const NormalizedText& normalized, const Segmentation& segmentation,
                                  const TokenReadings& readings) const {
  return DocumentPass(*impl_, document, original, normalized, segmentation, readings).run();
}

std::string derive_entity_id(std::u32string_view folded_name) {
  // ICU transliterators are expensive to build and not safe to share between threads unguarded.
  static std::mutex mutex;
  static std::unique_ptr<icu::Transliterator> transliterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
        "Arabic-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
    return U_SUCCESS(status) ? std::move(t) : nullptr;
  }();
  std::string ascii;
  {
    icu::UnicodeString u = icu::UnicodeString::fromUTF32(reinterpret_cast<const UChar32*>(folded_name.data()),
                                                        static_cast<int32_t>(folded_name.size()));
    std::lock_guard<std::mutex> lock(mutex);
    if (transliterator) transliterator->transliterate(u);
    u.toUTF8String(ascii);
  }
  std::string id;
  for (char c : ascii) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) id += c;
    else if (!id.empty() && id.back() != '_') id += '_';
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  if (id.empty() || !(id[0] >= 'a' && id[0] <= 'z')) id = "x" + id;
  return id;
}

}  // namespace newsgraph::extract
