// src/auth/password.h: argon2id hashes and the password policy.
#include <gtest/gtest.h>

#include <string>

#include "auth/password.h"

namespace tequio::auth {
namespace {

std::string policy(std::string_view password, std::string_view username = "mlopez") {
  auto e = check_password_policy(password, username, "password");
  return e ? e->code : "ok";
}

TEST(Password, HashIsArgon2idAndVerifies) {
  std::string h = hash_password("Piedra.Verde.2031");
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u) << h;
  EXPECT_TRUE(verify_password(h, "Piedra.Verde.2031"));
  EXPECT_FALSE(verify_password(h, "Piedra.Verde.2032"));
  EXPECT_FALSE(verify_password(h, "piedra.verde.2031"));
  EXPECT_FALSE(verify_password(h, ""));
}

TEST(Password, SamePasswordHashesDifferentlyEachTime) {
  std::string a = hash_password("Piedra.Verde.2031"), b = hash_password("Piedra.Verde.2031");
  EXPECT_NE(a, b);  // salted
  EXPECT_TRUE(verify_password(a, "Piedra.Verde.2031"));
  EXPECT_TRUE(verify_password(b, "Piedra.Verde.2031"));
}

TEST(Password, GarbageHashNeverVerifies) {
  EXPECT_FALSE(verify_password("", "Piedra.Verde.2031"));
  EXPECT_FALSE(verify_password("not-a-hash", "Piedra.Verde.2031"));
  EXPECT_FALSE(verify_password("Piedra.Verde.2031", "Piedra.Verde.2031"));  // clear text stored by mistake
}

TEST(Password, PolicyAcceptsALongMixedPassword) {
  EXPECT_EQ(policy("Piedra.Verde.2031"), "ok");
  EXPECT_EQ(policy("abcdefghijK1"), "ok");            // exactly 12, three classes
  EXPECT_EQ(policy("montaña roja 2031"), "ok");       // lower, digits, symbols
}

TEST(Password, PolicyNeedsTwelveCharactersCountedAsCharacters) {
  EXPECT_EQ(policy("Corto.2031"), "password.too_short");
  EXPECT_EQ(policy("abcdefghiK1"), "password.too_short");  // 11
  EXPECT_EQ(policy("Ññññññ.1"), "password.too_short");     // 8 characters, 14 bytes
  EXPECT_EQ(policy(""), "password.too_short");
}

TEST(Password, PolicyCapsTheLengthAt128) {
  std::string base = "Aa1.";
  std::string ok, too_long;
  while (ok.size() < 128) ok += base;
  too_long = ok + "x";
  EXPECT_EQ(policy(ok), "ok");
  EXPECT_EQ(policy(too_long), "password.too_long");
}

TEST(Password, PolicyNeedsThreeKindsOfCharacter) {
  EXPECT_EQ(policy("abcdefghijklmn"), "password.weak");     // lower only
  EXPECT_EQ(policy("abcdefghijkLMN"), "password.weak");     // lower + upper
  EXPECT_EQ(policy("123456789012345"), "password.weak");    // digits only
  EXPECT_EQ(policy("abcdefgh12345"), "password.weak");      // lower + digits
  EXPECT_EQ(policy("abcdefgh-12345"), "ok");                // lower + digits + symbol
  EXPECT_EQ(policy("ABCDEFGH-12345"), "ok");                // upper + digits + symbol
}

TEST(Password, PolicyRefusesThePasswordEqualToTheUsername) {
  EXPECT_EQ(policy("mlopez-2031!X", "mlopez-2031!x"), "password.is_username");
  EXPECT_EQ(policy("MLOPEZ-2031!X", "mlopez-2031!x"), "password.is_username");  // case does not hide it
  EXPECT_EQ(policy("Xmlopez-2031!", "mlopez"), "ok");  // containing it is allowed
  EXPECT_EQ(policy("Piedra.Verde.2031", ""), "ok");
}

TEST(Password, PolicyRefusesCommonWordsInShortPasswords) {
  EXPECT_EQ(policy("Password-2031"), "password.common");
  EXPECT_EQ(policy("Contraseña-2031"), "password.common");  // accents do not hide it either
  EXPECT_EQ(policy("Tequio.2031!"), "password.common");
  EXPECT_EQ(policy("Oaxaca.2031!x"), "password.common");
}

TEST(Password, CommonWordIsAcceptedInALongPassphrase) {
  EXPECT_EQ(policy("Mi password de 2031 es larga"), "ok");
}

TEST(Password, InvalidUtf8IsRefused) { EXPECT_EQ(policy("Piedra.Verde.2031\xC3"), "password.invalid"); }

TEST(Password, ErrorIsReportedOnTheRequestedField) {
  auto e = check_password_policy("corta", "mlopez", "new_password");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->field, "new_password");
  EXPECT_FALSE(e->message.empty());
}

}  // namespace
}  // namespace tequio::auth
