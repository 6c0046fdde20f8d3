// Test support: the standard output of a fixed shell command the test runs on files it wrote
// (pdftotext, pdftoppm, zbarimg, unzip). Empty when the command cannot start.
#pragma once
#include <array>
#include <cstdio>
#include <string>

namespace tequio::testing {

inline std::string command_output(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  pclose(p);
  return out;
}

}  // namespace tequio::testing
