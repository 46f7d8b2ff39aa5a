#pragma once
// Writing an output file whole or not at all: the content goes to a temporary file in the target's
// directory, is flushed and fsync'ed, then renamed over the target. A reader of the target sees either
// the previous file or the new one, never a half-written graph, even if newsgraph is killed mid-write.
//
//   exporters::write_file_atomically("out/graph.jsonld", exporters::write_jsonld(graph));
//
//   exporters::AtomicFile file("out/graph.jsonld");   // the same, written piece by piece
//   exporters::write_jsonld(graph, [&](std::string_view piece) { file.write(piece); });
//   file.commit();                                    // without commit() the target is left as it was
//
// On any failure (missing directory, no permission, disk full, the target is a directory) the
// temporary file is removed, the previous target is left as it was, and graph::InputError is thrown
// naming the path and the operating system's reason. The directory is not created.

#include <filesystem>
#include <string_view>

namespace newsgraph::exporters {

// A temporary file next to `target` that replaces it on commit(); destroyed uncommitted (an exception
// while writing), it is removed and the target is untouched. Every method throws graph::InputError.
class AtomicFile {
 public:
  explicit AtomicFile(const std::filesystem::path& target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view content);
  // Keeps the permission bits of an existing target; a new file gets 0666 minus the umask.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path path_;
  int fd_ = -1;
  bool committed_ = false;
};

// Keeps the permission bits of an existing target; a new file gets 0666 minus the umask.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace newsgraph::exporters
