// Google Benchmark of the extraction pipeline's stages on real article text (samples/*.txt, or the
// *.txt files of $NEWSGRAPH_BENCH_CORPUS, e.g. a directory written by bench/corpus_gen.py): UTF-8
// decoding, normalisation (ICU NFKC + folding with alignment), tokenisation, lexicon matching
// (MentionFinder over the PhraseMatcher tries), relation rules, the whole DocumentExtractor, and the
// JSON Lines writer and reader of the map/reduce steps. Bytes/s are of the article's UTF-8 input.
//   build-bench/extract_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "extract/document_extractor.h"
#include "extract/document_jsonl.h"
#include "extract/lexicon.h"
#include "extract/mention_finder.h"
#include "extract/normalizer.h"
#include "extract/particles.h"
#include "extract/relation_extractor.h"
#include "extract/token_readings.h"
#include "extract/tokenizer.h"
#include "extract/utf8.h"

namespace extract = newsgraph::extract;
namespace graph = newsgraph::graph;

namespace {

// An article as read: the document (its id the file name) and its UTF-8 text.
struct Article {
  graph::Document document;
  std::string text;
};

struct Corpus {
  std::vector<Article> documents;
  std::size_t bytes = 0;
};

const Corpus& corpus() {
  static const Corpus c = [] {
    Corpus out;
    const char* env = std::getenv("NEWSGRAPH_BENCH_CORPUS");
    const std::filesystem::path dir = env ? env : std::filesystem::path(NEWSGRAPH_SOURCE_DIR) / "samples";
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
      if (e.path().extension() == ".txt") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    if (files.size() > 400) files.resize(400);
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::ostringstream s;
      s << in.rdbuf();
      Article d;
      d.document.id = f.filename().string();
      d.text = s.str();
      out.bytes += d.text.size();
      out.documents.push_back(std::move(d));
    }
    return out;
  }();
  return c;
}

// Every article decoded, normalised and segmented once, for the stages after them.
struct Prepared {
  std::u32string original;
  extract::NormalizedText normalized;
  extract::Segmentation segmentation;
  extract::FoundEntities found;
};

const extract::Tokenizer& tokenizer() {
  static const extract::Tokenizer t;
  return t;
}
// Both built before any readings: they number the lexicon's words that the readings look up.
struct Extractors {
  extract::WordIds words;
  extract::MentionFinder finder{extract::Lexicon::builtin(), words};
  extract::RelationExtractor relations{extract::Lexicon::builtin(), words};
};
const Extractors& extractors() {
  static const Extractors e;
  return e;
}
const extract::MentionFinder& finder() { return extractors().finder; }
const extract::RelationExtractor& relations() { return extractors().relations; }
extract::TokenReadings readings_of(const extract::NormalizedText& normalized, const extract::Segmentation& seg) {
  return extract::TokenReadings(extract::ParticleRules::builtin(), normalized, seg, extractors().words);
}

const std::vector<Prepared>& prepared() {
  static const std::vector<Prepared> p = [] {
    std::vector<Prepared> out;
    for (const auto& d : corpus().documents) {
      Prepared x;
      x.original = extract::decode_utf8(d.text, d.document.id);
      x.normalized = extract::Normalizer::builtin().normalize(x.original);
      x.segmentation = tokenizer().segment(x.original, x.normalized);
      const auto readings = readings_of(x.normalized, x.segmentation);
      x.found = finder().find(d.document, x.original, x.normalized, x.segmentation, readings);
      out.push_back(std::move(x));
    }
    return out;
  }();
  return p;
}

void per_corpus(benchmark::State& state) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * corpus().bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * corpus().documents.size()));
}

void BM_DecodeUtf8(benchmark::State& state) {
  for (auto _ : state)
    for (const auto& d : corpus().documents) benchmark::DoNotOptimize(extract::decode_utf8(d.text, d.document.id));
  per_corpus(state);
}

void BM_Normalize(benchmark::State& state) {
  const auto& norm = extract::Normalizer::builtin();
  const auto& p = prepared();
  for (auto _ : state)
    for (const auto& x : p) benchmark::DoNotOptimize(norm.normalize(x.original));
  per_corpus(state);
}

void BM_Tokenize(benchmark::State& state) {
  const auto& p = prepared();
  for (auto _ : state)
    for (const auto& x : p) benchmark::DoNotOptimize(tokenizer().segment(x.original, x.normalized));
  per_corpus(state);
}

void BM_LexiconMatching(benchmark::State& state) {
  const auto& p = prepared();
  const auto& docs = corpus().documents;
  // Reading the tokens' particles is part of matching: timed here (the relation rules time it again).
  for (auto _ : state)
    for (std::size_t i = 0; i < p.size(); ++i) {
      const auto readings = readings_of(p[i].normalized, p[i].segmentation);
      benchmark::DoNotOptimize(finder().find(docs[i].document, p[i].original, p[i].normalized, p[i].segmentation, readings));
    }
  per_corpus(state);
}

void BM_RelationRules(benchmark::State& state) {
  const auto& p = prepared();
  const auto& docs = corpus().documents;
  for (auto _ : state)
    for (std::size_t i = 0; i < p.size(); ++i) {
      const auto readings = readings_of(p[i].normalized, p[i].segmentation);
      benchmark::DoNotOptimize(relations().extract(docs[i].document, p[i].original, p[i].normalized, p[i].segmentation,
                                                   p[i].found.mentions, readings));
    }
  per_corpus(state);
}

void BM_DocumentExtractor(benchmark::State& state) {
  static const extract::DocumentExtractor extractor;
  for (auto _ : state)
    for (const auto& d : corpus().documents) benchmark::DoNotOptimize(extractor.extract(d.document.id, d.text));
  per_corpus(state);
}

void BM_JsonLinesWriteRead(benchmark::State& state) {
  static const extract::DocumentExtractor extractor;
  std::vector<graph::DocumentGraph> graphs;
  for (const auto& d : corpus().documents) graphs.push_back(extractor.extract(d.document.id, d.text));
  for (auto _ : state)
    for (const auto& g : graphs)
      benchmark::DoNotOptimize(extract::parse_document_graph_line("b.jsonl", 1, extract::document_graph_line(g)));
  per_corpus(state);
}

}  // namespace

BENCHMARK(BM_DecodeUtf8)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Normalize)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LexiconMatching)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RelationRules)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DocumentExtractor)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JsonLinesWriteRead)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
