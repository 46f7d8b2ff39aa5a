#pragma once
// Helpers shared by the test suites: where the sources and the built executable are, temporary
// directories, running the CLI and capturing its output.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace newsgraph::testing {

inline std::filesystem::path source_dir() { return NEWSGRAPH_SOURCE_DIR; }
inline std::filesystem::path binary() { return NEWSGRAPH_BINARY; }

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
}

// A fresh directory under the build tree, removed and recreated for each call with the same name.
inline std::filesystem::path temp_dir(const std::string& name) {
  const char* base = std::getenv("NEWSGRAPH_TEST_TMP");
  std::filesystem::path dir = std::filesystem::path(base ? base : "/tmp/newsgraph-tests") / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

struct RunResult {
  int status = -1;
  std::string out;
  std::string err;
};

// Runs a shell command line, capturing stdout and stderr into files under `dir`.
inline RunResult run(const std::string& command, const std::filesystem::path& dir) {
  const auto out = dir / "stdout.txt", err = dir / "stderr.txt";
  const std::string line = command + " >" + out.string() + " 2>" + err.string();
  const int raw = std::system(line.c_str());
  RunResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

// "build/newsgraph" quoted for the shell.
inline std::string newsgraph() { return "'" + binary().string() + "'"; }

// The samples/*.txt paths, sorted (or reversed), each quoted for the shell and preceded by a space.
inline std::string sample_arguments(bool reversed = false) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(source_dir() / "samples"))
    if (e.path().extension() == ".txt") files.push_back("'" + e.path().string() + "'");
  std::sort(files.begin(), files.end());
  if (reversed) std::reverse(files.begin(), files.end());
  std::string out;
  for (const auto& f : files) out += " " + f;
  return out;
}

}  // namespace newsgraph::testing
