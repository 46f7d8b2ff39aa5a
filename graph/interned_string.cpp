#include "graph/interned_string.h"

#include <array>
#include <atomic>
#include <cstring>
#include <mutex>
#include <new>
#include <stdexcept>
#include <unordered_set>

namespace newsgraph::graph {

// Allocated with its text right behind it (one allocation per distinct text, no std::string inside).
struct InternedString::Entry {
  std::atomic<std::uint32_t> references;
  std::uint32_t size;
  std::size_t hash;
  char* text() { return reinterpret_cast<char*>(this + 1); }
  std::string_view view() { return {text(), size}; }
};

namespace {

using Entry = InternedString::Entry;

// The table finds an entry by its text without building one: a Probe (hash, text) is looked up.
struct Probe {
  std::size_t hash;
  std::string_view text;
};
struct EntryHash {
  using is_transparent = void;
  std::size_t operator()(const Entry* e) const noexcept { return e->hash; }
  std::size_t operator()(const Probe& p) const noexcept { return p.hash; }
};
struct EntryEqual {
  using is_transparent = void;
  bool operator()(Entry* a, Entry* b) const noexcept { return a == b || a->view() == b->view(); }
  bool operator()(const Probe& p, Entry* e) const noexcept { return p.text == e->view(); }
  bool operator()(Entry* e, const Probe& p) const noexcept { return p.text == e->view(); }
};

// The table of distinct texts, in shards so that threads rarely wait for each other. An entry is in its
// shard exactly while its reference count is above zero: a lookup that takes a new reference and the
// decrement to zero both happen under the shard's mutex, so no lookup can find an entry being freed.
struct Shard {
  std::mutex mutex;
  std::unordered_set<Entry*, EntryHash, EntryEqual> entries;  // one per distinct text
};
constexpr std::size_t kShards = 64;

std::array<Shard, kShards>& shards() {
  static auto* table = new std::array<Shard, kShards>();  // never destroyed: strings may outlive main()
  return *table;
}

Shard& shard_of(std::size_t hash) { return shards()[(hash >> 7) % kShards]; }

Entry* find_or_add(std::string_view text) {
  if (text.size() > UINT32_MAX) throw std::length_error("InternedString: text over 4 GiB");
  const std::size_t hash = std::hash<std::string_view>{}(text);
  Shard& shard = shard_of(hash);
  std::lock_guard lock(shard.mutex);
  if (auto it = shard.entries.find(Probe{hash, text}); it != shard.entries.end()) {
    (*it)->references.fetch_add(1, std::memory_order_relaxed);
    return *it;
  }
  void* memory = ::operator new(sizeof(Entry) + text.size() + 1);
  auto* entry = new (memory) Entry{{1}, static_cast<std::uint32_t>(text.size()), hash};
  if (!text.empty()) std::memcpy(entry->text(), text.data(), text.size());  // data() may be null when empty
  entry->text()[text.size()] = '\0';
  try {
    shard.entries.insert(entry);
  } catch (...) {
    ::operator delete(memory);
    throw;
  }
  return entry;
}

}  // namespace

InternedString::InternedString(std::string_view text) : entry_(text.empty() ? nullptr : find_or_add(text)) {}

InternedString::InternedString(const InternedString& other) noexcept : entry_(other.entry_) {
  if (entry_) entry_->references.fetch_add(1, std::memory_order_relaxed);
}

InternedString& InternedString::operator=(const InternedString& other) noexcept {
  if (entry_ != other.entry_) {
    if (other.entry_) other.entry_->references.fetch_add(1, std::memory_order_relaxed);
    release();
    entry_ = other.entry_;
  }
  return *this;
}

InternedString& InternedString::operator=(InternedString&& other) noexcept {
  if (this != &other) {
    release();
    entry_ = other.entry_;
    other.entry_ = nullptr;
  }
  return *this;
}

const char* InternedString::data() const noexcept { return entry_ ? entry_->text() : ""; }
std::size_t InternedString::size() const noexcept { return entry_ ? entry_->size : 0; }

void InternedString::release() noexcept {
  Entry* entry = entry_;
  entry_ = nullptr;
  if (!entry) return;
  // Not the last reference: drop it without the lock (a copy can only be made from a live reference,
  // so the count cannot climb back from zero behind us).
  for (std::uint32_t n = entry->references.load(std::memory_order_relaxed); n > 1;)
    if (entry->references.compare_exchange_weak(n, n - 1, std::memory_order_acq_rel, std::memory_order_relaxed)) return;
  // Maybe the last: decide under the shard's lock, where lookups that would take a new reference wait.
  Shard& shard = shard_of(entry->hash);
  std::lock_guard lock(shard.mutex);
  if (entry->references.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  shard.entries.erase(entry);
  entry->~Entry();
  ::operator delete(entry);
}

std::size_t InternedString::distinct_count() {
  std::size_t n = 0;
  for (auto& shard : shards()) {
    std::lock_guard lock(shard.mutex);
    n += shard.entries.size();
  }
  return n;
}

}  // namespace newsgraph::graph
