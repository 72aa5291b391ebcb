#pragma once
//! A small CSV reader for published data files (RFC 4180 with a header row). It reads what
//! a spreadsheet or a statistics office writes and refuses anything else with a message
//! naming the file and line, rather than guessing what a damaged file meant.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wfsim::calibrate {

//! Files larger than this are refused before they are read: no published data file is near
//! it, and reading one that is would take several times its size in memory.
inline constexpr std::size_t MAX_CSV_BYTES = std::size_t{512} << 20;
//! Fields longer than this are refused: in a data file one is a sign of a stray quote.
inline constexpr std::size_t MAX_CSV_FIELD_BYTES = std::size_t{1} << 20;

//! A CSV file's header and rows, every field as the text it holds (quotes removed).
struct CsvTable {
  std::string source;                          //!< the file's name, for messages
  std::vector<std::string> header;             //!< column names, in file order
  std::vector<std::vector<std::string>> rows;  //!< each as many fields as the header
  std::vector<int> line;  //!< 1-based line on which each row starts (the header is line 1)
};

//! Parses `text` as CSV: comma separator; fields optionally in double quotes, which may
//! hold commas, line breaks and doubled quotes (`""`); lines ending in LF or CRLF; an
//! optional UTF-8 byte order mark; a first row of column names. Blank lines at the end are
//! ignored. Throws UserError, its message starting `source (line L): `, for an unterminated
//! quote, a row with a different number of fields from the header, a header naming a
//! column twice, an empty text, text that is not UTF-8 (a NUL byte, a control character,
//! UTF-16), a blank line among the rows, or more than MAX_CSV_BYTES or a field of more than
//! MAX_CSV_FIELD_BYTES.
CsvTable read_csv(std::string_view text, const std::string& source);

//! Reads and parses the file at `path` (named as given in messages). Throws UserError if it
//! cannot be opened (with the system's reason), is a folder, or is larger than
//! MAX_CSV_BYTES, and for everything read_csv refuses.
CsvTable read_csv_file(const std::string& path);

//! The index of column `name` in `table`'s header, if it has one.
std::optional<std::size_t> find_column(const CsvTable& table, std::string_view name);

//! The index of column `name` in `table`'s header. Throws UserError naming the file and
//! the column, with the likely intended one for a typo, if the header has no such column.
std::size_t column(const CsvTable& table, std::string_view name);

}  // namespace wfsim::calibrate
