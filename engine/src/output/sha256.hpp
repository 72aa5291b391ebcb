#pragma once
// SHA-256 of a text, in lower-case hex (OpenSSL's implementation).
#include <string>
#include <string_view>

namespace wfsim {

std::string sha256_hex(std::string_view text);

}  // namespace wfsim
