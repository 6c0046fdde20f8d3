// src/core/text.h: UTF-8 validation, search folding, tokens and hashes, e-mail plausibility.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/text.h"

namespace tequio {
namespace {

using namespace std::string_literals;

TEST(Text, ValidUtf8AcceptsSpanishTextSymbolsAndEmoji) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("Dirección de Sistemas de Información"));
  EXPECT_TRUE(valid_utf8("José NÚÑEZ, ¿qué tal? ¡Olé!"));
  EXPECT_TRUE(valid_utf8("\xE2\x82\xAC"));          // €
  EXPECT_TRUE(valid_utf8("\xF0\x9F\x98\x80"));      // 😀
  EXPECT_TRUE(valid_utf8("a\0b"s));                 // NUL is a code point like any other
}

TEST(Text, ValidUtf8AcceptsTheEdgesOfTheValidRanges) {
  EXPECT_TRUE(valid_utf8("\x7F"));
  EXPECT_TRUE(valid_utf8("\xC2\x80"));              // U+0080, smallest two-byte
  EXPECT_TRUE(valid_utf8("\xE0\xA0\x80"));          // U+0800, smallest three-byte
  EXPECT_TRUE(valid_utf8("\xED\x9F\xBF"));          // U+D7FF, just below the surrogates
  EXPECT_TRUE(valid_utf8("\xEE\x80\x80"));          // U+E000, just above them
  EXPECT_TRUE(valid_utf8("\xF0\x90\x80\x80"));      // U+10000, smallest four-byte
  EXPECT_TRUE(valid_utf8("\xF4\x8F\xBF\xBF"));      // U+10FFFF, the last code point
}

TEST(Text, ValidUtf8RejectsOverlongEncodings) {
  EXPECT_FALSE(valid_utf8("\xC0\xAF"));              // '/' in two bytes
  EXPECT_FALSE(valid_utf8("\xC1\xBF"));
  EXPECT_FALSE(valid_utf8("\xE0\x80\xAF"));          // '/' in three bytes
  EXPECT_FALSE(valid_utf8("\xE0\x9F\xBF"));          // U+07FF in three bytes
  EXPECT_FALSE(valid_utf8("\xF0\x80\x80\xAF"));      // '/' in four bytes
  EXPECT_FALSE(valid_utf8("\xF0\x8F\xBF\xBF"));      // U+FFFF in four bytes
  EXPECT_FALSE(valid_utf8("\xC0\x80"));              // "modified UTF-8" NUL
}

TEST(Text, ValidUtf8RejectsSurrogates) {
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));          // U+D800
  EXPECT_FALSE(valid_utf8("\xED\xBF\xBF"));          // U+DFFF
  EXPECT_FALSE(valid_utf8("\xED\xA0\xBD\xED\xB8\x80"));  // a CESU-8 surrogate pair
}

TEST(Text, ValidUtf8RejectsTruncatedSequences) {
  EXPECT_FALSE(valid_utf8("\xC3"));
  EXPECT_FALSE(valid_utf8("Jos\xC3"));
  EXPECT_FALSE(valid_utf8("\xE2\x82"));
  EXPECT_FALSE(valid_utf8("\xF0\x9F\x98"));
  EXPECT_FALSE(valid_utf8("\xC3" "a"));              // continuation byte replaced by ASCII
  EXPECT_FALSE(valid_utf8("\xE2\x28\xA1"));
}

TEST(Text, ValidUtf8RejectsStrayAndImpossibleBytes) {
  EXPECT_FALSE(valid_utf8("\x80"));                  // lone continuation byte
  EXPECT_FALSE(valid_utf8("abc\xBF"));
  EXPECT_FALSE(valid_utf8("\xFF"));
  EXPECT_FALSE(valid_utf8("\xFE"));
  EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80"));      // above U+10FFFF
  EXPECT_FALSE(valid_utf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(valid_utf8("\xF8\x88\x80\x80\x80"));  // five-byte form
  EXPECT_FALSE(valid_utf8("caf\xE9"));               // Latin-1, not UTF-8
}

TEST(Text, Utf8LengthCountsCodePointsNotBytes) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("José Núñez"), 10u);
  EXPECT_EQ(utf8_length("\xF0\x9F\x98\x80"), 1u);
}

