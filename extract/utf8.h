#pragma once
// UTF-8 <-> UTF-32 conversion for article text. Every offset in newsgraph counts code points of the text
// exactly as read, so decoding keeps everything (a leading BOM included) and rejects malformed input
// instead of replacing it: overlong forms, surrogates, code points above U+10FFFF, stray continuation
// bytes and truncated sequences raise graph::InputError at the offending byte.
//
//   std::u32string text = extract::decode_utf8(bytes, "samples/a.txt");  // throws graph::InputError
//   std::string back = extract::encode_utf8(text);                        // == bytes

#include <string>
#include <string_view>

namespace newsgraph::extract {

// Decodes UTF-8; throws graph::InputError (path, line, column and byte offset; message "invalid UTF-8 ...",
// see graph/utf8.h) on malformed input. A leading BOM is NOT removed.
std::u32string decode_utf8(std::string_view bytes, std::string_view path);

// Encodes code points as UTF-8. Requires valid scalar values (no surrogates, <= U+10FFFF); throws
// std::logic_error otherwise, since every std::u32string in newsgraph comes from decode_utf8.
std::string encode_utf8(std::u32string_view text);
// The same into `buffer`, reused from call to call (it only grows): the result views the buffer and is
// valid until its next use. For texts that are interned or compared at once, not kept.
std::string_view encode_utf8(std::u32string_view text, std::string& buffer);

// Replaces every "\r\n" and every lone "\r" by "\n", as a text-mode read with universal newlines does
// (Python's open(), which the evaluation uses to check offsets). Applied to an article's bytes before
// decode_utf8, it makes code point offsets agree with such readers on files with Windows line ends; without
// it every CRLF before a mention shifts the mention by one.
std::string universal_newlines(std::string_view bytes);

// Appends one code point (a valid scalar value) to `out` as UTF-8.
void append_utf8(std::string& out, char32_t c);

}  // namespace newsgraph::extract
