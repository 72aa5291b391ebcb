#pragma once
//! Text for the scenarios wfsim writes (`new`, `calibrate`): one way to quote a string.
#include <string>
#include <string_view>

namespace wfsim {

//! `text` as a double-quoted YAML scalar, backslashes and quotes escaped: names hold colons,
//! commas, apostrophes and quotes. Line breaks are the caller's to refuse.
inline std::string yaml_quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace wfsim
