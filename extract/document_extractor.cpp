#include "extract/document_extractor.h"

#include <algorithm>
#include <iterator>
#include <string_view>

#include "extract/date_reader.h"
#include "extract/mention_finder.h"
#include "extract/normalizer.h"
#include "extract/particles.h"
#include "extract/relation_extractor.h"
#include "extract/token_readings.h"
#include "extract/tokenizer.h"
#include "extract/utf8.h"
#include "graph/diagnostic.h"
#include "graph/utf8.h"

namespace newsgraph::extract {

struct DocumentExtractor::Impl {
  const Lexicon& lexicon;
  WordIds words;  // numbered by the two below as they build their matchers; read-only afterwards
  MentionFinder mentions;
  RelationExtractor relations;
  Tokenizer tokenizer;
  explicit Impl(const Lexicon& lx) : lexicon(lx), mentions(lx, words), relations(lx, words) {}
};

DocumentExtractor::DocumentExtractor(const Lexicon& lexicon) : impl_(std::make_unique<Impl>(lexicon)) {}
DocumentExtractor::~DocumentExtractor() = default;

namespace {

// The first non-empty line, trimmed: news files open with their headline.
std::string headline_of(std::u32string_view text) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(U'\n', start);
    if (end == std::u32string_view::npos) end = text.size();
    auto line = text.substr(start, end - start);
    while (!line.empty() && (line.front() == U' ' || line.front() == U'\t' || line.front() == U'\r' || line.front() == U'\uFEFF'))
      line.remove_prefix(1);
    while (!line.empty() && (line.back() == U' ' || line.back() == U'\t' || line.back() == U'\r')) line.remove_suffix(1);
    if (!line.empty()) return encode_utf8(line.substr(0, 300));
    start = end + 1;
  }
  return "";
}

}  // namespace

graph::DocumentGraph DocumentExtractor::extract(std::string_view id, std::string_view utf8,
                                                const ExtractOptions& options) const {
  // The id goes into every output as a string; one that is not UTF-8 (a file name in Latin-1, say) would
  // make a JSON-LD graph that no JSON reader, newsgraph included, accepts.
  if (const auto bad = graph::find_invalid_utf8(id))
    throw graph::InputError(graph::Diagnostic{
        std::string(id), 0, 0, std::nullopt,
        std::string("the document id, which build takes from the file name, is not valid UTF-8 (") + bad->what +
            " at byte " + std::to_string(bad->offset) + " of the name): rename the file",
        "", ""});
  if (const auto nul = utf8.find('\0'); nul != std::string_view::npos)
    throw graph::InputError(graph::Diagnostic{std::string(id), 0, 0, nul,
                                              "a NUL byte: this looks like a binary file, not an article", "", ""});
  // Validate the bytes as given (error offsets point into the file), then read CRLF and CR line ends as
  // LF: offsets count code points of the text as a reader in text mode sees it (Python's open(), the
  // scorer, editors), so that text[start:end] holds for them too.
  std::u32string original = decode_utf8(utf8, id);
  std::string normalized_newlines;
  if (utf8.find('\r') != std::string_view::npos) {
    normalized_newlines = universal_newlines(utf8);
    utf8 = normalized_newlines;
    original = decode_utf8(utf8, id);
  }
  if (std::all_of(original.begin(), original.end(), [](char32_t c) {
        return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\uFEFF';
      }))
    throw graph::InputError(std::string(id), "empty article: no text to read");
  graph::DocumentGraph out;
  out.document.id = std::string(id);
  out.document.headline = headline_of(original);
  const NormalizedText normalized = Normalizer::builtin().normalize(original);
  const Segmentation segmentation = impl_->tokenizer.segment(original, normalized);
  out.document.date = read_article_date(normalized);
  if (out.document.date.empty()) out.document.date = options.fallback_date;

  // Both passes ask for tokens' particle readings again and again: read them once for both.
  const TokenReadings readings(ParticleRules::builtin(), normalized, segmentation, impl_->words);
  FoundEntities found = impl_->mentions.find(out.document, original, normalized, segmentation, readings);
  auto statements =
      impl_->relations.extract(out.document, original, normalized, segmentation, found.mentions, readings);
  statements.insert(statements.end(), found.statements.begin(), found.statements.end());

  // found.entities are sorted by id: ids are looked up by bisection, and sorted once more only when the
  // statements need entities the mentions did not give.
  out.entities = std::move(found.entities);
  auto has = [](const std::vector<graph::Entity>& sorted, std::string_view id) {
    const auto it = std::lower_bound(sorted.begin(), sorted.end(), id,
                                     [](const graph::Entity& e, std::string_view key) { return e.id < key; });
    return it != sorted.end() && it->id == id;
  };
  // An actor referred to only by an adjective or as forces still needs its node.
  std::vector<graph::Entity> added;
  for (const auto& st : statements)
    for (const auto* id_ : {&st.subject, &st.object})
      if (!has(out.entities, *id_) &&
          std::none_of(added.begin(), added.end(), [&](const graph::Entity& e) { return e.id == *id_; }))
        if (const auto* lx = impl_->lexicon.entity(*id_))
          added.push_back(graph::Entity{lx->id, lx->type, lx->name_ar, lx->name_en, {}, lx->wikidata, 1.0, {}});
  if (!added.empty()) {
    // A few added to many: sorted apart, then merged in (an Entity is costly to move around).
    auto by_id = [](const graph::Entity& a, const graph::Entity& b) { return a.id < b.id; };
    std::sort(added.begin(), added.end(), by_id);
    const auto middle = static_cast<std::ptrdiff_t>(out.entities.size());
    std::move(added.begin(), added.end(), std::back_inserter(out.entities));
    std::inplace_merge(out.entities.begin(), out.entities.begin() + middle, out.entities.end(), by_id);
  }
  for (auto& st : statements)
    if (has(out.entities, st.subject) && has(out.entities, st.object)) out.statements.push_back(std::move(st));
  return out;
}

}  // namespace newsgraph::extract
