#pragma once
// The seal of a results file: a checksum of everything HDF5 wrote, kept in the file's first
// bytes (an HDF5 user block, which HDF5 and every reader built on it skip). A file changed
// or damaged after wfsim wrote it, by a flipped bit or a truncation, is refused before HDF5
// parses any of it: HDF5 1.10 can crash on damaged metadata it does not checksum.
#include <cstdint>
#include <string>

namespace wfsim {

//! Bytes kept for the seal at the start of a results file (HDF5's smallest user block).
inline constexpr std::uint64_t SEAL_BYTES = 512;

//! Writes the seal of the closed HDF5 file at `path`, made with a SEAL_BYTES user block.
void seal_file(const std::string& path);

//! Checks the seal of the file at `path`; throws UserError when it has none (not a wfsim
//! results file of this format) or the rest of the file no longer matches it.
void check_seal(const std::string& path);

}  // namespace wfsim
