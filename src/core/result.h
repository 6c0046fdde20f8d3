// Result<T>: a value or a domain Error. Errors a user can cause travel as values;
// exceptions are kept for infrastructure failures and bugs (see STYLE.md).
#pragma once
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace tequio {

// One field-level problem, reported to clients under problem+json `errors`.
struct FieldError {
  std::string field;
  std::string code;     // stable, e.g. "person.email_invalid"
  std::string message;  // Spanish, for people
};

// Kinds map to HTTP statuses in exactly one place (http/problem.cpp).
enum class ErrorKind {
  kBadRequest,       // 400 malformed input
  kUnauthenticated,  // 401
  kForbidden,        // 403
  kNotFound,         // 404
  kConflict,         // 409
  kTooLarge,         // 413
  kUnsupportedMedia, // 415
  kInvalid,          // 422 validation
  kLocked,           // 423
  kThrottled,        // 429
  kUnavailable,      // 503
};

struct Error {
  ErrorKind kind = ErrorKind::kInvalid;
  std::string code;
  std::string message;
  std::vector<FieldError> fields;

  static Error invalid(std::string code, std::string message, std::string field = {}) {
    Error e{ErrorKind::kInvalid, code, message, {}};
    if (!field.empty()) e.fields.push_back({std::move(field), std::move(code), std::move(message)});
    return e;
  }
  static Error invalid_fields(std::vector<FieldError> fields) {
    return Error{ErrorKind::kInvalid, "validation", "Los datos enviados no son válidos", std::move(fields)};
  }
  static Error bad_request(std::string code, std::string message) {
    return Error{ErrorKind::kBadRequest, std::move(code), std::move(message), {}};
  }
  static Error not_found(std::string code = "not_found", std::string message = "No encontrado") {
    return Error{ErrorKind::kNotFound, std::move(code), std::move(message), {}};
  }
  static Error forbidden(std::string code = "forbidden",
                         std::string message = "No tiene permiso para realizar esta acción") {
    return Error{ErrorKind::kForbidden, std::move(code), std::move(message), {}};
  }
  static Error unauthenticated(std::string code = "unauthenticated",
                               std::string message = "Inicie sesión para continuar") {
    return Error{ErrorKind::kUnauthenticated, std::move(code), std::move(message), {}};
  }
  static Error conflict(std::string code, std::string message, std::string field = {}) {
    Error e{ErrorKind::kConflict, code, message, {}};
    if (!field.empty()) e.fields.push_back({std::move(field), std::move(code), std::move(message)});
    return e;
  }
  static Error of(ErrorKind kind, std::string code, std::string message) {
    return Error{kind, std::move(code), std::move(message), {}};
  }
};

// Interface-compatible subset of std::expected (C++23), which g++ 12 lacks in C++20.
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}
  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }
  Error& error() { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Unit {};
using Status = Result<Unit>;
inline Status Ok() { return Unit{}; }

}  // namespace tequio
