#include "wfsim/calibrate/csv.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "test_support.hpp"
#include "wfsim/errors.hpp"

namespace wfsim::calibrate {

namespace {

//! The message of the UserError that parsing `text` throws, or "" if it parses.
std::string refusal(std::string_view text) {
  try {
    read_csv(text, "in.csv");
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

using Rows = std::vector<std::vector<std::string>>;

}  // namespace

TEST(Csv, ReadsHeaderRowsAndLines) {
  const CsvTable t = read_csv("a,b,c\n1,2,3\n4,,6\n", "in.csv");
  EXPECT_EQ(t.source, "in.csv");
  EXPECT_EQ(t.header, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(t.rows, (Rows{{"1", "2", "3"}, {"4", "", "6"}}));
  EXPECT_EQ(t.line, (std::vector<int>{2, 3}));
}

TEST(Csv, CrlfLineEndsReadAsLf) {
  const CsvTable lf = read_csv("a,b\n1,2\n3,4\n", "in.csv");
  const CsvTable crlf = read_csv("a,b\r\n1,2\r\n3,4\r\n", "in.csv");
  EXPECT_EQ(crlf.header, lf.header);
  EXPECT_EQ(crlf.rows, lf.rows);
  EXPECT_EQ(crlf.line, lf.line);
}

TEST(Csv, ByteOrderMarkIsNotPartOfTheFirstColumnName) {
  const CsvTable t = read_csv("\xEF\xBB\xBFtime_period,x\n2021,1\n", "in.csv");
  EXPECT_EQ(t.header[0], "time_period");
  EXPECT_EQ(column(t, "time_period"), 0u);
}

TEST(Csv, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  const CsvTable t = read_csv(
      "name,\"note\"\n"
      "\"Bournemouth, Christchurch and Poole\",\"said \"\"hello\"\"\"\n"
      "\"two\nlines\",\"\"\n"
      "\"crlf\r\nkept\",last\n",
      "in.csv");
  EXPECT_EQ(t.header, (std::vector<std::string>{"name", "note"}));
  EXPECT_EQ(t.rows, (Rows{{"Bournemouth, Christchurch and Poole", "said \"hello\""},
                          {"two\nlines", ""},
                          {"crlf\r\nkept", "last"}}));
  // A row's line is where it starts; a line break inside quotes moves the next row down.
  EXPECT_EQ(t.line, (std::vector<int>{2, 3, 5}));
}

TEST(Csv, LastLineNeedsNoLineEndAndBlankLinesAtTheEndAreIgnored) {
  EXPECT_EQ(read_csv("a,b\n1,", "in.csv").rows, (Rows{{"1", ""}}));
  EXPECT_EQ(read_csv("a,b\n1,\"2\"", "in.csv").rows, (Rows{{"1", "2"}}));
  const CsvTable t = read_csv("a,b\r\n1,2\r\n\r\n\n", "in.csv");
  EXPECT_EQ(t.rows, (Rows{{"1", "2"}}));
  EXPECT_TRUE(read_csv("a,b\n", "in.csv").rows.empty());
  EXPECT_TRUE(read_csv("a,b", "in.csv").rows.empty());
}

TEST(Csv, UnicodeTextIsKept) {
  const CsvTable t =
      read_csv("name\nSaint-\xC3\x89tienne \xE2\x80\x93 \xF0\x9F\x98\x80\n", "in.csv");
  EXPECT_EQ(t.rows[0][0], "Saint-\xC3\x89tienne \xE2\x80\x93 \xF0\x9F\x98\x80");
}

TEST(Csv, RefusesAnUnterminatedQuoteAtTheLineWhereItOpens) {
  EXPECT_EQ(refusal("a,b\n1,2\n3,\"four\n5,6\n"),
            "in.csv (line 3): the quoted field 2 that starts on this line is never closed (a "
            "'\"' is missing)");
}

TEST(Csv, RefusesARowWithAnotherNumberOfFields) {
  EXPECT_EQ(refusal("a,b,c\n1,2,3\n1,234,5,6\n"),
            "in.csv (line 3): the row has 4 fields; the header has 3");
  EXPECT_EQ(refusal("a,b,c\r\n1,2,3\r\n\"x,y\"\r\n"),
            "in.csv (line 3): the row has 1 field; the header has 3");
}

TEST(Csv, RefusesAHeaderThatNamesAColumnTwice) {
  EXPECT_EQ(refusal("a,b,c,b\n1,2,3,4\n"),
            "in.csv (line 1): the header names column 'b' twice (columns 2 and 4)");
}

TEST(Csv, RefusesAnEmptyFile) {
  const std::string message =
      "in.csv (line 1): the file is empty; expected a header row of "
      "column names";
  EXPECT_EQ(refusal(""), message);
  EXPECT_EQ(refusal("\r\n\n"), message);
  EXPECT_EQ(refusal("\xEF\xBB\xBF"), message);
}

TEST(Csv, RefusesWhatIsNotUtf8Text) {
  EXPECT_EQ(refusal(std::string("a,b\n1,2\n3\0,4\n", 13)),
            "in.csv (line 3): the file holds a NUL byte, so it is not a text file (a workbook "
            "such as .xlsx, or text in UTF-16, is not CSV); save it from the spreadsheet as "
            "\"CSV UTF-8\"");
  EXPECT_EQ(refusal("a,b\n1,\x1B\n"),
            "in.csv (line 2): the file holds the control character 0x1B, so it is not a text "
            "file");
  // "Saint-Étienne" in Windows-1252.
  EXPECT_EQ(refusal("name\nSaint-\xC9tienne\n"),
            "in.csv (line 2): the byte 0xC9 is not UTF-8 text (the file is in another "
            "encoding, such as Windows-1252); save it from the spreadsheet as \"CSV UTF-8\"");
  EXPECT_EQ(refusal(std::string("\xFF\xFE"
                                "a\0,\0b\0",
                                8)),
            "in.csv (line 1): the file is UTF-16 text, not UTF-8; save it from the spreadsheet "
            "as \"CSV UTF-8\"");
  // An overlong form, a surrogate and a sequence cut short are not UTF-8 either.
  EXPECT_NE(refusal("a\n\xC0\xAF\n").find("the byte 0xC0 is not UTF-8"), std::string::npos);
  EXPECT_NE(refusal("a\n\xED\xA0\x80\n").find("the byte 0xED is not UTF-8"), std::string::npos);
  EXPECT_NE(refusal("a\n\xE2\x80").find("the byte 0xE2 is not UTF-8"), std::string::npos);
}

TEST(Csv, RefusesABlankLineAmongTheRows) {
  EXPECT_EQ(refusal("a,b\n1,2\n\n3,4\n"),
            "in.csv (line 3): the line is blank; a CSV file may have blank lines only at its "
            "end (every row has as many fields as the header)");
}

TEST(Csv, RefusesStrayQuotesAndCarriageReturns) {
  EXPECT_EQ(refusal("a,b\n1,2\"3\n"),
            "in.csv (line 2): field 2 holds a quote but does not start with one; a field with "
            "quotes is written in quotes, each quote inside it doubled (\"\")");
  EXPECT_EQ(refusal("a,b\n\"1\"x,2\n"),
            "in.csv (line 2): text follows the closing quote of field 1; a quote inside a "
            "quoted field is written twice (\"\")");
  EXPECT_EQ(refusal("a,b\r1,2\r"),
            "in.csv (line 1): a carriage return that does not end a line; lines end in LF or "
            "CRLF");
  EXPECT_EQ(refusal("a,b\n\"1\"\r2\n"),
            "in.csv (line 2): a carriage return that does not end a line; lines end in LF or "
            "CRLF");
}

TEST(Csv, RefusesAFieldLongerThanTheLimit) {
  const std::string fits(MAX_CSV_FIELD_BYTES, 'x');
  EXPECT_EQ(read_csv("a,b\n1," + fits + "\n", "in.csv").rows[0][1].size(), MAX_CSV_FIELD_BYTES);
  EXPECT_EQ(refusal("a,b\n1," + fits + "x\n"),
            "in.csv (line 2): field 2 is longer than 1 MB; no data file has fields that long");
  EXPECT_EQ(refusal("a,b\n\"" + fits + "x\",2\n"),
            "in.csv (line 2): field 1 is longer than 1 MB; no data file has fields that long");
}

TEST(CsvFile, ReadsAFileAndNamesItInMessages) {
  const auto dir = test::temp_dir("csv");
  const std::string path = (dir / "good.csv").string();
  std::ofstream(path, std::ios::binary) << "a,b\r\n1,2\r\n";
  const CsvTable t = read_csv_file(path);
  EXPECT_EQ(t.source, path);
  EXPECT_EQ(t.rows, (Rows{{"1", "2"}}));

  const std::string bad = (dir / "bad.csv").string();
  std::ofstream(bad, std::ios::binary) << "a,b\n1\n";
  try {
    read_csv_file(bad);
    ADD_FAILURE() << "not refused";
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()), bad + " (line 2): the row has 1 field; the header has 2");
  }
  std::filesystem::remove_all(dir);
}

TEST(CsvFile, RefusesWhatCannotBeOpenedWithTheReason) {
  const auto dir = test::temp_dir("csv_open");
  const std::string missing = (dir / "missing.csv").string();
  try {
    read_csv_file(missing);
    ADD_FAILURE() << "not refused";
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot read '" + missing + "': No such file or directory");
  }
  try {
    read_csv_file(dir.string());
    ADD_FAILURE() << "not refused";
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()), "'" + dir.string() + "' is a folder, not a CSV file");
  }
  std::filesystem::remove_all(dir);
}

