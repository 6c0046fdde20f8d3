// Files compiled into the binary (migrations, demo data, the OpenAPI document), so a
// single `tequio` executable is all an installation needs besides the web assets.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

namespace tequio {

struct EmbeddedFile {
  std::string_view name;  // path relative to the repository root
  std::string_view content;
};

const std::vector<EmbeddedFile>& embedded_files();

inline std::optional<std::string_view> embedded_file(std::string_view name) {
  for (const auto& f : embedded_files())
    if (f.name == name) return f.content;
  return std::nullopt;
}

}  // namespace tequio
