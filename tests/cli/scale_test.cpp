// Parallel build, and the map (extract) and reduce (merge) steps over JSON Lines: -j N gives the same
// bytes as -j 1, and extract + merge of any split of the articles gives the same bytes as one build,
// on the samples and on a synthetic corpus (fixed seeds).
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include <signal.h>
#include <unistd.h>

#include "cli/parallel_build.h"
#include "extract/document_jsonl.h"
#include "tests/test_support.h"

namespace extract = newsgraph::extract;
using newsgraph::testing::read_file;
using newsgraph::testing::run;
using newsgraph::testing::source_dir;
using newsgraph::testing::temp_dir;
using newsgraph::testing::write_file;

namespace {

std::string ng() { return newsgraph::testing::newsgraph(); }
std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

struct Article {
  std::string id, text;
};

std::vector<Article> sample_articles() {
  std::vector<Article> out;
  for (const auto& e : std::filesystem::directory_iterator(source_dir() / "samples"))
    if (e.path().extension() == ".txt") out.push_back({e.path().filename().string(), read_file(e.path())});
  std::sort(out.begin(), out.end(), [](const Article& a, const Article& b) { return a.id < b.id; });
  return out;
}

// Articles recombined from the samples' sentences (and headlines) in random order and number: new
// co-occurrences of the same actors, so the merged graph has many shared entities and statements.
std::vector<Article> synthetic_articles(unsigned seed, std::size_t count) {
  std::vector<std::string> sentences;
  for (const auto& a : sample_articles()) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < a.text.size(); ++i) {
      if (a.text[i] == '.' || a.text[i] == '\n') {
        std::string s = a.text.substr(start, i + 1 - start);
        if (s.size() > 20) sentences.push_back(s);
        start = i + 1;
      }
    }
  }
  std::mt19937 rng(seed);
  std::vector<Article> out;
  for (std::size_t n = 0; n < count; ++n) {
    const std::size_t length = 2 + rng() % 8;
    std::string text;
    for (std::size_t k = 0; k < length; ++k) text += sentences[rng() % sentences.size()] + (k % 3 == 2 ? "\n" : " ");
    out.push_back({"synthetic_" + std::to_string(seed) + "_" + std::to_string(n) + ".txt", text});
  }
  return out;
}

// Writes each article to dir/<id> and returns the paths, quoted, space-separated.
std::string write_articles(const std::filesystem::path& dir, const std::vector<Article>& articles) {
  std::string args;
  for (const auto& a : articles) {
    write_file(dir / a.id, a.text);
    args += " " + q(dir / a.id);
  }
  return args;
}

std::string jsonl(const std::vector<Article>& articles) {
  std::string out;
  for (const auto& a : articles) out += extract::article_line({a.id, "", a.text}) + "\n";
  return out;
}

struct Outputs {
  std::string jsonld, dot;
};

Outputs build(const std::string& files, const std::filesystem::path& dir, const std::string& extra) {
  const auto r = run(ng() + " build" + files + extra + " --jsonld " + q(dir / "g.jsonld") + " --dot " + q(dir / "g.dot"), dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  return {read_file(dir / "g.jsonld"), read_file(dir / "g.dot")};
}

}  // namespace

TEST_CASE("build -j 1, -j 2 and -j 4 write the same bytes", "[cli][scale]") {
  const auto dir = temp_dir("scale_jobs");
  auto articles = sample_articles();
  const auto synthetic = synthetic_articles(7, 60);
  const bool with_synthetic = GENERATE(false, true);
  if (with_synthetic) articles.insert(articles.end(), synthetic.begin(), synthetic.end());
  const auto files = write_articles(dir / "in", articles);
  const auto one = build(files, dir, " -j 1");
  CHECK(one.jsonld.size() > 1000);
  for (const char* jobs : {" -j 2", " -j 4", ""}) {
    INFO(jobs);
    const auto many = build(files, dir, jobs);
    CHECK(many.jsonld == one.jsonld);
    CHECK(many.dot == one.dot);
  }
}

