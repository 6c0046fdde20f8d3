// src/mail/smtp.h: sending through a real SMTP server — tests/support/smtp_sink.py (aiosmtpd)
// run as a subprocess on a free port. Without python3 or aiosmtpd these tests fail, on purpose:
// mail that silently goes untested is mail that silently breaks.
// The interpreter is $TEQUIO_PYTHON, else /usr/bin/python3 (Debian's, where python3-aiosmtpd
// lives, even when another python3 comes first in PATH), else python3 from PATH.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/text.h"
#include "expect_result.h"
#include "mail/inbound.h"
#include "mail/message.h"
#include "mail/smtp.h"

extern char** environ;

namespace tequio::mail {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using tequio::testing::FailsWith;
using tequio::testing::Succeeded;

#ifndef TEQUIO_SOURCE_DIR
#error "tests/CMakeLists.txt must define TEQUIO_SOURCE_DIR"
#endif

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string python() {
  if (const char* env = std::getenv("TEQUIO_PYTHON"); env && *env) return env;
  if (access("/usr/bin/python3", X_OK) == 0) return "/usr/bin/python3";
  return "python3";
}

// A port nothing listens on (bound, read, released).
int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

// tests/support/smtp_sink.py in its own temporary directory, stopped with SIGTERM.
class SmtpSink {
 public:
  explicit SmtpSink(std::vector<std::string> extra_args = {}) {
    std::string pattern = (fs::temp_directory_path() / "tequio-smtp-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    std::string script = std::string(TEQUIO_SOURCE_DIR) + "/tests/support/smtp_sink.py";
    std::vector<std::string> args = {python(), script, "--port", "0", "--maildir", maildir().string(),
                                     "--port-file", (dir_ / "port").string()};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log_path().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    int rc = posix_spawnp(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
      pid_ = -1;
      error_ = "no se pudo ejecutar " + args[0] + ": " + std::strerror(rc);
      return;
    }
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
      std::string text = read_file(dir_ / "port");
      if (!text.empty()) {
        port_ = std::stoi(text);
        return;
      }
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        error_ = "smtp_sink.py terminó al arrancar (¿falta python3-aiosmtpd?):\n" + read_file(log_path());
        return;
      }
      std::this_thread::sleep_for(20ms);
    }
    error_ = "smtp_sink.py no abrió su puerto en 20 s:\n" + read_file(log_path());
  }

  ~SmtpSink() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  // Empty when the sink runs; otherwise why it does not, with its log.
  const std::string& error() const { return error_; }
  int port() const { return port_; }
  fs::path maildir() const { return dir_ / "mail"; }
  fs::path log_path() const { return dir_ / "sink.log"; }
  std::string log() const { return read_file(log_path()); }

  // The n-th stored message, waiting a little for it.
  std::optional<std::string> message(int n) const {
    fs::path eml = maildir() / (std::to_string(n) + ".eml");
    for (int i = 0; i < 250; ++i) {
      if (fs::exists(eml)) return read_file(eml);
      std::this_thread::sleep_for(20ms);
    }
    return std::nullopt;
  }
  nlohmann::json envelope(int n) const {
    return nlohmann::json::parse(read_file(maildir() / (std::to_string(n) + ".json")));
  }

  // SIGTERM, then the exit status (-1 if it had to be killed).
  int stop() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    for (int i = 0; i < 500; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(20ms);
    }
    return -1;
  }

 private:
  fs::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string error_;
};

#define ASSERT_SINK_RUNNING(sink) ASSERT_TRUE((sink).error().empty()) << (sink).error()

SmtpConfig local(int port) {
  SmtpConfig c;
  c.host = "127.0.0.1";
  c.port = port;
  c.timeout_seconds = 10;
  c.helo_domain = "tequio.test";
  return c;
}

OutgoingMessage sample() {
  OutgoingMessage m;
  m.from_address = "mesa@oaxaca.example";
  m.from_name = "Mesa de servicio";
  m.to_address = "maria.lopez@oaxaca.example";
  m.to_name = "María López";
  m.subject = "[MS-123] Señal débil en Tesorería 📶";
  m.text_body = "Hola María:\n\nSu solicitud fue registrada. Año, niño, acción — 😀\n.\n..una línea con punto\nFin";
  m.message_id = make_message_id("oaxaca.example");
  m.in_reply_to = "<previo.1@oaxaca.example>";
  return m;
}

// An HTTP server for one request, standing in for Tequio's inbound endpoint.
class OneRequestHttpServer {
 public:
  explicit OneRequestHttpServer(std::string status_line) : status_line_(std::move(status_line)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(fd_, 4);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~OneRequestHttpServer() {
    if (thread_.joinable()) thread_.join();
    close(fd_);
  }
  int port() const { return port_; }
  std::string request() {
    if (thread_.joinable()) thread_.join();
    return request_;
  }

 private:
  void serve() {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 20000) <= 0) return;
    int c = accept(fd_, nullptr, nullptr);
    if (c < 0) return;
    size_t need = std::string::npos;
    char buf[8192];
    while (true) {
      pollfd q{c, POLLIN, 0};
      if (poll(&q, 1, 20000) <= 0) break;
      ssize_t n = read(c, buf, sizeof buf);
      if (n <= 0) break;
      request_.append(buf, static_cast<size_t>(n));
      size_t end = request_.find("\r\n\r\n");
      if (end != std::string::npos && need == std::string::npos) {
        std::string head = ascii_lower(request_.substr(0, end));
        size_t cl = head.find("content-length:");
        need = end + 4 + (cl == std::string::npos ? 0 : std::stoul(head.substr(cl + 15)));
      }
      if (need != std::string::npos && request_.size() >= need) break;
    }
    std::string response = status_line_ + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
    (void)!write(c, response.data(), response.size());
    close(c);
  }

  std::string status_line_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::string request_;
};

