#include "graph/interned_string.h"

#include <array>
#include <atomic>
#include <cstring>
#include <mutex>
#include <new>
#include <stdexcept>
#include <vector>

namespace newsgraph::graph {

namespace {

using Entry = InternedString::Entry;

// The table of distinct texts, in shards so that threads rarely wait for each other. An entry is in its
// shard exactly while its reference count is above zero: a lookup that takes a new reference and the
// decrement to zero both happen under the shard's mutex, so no lookup can find an entry being freed.
//
// Each shard is an open-addressing table (linear probing, at most half full, deletion by backward shift)
// of (hash, entry) slots: a lookup reads a slot or two of one cache line and, when a hash matches, the
// entry's text. A std::unordered_set walked a bucket, its node chain and each node's entry (for the hash)
// first; that chain walk was most of interning, which a build does for every mention and evidence text.
class Shard {
 public:
  std::mutex mutex;

  Entry* find(std::size_t hash, std::string_view text) const noexcept {
    if (slots_.empty()) return nullptr;
    for (std::size_t i = home(hash);; i = next(i)) {
      const Slot& slot = slots_[i];
      if (!slot.entry) return nullptr;
      if (slot.hash == hash && slot.entry->view() == text) return slot.entry;
    }
  }
  // `entry`'s text must not be in the table yet.
  void insert(Entry* entry) {
    if (2 * (count_ + 1) > slots_.size()) grow();
    place({entry->hash, entry});
    ++count_;
  }
  void erase(const Entry* entry) noexcept {
    std::size_t i = home(entry->hash);
    while (slots_[i].entry != entry) i = next(i);
    // Backward shift: move later slots of the run into the hole when their home is not between the hole
    // and them, so that no lookup meets an empty slot before its entry.
    for (std::size_t j = next(i); slots_[j].entry; j = next(j)) {
      const std::size_t k = home(slots_[j].hash);
      const bool stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
      if (!stays) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i] = {};
    --count_;
  }
  std::size_t size() const noexcept { return count_; }

 private:
  struct Slot {
    std::size_t hash = 0;
    Entry* entry = nullptr;  // nullptr: empty
  };
  // The shard was chosen by bits 7-12 of the hash (shard_of): the slot comes from the bits above them.
  std::size_t home(std::size_t hash) const noexcept { return (hash >> 13) & (slots_.size() - 1); }
  std::size_t next(std::size_t i) const noexcept { return (i + 1) & (slots_.size() - 1); }
  // Into the first empty slot from its home.
  void place(const Slot& slot) noexcept {
    std::size_t i = home(slot.hash);
    while (slots_[i].entry) i = next(i);
    slots_[i] = slot;
  }
  void grow() {
    std::vector<Slot> old(slots_.empty() ? 64 : 2 * slots_.size());
    old.swap(slots_);
    for (const Slot& slot : old)
      if (slot.entry) place(slot);
  }

  std::vector<Slot> slots_;  // a power of two in size, or empty
  std::size_t count_ = 0;
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
  if (Entry* found = shard.find(hash, text)) {
    found->references.fetch_add(1, std::memory_order_relaxed);
    return found;
  }
  void* memory = ::operator new(sizeof(Entry) + text.size() + 1);
  auto* entry = new (memory) Entry{{1}, static_cast<std::uint32_t>(text.size()), hash};
  if (!text.empty()) std::memcpy(entry->text(), text.data(), text.size());  // data() may be null when empty
  entry->text()[text.size()] = '\0';
  try {
    shard.insert(entry);
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
  shard.erase(entry);
  entry->~Entry();
  ::operator delete(entry);
}

std::size_t InternedString::distinct_count() {
  std::size_t n = 0;
  for (auto& shard : shards()) {
    std::lock_guard lock(shard.mutex);
    n += shard.size();
  }
  return n;
}

}  // namespace newsgraph::graph
