#include "http/server.h"

#include <utility>  // before Asio: Boost 1.74 on g++ 12 needs it
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include "core/text.h"

namespace tequio::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

struct ServerState {
  App& app;
  const ServerConfig& config;
  asio::thread_pool workers;
  std::atomic<int> inflight{0};
  std::atomic<bool> stopping{false};
  std::atomic<uint64_t> counter{0};
  std::string id_prefix = random_token(4);
  ServerState(App& a, const ServerConfig& c) : app(a), config(c), workers(c.worker_threads) {}
};

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

std::optional<Request> convert(const bhttp::request<bhttp::string_body>& in, const std::string& remote,
                               ServerState& st) {
  Request req;
  req.method = std::string(in.method_string());
  std::string_view target(in.target().data(), in.target().size());
  auto qpos = target.find('?');
  req.raw_path = std::string(target.substr(0, qpos));
  auto path = percent_decode(req.raw_path, false);
  if (!path || !valid_utf8(*path)) return std::nullopt;
  req.path = std::move(*path);
  if (qpos != std::string_view::npos) {
    auto q = parse_query(target.substr(qpos + 1));
    if (!q) return std::nullopt;
    for (const auto& [k, v] : *q)
      if (!valid_utf8(k) || !valid_utf8(v)) return std::nullopt;
    req.query = std::move(*q);
  }
  for (const auto& field : in) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    req.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  req.body = in.body();
  req.remote_ip = remote;
  if (st.config.trust_proxy) {
    if (req.header("x-forwarded-proto") == "https") req.secure = true;
    std::string_view fwd = req.header("x-forwarded-for");
    if (!fwd.empty()) {
      auto comma = fwd.rfind(',');  // the proxy appends the address it saw last
      std::string last = trim(comma == std::string_view::npos ? fwd : fwd.substr(comma + 1));
      if (!last.empty() && last.size() <= 45) req.remote_ip = last;
    }
  }
  std::string_view rid = req.header("x-request-id");
  req.request_id = valid_request_id(rid) ? std::string(rid)
                                         : st.id_prefix + "-" + std::to_string(++st.counter);
  return req;
}

bhttp::response<bhttp::string_body> to_beast(Response&& r, unsigned version, bool keep_alive) {
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), version};
  res.set(bhttp::field::server, "Tequio");
  if (!r.content_type.empty()) res.set(bhttp::field::content_type, r.content_type);
  for (auto& [k, v] : r.headers) res.insert(k, v);
  res.body() = std::move(r.body);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

void access_log(const Request& req, int status, size_t bytes, double ms) {
  nlohmann::json line = {{"id", req.request_id}, {"ip", req.remote_ip}, {"method", req.method},
                         {"path", req.path},     {"status", status},    {"bytes", bytes},
                         {"ms", std::round(ms * 1000) / 1000}};
  spdlog::info("access {}", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

asio::awaitable<void> send_problem(beast::tcp_stream& stream, int status, const char* code, const char* message,
                                   ServerState& st) {
  Error e = Error::bad_request(code, message);
  if (status == 413) e.kind = ErrorKind::kTooLarge;
  Response r = Response::problem(e);
  r.headers.emplace_back("X-Request-Id", st.id_prefix + "-" + std::to_string(++st.counter));
  auto res = to_beast(std::move(r), 11, false);
  boost::system::error_code ec;
  co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<void> session(tcp::socket socket, ServerState& st) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  boost::system::error_code ec;
  auto endpoint = stream.socket().remote_endpoint(ec);
  std::string remote = ec ? "?" : endpoint.address().to_string();
  for (;;) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(st.config.max_body);
    parser.header_limit(16 * 1024);
    stream.expires_after(st.config.read_timeout);
    co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == bhttp::error::body_limit) {
      co_await send_problem(stream, 413, "body_too_large", "El cuerpo de la solicitud excede el tamaño máximo", st);
      break;
    }
    if (ec == bhttp::error::header_limit) {
      co_await send_problem(stream, 431, "headers_too_large", "Los encabezados son demasiado grandes", st);
      break;
    }
    if (ec) {
      bool protocol_error = ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
                            ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
      if (protocol_error) co_await send_problem(stream, 400, "http.malformed", "Solicitud HTTP mal formada", st);
      break;
    }
    auto breq = parser.release();
    st.inflight.fetch_add(1);
    auto start = std::chrono::steady_clock::now();
    auto req = convert(breq, remote, st);
    Response resp;
    if (!req) {
      resp = Response::problem(Error::bad_request("http.bad_target", "La dirección solicitada no es válida"));
      resp.headers.emplace_back("X-Request-Id", st.id_prefix + "-" + std::to_string(++st.counter));
    } else {
      auto match = st.app.match(*req);
      if (match.route && match.route->options.slow) {
        resp = co_await asio::co_spawn(
            st.workers, [&]() -> asio::awaitable<Response> { co_return st.app.handle(*req, std::move(match)); },
            asio::use_awaitable);
      } else {
        resp = st.app.handle(*req, std::move(match));
      }
    }
    int status = resp.status;
    bool keep_alive = breq.keep_alive() && !st.stopping.load();
    auto res = to_beast(std::move(resp), breq.version(), keep_alive);
    size_t bytes = res.body().size();
    stream.expires_after(st.config.read_timeout);
    co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
    st.inflight.fetch_sub(1);
    if (st.config.access_log && req)
      access_log(*req, status, bytes,
                 std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    if (ec || !keep_alive) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> listen(tcp::acceptor& acceptor, asio::io_context& ioc, ServerState& st) {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket(asio::make_strand(ioc));
    co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (st.stopping.load() || !acceptor.is_open()) co_return;
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto ex = socket.get_executor();
    asio::co_spawn(ex, session(std::move(socket), st), asio::detached);
  }
}

}  // namespace

int run_server(App& app, const ServerConfig& config) {
  asio::io_context ioc(config.io_threads);
  ServerState st(app, config);
  tcp::endpoint endpoint(asio::ip::make_address(config.address), config.port);
  tcp::acceptor acceptor(ioc);
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
  spdlog::info("Tequio escuchando en http://{}:{}", config.address, acceptor.local_endpoint().port());

  asio::co_spawn(ioc, listen(acceptor, ioc, st), asio::detached);

  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  asio::steady_timer drain(ioc);
  auto deadline = std::chrono::steady_clock::now();
  std::function<void()> poll_drain = [&]() {
    if (st.inflight.load() == 0 || std::chrono::steady_clock::now() >= deadline) {
      spdlog::info("servidor detenido ({} solicitudes sin terminar)", st.inflight.load());
      ioc.stop();
      return;
    }
    drain.expires_after(std::chrono::milliseconds(20));
    drain.async_wait([&](auto) { poll_drain(); });
  };
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("señal {} recibida: terminando las solicitudes en curso", sig);
    st.stopping.store(true);
    boost::system::error_code ignore;
    acceptor.close(ignore);
    deadline = std::chrono::steady_clock::now() + config.shutdown_grace;
    poll_drain();
  });

  std::vector<std::thread> threads;
  for (int i = 1; i < config.io_threads; ++i) threads.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : threads) t.join();
  st.workers.join();
  return 0;
}

}  // namespace tequio::http
