#include "seal.hpp"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <vector>

#include "wfsim/errors.hpp"

namespace wfsim {

namespace {

constexpr char MAGIC[] = "wfsim results seal 1\n";

//! CRC-32 (zlib's) and length of the file from SEAL_BYTES on, read in blocks.
std::pair<std::uint32_t, std::uint64_t> checksum(std::ifstream& in) {
  std::vector<char> buffer(std::size_t{1} << 20);
  uLong crc = crc32_z(0L, Z_NULL, 0);
  std::uint64_t length = 0;
  in.seekg(static_cast<std::streamoff>(SEAL_BYTES));
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    crc = crc32_z(crc, reinterpret_cast<const Bytef*>(buffer.data()), n);
    length += n;
  }
  return {static_cast<std::uint32_t>(crc), length};
}

std::string seal_text(std::uint32_t crc, std::uint64_t length) {
  char text[128];
  std::snprintf(text, sizeof text, "%scrc32 %08x length %llu\n", MAGIC, crc,
                static_cast<unsigned long long>(length));
  return text;
}

}  // namespace

void seal_file(const std::string& path) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  if (!file) throw UserError("cannot write '" + path + "': " + std::strerror(errno));
  std::ifstream in(path, std::ios::binary);
  const auto [crc, length] = checksum(in);
  std::string block = seal_text(crc, length);
  block.resize(SEAL_BYTES, '\0');
  file.seekp(0);
  file.write(block.data(), static_cast<std::streamsize>(block.size()));
  file.flush();
  if (!file) throw UserError("cannot write '" + path + "': " + std::strerror(errno));
}

void check_seal(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError("cannot read '" + path + "': " + std::strerror(errno));
  std::string block(SEAL_BYTES, '\0');
  in.read(block.data(), static_cast<std::streamsize>(block.size()));
  if (in.gcount() != static_cast<std::streamsize>(SEAL_BYTES) ||
      block.compare(0, sizeof MAGIC - 1, MAGIC) != 0)
    throw UserError("'" + path +
                    "' is not a wfsim results file of this format (it has no wfsim seal); "
                    "files from before results format 2 must be made again");
  in.clear();
  const auto [crc, length] = checksum(in);
  std::string expected = seal_text(crc, length);
  expected.resize(SEAL_BYTES, '\0');
  // Every byte compared, the differences gathered without a branch: a byte-by-byte compare
  // lets a coverage-guided fuzzer read the expected seal off the comparison and forge it.
  unsigned char differ = 0;
  for (std::size_t i = 0; i < SEAL_BYTES; ++i)
    differ |= static_cast<unsigned char>(block[i] ^ expected[i]);
  if (differ != 0)
    throw UserError("damaged results file: '" + path +
                    "' has changed since wfsim wrote it (its contents no longer match its "
                    "checksum); run the scenario again");
}

}  // namespace wfsim
