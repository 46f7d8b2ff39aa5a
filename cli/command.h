#pragma once
// The command line is a thin layer: each subcommand lives in its own file (cli/<name>_command.cpp),
// registers its options on the root CLI11 app, and when the user picks it, stores in `run` the function
// that executes it. Exit status: 0 ok, 1 bad input (a diagnostic was printed), 2 usage error.
//
//   void add_query_command(CLI::App& root, Runner& run) {
//     auto* sub = root.add_subcommand("query", "Run a Cypher-style query over a graph");
//     auto opts = std::make_shared<QueryOptions>();
//     sub->add_option("graph", opts->graph)->required();
//     sub->callback([&run, opts] { run = [opts] { return run_query(*opts); }; });
//   }

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <string_view>

#include "graph/knowledge_graph.h"

namespace newsgraph::cli {

using Runner = std::function<int()>;

enum ExitStatus : int { kOk = 0, kBadInput = 1, kUsage = 2 };

// Registered by cli/main.cpp, one per file.
void add_build_command(CLI::App& root, Runner& run);    // cli/build_command.cpp
void add_convert_command(CLI::App& root, Runner& run);  // cli/convert_command.cpp
void add_lint_command(CLI::App& root, Runner& run);     // cli/lint_command.cpp
void add_query_command(CLI::App& root, Runner& run);    // cli/query_command.cpp
void add_export_command(CLI::App& root, Runner& run);   // cli/export_command.cpp
void add_render_command(CLI::App& root, Runner& run);   // cli/render_command.cpp
void add_explain_command(CLI::App& root, Runner& run);  // cli/explain_command.cpp
void add_extract_command(CLI::App& root, Runner& run);  // cli/extract_command.cpp
void add_merge_command(CLI::App& root, Runner& run);    // cli/merge_command.cpp
void add_report_command(CLI::App& root, Runner& run);   // cli/report_command.cpp

// Reads a JSON-LD graph written by newsgraph; throws graph::InputError naming the file.
graph::KnowledgeGraph read_graph_file(const std::string& path);
// Reads a whole file (or stdin for "-"); throws graph::InputError naming the file on failure.
std::string read_input_file(const std::string& path);
// Writes `content` to `path` whole or not at all ("-" = stdout); throws graph::InputError on failure.
void write_output(const std::string& path, std::string_view content);

// For a graph whose command is done and whose process is about to exit: destroying a graph of millions of
// mentions frees each of them, one by one on one thread (a twentieth of the wall time of a two-core build,
// after every output is written); the operating system takes the memory back at once. Sanitizer builds
// destroy it as usual, so that leak checks still account for every allocation.
#if defined(__SANITIZE_ADDRESS__)
#define NEWSGRAPH_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NEWSGRAPH_ADDRESS_SANITIZER 1
#endif
#endif
inline void leave_to_exit(graph::KnowledgeGraph&& finished) {
#ifdef NEWSGRAPH_ADDRESS_SANITIZER
  const graph::KnowledgeGraph destroyed_here = std::move(finished);
#else
  new graph::KnowledgeGraph(std::move(finished));  // never deleted, on purpose
#endif
}

}  // namespace newsgraph::cli
