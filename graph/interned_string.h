#pragma once
// InternedString: an immutable string stored once per distinct text in the process, shared by every
// copy and every other InternedString of the same text. A graph of a million statements holds a few
// million mentions and evidence sentences, but few distinct texts among them (a document id repeated in
// every mention of the document, an entity's few surface forms, the same sentence as evidence of several
// statements): as std::string each would be 32 bytes plus its own heap copy; interned, it is a pointer.
//
//   graph::InternedString a = "السوداني", b = std::string("السوداني");
//   assert(a == b && a.data() == b.data());          // one copy of the text
//   std::string_view view = a;                        // reads like a string
//
// Comparisons are by text, byte by byte as std::string compares, so sorting is unchanged; equality of two
// InternedStrings is one pointer comparison. The text of an entry is freed with its last reference.
// Thread-safe: constructing, copying and destroying them from several threads at once is safe (the
// table of distinct texts is sharded, each shard behind its own mutex; copies only touch a counter).

#include <atomic>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace newsgraph::graph {

class InternedString {
 public:
  InternedString() noexcept = default;  // ""
  InternedString(std::string_view text);  // NOLINT: implicit, as std::string is from text
  InternedString(const std::string& text) : InternedString(std::string_view(text)) {}
  InternedString(const char* text) : InternedString(std::string_view(text)) {}
  InternedString(const InternedString& other) noexcept;
  InternedString(InternedString&& other) noexcept : entry_(other.entry_) { other.entry_ = nullptr; }
  InternedString& operator=(const InternedString& other) noexcept;
  InternedString& operator=(InternedString&& other) noexcept;
  // Most strings destroyed are empty or moved from: those skip the call.
  ~InternedString() {
    if (entry_) release();
  }

  std::string_view view() const noexcept { return entry_ ? std::string_view(data(), size()) : std::string_view(); }
  std::string str() const { return std::string(view()); }
  operator std::string_view() const noexcept { return view(); }  // NOLINT: reads as text
  operator std::string() const { return str(); }                // NOLINT

  const char* data() const noexcept;  // NUL-terminated
  const char* c_str() const noexcept { return data(); }
  std::size_t size() const noexcept;  // both in line below: every comparison and output of a text reads them
  std::size_t length() const noexcept { return size(); }
  bool empty() const noexcept { return entry_ == nullptr; }
  const char* begin() const noexcept { return data(); }
  const char* end() const noexcept { return data() + size(); }
  std::size_t find(std::string_view what, std::size_t from = 0) const noexcept { return view().find(what, from); }
  std::size_t rfind(std::string_view what, std::size_t from = std::string_view::npos) const noexcept {
    return view().rfind(what, from);
  }
  std::string substr(std::size_t from, std::size_t count = std::string_view::npos) const {
    return std::string(view().substr(from, count));
  }
  bool starts_with(std::string_view prefix) const noexcept { return view().starts_with(prefix); }
  bool ends_with(std::string_view suffix) const noexcept { return view().ends_with(suffix); }

  friend bool operator==(const InternedString& a, const InternedString& b) noexcept { return a.entry_ == b.entry_; }
  friend bool operator==(const InternedString& a, std::string_view b) noexcept { return a.view() == b; }
  friend bool operator==(const InternedString& a, const std::string& b) noexcept { return a.view() == b; }
  friend bool operator==(const InternedString& a, const char* b) noexcept { return a.view() == b; }
  friend std::strong_ordering operator<=>(const InternedString& a, const InternedString& b) noexcept {
    if (a.entry_ == b.entry_) return std::strong_ordering::equal;
    return a.view() <=> b.view();
  }
  friend std::strong_ordering operator<=>(const InternedString& a, std::string_view b) noexcept { return a.view() <=> b; }
  friend std::strong_ordering operator<=>(const InternedString& a, const std::string& b) noexcept {
    return a.view() <=> std::string_view(b);
  }
  friend std::strong_ordering operator<=>(const InternedString& a, const char* b) noexcept {
    return a.view() <=> std::string_view(b);
  }
  friend std::string operator+(const std::string& a, const InternedString& b) { return a + std::string(b.view()); }
  friend std::string operator+(const InternedString& a, const std::string& b) { return std::string(a.view()) + b; }
  friend std::string operator+(const char* a, const InternedString& b) { return a + std::string(b.view()); }
  friend std::string operator+(const InternedString& a, const char* b) { return std::string(a.view()) + b; }
  friend std::ostream& operator<<(std::ostream& out, const InternedString& s) { return out << s.view(); }

  // The number of distinct non-empty texts alive in the process (for tests).
  static std::size_t distinct_count();

  struct Entry;  // the shared text and its reference count (below)

 private:
  void release() noexcept;
  Entry* entry_ = nullptr;  // nullptr: the empty string
};

// The shared text, allocated with its characters right behind it (one allocation per distinct text).
struct InternedString::Entry {
  std::atomic<std::uint32_t> references;
  std::uint32_t size;
  std::size_t hash;
  char* text() noexcept { return reinterpret_cast<char*>(this + 1); }
  std::string_view view() noexcept { return {text(), size}; }
};

inline const char* InternedString::data() const noexcept { return entry_ ? entry_->text() : ""; }
inline std::size_t InternedString::size() const noexcept { return entry_ ? entry_->size : 0; }

}  // namespace newsgraph::graph

template <>
struct std::hash<newsgraph::graph::InternedString> {
  std::size_t operator()(const newsgraph::graph::InternedString& s) const noexcept {
    return std::hash<std::string_view>{}(s.view());
  }
};
