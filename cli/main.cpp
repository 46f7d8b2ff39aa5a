// newsgraph: Arabic news articles -> typed knowledge graph. A thin command line over the extract,
// graph and export libraries; every subcommand lives in its own cli/<name>_command.cpp.
#include <iostream>
#include <string>

#ifdef NEWSGRAPH_MIMALLOC
#include <mimalloc.h>
#endif

#include "cli/command.h"
#include "graph/diagnostic.h"

namespace {

// "newsgraph 0.1.0", and the allocator when it is not the C library's: it changes speed and memory, so
// a bug report or a benchmark figure should say which one ran.
std::string version() {
  std::string text = std::string("newsgraph ") + NEWSGRAPH_VERSION;
#ifdef NEWSGRAPH_MIMALLOC
  const int v = mi_version();  // 209 is 2.0.9
  text += " (mimalloc " + std::to_string(v / 100) + "." + std::to_string(v / 10 % 10) + "." +
          std::to_string(v % 10) + ")";
#endif
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace newsgraph;
  CLI::App app{"newsgraph: turns Arabic news articles into a typed knowledge graph"};
  app.set_version_flag("--version", version());
  app.require_subcommand(1);
  cli::Runner run;
  // Subcommands, one per file.
  cli::add_build_command(app, run);
  cli::add_convert_command(app, run);
  cli::add_lint_command(app, run);
  cli::add_query_command(app, run);
  cli::add_export_command(app, run);
  cli::add_render_command(app, run);
  cli::add_explain_command(app, run);
  cli::add_extract_command(app, run);
  cli::add_merge_command(app, run);
  cli::add_report_command(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int status = app.exit(e);
    return status == 0 ? cli::kOk : cli::kUsage;
  }
  try {
    return run ? run() : cli::kUsage;
  } catch (const graph::InputError& e) {
    std::cerr << "newsgraph: " << e.diagnostic().format() << "\n";
    return cli::kBadInput;
  } catch (const std::exception& e) {
    std::cerr << "newsgraph: error: " << e.what() << "\n";
    return cli::kBadInput;
  }
}
