#include "extract/relation_extractor.h"

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <cmath>
#include <forward_list>
#include <map>
#include <optional>
#include <unordered_set>

#include "extract/particles.h"
#include "extract/phrase_matcher.h"
#include "extract/token_readings.h"
#include "extract/word_set.h"
#include "extract/utf8.h"
#include "graph/ontology.h"

namespace newsgraph::extract {
namespace {

using graph::EntityType;

// How far (in tokens) frames look for arguments: Arabic clauses in news are short, and a wrong edge costs
// an analyst more than a missing one.
constexpr std::uint32_t kLeftWindow = 8;
constexpr std::uint32_t kRightWindow = 10;
constexpr std::uint32_t kAdjacent = 2;
constexpr std::uint32_t kObjectWindow = 7;
constexpr std::uint32_t kNegationWindow = 4;

// Words that stand for the forces of an actor ("قوات التحالف" already names the coalition, "قوات" alone
// does not); and the few prepositions frames read.
const std::u32string kIn = U"في";
const std::u32string kFrom = U"من";
const std::u32string kBetween = U"بين";
const std::u32string kWith = U"مع";
const std::u32string kAnd = U"و";

}  // namespace

struct RelationExtractor::Impl {
  const Lexicon& lexicon;
  const graph::Ontology& ontology = graph::Ontology::builtin();
  const Normalizer& normalizer = Normalizer::builtin();
  WordIds& words;
  PhraseMatcher triggers{normalizer, words};
  PhraseMatcher led_by{normalizer, words};  // cues.json led_by: "X بقيادة Y ضد Z" is about X
  WordSet negation{words}, future{words}, speech{words}, forces{words}, preposition_words{words},
      complementizers{words}, relative{words}, light_verbs{words}, possession{words}, continuity{words},
      compass{words}, killing{words};
  std::vector<std::u32string> future_prefixes;
  std::vector<std::vector<std::u32string>> prepositions;  // per trigger, folded
  // Looked up once: every trigger match and every sentence asks for them.
  std::vector<const graph::RelationType*> relation_of_trigger;  // per trigger; null when the ontology lacks it
  const graph::RelationType* meets = ontology.relation("meets");
  const graph::RelationType* deploys_to = ontology.relation("deploys_to");

  Impl(const Lexicon& lx, WordIds& w) : lexicon(lx), words(w) {
    const auto& cues = lexicon.cues();
    add_words(negation, cues.negation, triggers);
    add_words(future, cues.future, triggers);
    add_words(speech, cues.speech, triggers);
    add_words(forces, cues.forces, triggers);
    add_words(preposition_words, cues.prepositions, triggers);
    add_words(complementizers, cues.complementizers, triggers);
    add_words(relative, cues.relative, triggers);
    add_words(light_verbs, cues.light_verbs, triggers);
    add_words(possession, cues.possession, triggers);
    add_words(continuity, cues.continuity, triggers);
    add_words(compass, cues.compass, triggers);
    add_words(killing, cues.killing, triggers);
    for (const auto& form : cues.led_by) led_by.add(form, 0);
    for (const auto& p : cues.future_prefixes)
      for (const auto& w : triggers.words_of(p)) future_prefixes.push_back(w);
    const auto& list = lexicon.triggers();
    for (std::uint32_t i = 0; i < list.size(); ++i) {
      std::vector<std::u32string> preps;
      for (const auto& p : list[i].prepositions)
        for (const auto& w : triggers.words_of(p)) preps.push_back(w);
      prepositions.push_back(std::move(preps));
      relation_of_trigger.push_back(ontology.relation(list[i].relation));
      for (const auto& form : list[i].forms) {
        triggers.add(form, 2 * i);
        // A verb with a future prefix (ستنسحب، سيبدأ) is the same trigger, marked future.
        const auto words = triggers.words_of(form);
        if (list[i].frame == Frame::Verb && !words.empty() && words[0].size() > 2 &&
            (words[0][0] == U'ي' || words[0][0] == U'ت' || words[0][0] == U'ن')) {
          std::u32string joined;
          for (const auto& w : words) joined += (joined.empty() ? U"" : U" ") + w;
          triggers.add_folded(U"س" + joined, 2 * i + 1);
        }
      }
    }
  }

};

namespace {

struct Candidate {
  const ActorMention* subject;
  const ActorMention* object;
  std::optional<std::int64_t> quantity;
  std::string object_partner = {};  // the object is the subject's dual partner ("الجانبان")
  bool reverse_pair = false;        // for a dual: partner → entity instead of entity → partner
};

// What a sentence leaves for the next ones: an attack whose agent is named later ("... هجوما استهدفت قوات
// التحالف، وأعلنت X مسؤوليتها عنها").
struct DiscourseState {
  std::optional<ActorMention> unclaimed_target;  // patient of the last attack with no agent
  std::uint32_t unclaimed_sentence = 0;          // index of its sentence
  std::uint32_t sentence = 0;                    // index of the current sentence
};

// The document's id and date, interned once: every statement carries both, and interning them for each
// statement was a hash and a lock each time. And one buffer for the evidence sentences' UTF-8, which are
// interned as soon as encoded.
struct DocumentFields {
  graph::InternedString id, date;
  mutable std::string text_buffer;
};

// Actors found around a trigger: a few at most, kept on the stack (these lists were a tenth of the
// allocations of reading an article).
using ActorList = boost::container::small_vector<const ActorMention*, 8>;

class SentencePass {
 public:
  SentencePass(const RelationExtractor::Impl& impl, const DocumentFields& doc, std::u32string_view original,
               const NormalizedText& norm, const Segmentation& seg, const TokenReadings& readings,
               const Sentence& sentence, std::vector<const ActorMention*> actors, std::vector<graph::Statement>& out,
               const ActorMention* home, DiscourseState& discourse)
      : m_(impl), doc_(doc), original_(original), norm_(norm), seg_(seg), readings_(readings), s_(sentence),
        actors_(std::move(actors)),
        out_(out), home_(home), discourse_(discourse) {}