TEST(MailSmtp, DeliversARenderedMessageThatDecodesBackToTheSameText) {
  SmtpSink sink;
  ASSERT_SINK_RUNNING(sink);
  OutgoingMessage m = sample();
  std::string rendered = render(m, Clock::now());
  SmtpSender sender(local(sink.port()));
  auto sent = sender.send("rebotes@oaxaca.example", {m.to_address, "copia@oaxaca.example"}, rendered);
  ASSERT_TRUE(Succeeded(sent)) << sink.log();

  auto eml = sink.message(1);
  ASSERT_TRUE(eml.has_value()) << sink.log();
  EXPECT_EQ(*eml, rendered);  // byte for byte, dot-stuffing undone by the server
  auto env = sink.envelope(1);
  EXPECT_EQ(env["mail_from"], "rebotes@oaxaca.example");
  EXPECT_EQ(env["rcpt_tos"], (nlohmann::json{"maria.lopez@oaxaca.example", "copia@oaxaca.example"}));

  auto parsed = parse_message(*eml);
  ASSERT_TRUE(Succeeded(parsed));
  EXPECT_EQ(parsed->subject, m.subject);
  EXPECT_EQ(parsed->text_body, m.text_body);
  EXPECT_EQ(parsed->to_addresses, std::vector<std::string>{"maria.lopez@oaxaca.example"});
  EXPECT_EQ(parsed->from_name, "Mesa de servicio");
  EXPECT_EQ(parsed->message_id, m.message_id);
  EXPECT_EQ(parsed->in_reply_to, m.in_reply_to);
  EXPECT_EQ(ticket_number_from(*parsed, "MS"), 123);
  EXPECT_EQ(sink.stop(), 0) << "the sink must exit cleanly on SIGTERM\n" << sink.log();
}

TEST(MailSmtp, RawLinesStartingWithADotArriveIntact) {
  SmtpSink sink;
  ASSERT_SINK_RUNNING(sink);
  std::string raw = "From: a@oaxaca.example\r\nTo: b@oaxaca.example\r\nSubject: puntos\r\n\r\n.\r\n..\r\n.x\r\nfin\r\n";
  ASSERT_TRUE(Succeeded(SmtpSender(local(sink.port())).send("a@oaxaca.example", {"b@oaxaca.example"}, raw)));
  auto eml = sink.message(1);
  ASSERT_TRUE(eml.has_value()) << sink.log();
  EXPECT_EQ(*eml, raw);
}

TEST(MailSmtp, SendsFromSeveralThreadsAtOnce) {
  SmtpSink sink;
  ASSERT_SINK_RUNNING(sink);
  const SmtpSender sender(local(sink.port()));
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      OutgoingMessage m = sample();
      m.subject = "hilo " + std::to_string(t);
      if (sender.send(m.from_address, {m.to_address}, render(m, Clock::now()))) ++ok;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 4) << sink.log();
  std::set<std::string> subjects;
  for (int n = 1; n <= 4; ++n) {
    auto eml = sink.message(n);
    ASSERT_TRUE(eml.has_value());
    subjects.insert(parse_message(*eml)->subject);
  }
  EXPECT_EQ(subjects, (std::set<std::string>{"hilo 0", "hilo 1", "hilo 2", "hilo 3"}));
}

TEST(MailSmtp, AClosedPortFailsQuicklyWithSendFailed) {
  SmtpConfig config = local(free_port());
  config.timeout_seconds = 5;
  auto start = std::chrono::steady_clock::now();
  auto r = SmtpSender(config).send("mesa@oaxaca.example", {"a@oaxaca.example"}, render(sample(), Clock::now()));
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(FailsWith(r, ErrorKind::kUnavailable, "mail.send_failed"));
  EXPECT_LT(elapsed, 3s);
  EXPECT_NE(r.error().message.find("No se pudo enviar el correo por smtp://127.0.0.1:"), std::string::npos)
      << r.error().message;
  EXPECT_TRUE(valid_utf8(r.error().message));
}

