// Uploaded files (helpdesk attachments, asset invoices and photos) and generated documents:
// the checks every upload passes (name, size, type by content agreeing with the extension,
// optional virus scan) and content-addressed storage on disk (dir/ab/abcdef…, written to a
// temporary name, fsynced and renamed, so a crash never leaves a half file under a real name).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace tequio::files {

struct UploadRules {
  std::string data_dir;               // the scanner's scratch files go to data_dir/attachments/scan
  int64_t max_bytes = 10 << 20;
  // Run without a shell with the file's path as last argument: exit 0 clean, 1 infected (422),
  // anything else a scanner failure (503). Empty: no scan.
  std::string scan_command;
};

// Writes the bytes content-addressed under dir; idempotent.
void store_blob(const std::string& dir, const std::string& sha256, std::string_view content);
std::optional<std::string> read_blob(const std::string& dir, const std::string& sha256);
// The media type the content really is, among the accepted ones; nullopt otherwise.
std::optional<std::string> sniff_media_type(std::string_view content);
bool extension_matches(const std::string& filename, const std::string& media_type);
Status scan_upload(const UploadRules& rules, std::string_view content);
// Name without paths or control characters, not empty, within the size limit, an accepted
// type by content that its extension agrees with, the virus scan; returns the media type.
Result<std::string> check_upload(const UploadRules& rules, const std::string& name, std::string_view content);

}  // namespace tequio::files