  void run() {
    for (std::uint32_t i = s_.first_token; i < s_.end_token;) {
      auto match = m_.triggers.match_at(norm_, seg_, readings_, i, s_.end_token);
      if (!match) { ++i; continue; }
      for (auto payload : *match->payloads) apply(payload / 2, payload % 2 == 1, *match);
      i = match->end_token;
    }
    stationed_forces();
  }

 private:
  std::u32string_view word(std::uint32_t t) const { return token_text(norm_, seg_.tokens[t]); }
  bool punct(std::uint32_t t) const { return seg_.tokens[t].kind == TokenKind::Punctuation; }
  bool clause_break(std::uint32_t t) const {
    if (!punct(t)) return false;
    const char32_t c = word(t).front();
    return c == U'،' || c == U',' || c == U'؛' || c == U';' || c == U':' || c == U'.' || c == U'–' || c == U'-';
  }

  // Is the actor the object of a preposition (في العراق، لإيران، بإيران)? Such an actor is not a subject.
  bool after_preposition(const ActorMention* a) const {
    if (!a->prefix.empty()) {
      for (char32_t c : a->prefix)
        if (c != U'و' && c != U'ف') return true;
    }
    return a->first_token > s_.first_token && is_in(m_.preposition_words, a->first_token - 1);
  }

  // Quotation marks around a quoted word ("ستنهي “مهمتها القتالية” في العراق") take no room in a window.
  bool quote(std::uint32_t t) const {
    if (!punct(t)) return false;
    const char32_t c = word(t).front();
    return c == U'“' || c == U'”' || c == U'"' || c == U'«' || c == U'»' || c == U'‘' || c == U'’' || c == U'\'';
  }
  std::uint32_t distance(std::uint32_t from, std::uint32_t to) const {
    std::uint32_t n = 0;
    for (std::uint32_t t = from; t < to; ++t) n += quote(t) ? 0 : 1;
    return n;
  }
  std::uint32_t skip_quotes(std::uint32_t t) const {
    while (t < s_.end_token && quote(t)) ++t;
    return t;
  }

  // Is token t as written (is), or any of its readings (is_in), in the set?
  bool is(const WordSet& set, std::uint32_t t) const { return set.contains(readings_.word_of(t)); }
  bool is_in(const WordSet& set, std::uint32_t t) const { return any_reading_in(set, readings_, t); }

  bool clause_start(std::uint32_t t) const {
    if (clause_break(t)) return true;
    return is_in(m_.complementizers, t) || is_in(m_.relative, t);
  }

  // The subject before token p: the nearest actor in the same clause (no comma, complementizer or relative
  // pronoun between), at most `window` tokens away, not the object of a preposition, not an adjective.
  // "X التي تعارض": right after a relative pronoun, the antecedent just before it.
  const ActorMention* left(std::uint32_t p, std::uint32_t window = kLeftWindow) const {
    if (p > s_.first_token + 1 && is_in(m_.relative, p - 1)) {
      // The antecedent of a relative clause may stand in any case ("للولايات المتحدة التي تقود ..."); where it
      // ends a complement ("الجماعات المرتبطة بإيران والتي تعارض"), the head before the complement.
      const ActorMention* antecedent = nullptr;
      for (const auto* a : actors_)
        if (a->end_token == p - 1 && a->reference != Reference::Adjective) antecedent = a;
      if (antecedent && after_preposition(antecedent)) {
        for (const auto* a : actors_)
          if (a->end_token < antecedent->first_token && antecedent->first_token - a->end_token <= 1 &&
              a->reference != Reference::Adjective && !punct(a->end_token))
            antecedent = a;
      }
      return antecedent;
    }
    const ActorMention* best = nullptr;
    for (const auto* a : actors_)
      if (a->end_token <= p && a->reference != Reference::Adjective && !after_preposition(a)) best = a;
    if (!best || p - best->end_token > window) return nullptr;
    for (std::uint32_t t = best->end_token; t < p; ++t)
      if (clause_start(t)) return nullptr;
    return best;
  }

  // Actors starting at or after q, within `window` tokens, before the clause ends (a comma does not end
  // the search for objects: Arabic lists and appositions use it).
  ActorList right(std::uint32_t q, std::uint32_t window = kRightWindow) const {
    ActorList out;
    for (const auto* a : actors_) {
      if (a->first_token < q) continue;
      if (distance(q, a->first_token) > window) break;
      bool blocked = false;
      for (std::uint32_t t = q; t < a->first_token; ++t)
        if (punct(t) && (word(t).front() == U'.' || word(t).front() == U':' || word(t).front() == U'؛')) blocked = true;
      if (blocked) break;
      out.push_back(a);
    }
    return out;
  }

  const ActorMention* at(std::uint32_t t) const {
    for (const auto* a : actors_)
      if (a->first_token == t) return a;
    return nullptr;
  }

  // The actor coordinated with `a` just before it ("واشنطن وبغداد": for بغداد, واشنطن).
  const ActorMention* coordinated_before(const ActorMention* a) const {
    if (!a || a->prefix.empty() || a->prefix.front() != U'و') return nullptr;
    const ActorMention* prev = nullptr;
    for (const auto* b : actors_)
      if (b->end_token == a->first_token) prev = b;
    return prev;
  }
  // The actors coordinated after `a` ("إيران وروسيا": for إيران, روسيا).
  ActorList with_coordinated(const ActorMention* a) const {
    ActorList out{a};
    for (const auto* b : actors_)
      if (b->first_token == out.back()->end_token && !b->prefix.empty() && b->prefix.front() == U'و')
        out.push_back(b);
    return out;
  }

  // Is the actor introduced by one of `preps` (a word before it, or an attached particle)?
  bool introduced_by(const ActorMention* a, const std::vector<std::u32string>& preps) const {
    for (const auto& p : preps) {
      if (!a->prefix.empty() && a->prefix.find(p) != std::u32string::npos && p.size() == 1) return true;
      if (a->first_token > s_.first_token && word(a->first_token - 1) == p) return true;
      if (a->first_token > s_.first_token + 1 && word(a->first_token - 2) == p && !punct(a->first_token - 1)) return true;
    }
    return false;
  }

