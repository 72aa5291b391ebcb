#include "wfsim/calibrate/csv.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "wfsim/errors.hpp"
#include "wfsim/scenario/load.hpp"

namespace wfsim::calibrate {

namespace {

constexpr std::string_view UTF8_BOM = "\xEF\xBB\xBF";
const std::string BARE_CR = "a carriage return that does not end a line; lines end in LF or CRLF";
const std::string SAVE_AS_UTF8 = "save it from the spreadsheet as \"CSV UTF-8\"";

[[noreturn]] void fail(const std::string& source, int line, const std::string& what) {
  throw UserError(source + " (line " + std::to_string(line) + "): " + what);
}

std::string hex_byte(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", c);
  return buf;
}

std::string megabytes(std::uintmax_t bytes) {
  return std::to_string((bytes + (std::uintmax_t{1} << 20) - 1) >> 20) + " MB";
}

//! Refuses text that is not UTF-8 or holds control characters other than tab and line
//! ends: such a file is a binary (a workbook, a zip) or in another encoding, and reading
//! it as CSV would give fields of nonsense rather than an error.
void check_text(std::string_view text, const std::string& source) {
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF"))
    fail(source, 1, "the file is UTF-16 text, not UTF-8; " + SAVE_AS_UTF8);
  int line = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '\n') ++line;
      if (c == 0)
        fail(source, line,
             "the file holds a NUL byte, so it is not a text file (a workbook such as .xlsx, "
             "or text in UTF-16, is not CSV); " +
                 SAVE_AS_UTF8);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
        fail(source, line,
             "the file holds the control character " + hex_byte(c) + ", so it is not a text file");
      ++i;
      continue;
    }
    // The lead byte gives the sequence's length; C0, C1 and F5 to FF never start one.
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (c >= 0xC2 && c <= 0xDF) length = 2, code = c & 0x1F;
    if (c >= 0xE0 && c <= 0xEF) length = 3, code = c & 0x0F;
    if (c >= 0xF0 && c <= 0xF4) length = 4, code = c & 0x07;
    bool valid = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      const auto b = static_cast<unsigned char>(text[i + k]);
      valid = (b & 0xC0) == 0x80;
      code = (code << 6) | (b & 0x3F);
    }
    // Overlong forms and UTF-16 surrogates are not UTF-8 either.
    if (valid && ((length == 3 && code < 0x800) || (code >= 0xD800 && code <= 0xDFFF) ||
                  (length == 4 && (code < 0x10000 || code > 0x10FFFF))))
      valid = false;
    if (!valid)
      fail(source, line,
           "the byte " + hex_byte(c) +
               " is not UTF-8 text (the file is in another encoding, such as Windows-1252); " +
               SAVE_AS_UTF8);
    i += length;
  }
}

//! The length of the line end at `i` (1 for LF, 2 for CRLF), or 0 if there is none.
std::size_t line_end(std::string_view text, std::size_t i) {
  if (i < text.size() && text[i] == '\n') return 1;
  if (i + 1 < text.size() && text[i] == '\r' && text[i + 1] == '\n') return 2;
  return 0;
}

//! True if everything from `i` on is empty lines, which editors often leave at the end.
bool only_blank_lines_from(std::string_view text, std::size_t i) {
  while (const std::size_t n = line_end(text, i)) i += n;
  return i == text.size();
}

std::string fields(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " field" : " fields");
}

std::string field_too_long(std::size_t field) {
  return "field " + std::to_string(field) + " is longer than " + megabytes(MAX_CSV_FIELD_BYTES) +
         "; no data file has fields that long";
}

}  // namespace

