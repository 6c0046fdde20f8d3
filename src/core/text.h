// Text helpers shared by every domain: UTF-8 validation, accent/case folding for search,
// hex encoding, and cryptographic randomness and hashing (libsodium).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tequio {

bool valid_utf8(std::string_view s);
// Number of Unicode code points (s must be valid UTF-8).
size_t utf8_length(std::string_view s);
// Lower-case and strip Spanish accents so that "José Núñez" matches "jose nunez".
std::string fold_for_search(std::string_view s);
std::string trim(std::string_view s);
// Lower-cases ASCII letters only (e-mail addresses: "José@X.mx" → "josé@x.mx", never "jose@").
std::string ascii_lower(std::string_view s);
std::string to_hex(const unsigned char* data, size_t n);
// Random token of n bytes, URL-safe base64 without padding.
std::string random_token(size_t n_bytes);
std::string sha256_hex(std::string_view data);
// Appends a code point as UTF-8; NUL, surrogates and values past U+10FFFF become U+FFFD.
void append_utf8(std::string& out, uint32_t code_point);
// Constant-time comparison of equal-length secrets.
bool secure_equal(std::string_view a, std::string_view b);

}  // namespace tequio

namespace tequio {
// A pragmatic check: one @, non-empty local part, a dot in the domain, no spaces.
bool plausible_email(std::string_view s);
}  // namespace tequio
