#include "files/uploads.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

#include "core/text.h"

extern char** environ;

namespace tequio::files {

namespace fs = std::filesystem;

namespace {
fs::path blob_path(const std::string& dir, const std::string& sha) { return fs::path(dir) / sha.substr(0, 2) / sha; }
}  // namespace

void store_blob(const std::string& dir, const std::string& sha, std::string_view content) {
  fs::path path = blob_path(dir, sha);
  if (fs::exists(path) && fs::file_size(path) == content.size()) return;
  fs::create_directories(path.parent_path());
  fs::path tmp = path;
  tmp += ".tmp." + random_token(6);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) throw std::runtime_error("cannot write attachment " + tmp.string());
  size_t off = 0;
  while (off < content.size()) {
    ssize_t n = ::write(fd, content.data() + off, content.size() - off);
    if (n <= 0) {
      ::close(fd);
      fs::remove(tmp);
      throw std::runtime_error("cannot write attachment " + tmp.string());
    }
    off += static_cast<size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  fs::rename(tmp, path);
  int dfd = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

std::optional<std::string> read_blob(const std::string& dir, const std::string& sha) {
  std::ifstream in(blob_path(dir, sha), std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

namespace {
bool starts(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
}  // namespace

std::optional<std::string> sniff_media_type(std::string_view c) {
  if (c.empty()) return std::nullopt;
  if (starts(c, "%PDF-")) return "application/pdf";
  if (starts(c, "\x89PNG\r\n\x1a\n")) return "image/png";
  if (starts(c, "\xFF\xD8\xFF")) return "image/jpeg";
  if (starts(c, "GIF87a") || starts(c, "GIF89a")) return "image/gif";
  if (c.size() >= 12 && starts(c, "RIFF") && c.substr(8, 4) == "WEBP") return "image/webp";
  if (starts(c, "PK\x03\x04")) {
    // ZIP containers: Office Open XML names [Content_Types].xml; ODF stores "mimetype" first.
    std::string_view head = c.substr(0, std::min<size_t>(c.size(), 4096));
    if (head.find("mimetypeapplication/vnd.oasis.opendocument.text") != std::string_view::npos)
      return "application/vnd.oasis.opendocument.text";
    if (head.find("mimetypeapplication/vnd.oasis.opendocument.spreadsheet") != std::string_view::npos)
      return "application/vnd.oasis.opendocument.spreadsheet";
    if (c.find("[Content_Types].xml") != std::string_view::npos) {
      if (c.find("word/") != std::string_view::npos)
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
      if (c.find("xl/") != std::string_view::npos)
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      if (c.find("ppt/") != std::string_view::npos)
        return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    }
    return std::nullopt;  // other archives are not accepted
  }
  // Plain text: valid UTF-8 without NUL or other control bytes besides tab, CR, LF, FF.
  if (!valid_utf8(c)) return std::nullopt;
  for (unsigned char ch : c)
    if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\f') return std::nullopt;
  return "text/plain";
}

Status scan_upload(const UploadRules& config, std::string_view content) {
  if (config.scan_command.empty()) return Ok();
  std::vector<std::string> args;
  for (size_t i = 0; i < config.scan_command.size();) {
    size_t j = config.scan_command.find(' ', i);
    if (j == std::string::npos) j = config.scan_command.size();
    if (j > i) args.push_back(config.scan_command.substr(i, j - i));
    i = j + 1;
  }
  fs::path dir = fs::path(config.data_dir) / "attachments" / "scan";
  fs::create_directories(dir);
  fs::path file = dir / ("upload-" + random_token(8));
  {
    std::ofstream out(file, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) return Error::of(ErrorKind::kUnavailable, "attachment.scan_failed", "No se pudo revisar el archivo");
  }
  args.push_back(file.string());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid;
  int rc = posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ);
  int status = 0;
  if (rc == 0) waitpid(pid, &status, 0);
  fs::remove(file);
  if (rc != 0 || !WIFEXITED(status) || WEXITSTATUS(status) > 1)
    return Error::of(ErrorKind::kUnavailable, "attachment.scan_failed",
                     "El antivirus no pudo revisar el archivo; intente más tarde");
  if (WEXITSTATUS(status) == 1)
    return Error::invalid("attachment.infected", "El antivirus detectó contenido malicioso en el archivo", "file");
  return Ok();
}

Result<std::string> check_upload(const UploadRules& config, const std::string& name, std::string_view content) {
  bool bad_name = name.empty() || name.size() > 200 || !valid_utf8(name) || name == "." || name == ".." ||
                  name.find('/') != std::string::npos || name.find('\\') != std::string::npos ||
                  std::any_of(name.begin(), name.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f; });
  if (bad_name)
    return Error::invalid("attachment.filename_invalid",
                          "El nombre del archivo no es válido (sin rutas, sin caracteres de control, máx. 200)", "filename");
  if (content.empty()) return Error::invalid("attachment.empty", "El archivo está vacío", "file");
  if (static_cast<int64_t>(content.size()) > config.max_bytes)
    return Error::of(ErrorKind::kTooLarge, "attachment.too_large",
                     "El archivo excede el máximo de " + std::to_string(config.max_bytes >> 20) + " MiB");
  auto type = sniff_media_type(content);
  if (!type || !extension_matches(name, *type))
    return Error::invalid("attachment.type_not_allowed",
                          type ? "El contenido del archivo no corresponde a su extensión"
                               : "Tipo de archivo no permitido (PDF, imágenes, texto, documentos de Office u ODF)",
                          "file");
  if (auto scanned = scan_upload(config, content); !scanned) return scanned.error();
  return *type;
}

bool extension_matches(const std::string& filename, const std::string& media_type) {
  auto dot = filename.rfind('.');
  std::string ext = dot == std::string::npos ? "" : ascii_lower(filename.substr(dot + 1));
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kMap = {
      {"application/pdf", {"pdf"}},
      {"image/png", {"png"}},
      {"image/jpeg", {"jpg", "jpeg"}},
      {"image/gif", {"gif"}},
      {"image/webp", {"webp"}},
      {"text/plain", {"txt", "csv", "log", "text", "md"}},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", {"docx"}},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {"xlsx"}},
      {"application/vnd.openxmlformats-officedocument.presentationml.presentation", {"pptx"}},
      {"application/vnd.oasis.opendocument.text", {"odt"}},
      {"application/vnd.oasis.opendocument.spreadsheet", {"ods"}},
  };
  for (auto& [type, exts] : kMap)
    if (type == media_type) return std::find(exts.begin(), exts.end(), ext) != exts.end();
  return false;
}

}  // namespace tequio::files