TEST_CASE("build -j 4 reports and skips broken articles exactly as -j 1", "[cli][scale]") {
  const auto dir = temp_dir("scale_broken");
  auto articles = synthetic_articles(3, 12);
  articles[2].text = "";                         // empty article
  articles[7].text = "نص \xff\xfe مكسور";         // invalid UTF-8
  auto files = write_articles(dir / "in", articles);
  write_file(dir / "other" / articles[4].id, articles[5].text);  // same file name as another input
  files += " " + q(dir / "other" / articles[4].id);
  const auto one = run(ng() + " build -j 1" + files + " --jsonld " + q(dir / "one.jsonld"), dir);
  const auto four = run(ng() + " build -j 4" + files + " --jsonld " + q(dir / "four.jsonld"), dir);
  CHECK(one.status == 1);
  CHECK(four.status == 1);
  CHECK(four.err == one.err);
  CHECK(one.err.find(articles[2].id) != std::string::npos);
  CHECK(one.err.find(articles[7].id) != std::string::npos);
  CHECK(one.err.find("same file name") != std::string::npos);
  CHECK(read_file(dir / "four.jsonld") == read_file(dir / "one.jsonld"));
  const auto strict = run(ng() + " build -j 4 --strict" + files + " --jsonld " + q(dir / "strict.jsonld"), dir);
  CHECK(strict.status == 1);
  CHECK_FALSE(std::filesystem::exists(dir / "strict.jsonld"));
  CHECK(strict.err.find(articles[7].id) == std::string::npos);  // stopped at the first, in input order
}

TEST_CASE("no progress bar when stderr is not a terminal", "[cli][scale]") {
  const auto dir = temp_dir("scale_quiet");
  const auto files = write_articles(dir / "in", synthetic_articles(5, 30));
  const auto r = run(ng() + " build -j 2" + files, dir);
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("documents") != std::string::npos);
}

TEST_CASE("extract of the samples followed by merge gives the bytes of build", "[cli][scale][e2e]") {
  const auto dir = temp_dir("scale_samples");
  const auto articles = sample_articles();
  const auto expected = build(write_articles(dir / "in", articles), dir, "");
  write_file(dir / "articles.jsonl", jsonl(articles));
  const auto e = run(ng() + " extract -j 2 < " + q(dir / "articles.jsonl"), dir);
  INFO(e.err);
  REQUIRE(e.status == 0);
  write_file(dir / "graphs.jsonl", e.out);
  const auto& lines = e.out;
  CHECK(std::count(lines.begin(), lines.end(), '\n') == static_cast<long>(articles.size()));
  const auto m = run(ng() + " merge " + q(dir / "graphs.jsonl") + " --jsonld " + q(dir / "m.jsonld") + " --dot " + q(dir / "m.dot"), dir);
  INFO(m.err);
  REQUIRE(m.status == 0);
  CHECK(read_file(dir / "m.jsonld") == expected.jsonld);
  CHECK(read_file(dir / "m.dot") == expected.dot);
}

TEST_CASE("merge of random shards of extract output, some as JSON-LD, gives the bytes of one build", "[cli][scale]") {
  const unsigned seed = GENERATE(1u, 2u, 3u, 4u);
  INFO("seed " << seed);
  const auto dir = temp_dir("scale_shards_" + std::to_string(seed));
  auto articles = sample_articles();
  const auto synthetic = synthetic_articles(100 + seed, 40);
  articles.insert(articles.end(), synthetic.begin(), synthetic.end());
  const auto expected = build(write_articles(dir / "in", articles), dir, "");

  std::mt19937 rng(seed);
  std::shuffle(articles.begin(), articles.end(), rng);
  const std::size_t shards = 2 + rng() % 4;
  std::vector<std::vector<Article>> parts(shards);
  for (const auto& a : articles) parts[rng() % shards].push_back(a);
  std::vector<std::string> inputs;
  for (std::size_t s = 0; s < shards; ++s) {
    const auto in = dir / ("part" + std::to_string(s) + ".in.jsonl");
    const auto out = dir / ("part" + std::to_string(s) + ".jsonl");
    write_file(in, jsonl(parts[s]));
    const auto e = run(ng() + " extract -j " + std::to_string(1 + s % 3) + " " + q(in), dir);
    INFO(e.err);
    REQUIRE(e.status == 0);
    write_file(out, e.out);
    if (s == 0) {  // one shard reduced to JSON-LD first: merge accepts graphs too (associativity)
      const auto g = dir / "part0.jsonld";
      REQUIRE(run(ng() + " merge " + q(out) + " --jsonld " + q(g), dir).status == 0);
      inputs.push_back(q(g));
    } else {
      inputs.push_back(q(out));
    }
  }
  std::shuffle(inputs.begin(), inputs.end(), rng);
  std::string args;
  for (const auto& i : inputs) args += " " + i;
  const auto m = run(ng() + " merge" + args + " --jsonld " + q(dir / "m.jsonld") + " --dot " + q(dir / "m.dot"), dir);
  INFO(m.err);
  REQUIRE(m.status == 0);
  CHECK(read_file(dir / "m.jsonld") == expected.jsonld);
  CHECK(read_file(dir / "m.dot") == expected.dot);
}

