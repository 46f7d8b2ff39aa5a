// newsgraph lint [DIR] : validate lexicon files (schema and semantic checks), errors as file:line:col.
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "extract/lexicon.h"

namespace newsgraph::cli {

void add_lint_command(CLI::App& root, Runner& run) {
  auto dir = std::make_shared<std::string>("extract/lexicons");
  auto* sub = root.add_subcommand("lint", "Validate lexicon files against their schemas and each other");
  sub->footer("Checks entities.json, offices.json, triggers.json, cues.json, folding.json, particles.json and\n"
              "months.json in DIR (default extract/lexicons);\n"
              "a file absent from DIR is taken from the built-in lexicon. Exit status 1 when a problem is found.");
  sub->add_option("dir", *dir, "Directory of lexicon files");
  sub->callback([&run, dir] {
    run = [dir] {
      const auto problems = extract::Lexicon::lint(*dir);
      for (const auto& p : problems) std::cerr << p.format() << "\n";
      if (problems.empty()) std::cout << *dir << ": lexicon files are valid\n";
      return problems.empty() ? kOk : kBadInput;
    };
  });
}

}  // namespace newsgraph::cli
