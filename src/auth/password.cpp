#include "auth/password.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "core/text.h"

namespace tequio::auth {

std::string hash_password(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("argon2id: out of memory");
  return out;
}

bool verify_password(std::string_view hash, std::string_view password) {
  std::string h(hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::optional<FieldError> check_password_policy(std::string_view password, std::string_view username,
                                                const std::string& field) {
  auto fail = [&](const char* code, const char* msg) { return FieldError{field, code, msg}; };
  if (!valid_utf8(password)) return fail("password.invalid", "La contraseña contiene caracteres no válidos");
  size_t len = utf8_length(password);
  if (len < 12) return fail("password.too_short", "La contraseña debe tener al menos 12 caracteres");
  if (len > 128) return fail("password.too_long", "La contraseña admite como máximo 128 caracteres");
  int lower = 0, upper = 0, digit = 0, other = 0;
  for (unsigned char c : password) {
    if (std::islower(c)) lower = 1;
    else if (std::isupper(c)) upper = 1;
    else if (std::isdigit(c)) digit = 1;
    else other = 1;
  }
  if (lower + upper + digit + other < 3)
    return fail("password.weak",
                "La contraseña debe combinar al menos tres de: minúsculas, mayúsculas, números y símbolos");
  std::string folded = fold_for_search(password);
  if (!username.empty() && folded == fold_for_search(username))
    return fail("password.is_username", "La contraseña no debe ser igual al nombre de usuario");
  static const char* kCommon[] = {"password", "contrasena", "123456", "qwerty", "oaxaca", "tequio", "admin"};
  for (const char* w : kCommon)
    if (folded.find(w) != std::string::npos && len < 16)
      return fail("password.common", "La contraseña contiene una palabra demasiado común; use una más larga");
  return std::nullopt;
}

}  // namespace tequio::auth