// cli/dask_build.py on a local Dask cluster (Debian python3-distributed): a scheduler and two worker
// processes on ports the system picks, `newsgraph extract` of three partitions on the workers, `merge`
// in the driver. Same bytes as build; every partition ran in a worker process; the workers are gone when
// the driver returns (the driver names their pids).
TEST_CASE("extract on a local Dask cluster of two workers and merge give the bytes of build", "[cli][scale][dask]") {
  const auto dir = temp_dir("scale_dask_" + std::to_string(::getpid()));
  const auto probe = run("/usr/bin/python3 -c 'import distributed'", dir);
  if (probe.status != 0) FAIL("Dask distributed is missing: apt-get install python3-distributed (./dev.sh setup)\n" + probe.err);
  const auto articles = sample_articles();
  const auto expected = build(write_articles(dir / "in", articles), dir, "");
  write_file(dir / "articles.jsonl", jsonl(articles));
  const auto r = run("/usr/bin/python3 " + q(source_dir() / "cli/dask_build.py") + " " + ng() + " " + q(dir / "dask.jsonld") +
                         " " + q(dir / "articles.jsonl") + " --partitions 3 --local-directory " + q(dir / "workers"),
                     dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(read_file(dir / "dask.jsonld") == expected.jsonld);

  const std::string pids_tag = "worker pids ";
  const auto at = r.err.find(pids_tag);
  REQUIRE(at != std::string::npos);
  std::istringstream pid_list(r.err.substr(at + pids_tag.size(), r.err.find('\n', at) - at - pids_tag.size()));
  std::vector<long> workers;
  for (long pid = 0; pid_list >> pid;) workers.push_back(pid);
  REQUIRE(workers.size() == 2);
  for (int partition = 0; partition < 3; ++partition) {
    const std::string tag = "partition " + std::to_string(partition) + " (";
    const auto line = r.err.find(tag);
    REQUIRE(line != std::string::npos);
    const auto pid_at = r.err.find("worker pid ", line) + std::string("worker pid ").size();
    const long pid = std::stol(r.err.substr(pid_at));
    CHECK(std::find(workers.begin(), workers.end(), pid) != workers.end());
  }
  for (const long pid : workers) {
    INFO("worker pid " << pid);
    CHECK(::kill(static_cast<pid_t>(pid), 0) == -1);  // no such process: the cluster shut its workers down
    CHECK(errno == ESRCH);
  }
  std::filesystem::remove_all(dir);  // one directory per process: do not let them pile up
}

TEST_CASE("bad JSON Lines are reported at file:line and skipped unless --strict", "[cli][scale]") {
  const auto dir = temp_dir("scale_bad_lines");
  const auto articles = synthetic_articles(9, 3);
  const std::string input = extract::article_line({articles[0].id, "", articles[0].text}) + "\n" +
                            "{\"id\": \"broken.txt\", \"text\": \n\n" +
                            extract::article_line({articles[1].id, "", articles[1].text}) + "\n" +
                            extract::article_line({"empty.txt", "", ""}) + "\n";
  write_file(dir / "in.jsonl", input);
  const auto e = run(ng() + " extract -j 2 " + q(dir / "in.jsonl"), dir);
  CHECK(e.status == 1);
  CHECK(e.err.find("in.jsonl:2:") != std::string::npos);
  CHECK(e.err.find("in.jsonl:5:1: error: article 'empty.txt'") != std::string::npos);
  const auto out = e.out;
  CHECK(std::count(out.begin(), out.end(), '\n') == 2);
  const auto strict = run(ng() + " extract --strict " + q(dir / "in.jsonl"), dir);
  CHECK(strict.status == 1);
  CHECK(std::count(strict.out.begin(), strict.out.end(), '\n') == 1);
  CHECK(strict.err.find("in.jsonl:5:") == std::string::npos);

  write_file(dir / "graphs.jsonl", out.substr(0, out.find('\n') + 1) + "{\"document\": 3}\n" + out.substr(out.find('\n') + 1));
  const auto m = run(ng() + " merge " + q(dir / "graphs.jsonl") + " --jsonld " + q(dir / "m.jsonld"), dir);
  CHECK(m.status == 1);
  CHECK(m.err.find("graphs.jsonl:2:") != std::string::npos);
  CHECK(std::filesystem::exists(dir / "m.jsonld"));
  const auto ms = run(ng() + " merge --strict " + q(dir / "graphs.jsonl") + " --jsonld " + q(dir / "s.jsonld"), dir);
  CHECK(ms.status == 1);
  CHECK_FALSE(std::filesystem::exists(dir / "s.jsonld"));
  const auto missing = run(ng() + " merge " + q(dir / "nope.jsonl"), dir);
  CHECK(missing.status == 1);
  CHECK(missing.err.find("nope.jsonl") != std::string::npos);
}

TEST_CASE("ordered_parallel_map delivers results in input order, bounded, and stops or rethrows in order", "[cli][scale]") {
  namespace cli = newsgraph::cli;
  const unsigned jobs = GENERATE(1u, 2u, 4u, 8u);
  INFO("jobs " << jobs);
  std::atomic<int> running{0}, most{0};
  std::size_t pending_most = 0;
  std::atomic<std::size_t> started{0};
  std::vector<std::size_t> seen;
  const std::function<std::size_t(std::size_t)> task = [&](std::size_t i) {
    const int now = ++running;
    for (int m = most.load(); now > m && !most.compare_exchange_weak(m, now);) {
    }
    ++started;
    std::this_thread::sleep_for(std::chrono::microseconds((i * 7919) % 300));  // finish out of order
    --running;
    return i * i;
  };
  std::atomic<int> consuming{0};
  bool overlapped = false;
  const std::function<bool(std::size_t, std::size_t&&)> consume = [&](std::size_t i, std::size_t&& r) {
    if (++consuming != 1) overlapped = true;  // calls run on worker threads, but never two at once
    std::this_thread::sleep_for(std::chrono::microseconds(i % 3 == 0 ? 200 : 0));
    --consuming;
    CHECK(r == i * i);
    pending_most = std::max(pending_most, started.load() - i);
    seen.push_back(i);
    return true;
  };
  cli::ordered_parallel_map<std::size_t>(200, jobs, 16, task, consume);
  REQUIRE(seen.size() == 200);
  CHECK_FALSE(overlapped);
  for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == i);
  CHECK(most.load() <= static_cast<int>(jobs));
  CHECK(pending_most <= std::max<std::size_t>(16, jobs) + 1);

  std::vector<std::size_t> until;
  const std::function<bool(std::size_t, std::size_t&&)> stop_at_5 = [&](std::size_t i, std::size_t&&) {
    until.push_back(i);
    return i < 5;
  };
  cli::ordered_parallel_map<std::size_t>(200, jobs, 16, task, stop_at_5);
  CHECK(until == std::vector<std::size_t>{0, 1, 2, 3, 4, 5});

  std::vector<std::size_t> before;
  const std::function<std::size_t(std::size_t)> throws_at_9 = [](std::size_t i) {
    if (i == 9 || i == 12) throw std::runtime_error("task " + std::to_string(i));
    return i;
  };
  const std::function<bool(std::size_t, std::size_t&&)> record = [&](std::size_t i, std::size_t&&) {
    before.push_back(i);
    return true;
  };
  CHECK_THROWS_WITH(cli::ordered_parallel_map<std::size_t>(100, jobs, 16, throws_at_9, record), "task 9");
  CHECK(before.size() == 9);

  // An exception from consume stops the map in the same way.
  std::vector<std::size_t> consumed;
  const std::function<bool(std::size_t, std::size_t&&)> consume_throws_at_7 = [&](std::size_t i, std::size_t&&) {
    if (i == 7) throw std::runtime_error("consume 7");
    consumed.push_back(i);
    return true;
  };
  CHECK_THROWS_WITH(cli::ordered_parallel_map<std::size_t>(100, jobs, 16, task, consume_throws_at_7), "consume 7");
  CHECK(consumed == std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6});
}

TEST_CASE("the progress line shows documents, megabytes, rate and ETA, and nothing when disabled", "[cli][scale]") {
  namespace cli = newsgraph::cli;
  std::ostringstream out;
  {
    cli::ProgressBar bar(out, 10, 10'000'000, true);
    for (int i = 0; i < 4; ++i) bar.advance(1'000'000);
    CHECK(bar.line(2.0) == "  4/10 docs  4.0 MB  2.0 MB/s  ETA 0:03");
    for (int i = 0; i < 6; ++i) bar.advance(1'000'000);
    CHECK(bar.line(5.0) == "  10/10 docs  10.0 MB  2.0 MB/s");
  }
  CHECK(out.str().find("10/10 docs") != std::string::npos);  // the last one is always drawn
  CHECK(out.str().substr(out.str().size() - 4) == "\r\x1b[K");  // and erased at the end
  std::ostringstream quiet;
  {
    cli::ProgressBar bar(quiet, 3, 30, false);
    for (int i = 0; i < 3; ++i) bar.advance(10);
  }
  CHECK(quiet.str().empty());
}