TEST(CsvFile, RefusesAFileLargerThanTheLimitBeforeReadingIt) {
  const auto dir = test::temp_dir("csv_large");
  const std::string path = (dir / "huge.csv").string();
  std::ofstream(path) << "a\n";
  // A sparse file: its size is over the limit, though it takes no space on disk.
  std::filesystem::resize_file(path, MAX_CSV_BYTES + 1);
  try {
    read_csv_file(path);
    ADD_FAILURE() << "not refused";
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ": the file is 513 MB; CSV files larger than 512 MB are refused");
  }
  std::filesystem::remove_all(dir);
}

TEST(CsvColumn, FindsAColumnOrNamesTheLikelyOne) {
  const CsvTable t = read_csv("time_period,inpost_fte,cases\n2021,1,2\n", "in.csv");
  EXPECT_EQ(column(t, "cases"), 2u);
  EXPECT_EQ(find_column(t, "inpost_fte"), 1u);
  EXPECT_EQ(find_column(t, "leavers_fte"), std::nullopt);
  try {
    column(t, "inpost_ft");
    ADD_FAILURE() << "not refused";
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()),
              "in.csv (line 1): the header has no column 'inpost_ft'; did you mean "
              "'inpost_fte'?");
  }
  try {
    column(t, "region_name");
    ADD_FAILURE() << "not refused";
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()),
              "in.csv (line 1): the header has no column 'region_name'; choose from "
              "time_period, inpost_fte, cases");
  }
}

}  // namespace wfsim::calibrate