CsvTable read_csv(std::string_view text, const std::string& source) {
  if (text.size() > MAX_CSV_BYTES)
    throw UserError(source + ": the file is " + megabytes(text.size()) +
                    "; CSV files larger than " + megabytes(MAX_CSV_BYTES) + " are refused");
  check_text(text, source);
  if (text.starts_with(UTF8_BOM)) text.remove_prefix(UTF8_BOM.size());

  CsvTable table;
  table.source = source;
  if (only_blank_lines_from(text, 0))
    fail(source, 1, "the file is empty; expected a header row of column names");

  int line = 1;
  std::size_t i = 0;
  std::vector<std::string> record;
  bool have_header = false;
  while (!only_blank_lines_from(text, i)) {
    const int record_line = line;
    if (line_end(text, i))
      fail(source, line,
           "the line is blank; a CSV file may have blank lines only at its end (every row "
           "has as many fields as the header)");
    record.clear();
    for (bool more = true; more;) {
      std::string field;
      if (text[i] == '"') {
        const int quote_line = line;
        for (++i;; ++i) {
          if (i >= text.size())
            fail(source, quote_line,
                 "the quoted field " + std::to_string(record.size() + 1) +
                     " that starts on this line is never closed (a '\"' is missing)");
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field += '"';
              ++i;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] == '\n') ++line;
          field += text[i];
          if (field.size() > MAX_CSV_FIELD_BYTES)
            fail(source, quote_line, field_too_long(record.size() + 1));
        }
        if (i < text.size() && text[i] == '\r' && !line_end(text, i)) fail(source, line, BARE_CR);
        if (i < text.size() && text[i] != ',' && !line_end(text, i))
          fail(source, line,
               "text follows the closing quote of field " + std::to_string(record.size() + 1) +
                   "; a quote inside a quoted field is written twice (\"\")");
      } else {
        const std::size_t start = i;
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r' &&
               text[i] != '"')
          ++i;
        if (i < text.size() && text[i] == '"')
          fail(source, line,
               "field " + std::to_string(record.size() + 1) +
                   " holds a quote but does not start with one; a field with quotes is written "
                   "in quotes, each quote inside it doubled (\"\")");
        if (i < text.size() && text[i] == '\r' && !line_end(text, i)) fail(source, line, BARE_CR);
        if (i - start > MAX_CSV_FIELD_BYTES) fail(source, line, field_too_long(record.size() + 1));
        field.assign(text.substr(start, i - start));
      }
      record.push_back(std::move(field));
      if (i < text.size() && text[i] == ',') {
        ++i;
      } else {
        i += line_end(text, i);
        ++line;
        more = false;
      }
    }

    if (!have_header) {
      for (std::size_t a = 0; a < record.size(); ++a)
        for (std::size_t b = 0; b < a; ++b)
          if (record[a] == record[b])
            fail(source, record_line,
                 "the header names column '" + record[a] + "' twice (columns " +
                     std::to_string(b + 1) + " and " + std::to_string(a + 1) + ")");
      table.header = std::move(record);
      record = {};
      have_header = true;
      continue;
    }
    if (record.size() != table.header.size())
      fail(source, record_line,
           "the row has " + fields(record.size()) + "; the header has " +
               std::to_string(table.header.size()));
    table.rows.push_back(std::move(record));
    table.line.push_back(record_line);
    record = {};
  }
  return table;
}

CsvTable read_csv_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw UserError("'" + path + "' is a folder, not a CSV file");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw UserError("cannot read '" + path +
                    "': " + (errno ? std::strerror(errno) : "cannot be opened"));
  const auto too_large = [&](const std::string& size) {
    return UserError(path + ": the file is " + size + "; CSV files larger than " +
                     megabytes(MAX_CSV_BYTES) + " are refused");
  };
  if (const auto size = std::filesystem::file_size(path, ec); !ec && size > MAX_CSV_BYTES)
    throw too_large(megabytes(size));
  // Read at most one byte beyond the limit, so that a pipe or a device without a size
  // cannot fill memory either.
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > MAX_CSV_BYTES) throw too_large("larger than " + megabytes(MAX_CSV_BYTES));
  }
  if (in.bad()) throw UserError("cannot read '" + path + "': read error");
  return read_csv(text, path);
}

std::optional<std::size_t> find_column(const CsvTable& table, std::string_view name) {
  for (std::size_t c = 0; c < table.header.size(); ++c)
    if (table.header[c] == name) return c;
  return std::nullopt;
}

std::size_t column(const CsvTable& table, std::string_view name) {
  if (const auto c = find_column(table, name)) return *c;
  const std::string word(name);
  throw UserError(table.source + " (line 1): the header has no column '" + word + "'" +
                  did_you_mean(word, table.header));
}

}  // namespace wfsim::calibrate
