// Password hashing (argon2id through libsodium, ~100 ms: call off the I/O threads) and policy.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace tequio::auth {

std::string hash_password(std::string_view password);
bool verify_password(std::string_view hash, std::string_view password);
// Spanish message when the password breaks the policy, reported on `field`.
std::optional<FieldError> check_password_policy(std::string_view password, std::string_view username,
                                                const std::string& field);

}  // namespace tequio::auth
