#include "graph/json_input.h"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>

#include <vector>

#include "graph/utf8.h"

namespace newsgraph::graph::json {
namespace {

// Walks the document with RapidJSON's SAX reader, tracking the JSON Pointer of each value, and records
// where the target (or its deepest existing ancestor) starts.
class PointerLocator : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, PointerLocator> {
 public:
  PointerLocator(const rapidjson::StringStream& stream, const char* base, std::string target)
      : stream_(stream), base_(base), target_(std::move(target)) {}

  bool Default() { return value(false); }
  bool StartObject() { value(true); frames_.push_back({false, 0, ""}); return true; }
  bool EndObject(rapidjson::SizeType) { frames_.pop_back(); return advance(); }
  bool StartArray() { value(true); frames_.push_back({true, 0, ""}); return true; }
  bool EndArray(rapidjson::SizeType) { frames_.pop_back(); return advance(); }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    frames_.back().key.assign(s, n);
    key_offset_ = offset();
    return true;
  }
  std::size_t found() const { return found_; }

 private:
  struct Frame {
    bool array;
    std::size_t index;
    std::string key;
  };

  std::size_t offset() const { return static_cast<std::size_t>(stream_.src_ - base_); }

  std::string current() const {
    std::string p;
    for (const auto& f : frames_) p += "/" + (f.array ? std::to_string(f.index) : pointer_token(f.key));
    return p;
  }

  bool value(bool container) {
    const std::string here = current();
    // A member is reported at its key; an array element where it starts (just before the container's
    // opening bracket, or at the end of a scalar).
    std::size_t at = (!frames_.empty() && !frames_.back().array) ? key_offset_ : offset() - (container ? 1 : 0);
    if (here == target_ || (target_.compare(0, here.size(), here) == 0 &&
                            (target_.size() == here.size() || target_[here.size()] == '/') &&
                            here.size() >= best_depth_)) {
      best_depth_ = here.size();
      found_ = at;
    }
    return container ? true : advance();
  }

  bool advance() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    return true;
  }

  const rapidjson::StringStream& stream_;
  const char* base_;
  std::string target_;
  std::vector<Frame> frames_;
  std::size_t key_offset_ = 0;
  std::size_t found_ = 0;
  std::size_t best_depth_ = 0;
};

}  // namespace

std::string pointer_token(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

namespace {

// RapidJSON parses, validates, walks and frees a document recursively: "[[[[..." a million levels deep
// would overflow the stack. No newsgraph file nests more than a few levels, so refuse deep input first.
constexpr std::size_t kMaxJsonDepth = 256;

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// The value of the \uXXXX escape at text[i] ('\\'), or -1 when it is not one.
long hex_escape(std::string_view text, std::size_t i) {
  if (i + 6 > text.size() || text[i + 1] != 'u') return -1;
  long v = 0;
  for (std::size_t k = i + 2; k < i + 6; ++k) {
    if (!is_hex(text[k])) return -1;
    v = v * 16 + (text[k] <= '9' ? text[k] - '0' : (text[k] | 0x20) - 'a' + 10);
  }
  return v;
}

// What RapidJSON does not refuse itself, found in one pass over the text before parsing: nesting deeper
// than kMaxJsonDepth, and an escaped UTF-16 low surrogate (\uDC00-\uDFFF) that does not follow a high
// one. RapidJSON 1.1.0 refuses a lone high surrogate but encodes a lone low one as the three bytes of a
// surrogate: a string newsgraph would keep and then write out as invalid UTF-8.
void check_structure(std::string_view path, std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  std::size_t after_high_surrogate = std::string_view::npos;  // where an escaped high surrogate ends
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '"') {
        in_string = false;
      } else if (c == '\\') {
        const long u = hex_escape(text, i);
        if (u >= 0xDC00 && u <= 0xDFFF && i != after_high_surrogate)
          throw InputError(diagnose_at(path, text, i,
                                       "invalid JSON: the escape of a UTF-16 low surrogate without a high one before "
                                       "it is not a character",
                                       6));
        if (u >= 0xD800 && u <= 0xDBFF) after_high_surrogate = i + 6;
        i += u >= 0 ? 5 : 1;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth)
        throw InputError(diagnose_at(path, text, i,
                                     "invalid JSON: nested too deeply (more than " + std::to_string(kMaxJsonDepth) +
                                         " levels of arrays and objects)",
                                     1));
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
}

// A leading byte order mark: RFC 8259 lets a parser ignore it, and Windows editors write one. It is
// skipped, and every offset stays an offset of the file.
std::size_t bom_size(std::string_view text) { return text.starts_with("\xEF\xBB\xBF") ? 3 : 0; }

}  // namespace

