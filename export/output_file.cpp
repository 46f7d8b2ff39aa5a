#include "export/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "graph/diagnostic.h"

namespace newsgraph::exporters {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, int error) {
  throw graph::InputError(path.string(), "cannot write the file: " + what + ": " + std::strerror(error));
}

}  // namespace

AtomicFile::AtomicFile(const std::filesystem::path& target) : target_(target) {
  if (target.empty()) throw graph::InputError("<output>", "cannot write the file: empty path");
  static std::atomic<unsigned> counter{0};
  const auto dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  for (int attempt = 0; attempt < 100; ++attempt) {
    path_ = dir / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                   std::to_string(counter++));
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ >= 0 || errno != EEXIST) break;
  }
  if (fd_ < 0) fail(target_, "cannot create a temporary file in " + dir.string(), errno);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(path_.c_str());
}

void AtomicFile::write(std::string_view content) {
  if (fd_ < 0) throw std::logic_error("AtomicFile::write after commit");
  while (!content.empty()) {
    const ::ssize_t n = ::write(fd_, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail(target_, "write failed", n < 0 ? errno : EIO);
    content.remove_prefix(static_cast<std::size_t>(n));
  }
}

void AtomicFile::commit() {
  if (fd_ < 0) throw std::logic_error("AtomicFile::commit called twice");
  struct stat existing;
  if (::stat(target_.c_str(), &existing) == 0 && S_ISREG(existing.st_mode))
    if (::fchmod(fd_, existing.st_mode & 07777) != 0) fail(target_, "cannot set permissions", errno);
  if (::fsync(fd_) != 0) fail(target_, "fsync failed", errno);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail(target_, "close failed", errno);
  if (::rename(path_.c_str(), target_.c_str()) != 0) fail(target_, "cannot replace the file", errno);
  committed_ = true;
  // Make the rename itself durable; the new file is in place either way, so errors are not fatal.
  const auto dir = target_.has_parent_path() ? target_.parent_path() : std::filesystem::path(".");
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  AtomicFile file(path);
  file.write(content);
  file.commit();
}

}  // namespace newsgraph::exporters