  std::optional<std::int64_t> number_before(std::uint32_t p) const {
    for (std::uint32_t t = p; t > s_.first_token && p - t < 3;) {
      --t;
      if (seg_.tokens[t].kind == TokenKind::Number) {
        std::int64_t n = 0;
        for (char32_t c : word(t))
          if (c >= U'0' && c <= U'9' && n < 1'000'000'000) n = n * 10 + (c - U'0');
        return n;
      }
    }
    return std::nullopt;
  }

  void apply(std::uint32_t index, bool future_prefix, const PhraseMatch& m) {
    const Trigger& trigger = m_.lexicon.triggers()[index];
    const auto* relation = m_.relation_of_trigger[index];
    if (!relation) return;
    const std::uint32_t p = m.first_token, q = m.end_token;
    match_ = &m;
    std::vector<Candidate> found;
    switch (trigger.frame) {
      case Frame::Verb: verb(trigger, *relation, p, q, found); break;
      case Frame::Nominal: nominal(index, trigger, *relation, p, q, found); break;
      case Frame::LedBy: led_by(trigger, p, q, found); break;
      case Frame::Between:
        directed_both_ways_ = !relation->symmetric;
        between(*relation, p, q, found);
        directed_both_ways_ = false;
        break;
      case Frame::Deployment: deployment(p, q, found); break;
      case Frame::Membership: membership(p, q, found); break;
      case Frame::Adjacent: adjacent(trigger, p, q, found); break;
      case Frame::Claim: claim(p, found); break;
    }
    for (const auto& c : found) emit(trigger, *relation, c, p, q, future_prefix);
    if (relation->name == "negotiates") talks_in_person(trigger, p, q, found, future_prefix);
  }

  void verb(const Trigger& t, const graph::RelationType& r, std::uint32_t p, std::uint32_t q,
            std::vector<Candidate>& found) {
    const ActorMention* l = left(p);
    auto rs = objects(q);
    if (r.symmetric) {
      // "الجانبان اجتمعا": the two parties of a dual
      if (l && !l->partner.empty()) { found.push_back({l, l, {}, l->partner}); return; }
      // "واشنطن وبغداد تبحثان", "تبحث الولايات المتحدة والعراق"
      if (const auto* other = coordinated_before(l)) { found.push_back({other, l, {}}); return; }
      if (!rs.empty() && !rs.front()->partner.empty() && rs.front()->first_token <= q + kAdjacent) {
        found.push_back({rs.front(), rs.front(), {}, rs.front()->partner});
        return;
      }
      if (!rs.empty() && rs.front()->first_token <= q + kAdjacent && rs.front()->reference != Reference::Adjective) {
        if (auto co = with_coordinated(rs.front()); co.size() > 1) { found.push_back({co[0], co[1], {}}); return; }
      }
    }
    // "هاجم X في بغداد": an actor after في is where, not whom (but where forces leave or stay).
    if (r.name != "withdraws_from" && r.name != "deploys_to")
      rs.erase(std::remove_if(rs.begin(), rs.end(),
                            [&](const ActorMention* a) {
                              return a->first_token > s_.first_token && word(a->first_token - 1) == kIn;
                            }),
             rs.end());
    // "غزت X Y وقصفت Z": the actor just before a joined verb is the last one's object, not its subject.
    if (l && last_verb_object_ && l->entity == last_verb_object_->entity && last_verb_subject_ && continues_clause(p))
      l = last_verb_subject_;
    if (l) {  // subject–verb–object
      last_verb_subject_ = l;
      for (const auto* o : rs) {
        if (o->entity == l->entity) continue;
        for (const auto* each : with_coordinated(o)) found.push_back({l, each, {}});
        last_verb_object_ = o;
        break;
      }
      if (found.empty() && r.name == "withdraws_from" && home_ && continues_clause(p)) found.push_back({l, home_, {}});
      return;
    }
    // verb–subject–object: the subject follows the verb at once (a title phrase is one actor).
    if (rs.empty() || rs[0]->first_token > q + kAdjacent || rs[0]->reference == Reference::Adjective ||
        after_preposition(rs[0])) {
      // "وغزت X العراق وأطاحت بصدام ثم انسحبت": a verb joined to the one before keeps its subject (Arabic
      // leaves it out).
      if (last_verb_subject_ && continues_clause(p)) {
        for (const auto* o : rs) {
          if (o->entity == last_verb_subject_->entity) continue;
          for (const auto* each : with_coordinated(o)) found.push_back({last_verb_subject_, each, {}});
          last_verb_object_ = o;
          break;
        }
        if (found.empty() && r.name == "withdraws_from" && home_) found.push_back({last_verb_subject_, home_, {}});
      }
      return;
    }
    (void)t;
    last_verb_subject_ = rs[0];
    for (std::size_t k = 1; k < rs.size(); ++k) {
      if (rs[k]->entity == rs[0]->entity || rs[k]->first_token < rs[0]->end_token) continue;
      if (coordinated_before(rs[k]) == rs[0]) continue;  // "X و Y" is not subject and object
      for (const auto* each : with_coordinated(rs[k])) found.push_back({rs[0], each, {}});
      last_verb_object_ = rs[k];
      break;
    }
  }

  // Is the verb at p joined to a clause before it in the same sentence ("وأطاحت", "ثم انسحبت")?
  bool continues_clause(std::uint32_t p) const {
    if (p == s_.first_token) return false;
    if (match_ && !match_->prefix.empty() && (match_->prefix.front() == U'و' || match_->prefix.front() == U'ف'))
      return true;
    const auto before = word(p - 1);
    return before == U"ثم" || before == kAnd;
  }

  // Objects of a verb: actors after it up to the end of its clause (a comma ends it), at most kObjectWindow
  // tokens away.
  ActorList objects(std::uint32_t q) const {
    ActorList out;
    for (const auto* a : right(q, kObjectWindow)) {
      bool broken = false;
      for (std::uint32_t t = q; t < a->first_token; ++t)
        if (clause_break(t)) broken = true;
      if (broken) break;
      out.push_back(a);
    }
    return out;
  }

  void nominal(std::uint32_t index, const Trigger& t, const graph::RelationType& r, std::uint32_t p, std::uint32_t q,
               std::vector<Candidate>& found) {
    if (r.symmetric) {
      between(r, p, q, found);
      if (!found.empty()) return;
    }
    const auto& preps = m_.prepositions[index];
    const ActorMention* agent = nullptr;
    std::uint32_t from = q;
    // Withdrawing and staying are intransitive: their genitive is the agent even in a purpose clause.
    const bool purpose = match_ && (match_->prefix == U"ل" || match_->prefix == U"لل") && !t.agent_before &&
                         r.name != "withdraws_from" && r.name != "deploys_to";
    if (purpose && !last_verb_subject_) {
      // "قوات أمريكية لمحاربة داعش": the genitive of a purpose noun is its patient, never its agent.
    } else if (purpose) {
      // "غزت القوات الأمريكية العراق للإطاحة بصدام", "انسحبت القوات ... لمساندة بغداد": a purpose clause
      // has the subject of the verb it serves; a genitive after the noun is its patient.
      agent = last_verb_subject_;
      if (const auto* o = at(q); o && o->prefix.empty() && o->reference != Reference::Adjective &&
                                 o->entity != agent->entity) {
        found.push_back({agent, o, {}});
        return;
      }
    } else if (const auto* a = at(q); a && a->prefix.empty() && !t.agent_before && !t.agent_oblique) {
      // "ضربات أمريكية", "إدانة بغداد", "زيارة الكاظمي": the adjective or genitive is the agent.
      agent = a;
      from = a->end_token;
    } else if (const auto* l = left(p, 0)) {
      agent = l;  // "شنت واشنطن ضربات": the agent right before the noun
    } else if (const auto* l1 = left(p, 1); l1 && word(p - 1).substr(0, 2) == U"ال") {
      agent = l1;  // "موقف العراق الحساس كحليف": an adjective between
    } else if (t.agent_before) {
      agent = left(p, kLeftWindow);  // "اجتياحه للعراق": the possessive pronoun points back to the agent
      for (auto it = actors_.rbegin(); !agent && it != actors_.rend(); ++it)
        if ((*it)->end_token <= p && (*it)->reference != Reference::Adjective && !after_preposition(*it)) agent = *it;
    } else if (t.repeats) {
      // "نفذت الجماعة هجمات في إيران، بالإضافة إلى تنفيذها لأول مرة في عمان"
      if (auto it = last_agent_of_.find(r.name); it != last_agent_of_.end()) agent = it->second;
    } else if (const auto* after = relative_light_verb_agent(q)) {
      agent = after;  // "في غارة شنتها الولايات المتحدة"
    } else if (const auto* lv = light_verb_subject(p)) {
      agent = lv;  // "نفذت الجماعة خلال الأشهر الأخيرة هجمات": the subject of the support verb
    } else if (t.agent_oblique) {
      agent = oblique_before(p);  // "لدعم الحكومة العراقية في الحرب ضد داعش"
    } else if (const auto* main = fronted_agent(q)) {
      agent = main;  // "خلال زيارة للعراق، قال الوزير": the fronted phrase's agent is the main clause's subject
    } else if (const auto* c = controller(p)) {
      // "دور الولايات المتحدة سيقتصر على تدريب القوات العراقية", "تعهدت فرنسا بدعم العراق": the noun
      // completes a verb whose subject does it; the genitive right after it is the patient.
      agent = c;
      if (const auto* o = at(skip_quotes(q)); o && o->prefix.empty() && o->reference != Reference::Adjective &&
                                              o->entity != agent->entity && !t.agent_before) {
        found.push_back({agent, o, {}});
        return;
      }
    }
    if (!agent) {
      if (r.name == "attacks") remember_unclaimed(preps, from);
      return;
    }
    for (const auto* o : right(from, 6)) {
      if (o->entity == agent->entity) continue;
      if (preps.empty()) {  // "استقباله رئيس الوزراء": the patient follows at once
        if (o->first_token <= from + kAdjacent && !after_preposition(o) && o->reference != Reference::Adjective)
          found.push_back({agent, o, {}});
        break;
      }
      if (!introduced_by(o, preps)) continue;
      // "هجمات في إيران" names a target country; "غارات في بغداد" only where it happened.
      if (introduced_by(o, {kIn}) && !introduced_by(o, {U"على", U"ضد"}) && o->type != EntityType::Country) continue;
      for (const auto* each : with_coordinated(o)) found.push_back({agent, each, {}});
      break;
    }
    // "مقتل قاسم سليماني ... في غارة شنتها الولايات المتحدة": the one killed was the target.
    if (found.empty() && r.name == "attacks")
      if (const auto* victim = killed_before(p); victim && victim->entity != agent->entity)
        found.push_back({agent, victim, {}});
    // "مما أثار إدانة بغداد": a reaction with no patient answers the event just reported.
    if (found.empty() && t.reaction && reacted_to_ && reacted_to_->entity != agent->entity)
      found.push_back({agent, reacted_to_, {}});
    // "انسحاب قوات التحالف" with no place: forces leave the country the article is about.
    if (found.empty() && r.name == "withdraws_from" && home_ && agent == at(q) && agent->entity != home_->entity)
      found.push_back({agent, home_, {}});
  }

  // The subject of a support verb before the event noun in the same clause ("شنت واشنطن ضربات", "نفذت
  // الجماعة ... هجمات"): the actor right after the verb, or the one before it.
  const ActorMention* light_verb_subject(std::uint32_t p) const {
    for (std::uint32_t t = p; t > s_.first_token && p - t <= kLeftWindow;) {
      --t;
      if (clause_start(t)) return nullptr;
      if (!is_in(m_.light_verbs, t)) continue;
      if (const auto* a = at(t + 1); a && a->reference != Reference::Adjective && !after_preposition(a)) return a;
      return left(t);
    }
    return nullptr;
  }

  // "غارة شنتها الولايات المتحدة": a support verb with a pronoun pointing back to the noun, then its subject.
  const ActorMention* relative_light_verb_agent(std::uint32_t q) const {
    if (q + 1 >= s_.end_token) return nullptr;
    const auto w = word(q);
    bool light = false;
    for (std::u32string_view suffix : {std::u32string_view(U"ها"), std::u32string_view(U"ه")})
      if (w.size() > suffix.size() + 1 && w.substr(w.size() - suffix.size()) == suffix &&
          m_.light_verbs.contains(w.substr(0, w.size() - suffix.size())))
        light = true;
    if (!light) return nullptr;
    const auto* a = at(q + 1);
    return a && a->reference != Reference::Adjective && !after_preposition(a) ? a : nullptr;
  }

  // The victim of a killing named before an attack noun in the same sentence (مقتل X، ...، في غارة).
  const ActorMention* killed_before(std::uint32_t p) const {
    for (std::uint32_t t = p; t > s_.first_token && p - t <= 16;) {
      --t;
      if (!is_in(m_.killing, t)) continue;
      const auto* a = at(t + 1);
      return a && (a->type == EntityType::Person || a->type == EntityType::Organization) ? a : nullptr;
    }
    return nullptr;
  }

  // The subject of the clause an event noun completes: the noun follows على or إلى (a word before it, quotes
  // aside) or carries ب ("بدعم"), and the nearest actor before is a subject (not after a preposition, same
  // clause).
  const ActorMention* controller(std::uint32_t p) const {
    std::uint32_t before = p;
    while (before > s_.first_token && quote(before - 1)) --before;
    const bool with_b = match_ && match_->prefix == U"ب";
    const bool after_to = before > s_.first_token && (word(before - 1) == U"علي" || word(before - 1) == U"على" ||
                                                      word(before - 1) == U"الي" || word(before - 1) == U"إلى");
    if (!with_b && !after_to) return nullptr;
    return left(with_b ? p : before - 1);
  }

  // The actor just before "في/على + event noun", whatever its case ("لدعم الحكومة العراقية في الحرب ضد",
  // "لمساندة بغداد على هزيمة"): the one supported in a fight is the one who fights. Right before a
  // participle ("القوات العراقية المنخرطة ضد") it is the participle's subject; not before a purpose
  // ("مهمة التحالف لهزيمة داعش" states an aim, not a fight).
  const ActorMention* oblique_before(std::uint32_t p) const {
    const ActorMention* best = nullptr;
    for (const auto* a : actors_)
      if (a->end_token <= p && a->reference != Reference::Adjective) best = a;
    if (!best) return nullptr;
    if (best->end_token == p) return match_ && match_->prefix.empty() ? best : nullptr;
    if (best->end_token + 1 != p || !is_in(m_.preposition_words, best->end_token)) return nullptr;
    return best;
  }

  // "خلال زيارة للعراق، قال وزير الخارجية الإسباني ...": an event noun in a phrase fronted before the
  // sentence's first comma, followed by a speech verb and its subject.
  const ActorMention* fronted_agent(std::uint32_t q) const {
    for (const auto* a : actors_)
      if (a->first_token < q && !after_preposition(a)) return nullptr;  // not fronted: the agent is named before
    for (std::uint32_t t = q; t + 2 < s_.end_token; ++t) {
      if (!clause_break(t)) continue;
      if (word(t).front() != U'،' && word(t).front() != U',') return nullptr;
      if (!is_in(m_.speech, t + 1)) return nullptr;
      const auto* a = at(t + 2);
      return a && a->reference != Reference::Adjective ? a : nullptr;
    }
    return nullptr;
  }

  // An attack with no agent ("ووقع 150 هجوما استهدفت قوات التحالف"): its patient waits for a claim.
  void remember_unclaimed(const std::vector<std::u32string>& preps, std::uint32_t from) {
    for (const auto* o : right(from, 6)) {
      if (!introduced_by(o, preps) || introduced_by(o, {kIn})) continue;
      discourse_.unclaimed_target = *o;
      discourse_.unclaimed_sentence = discourse_.sentence;
      return;
    }
  }

  // "أعلنت المقاومة الإسلامية في العراق مسؤوليتها عن العديد منها": the claimant attacked the patient of the
  // agentless attack reported in this sentence or the one before.
  void claim(std::uint32_t p, std::vector<Candidate>& found) {
    if (!discourse_.unclaimed_target || discourse_.sentence > discourse_.unclaimed_sentence + 1) return;
    const ActorMention* claimant = left(p, kAdjacent + 3);
    if (!claimant) return;
    found.push_back({claimant, &*discourse_.unclaimed_target, {}});
  }

  // Talks held somewhere ("المحادثات التي أجراها مع X في البيت الأبيض") are also an in-person meeting.
  void talks_in_person(const Trigger& t, std::uint32_t p, std::uint32_t q, const std::vector<Candidate>& found,
                       bool future_prefix) {
    const auto* meets = m_.meets;
    if (!meets || found.empty()) return;
    for (std::uint32_t k = q; k + 1 < s_.end_token && k < q + kRightWindow; ++k) {
      if (clause_break(k)) return;
      if (word(k) != kIn) continue;
      const auto* place = at(k + 1);
      if (!place || (place->type != EntityType::Place && place->stands_for.empty())) continue;
      Trigger rule = t;
      rule.id = t.id + "_in_person";
      rule.confidence = t.confidence - 0.1;
      for (const auto& c : found) emit(rule, *meets, c, p, q, future_prefix);
      return;
    }
  }

  void led_by(const Trigger& t, std::uint32_t p, std::uint32_t q, std::vector<Candidate>& found) {
    auto rs = right(q, kAdjacent);
    if (rs.empty()) return;
    if (t.passive) {  // "X على رأس Y": X leads Y
      if (const auto* l = left(p)) found.push_back({l, rs.front(), {}});
    } else {  // "Y بقيادة X", "Y الذي تقوده X": X leads Y, whatever the case of Y ("من تحالف دولي بقيادة")
      const ActorMention* led = nullptr;
      for (const auto* a : actors_)
        if (a->end_token <= p && p - a->end_token <= 1 && a->reference != Reference::Adjective) led = a;
      if (led) found.push_back({rs.front(), led, {}});
    }
  }

  void between(const graph::RelationType&, std::uint32_t p, std::uint32_t q, std::vector<Candidate>& found) {
    for (std::uint32_t t = q; t < s_.end_token && t < q + 5; ++t) {
      if (word(t) != kBetween) continue;
      auto rs = right(t + 1, 2);
      if (rs.empty()) return;
      if (!rs.front()->partner.empty()) {  // "العلاقة بين البلدين"
        found.push_back({rs.front(), rs.front(), {}, rs.front()->partner});
        if (directed_both_ways_) found.push_back({rs.front(), rs.front(), {}, rs.front()->partner, true});
        return;
      }
      auto co = with_coordinated(rs.front());
      if (co.size() > 1) {
        found.push_back({co[0], co[1], {}});
        // "الحرب بين إسرائيل وحماس": a directed relation between two parties holds both ways.
        if (!directed_both_ways_) return;
        found.push_back({co[1], co[0], {}});
      }
      return;
    }
    // "X وY ... محادثات" or "محادثات مع X" (the other party is the clause's subject).
    const ActorMention* l = left(p);
    if (l && !l->partner.empty()) { found.push_back({l, l, {}, l->partner}); return; }
    if (const auto* other = coordinated_before(l)) { found.push_back({other, l, {}}); return; }
    for (std::uint32_t t = q; t < s_.end_token && t < q + 4; ++t) {
      if (word(t) != kWith) continue;
      auto rs = right(t + 1, 2);
      if (!rs.empty() && l) found.push_back({l, rs.front(), {}});
      return;
    }
  }

  void deployment(std::uint32_t p, std::uint32_t q, std::vector<Candidate>& found) {
    // The owner: "2500 جندي أمريكي", "تنشر واشنطن قوات", "القوات المنتشرة", "الوجود الأمريكي", "مقاتلي
    // تنظيم داعش"; "... ونحو 900 جندي في سوريا" continues the previous deployment's owner.
    const ActorMention* owner = nullptr;
    std::uint32_t from = q;
    if (const auto* f = at(p); f && f->reference == Reference::Forces) {
      owner = f;  // "2500 جندي أمريكي": the troop noun is the start of the forces phrase
      from = f->end_token;
    } else if (const auto* a = at(q); a && a->prefix.empty() && a->type != EntityType::Place && a->type != EntityType::Person) {
      owner = a;
      from = a->end_token;
    } else if (const auto* r = at(q); r && r->first_token == q && r->reference != Reference::Adjective &&
                                        !after_preposition(r) && r->type != EntityType::Person) {
      owner = r;  // "تنشر واشنطن قوات في العراق"
      from = r->end_token;
    } else if (const auto* l = left(p)) {
      owner = l;
    } else if (const auto* h = possessor(p)) {
      owner = h;  // "لدى الولايات المتحدة نحو 2500 جندي"
    } else {
      owner = last_owner_;
    }
    if (!owner || owner->type == EntityType::Person || owner->type == EntityType::Place) return;
    const auto quantity = number_before(p);
    // "في ثلاث قواعد، واحدة في بغداد، وأخرى في كردستان": a list of places goes on after the first.
    const ActorMention* last = nullptr;
    for (const auto* o : right(from, kRightWindow + 14)) {
      if (o->entity == owner->entity || !introduced_by(o, {kIn})) continue;
      if (o->type != EntityType::Country && o->type != EntityType::Place) continue;
      if (!last && o->first_token > from + 8) break;
      if (last && !list_goes_on(last->end_token, o->first_token)) break;
      for (const auto* each : with_coordinated(o)) {
        found.push_back({owner, each, quantity});
        if (const auto* c = container(each)) found.push_back({owner, c, quantity});
      }
      last_owner_ = owner;
      last = o;
    }
  }

  // Between two places of one list: a comma and then a word joined by و, or a comma, at most 6 tokens.
  bool list_goes_on(std::uint32_t end, std::uint32_t next) const {
    if (next - end > 6) return false;
    bool comma = false;
    for (std::uint32_t t = end; t < next; ++t) {
      if (punct(t) && (word(t).front() == U'،' || word(t).front() == U',')) comma = true;
      else if (clause_break(t)) return false;
    }
    return comma;
  }

  // "الموصل شمالي العراق": the country or region a place is said to lie in.
  const ActorMention* container(const ActorMention* place) const {
    for (std::uint32_t t = place->end_token; t < s_.end_token && t < place->end_token + 2; ++t) {
      if (!is_in(m_.compass, t)) return nullptr;
      const auto* c = at(t + 1);
      if (c && (c->type == EntityType::Country || c->type == EntityType::Place) && c->entity != place->entity) return c;
    }
    return nullptr;
  }

  // "لدى X ..." / "للX ...": the actor that has what follows, in the same clause.
  const ActorMention* possessor(std::uint32_t p) const {
    for (auto it = actors_.rbegin(); it != actors_.rend(); ++it) {
      const auto* a = *it;
      if (a->end_token > p || p - a->end_token > kLeftWindow) continue;
      const bool has = (a->first_token > s_.first_token && is(m_.possession, a->first_token - 1)) ||
                       (!a->prefix.empty() && a->prefix.back() == U'ل');
      if (!has) return nullptr;
      for (std::uint32_t t = a->end_token; t < p; ++t)
        if (clause_start(t)) return nullptr;
      return a;
    }
    return nullptr;
  }

  void membership(std::uint32_t p, std::uint32_t q, std::vector<Candidate>& found) {
    const ActorMention* member = left(p);
    auto rs = right(q, kAdjacent);
    if (member && !rs.empty() && rs.front()->type == EntityType::Organization) found.push_back({member, rs.front(), {}});
  }

  void adjacent(const Trigger& t, std::uint32_t p, std::uint32_t q, std::vector<Candidate>& found) {
    const ActorMention* l = nullptr;
    for (const auto* a : actors_)
      if (a->end_token == p && a->reference != Reference::Adjective) l = a;
    const ActorMention* r = at(q);
    if (!l || !r || r->reference == Reference::Adjective) return;
    // "قوات التحالف الذي تقوده الولايات المتحدة ضد داعش": the phrase is about the forces, not their leader.
    for (const auto* h : actors_) {
      if (h->end_token >= l->first_token || h->reference == Reference::Adjective) continue;
      if (auto m = m_.led_by.match_at(norm_, seg_, readings_, h->end_token, l->first_token); m && m->end_token == l->first_token)
        l = h;
    }
    if (t.passive) found.push_back({r, l, {}});  // "الجماعات المدعومة من إيران": إيران backs them
    else found.push_back({l, r, {}});
  }

  // "قوات التحالف في كردستان", "القوات الأمريكية في العراق": forces stated to be somewhere.
  void stationed_forces() {
    const auto* deploys = m_.deploys_to;
    if (!deploys) return;
    for (const auto* a : actors_) {
      const auto first = a->first_token;
      const bool forces = a->reference == Reference::Forces || m_.forces.contains(word(first).substr(a->prefix.size())) ||
                          (first > s_.first_token && is_in(m_.forces, first - 1)) ||
                          (first > s_.first_token + 1 && word(first - 1) == kFrom && is(m_.forces, first - 2));
      if (!forces || a->end_token >= s_.end_token) continue;
      // "في العراق", "على الأراضي العراقية" / "على أراضي العراق"
      std::uint32_t where = a->end_token + 1;
      if (word(a->end_token) != kIn) {
        const auto w = word(a->end_token);
        if (w != U"علي" && w != U"على") continue;
        if (where >= s_.end_token || (word(where) != U"الاراضي" && word(where) != U"اراضي")) continue;
        ++where;
      }
      const auto* o = at(where);
      if (!o || (o->type != EntityType::Country && o->type != EntityType::Place)) continue;
      Trigger rule;
      rule.id = "forces_in";
      rule.relation = "deploys_to";
      rule.confidence = 0.55;
      emit(rule, *deploys, {a, o, {}}, a->first_token, a->end_token, false);
      if (const auto* c = container(o)) emit(rule, *deploys, {a, c, {}}, a->first_token, a->end_token, false);
    }
  }

  graph::Modality modality(std::uint32_t p, std::uint32_t q, bool future_prefix) const {
    if (future_prefix) return graph::Modality::Future;
    for (std::uint32_t t = p > s_.first_token + 2 ? p - 2 : s_.first_token; t < std::min(q + 1, s_.end_token); ++t)
      if (is(m_.future, t)) return graph::Modality::Future;
    for (std::uint32_t t = s_.first_token; t < p; ++t)
      if (is_in(m_.speech, t)) return graph::Modality::Reported;
    return graph::Modality::Asserted;
  }

  bool negated(std::uint32_t p) const {
    for (std::uint32_t t = p; t > s_.first_token && p - t < kNegationWindow;) {
      --t;
      if (clause_break(t)) return false;
      if (is_in(m_.negation, t)) return t + 1 >= s_.end_token || !is_in(m_.continuity, t + 1);  // لا يزال
    }
    return false;
  }

  void emit(const Trigger& t, const graph::RelationType& r, const Candidate& c, std::uint32_t p, std::uint32_t q,
            bool future_prefix) {
    if (!c.subject || !c.object) return;
    if (!c.object_partner.empty()) {
      // A dual stands for the pair (entity, partner).
      ActorMention first = *c.subject, second = *c.subject;
      second.entity = c.object_partner;
      if (const auto* e = m_.lexicon.entity(c.object_partner)) second.type = e->type;
      second.partner.clear();
      first.partner.clear();
      if (c.reverse_pair) std::swap(first, second);
      emit(t, r, Candidate{&first, &second, c.quantity}, p, q, future_prefix);
      return;
    }
    if (c.subject->entity == c.object->entity) return;
    // A capital named as a place stands for its government where the relation needs an actor.
    auto argument = [&](const ActorMention* a, const std::vector<EntityType>& allowed) {
      const bool fits = std::find(allowed.begin(), allowed.end(), a->type) != allowed.end();
      if (fits || a->stands_for.empty()) return std::make_pair(a->entity, a->type);
      return std::make_pair(a->stands_for, EntityType::Country);
    };
    const auto [subject, subject_type] = argument(c.subject, r.subject_types);
    const auto [object, object_type] = argument(c.object, r.object_types);
    if (subject == object || !r.allows(subject_type, object_type)) return;
    graph::Statement st;
    st.subject = subject;
    st.object = object;
    if (r.symmetric && st.object < st.subject) std::swap(st.subject, st.object);
    st.relation = r.name;
    st.document = doc_.id;
    // Negation reaches clauses (verbs, event nouns), not noun-phrase structure (بقيادة، ضد، كجزء من).
    const bool clausal = t.frame == Frame::Verb || t.frame == Frame::Nominal || t.frame == Frame::Between ||
                         t.frame == Frame::Deployment;
    st.polarity = clausal && negated(p) ? graph::Polarity::Negative : graph::Polarity::Positive;
    st.modality = modality(p, q, future_prefix);
    st.cameo = r.cameo;
    st.quantity = c.quantity;
    st.date = doc_.date;
    // Arguments found through an adjective or a role phrase are less certain than named ones.
    double confidence = t.confidence;
    if (c.subject->reference != Reference::Name) confidence -= 0.05;
    if (c.object->reference != Reference::Name) confidence -= 0.05;
    confidence = std::round(confidence * 1000) / 1000;  // 0.6 - 0.05 is 0.55, not 0.5499999999999999
    st.confidence = confidence;
    // The sentence's text, encoded and interned at its first statement, is the evidence of all of them.
    if (sentence_text_.empty())
      sentence_text_ = encode_utf8(original_.substr(s_.span.start, s_.span.end - s_.span.start), doc_.text_buffer);
    st.evidence.push_back({s_.span, sentence_text_, t.id, confidence});
    // Kept by value: a dual's two parties are built on the stack of the caller.
    if ((t.frame == Frame::Verb || t.frame == Frame::Nominal) && !t.reaction && r.name != "affiliated_with")
      reacted_to_ = &kept_.emplace_front(*c.subject);
    if (st.polarity == graph::Polarity::Positive) last_agent_of_[r.name] = &kept_.emplace_front(*c.subject);
    out_.push_back(std::move(st));
  }

  const RelationExtractor::Impl& m_;
  const DocumentFields& doc_;
  std::u32string_view original_;
  const NormalizedText& norm_;
  const Segmentation& seg_;
  const TokenReadings& readings_;  // of every token of the document, computed once
  const Sentence& s_;
  std::vector<const ActorMention*> actors_;
  std::vector<graph::Statement>& out_;
  graph::InternedString sentence_text_;  // "" until the first statement of the sentence
  bool directed_both_ways_ = false;
  const ActorMention* home_;  // the article's country (most named), for withdrawals that name no place
  const ActorMention* last_owner_ = nullptr;  // of the previous deployment in this sentence
  DiscourseState& discourse_;
  const PhraseMatch* match_ = nullptr;               // the trigger being applied
  const ActorMention* last_verb_subject_ = nullptr;  // for verbs that leave their subject out
  const ActorMention* last_verb_object_ = nullptr;
  const ActorMention* reacted_to_ = nullptr;         // the agent a reaction answers
  // Relation (its name in the ontology, which outlives every pass) -> agent of its last statement here.
  std::map<std::string_view, const ActorMention*> last_agent_of_;
  // What the two above point to: a list, whose elements never move and which allocates nothing until
  // used (a std::deque allocated two blocks for every sentence, most of which keep nothing).
  std::forward_list<ActorMention> kept_;
};

}  // namespace

RelationExtractor::RelationExtractor(const Lexicon& lexicon, WordIds& words)
    : impl_(std::make_unique<Impl>(lexicon, words)) {}
RelationExtractor::~RelationExtractor() = default;

std::vector<graph::Statement> RelationExtractor::extract(const graph::Document& document, std::u32string_view original,
                                                         const NormalizedText& normalized,
                                                         const Segmentation& segmentation,
                                                         const std::vector<ActorMention>& mentions,
                                                         const TokenReadings& readings) const {
  std::vector<graph::Statement> raw;
  // The article's country: the country named most often (by name or acting capital).
  std::map<std::string, std::size_t> counts;
  for (const auto& m : mentions)
    if (m.type == EntityType::Country && m.reference == Reference::Name) ++counts[m.entity];
  std::optional<ActorMention> home;
  std::size_t best = 0;
  for (const auto& [id, n] : counts)
    if (n > best) {
      best = n;
      home = ActorMention{0, 0, {}, U"", id, EntityType::Country, Reference::Role, "", ""};
    }
  std::size_t next = 0;
  DiscourseState discourse;
  const DocumentFields fields{document.id, document.date, {}};
  raw.reserve(16);  // a few statements a document: no vector growth (each moved every statement) for most
  for (const auto& sentence : segmentation.sentences) {
    std::vector<const ActorMention*> actors;
    while (next < mentions.size() && mentions[next].first_token < sentence.end_token) {
      if (mentions[next].first_token >= sentence.first_token) actors.push_back(&mentions[next]);
      ++next;
    }
    SentencePass(*impl_, fields, original, normalized, segmentation, readings, sentence, std::move(actors), raw,
                 home ? &*home : nullptr, discourse)
        .run();
    ++discourse.sentence;
  }
  // One statement per (subject, relation, object, polarity), with every evidence: the statements in
  // StatementKey order, the first found of equal ones taking the others' evidence in the order found (a
  // stable sort of pointers; a std::map keyed by copies of four strings cost an allocation per string).
  std::vector<graph::Statement*> order;
  order.reserve(raw.size());
  for (auto& st : raw) order.push_back(&st);
  const auto key = [](const graph::Statement* s) {
    return std::tie(s->subject, s->relation, s->object, s->document, s->polarity);
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](const graph::Statement* a, const graph::Statement* b) { return key(a) < key(b); });
  std::vector<graph::Statement> out;
  for (std::size_t i = 0; i < order.size();) {
    graph::Statement& st = *order[i];
    std::size_t j = i + 1;
    for (; j < order.size() && key(order[j]) == key(&st); ++j) {
      auto& from = *order[j];
      st.modality = std::min(st.modality, from.modality);
      st.confidence = std::max(st.confidence, from.confidence);
      if (from.quantity && (!st.quantity || *from.quantity > *st.quantity)) st.quantity = from.quantity;
      for (auto& ev : from.evidence)
        if (std::find(st.evidence.begin(), st.evidence.end(), ev) == st.evidence.end())
          st.evidence.push_back(std::move(ev));
    }
    i = j;
    // One evidence per sentence: where two rules found the same statement there, the surer one speaks.
    std::sort(st.evidence.begin(), st.evidence.end(), [](const graph::Evidence& a, const graph::Evidence& b) {
      return a.span != b.span ? a.span < b.span : a.confidence > b.confidence;
    });
    st.evidence.erase(std::unique(st.evidence.begin(), st.evidence.end(),
                                  [](const graph::Evidence& a, const graph::Evidence& b) { return a.span == b.span; }),
                      st.evidence.end());
    out.push_back(std::move(st));
  }
  return out;
}

}  // namespace newsgraph::extract
