// write_file_atomically and AtomicFile: the target holds the old content or the new one, never a part,
// and no temporary file is left behind whatever happens.
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "export/output_file.h"
#include "graph/diagnostic.h"
#include "tests/test_support.h"

namespace {

using newsgraph::exporters::write_file_atomically;
namespace fs = std::filesystem;
namespace testing = newsgraph::testing;

std::size_t entries(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

// Lowers the file size limit for the life of the object, so that write(2) fails with EFBIG.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit lower = saved_;
    lower.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &lower);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_handler_);
  }

 private:
  rlimit saved_{};
  void (*previous_handler_)(int) = nullptr;
};

}  // namespace

TEST_CASE("write_file_atomically writes and replaces files", "[export][output]") {
  const auto dir = testing::temp_dir("output_file_ok");
  const auto target = dir / "graph.jsonld";
  write_file_atomically(target, "first\n");
  CHECK(testing::read_file(target) == "first\n");
  write_file_atomically(target, "السوداني\n");
  CHECK(testing::read_file(target) == "السوداني\n");
  write_file_atomically(target, "");
  CHECK(testing::read_file(target).empty());
  CHECK(entries(dir) == 1);  // no temporary file left

  SECTION("the permissions of an existing file are kept") {
    fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    write_file_atomically(target, "again");
    CHECK(testing::read_file(target) == "again");
    CHECK((fs::status(target).permissions() & fs::perms::all) ==
          (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
  }
  SECTION("a relative path in the current directory") {
    const auto cwd = fs::current_path();
    fs::current_path(dir);
    write_file_atomically("plain.txt", "x");
    fs::current_path(cwd);
    CHECK(testing::read_file(dir / "plain.txt") == "x");
  }
}

TEST_CASE("write_file_atomically fails cleanly", "[export][output]") {
  const auto dir = testing::temp_dir("output_file_errors");

  SECTION("the target directory is missing: an error naming the path, nothing written") {
    const auto target = dir / "missing" / "graph.jsonld";
    try {
      write_file_atomically(target, "content");
      FAIL("no error");
    } catch (const newsgraph::graph::InputError& e) {
      CHECK(e.diagnostic().path == target.string());
      CHECK(e.diagnostic().message.find("No such file or directory") != std::string::npos);
    }
    CHECK_FALSE(fs::exists(dir / "missing"));
    CHECK(entries(dir) == 0);
  }
  SECTION("the target is a directory: it is left alone") {
    const auto target = dir / "out";
    testing::write_file(target / "inside.txt", "keep");
    CHECK_THROWS_AS(write_file_atomically(target, "content"), newsgraph::graph::InputError);
    CHECK(fs::is_directory(target));
    CHECK(testing::read_file(target / "inside.txt") == "keep");
    CHECK(entries(dir) == 1);
  }
  SECTION("a write fails halfway: the previous file is kept and the temporary removed") {
    const auto target = dir / "graph.jsonld";
    testing::write_file(target, "previous");
    const std::string big(64 * 1024, 'x');
    try {
      FileSizeLimit limit(4096);
      write_file_atomically(target, big);
      FAIL("no error although the file size limit is 4096 bytes");
    } catch (const newsgraph::graph::InputError& e) {
      CHECK(e.diagnostic().path == target.string());
      CHECK(e.diagnostic().message.find("File too large") != std::string::npos);
    }
    CHECK(testing::read_file(target) == "previous");
    CHECK(entries(dir) == 1);
  }
}

TEST_CASE("AtomicFile replaces the target only on commit", "[export][output]") {
  const auto dir = testing::temp_dir("output_file_streamed");
  const auto target = dir / "graph.jsonld";
  testing::write_file(target, "previous");
  SECTION("written in pieces, then committed") {
    newsgraph::exporters::AtomicFile file(target);
    file.write("first ");
    file.write("السوداني ");
    CHECK(testing::read_file(target) == "previous");  // not yet
    CHECK(entries(dir) == 2);                          // the target and the temporary file
    file.write("last\n");
    file.commit();
    CHECK(testing::read_file(target) == "first السوداني last\n");
    CHECK(entries(dir) == 1);
    CHECK_THROWS_AS(file.commit(), std::logic_error);
    CHECK_THROWS_AS(file.write("more"), std::logic_error);
  }
  SECTION("abandoned (an exception while producing the content): the target is kept") {
    try {
      newsgraph::exporters::AtomicFile file(target);
      file.write("half of a graph");
      throw std::runtime_error("the writer failed");
    } catch (const std::runtime_error&) {
    }
    CHECK(testing::read_file(target) == "previous");
    CHECK(entries(dir) == 1);
  }
  SECTION("a missing directory is reported before anything is produced") {
    CHECK_THROWS_AS(newsgraph::exporters::AtomicFile(dir / "missing" / "g.jsonld"), newsgraph::graph::InputError);
    CHECK(entries(dir) == 1);
  }
}
