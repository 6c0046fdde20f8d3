// Small helpers shared by the route files: problem responses, pages, JSON bodies read with a
// JsonReader, path ids, file downloads.
#pragma once
#include <cctype>
#include <cstdio>
#include <string>

#include "core/json_input.h"
#include "http/app.h"

namespace tequio::http {

inline Response problem(const Error& e) { return Response::problem(e); }

template <class T>
Response page_response(const Result<T>& r) {
  if (!r) return problem(r.error());
  Response resp;
  resp.status = 200;
  resp.body = r->body();
  return resp;
}

// Reads a JSON body with `read`, then calls `call` when the reader found no problem.
template <class Read, class Call>
Response with_body(Ctx& c, Read read, Call call, int ok_status = 200) {
  auto body = c.json_body();
  if (!body) return problem(body.error());
  JsonReader in(*body);
  auto input = read(in);
  if (auto st = in.finish(); !st) return problem(st.error());
  return from_result(call(input), ok_status);
}

template <class Call>
Response with_id(Ctx& c, Call call) {
  auto id = c.id();
  if (!id) return problem(id.error());
  return call(*id);
}

inline std::string content_disposition(const std::string& filename) {
  std::string ascii, encoded;
  for (unsigned char ch : filename) {
    ascii.push_back(ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\' ? static_cast<char>(ch) : '_');
    if (isalnum(ch) || ch == '.' || ch == '-' || ch == '_') encoded.push_back(static_cast<char>(ch));
    else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      encoded += buf;
    }
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

inline Response file_response(const std::string& filename, const std::string& media_type, std::string content) {
  Response r;
  r.status = 200;
  r.content_type = media_type;
  r.body = std::move(content);
  r.headers.emplace_back("Content-Disposition", content_disposition(filename));
  return r;
}

}  // namespace tequio::http