TEST(Text, FoldForSearchLowersAndStripsSpanishAccents) {
  EXPECT_EQ(fold_for_search("José NÚÑEZ"), "jose nunez");
  EXPECT_EQ(fold_for_search("ÁÉÍÓÚÜÑ áéíóúüñ"), "aeiouun aeiouun");
  EXPECT_EQ(fold_for_search("Dirección de Información"), "direccion de informacion");
  EXPECT_EQ(fold_for_search("PEÑA"), fold_for_search("peña"));
}

TEST(Text, FoldForSearchLeavesOtherCharactersAlone) {
  EXPECT_EQ(fold_for_search("ext. 1201 / piso 3"), "ext. 1201 / piso 3");
  EXPECT_EQ(fold_for_search("×÷"), "×÷");
  EXPECT_EQ(fold_for_search("€ 😀"), "€ 😀");
  EXPECT_EQ(fold_for_search(""), "");
}

TEST(Text, FoldForSearchKeepsValidUtf8Valid) {
  for (const char* s : {"José NÚÑEZ", "Ångström", "×÷ß", "€ 😀 Ñ"}) EXPECT_TRUE(valid_utf8(fold_for_search(s))) << s;
}

TEST(Text, TrimRemovesSurroundingWhitespaceOnly) {
  EXPECT_EQ(trim("  hola mundo \t\r\n"), "hola mundo");
  EXPECT_EQ(trim("sin espacios"), "sin espacios");
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(trim(""), "");
}

TEST(Text, ToHexWritesTwoLowercaseDigitsPerByte) {
  const unsigned char bytes[] = {0x00, 0x0f, 0xa5, 0xff};
  EXPECT_EQ(to_hex(bytes, sizeof bytes), "000fa5ff");
  EXPECT_EQ(to_hex(bytes, 0), "");
}

TEST(Text, Sha256HexMatchesTheStandardTestVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Text, RandomTokenIsUrlSafeUnpaddedAndFresh) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    std::string t = random_token(32);
    EXPECT_EQ(t.size(), 43u) << t;  // 32 bytes → 43 base64 characters without padding
    EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos)
        << t;
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 50u);
}

TEST(Text, SecureEqualComparesWholeSecrets) {
  EXPECT_TRUE(secure_equal("s3cret-token", "s3cret-token"));
  EXPECT_FALSE(secure_equal("s3cret-token", "s3cret-tokem"));
  EXPECT_FALSE(secure_equal("s3cret", "s3cret-token"));
  EXPECT_TRUE(secure_equal("", ""));
}

TEST(Text, PlausibleEmailAcceptsOrdinaryAddresses) {
  EXPECT_TRUE(plausible_email("ana.lopez@oaxaca.gob.mx"));
  EXPECT_TRUE(plausible_email("soporte+dsi@municipio.gob.mx"));
  EXPECT_TRUE(plausible_email("a@b.mx"));
}

TEST(Text, PlausibleEmailRejectsWhatCannotBeAnAddress) {
  for (const char* bad : {"", "ana", "ana.lopez", "@oaxaca.gob.mx", "ana@", "ana@localhost", "ana@oaxaca.",
                          "ana@.mx", "ana lopez@oaxaca.gob.mx", "ana@oaxaca .gob.mx", "a@b@c.mx",
                          "ana@x.mx,bob@y.mx", "ana@x.mx;bob@y.mx", "<ana@x.mx>", "ana@x.mx\n", "ana\t@x.mx"}) {
    EXPECT_FALSE(plausible_email(bad)) << "accepted \"" << bad << "\"";
  }
}

TEST(Text, PlausibleEmailRejectsAddressesLongerThan254) {
  std::string domain = "@oaxaca.gob.mx";
  std::string fits = std::string(254 - domain.size(), 'a') + domain;
  EXPECT_TRUE(plausible_email(fits));
  EXPECT_FALSE(plausible_email("a" + fits));
}

}  // namespace
}  // namespace tequio
