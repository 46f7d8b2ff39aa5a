// The progress bar and the default thread count of parallel builds (see cli/parallel_build.h).
#include "cli/parallel_build.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "graph/diagnostic.h"

namespace newsgraph::cli {

unsigned default_jobs() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

void read_line_batches(const std::string& path, std::size_t size,
                       const std::function<void(std::vector<std::string>&, const std::vector<std::size_t>&)>& batch) {
  std::ifstream file;
  if (path != "-") {
    // The messages of read_input_file (cli/graph_io.cpp), which the other inputs go through.
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw graph::InputError(path, "cannot read the file: it is a directory");
    file.open(path, std::ios::binary);
    if (!file) throw graph::InputError(path, std::string("cannot read the file: ") + std::strerror(errno));
  }
  read_line_batches(path == "-" ? std::cin : file, path == "-" ? "<stdin>" : path, size, batch);
}

void read_line_batches(std::istream& in, const std::string& shown, std::size_t size,
                       const std::function<void(std::vector<std::string>&, const std::vector<std::size_t>&)>& batch) {
  std::vector<std::string> lines;
  std::vector<std::size_t> numbers;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // A byte order mark before the first line (Windows tools write one) is not part of its JSON.
    if (number == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    lines.push_back(std::move(line));
    numbers.push_back(number);
    if (lines.size() >= size) {
      batch(lines, numbers);
      lines.clear();
      numbers.clear();
    }
  }
  if (in.bad()) throw graph::InputError(shown, "read error");
  if (!lines.empty()) batch(lines, numbers);
}

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

ProgressBar::ProgressBar(std::ostream& out, std::size_t total_items, std::size_t total_bytes, bool enabled)
    : out_(out),
      total_items_(total_items),
      total_bytes_(total_bytes),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

ProgressBar::~ProgressBar() { clear(); }

void ProgressBar::advance(std::size_t bytes) {
  ++items_;
  bytes_ += bytes;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100) && items_ < total_items_) return;
  last_draw_ = now;
  draw();
}

void ProgressBar::clear() {
  if (!enabled_ || !drawn_) return;
  out_ << "\r\x1b[K" << std::flush;
  drawn_ = false;
}

std::string ProgressBar::line(double elapsed) const {
  const double mb = static_cast<double>(bytes_) / 1e6;
  const double rate = elapsed > 0 ? mb / elapsed : 0.0;
  char buffer[160];
  int n = std::snprintf(buffer, sizeof buffer, "  %zu/%zu docs  %.1f MB  %.1f MB/s", items_, total_items_, mb, rate);
  std::string out(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
  if (rate > 0 && total_bytes_ > bytes_) {
    const auto eta = static_cast<long>(static_cast<double>(total_bytes_ - bytes_) / 1e6 / rate + 0.5);
    n = std::snprintf(buffer, sizeof buffer, "  ETA %ld:%02ld", eta / 60, eta % 60);
    out.append(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
  }
  return out;
}

void ProgressBar::draw() {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  out_ << "\r\x1b[K" << line(elapsed) << std::flush;
  drawn_ = true;
}

}  // namespace newsgraph::cli