TEST(MailSmtp, AuthenticatesAndNeverPutsThePasswordInAnError) {
  SmtpSink sink({"--auth", "tequio:s3creto-correcto"});
  ASSERT_SINK_RUNNING(sink);
  std::string rendered = render(sample(), Clock::now());

  SmtpConfig good = local(sink.port());
  good.username = "tequio";
  good.password = "s3creto-correcto";
  EXPECT_TRUE(Succeeded(SmtpSender(good).send("mesa@oaxaca.example", {"a@oaxaca.example"}, rendered))) << sink.log();

  SmtpConfig bad = good;
  bad.password = "ClaveQueNoDebeAparecer";
  auto r = SmtpSender(bad).send("mesa@oaxaca.example", {"a@oaxaca.example"}, rendered);
  ASSERT_TRUE(FailsWith(r, ErrorKind::kUnavailable, "mail.send_failed"));
  EXPECT_EQ(r.error().message.find("ClaveQueNoDebeAparecer"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("535"), std::string::npos) << "the server's reply is quoted: " << r.error().message;

  SmtpConfig anonymous = local(sink.port());
  auto refused = SmtpSender(anonymous).send("mesa@oaxaca.example", {"a@oaxaca.example"}, rendered);
  ASSERT_TRUE(FailsWith(refused, ErrorKind::kUnavailable, "mail.send_failed"));
  EXPECT_NE(refused.error().message.find("530"), std::string::npos) << refused.error().message;
}

TEST(MailSmtp, TlsModesFailAgainstAPlainServerInsteadOfSendingInClear) {
  SmtpSink sink;
  ASSERT_SINK_RUNNING(sink);
  std::string rendered = render(sample(), Clock::now());
  for (const char* mode : {"starttls", "tls"}) {
    SmtpConfig config = local(sink.port());
    config.security = mode;
    config.timeout_seconds = 5;
    auto r = SmtpSender(config).send("mesa@oaxaca.example", {"a@oaxaca.example"}, rendered);
    EXPECT_TRUE(FailsWith(r, ErrorKind::kUnavailable, "mail.send_failed")) << mode;
  }
  EXPECT_FALSE(fs::exists(sink.maildir() / "1.eml"));
  SmtpConfig unknown = local(sink.port());
  unknown.security = "ssl";
  EXPECT_TRUE(FailsWith(SmtpSender(unknown).send("mesa@oaxaca.example", {"a@oaxaca.example"}, rendered),
                        ErrorKind::kUnavailable, "mail.send_failed"));
}

TEST(MailSmtp, InvalidAddressesAreRefusedBeforeConnecting) {
  SmtpSender sender(local(free_port()));
  std::string rendered = render(sample(), Clock::now());
  EXPECT_TRUE(FailsWith(sender.send("mesa@oaxaca.example", {}, rendered), ErrorKind::kInvalid, "mail.invalid_address"));
  EXPECT_TRUE(FailsWith(sender.send("mesa@oaxaca.example", {"a@x.example>\r\nRCPT TO:<b@y.example"}, rendered),
                        ErrorKind::kInvalid, "mail.invalid_address"));
  EXPECT_TRUE(FailsWith(sender.send("no es correo", {"a@x.example"}, rendered), ErrorKind::kInvalid,
                        "mail.invalid_address"));
}

TEST(MailSmtp, TheSinkForwardsEachMessageToTheInboundEndpoint) {
  OneRequestHttpServer endpoint("HTTP/1.1 202 Accepted");
  SmtpSink sink({"--forward-url", "http://127.0.0.1:" + std::to_string(endpoint.port()) + "/api/mail/inbound",
                 "--forward-token", "token-de-prueba"});
  ASSERT_SINK_RUNNING(sink);
  std::string rendered = render(sample(), Clock::now());
  ASSERT_TRUE(Succeeded(SmtpSender(local(sink.port())).send("a@oaxaca.example", {"mesa+123@oaxaca.example"}, rendered)))
      << sink.log();
  std::string request = endpoint.request();
  size_t end = request.find("\r\n\r\n");
  ASSERT_NE(end, std::string::npos) << request;
  std::string head = request.substr(0, end);
  EXPECT_EQ(head.rfind("POST /api/mail/inbound HTTP/1.1\r\n", 0), 0u) << head;
  EXPECT_NE(head.find("Content-Type: message/rfc822\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("Authorization: Bearer token-de-prueba"), std::string::npos) << head;
  EXPECT_EQ(request.substr(end + 4), rendered);
  EXPECT_NE(sink.log().find("202"), std::string::npos) << sink.log();
}

TEST(MailSmtp, AFailedForwardAnswers451SoTheSenderKeepsTheMessage) {
  for (const char* status : {"refused", "HTTP/1.1 500 Internal Server Error"}) {
    std::optional<OneRequestHttpServer> endpoint;
    int port = free_port();
    if (std::string(status) != "refused") port = endpoint.emplace(status).port();
    SmtpSink sink({"--forward-url", "http://127.0.0.1:" + std::to_string(port) + "/api/mail/inbound",
                   "--forward-token", "t"});
    ASSERT_SINK_RUNNING(sink);
    auto r = SmtpSender(local(sink.port())).send("a@oaxaca.example", {"mesa@oaxaca.example"},
                                                 render(sample(), Clock::now()));
    ASSERT_TRUE(FailsWith(r, ErrorKind::kUnavailable, "mail.send_failed")) << status;
    EXPECT_NE(r.error().message.find("451"), std::string::npos) << r.error().message;
  }
}

}  // namespace
}  // namespace tequio::mail
