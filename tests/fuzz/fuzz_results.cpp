// Fuzz target: bytes as a results file, read by everything that reads results: the reader's
// checks, export (summaries and comparisons), compare and the HTML report. A refusal
// (UserError) is the right answer to a damaged file; anything else is a bug.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "wfsim/analysis/compare.hpp"
#include "wfsim/analysis/export_csv.hpp"
#include "wfsim/analysis/report.hpp"
#include "wfsim/errors.hpp"
#include "wfsim/output/results_file.hpp"

namespace {

//! Discards what is written to it.
class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // HDF5 reads files, not memory: each input goes to a file of this process's own.
  static const std::string path = (std::filesystem::temp_directory_path() /
                                   ("wfsim_fuzz_results_" + std::to_string(::getpid()) + ".h5"))
                                      .string();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  NullBuffer sink;
  std::ostream null(&sink);
  // Each reader on its own, as each command would run it: one refusing does not hide another.
  auto attempt = [](auto&& read) {
    try {
      read();
    } catch (const wfsim::UserError&) {
    }
  };
  attempt([&] {
    const wfsim::ResultsReader results(path);
    attempt([&] { wfsim::export_csv(results, null); });
    attempt([&] { wfsim::export_comparisons_csv(results, null); });
    attempt([&] { wfsim::print_comparisons(null, wfsim::compare_strategies(results, "")); });
    attempt([&] { wfsim::write_report(results, null); });
  });
  std::remove(path.c_str());
  return 0;
}
