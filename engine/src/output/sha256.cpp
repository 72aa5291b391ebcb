#include "sha256.hpp"

#include <openssl/evp.h>

#include "wfsim/errors.hpp"

namespace wfsim {

std::string sha256_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw InternalError("SHA-256 failed");
  static constexpr char HEX[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < length; ++i) {
    out += HEX[digest[i] >> 4];
    out += HEX[digest[i] & 15];
  }
  return out;
}

}  // namespace wfsim