rapidjson::Document parse(std::string_view path, std::string_view text, Numbers numbers) {
  check_utf8(text, path);
  check_structure(path, text);
  const std::size_t skip = bom_size(text);
  const std::string_view json = text.substr(skip);
  rapidjson::Document doc;
  if (numbers == Numbers::FullPrecision)
    doc.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseFullPrecisionFlag>(json.data(), json.size());
  else
    doc.Parse<rapidjson::kParseValidateEncodingFlag>(json.data(), json.size());
  if (doc.HasParseError()) {
    throw InputError(diagnose_at(path, text, skip + doc.GetErrorOffset(),
                                 std::string("invalid JSON: ") + rapidjson::GetParseError_En(doc.GetParseError()),
                                 16));
  }
  return doc;
}

std::size_t locate(std::string_view text, std::string_view pointer) {
  std::string copy(text);  // StringStream needs a terminated buffer
  rapidjson::StringStream stream(copy.c_str() + bom_size(text));
  PointerLocator locator(stream, copy.c_str(), std::string(pointer));
  rapidjson::Reader reader;
  reader.Parse(stream, locator);
  return locator.found();
}

InputError error_at(std::string_view path, std::string_view text, std::string_view pointer, std::string message) {
  const std::size_t at = locate(text, pointer);
  std::size_t len = 0;
  while (at + len < text.size() && len < 40 && text[at + len] != '\n') ++len;
  return InputError(diagnose_at(path, text, at, std::move(message), len));
}

void validate(std::string_view path, std::string_view text, const rapidjson::Value& doc,
              std::string_view schema_text) {
  rapidjson::Document schema_doc;
  schema_doc.Parse(schema_text.data(), schema_text.size());
  if (schema_doc.HasParseError()) throw std::logic_error("embedded JSON Schema does not parse");
  rapidjson::SchemaDocument schema(schema_doc);
  rapidjson::SchemaValidator validator(schema);
  if (doc.Accept(validator)) return;
  rapidjson::StringBuffer where, rule;
  validator.GetInvalidDocumentPointer().Stringify(where);
  validator.GetInvalidSchemaPointer().Stringify(rule);
  const std::string keyword = validator.GetInvalidSchemaKeyword();
  const std::string pointer = where.GetString();
  std::string message = "does not match the schema: '" + keyword + "' rule at schema " +
                        (rule.GetSize() ? std::string(rule.GetString()) : std::string("root")) + " fails for " +
                        (pointer.empty() ? std::string("the document") : pointer);
  if (keyword == "required") message += " (a required member is missing)";
  else if (keyword == "additionalProperties") message += " (an unknown member)";
  else if (keyword == "type") message += " (wrong type of value)";
  else if (keyword == "enum") message += " (not one of the allowed values)";
  else if (keyword == "pattern") message += " (does not have the expected form)";
  throw error_at(path, text, pointer, std::move(message));
}

std::string_view string_or(const rapidjson::Value& object, const char* member, std::string_view fallback) {
  if (!object.IsObject()) return fallback;
  auto it = object.FindMember(member);
  if (it == object.MemberEnd() || !it->value.IsString()) return fallback;
  return {it->value.GetString(), it->value.GetStringLength()};
}

}  // namespace newsgraph::graph::json
