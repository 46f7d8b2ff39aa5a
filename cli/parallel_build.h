#pragma once
// Parallel map with in-order delivery, and the progress bar of long builds.
//
// ordered_parallel_map runs `task(i)` for i in [0, count) on `jobs` threads and hands each result to
// `consume(i, result)` in input order (0, 1, 2, ...), one call at a time, whatever order the tasks finish
// in; so everything the caller does with the results (merging into a graph, printing messages, stopping
// at the first bad article) is exactly what a sequential loop would do, and the output of
// `newsgraph build -j 4` is byte-identical to `-j 1`. `consume` runs on the worker threads (each call
// sees everything the calls before it did), never two at once; the calling thread waits. At most
// `window` results wait for delivery, which bounds memory on huge inputs. `consume` returning false
// stops the map (no new task starts).
//
//   cli::ordered_parallel_map<graph::DocumentGraph>(paths.size(), jobs, 64,
//       [&](std::size_t i) { return extractor.extract(ids[i], texts[i]); },   // any thread
//       [&](std::size_t, graph::DocumentGraph&& dg) { graph.add(dg); return true; });  // one at a time
//
// `task` must be safe to call concurrently; an exception escaping it (or `consume`) stops the map when
// its result's turn comes (after the earlier results were consumed) and is rethrown on the calling thread.
//
// ProgressBar draws "  120/5000 docs  3.4 MB  21.5 MB/s  ETA 0:12" on one stderr line, refreshed at
// most ten times a second, only when enabled (the CLI enables it when stderr is a terminal and
// --quiet is not given), and erases itself when finished.
//
// read_line_batches feeds JSON Lines files to the map in bounded batches (extract, merge).

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <istream>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

namespace newsgraph::cli {

// The number of threads `-j` means by default: the hardware's, at least 1.
unsigned default_jobs();

template <class Result>
void ordered_parallel_map(std::size_t count, unsigned jobs, std::size_t window,
                          const std::function<Result(std::size_t)>& task,
                          const std::function<bool(std::size_t, Result&&)>& consume) {
  if (jobs <= 1 || count <= 1) {
    for (std::size_t i = 0; i < count; ++i)
      if (!consume(i, task(i))) return;
    return;
  }
  if (window < jobs) window = jobs;
  struct Slot {
    std::optional<Result> result;
    std::exception_ptr error;
  };
  std::mutex mutex;
  std::condition_variable space;  // a result was consumed (workers wait for window space)
  std::map<std::size_t, Slot> done;
  std::size_t next_task = 0, next_consume = 0;
  bool stop = false;
  bool consuming = false;        // a worker is handing results to `consume`
  std::exception_ptr failure;    // from a task in its turn, or from `consume`: rethrown by the caller

  // The worker that finishes a result, if no other is consuming, consumes every result ready in order,
  // the lock released around each call. No thread only waits to consume: with one consuming thread beside
  // `jobs` workers, a two-core build ran three threads on two cores, and the switches between them cost
  // a tenth of its CPU time. A worker that finds another consuming leaves its result to it: that one takes
  // the lock again after each call and sees every result added meanwhile.
  auto worker = [&] {
    for (;;) {
      std::size_t i;
      {
        std::unique_lock lock(mutex);
        space.wait(lock, [&] { return stop || next_task >= count || next_task < next_consume + window; });
        if (stop || next_task >= count) return;
        i = next_task++;
      }
      Slot slot;
      try {
        slot.result.emplace(task(i));
      } catch (...) {
        slot.error = std::current_exception();
      }
      std::unique_lock lock(mutex);
      done.emplace(i, std::move(slot));
      if (consuming) continue;
      consuming = true;
      for (auto it = done.find(next_consume); !stop && it != done.end(); it = done.find(next_consume)) {
        Slot ready = std::move(it->second);
        done.erase(it);
        const std::size_t index = next_consume;
        lock.unlock();
        bool go_on = false;
        std::exception_ptr error = ready.error;
        if (!error) {
          try {
            go_on = consume(index, std::move(*ready.result));
          } catch (...) {
            error = std::current_exception();
          }
        }
        ready.result.reset();  // what consume left of it is freed outside the lock
        lock.lock();
        ++next_consume;
        if (error) failure = error;
        if (!go_on) stop = true;
        space.notify_all();
      }
      consuming = false;
    }
  };
  // Every result is consumed when the last worker returns: a worker leaves its result to another only
  // while that one is consuming, and a consuming worker looks for the next result before it stops.
  std::vector<std::thread> threads;
  threads.reserve(jobs);
  try {
    for (unsigned t = 0; t < jobs; ++t) threads.emplace_back(worker);
  } catch (...) {
    {
      std::lock_guard lock(mutex);
      stop = true;
    }
    space.notify_all();
    for (auto& t : threads) t.join();
    throw;
  }
  for (auto& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

class ProgressBar {
 public:
  // `total_items` and `total_bytes` are what 100% means; `enabled` false makes every call a no-op.
  ProgressBar(std::ostream& out, std::size_t total_items, std::size_t total_bytes, bool enabled);
  ~ProgressBar();  // erases the line
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // One more item of `bytes` is done; redraws when the last drawing is 100 ms old.
  void advance(std::size_t bytes);
  // Erases the bar (before printing a message, and at the end).
  void clear();
  // The line as it would be drawn now (for tests).
  std::string line(double elapsed_seconds) const;

 private:
  void draw();
  std::ostream& out_;
  std::size_t total_items_, total_bytes_;
  bool enabled_;
  std::size_t items_ = 0, bytes_ = 0;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

// Reads `path` ("-" = stdin) and calls `batch(lines, line_numbers)` with up to `size` non-blank lines at a
// time (a trailing CR and a byte order mark before the first line removed; numbers 1-based). Throws graph::InputError naming the file if it cannot
// be opened or read.
void read_line_batches(const std::string& path, std::size_t size,
                       const std::function<void(std::vector<std::string>&, const std::vector<std::size_t>&)>& batch);
// The same over an open stream (tests/fuzz/fuzz_jsonl.cpp feeds it from memory); `shown` names it.
void read_line_batches(std::istream& in, const std::string& shown, std::size_t size,
                       const std::function<void(std::vector<std::string>&, const std::vector<std::size_t>&)>& batch);

// True when stderr is a terminal (the progress bar's default).
bool stderr_is_terminal();

}  // namespace newsgraph::cli
