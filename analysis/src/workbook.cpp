#include "wfsim/analysis/workbook.hpp"

#include <xlsxwriter.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "number_format.hpp"
#include "wfsim/analysis/export_csv.hpp"
#include "wfsim/errors.hpp"

namespace wfsim {

namespace {

//! Owns a libxlsxwriter workbook; closing it is what writes the file.
class Book {
 public:
  explicit Book(const std::string& path) {
    // Constant memory: rows go to disk as they are written, so the long table of a large
    // run does not sit in memory. Every sheet is then written top to bottom.
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    book_ = workbook_new_opt(path.c_str(), &options);
    if (!book_) throw UserError("cannot write '" + path + "'");
    bold_ = add_format(nullptr, true);
    money_ = add_format("#,##0.00", false);
    share_ = add_format("0%", false);
    count_ = add_format("#,##0.0", false);
    wrap_ = workbook_add_format(book_);
    format_set_text_wrap(wrap_);
    format_set_bold(wrap_);
    format_set_align(wrap_, LXW_ALIGN_VERTICAL_TOP);
  }
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;
  ~Book() {
    if (book_) workbook_close(book_);  // after an error: the caller removes the file
  }
  //! Writes the file; throws UserError with libxlsxwriter's reason if it cannot.
  void close(const std::string& path) {
    const lxw_error error = workbook_close(book_);
    book_ = nullptr;
    if (error != LXW_NO_ERROR)
      throw UserError("cannot write '" + path + "': " + lxw_strerror(error));
  }
  lxw_worksheet* sheet(const char* name) { return workbook_add_worksheet(book_, name); }

  lxw_format *bold_, *money_, *share_, *count_, *wrap_;

 private:
  lxw_format* add_format(const char* number_format, bool bold) {
    lxw_format* f = workbook_add_format(book_);
    if (number_format) format_set_num_format(f, number_format);
    if (bold) format_set_bold(f);
    return f;
  }
  lxw_workbook* book_ = nullptr;
};

//! Writes a sheet's cells row by row, as constant-memory mode needs.
class Rows {
 public:
  explicit Rows(lxw_worksheet* sheet) : sheet_(sheet) {}
  Rows& text(const std::string& s, lxw_format* format = nullptr) {
    if (!s.empty()) check(worksheet_write_string(sheet_, row_, col_, s.c_str(), format));
    ++col_;
    return *this;
  }
  //! A number; one that is not finite (a value the run does not define) is left blank.
  Rows& number(double v, lxw_format* format = nullptr) {
    if (std::isfinite(v)) check(worksheet_write_number(sheet_, row_, col_, v, format));
    ++col_;
    return *this;
  }
  Rows& next() {
    ++row_;
    col_ = 0;
    return *this;
  }
  lxw_row_t row() const { return row_; }

 private:
  //! A cell libxlsxwriter refuses (a text longer than a cell holds) stops the workbook.
  static void check(lxw_error error) {
    if (error != LXW_NO_ERROR)
      throw UserError(std::string("cannot write the workbook: ") + lxw_strerror(error));
  }
  lxw_worksheet* sheet_;
  lxw_row_t row_ = 0;
  lxw_col_t col_ = 0;
};

constexpr double MILLION = 1e6;

//! A financial year's heading, saying when the horizon cuts it short.
std::string year_heading(const FinanceTables& f, std::size_t y) {
  return f.part_year(y) ? f.years[y] + " (" + whole(f.months_in_year[y]) + " months)" : f.years[y];
}

void cover(Book& book, const ResultsReader& results, const FinanceTables& f) {
  lxw_worksheet* ws = book.sheet("Cover");
  worksheet_set_column(ws, 0, 0, 28, nullptr);
  worksheet_set_column(ws, 1, 1, 90, nullptr);
  Rows r(ws);
  r.text(f.scenario_name, book.bold_).next().next();
  auto line = [&](const std::string& key, const std::string& value) {
    r.text(key, book.bold_).text(value).next();
  };
  std::string strategies;
  for (const auto& s : f.strategies) strategies += (strategies.empty() ? "" : ", ") + s;
  line("Strategies", strategies + " (each against the base on the same simulated futures)");
  line("Price base", f.price_base == "real"
                         ? "real: pounds of the first financial year"
                         : "cash: pounds of the day, salaries rising by the pay award each April");
  line("Money", "pounds million (GBP m), by financial year April to March");
  line("Months", f.start_month + " to " + f.end_month);
  line("Replications", std::to_string(results.int_attribute("replications")));
  line("Seed", std::to_string(results.seed()));
  line("Ranges", "P10 and P90: 1 future in 10 is below P10, 1 in 10 above P90");
  line("Date run (UTC)", results.attribute("created_utc"));
  line("wfsim", results.attribute("engine_version") + " (" + results.attribute("git_commit") + ")");
  line("Scenario file", results.attribute("scenario_path"));
  line("Scenario SHA-256", results.attribute("scenario_sha256"));
  line("Results file", results.path());
  line("Command", results.attribute("command_line"));
  r.next().text("Sheets", book.bold_).next();
  line("Spend", "spend by financial year, strategy and cost category");
  if (!f.comparisons.empty()) {
    line("Difference from base", "each strategy minus the base, in the same futures");
    line("Payback", "when each strategy's spend so far falls below the base's");
  } else if (f.strategies.size() > 1) {
    line("Difference from base",
         "not here: the run kept summaries only (--summary-only), and "
         "differences need every future; run again without it");
  }
  line("Agency", "agency FTE at each year's end and agency spend, with its P90 risk");
  if (!f.targets.empty()) line("Targets", "the chance of meeting each target");
  line("All results",
       "every stored summary as a long table, for pivot tables (over further "
       "sheets, All results (2) and on, when it is longer than a sheet holds)");
}

//! A table of ranges in pounds million: a row per (strategy, category), a column triple
//! (P10, median, P90) per financial year.
void spend_table(
    Book& book, lxw_worksheet* ws, const FinanceTables& f, const std::string& title,
    const std::vector<std::pair<std::string, std::vector<std::vector<QuantileRange>>>>& rows) {
  worksheet_set_column(ws, 0, 1, 18, nullptr);
  worksheet_set_column(ws, 2, static_cast<lxw_col_t>(1 + 3 * f.years.size()), 10, nullptr);
  worksheet_freeze_panes(ws, 3, 2);
  Rows r(ws);
  r.text(title, book.bold_).next();
  r.text("").text("");
  for (std::size_t y = 0; y < f.years.size(); ++y)
    r.text(year_heading(f, y), book.bold_).text("").text("");
  r.next().text("Strategy", book.bold_).text("Cost category", book.bold_);
  for (std::size_t y = 0; y < f.years.size(); ++y)
    r.text("P10", book.bold_).text("Median", book.bold_).text("P90", book.bold_);
  r.next();
  for (const auto& [strategy, by_category] : rows)
    for (std::size_t c = 0; c < by_category.size(); ++c) {
      r.text(strategy).text(f.categories[c], c + 1 == by_category.size() ? book.bold_ : nullptr);
      for (const QuantileRange& v : by_category[c])
        r.number(v.p10 / MILLION, book.money_)
            .number(v.median / MILLION, book.money_)
            .number(v.p90 / MILLION, book.money_);
      r.next();
    }
  r.next().text(
      "Grant income is negative. Medians and percentiles do not add up across "
      "categories or years; the total is its own distribution.");
}

void payback(Book& book, const FinanceTables& f) {
  lxw_worksheet* ws = book.sheet("Payback");
  worksheet_set_column(ws, 0, 0, 18, nullptr);
  worksheet_set_column(ws, 1, 8, 16, nullptr);
  Rows r(ws);
  r.text("Payback: each strategy against the base, on the same futures", book.bold_).next();
  r.text("Strategy", book.wrap_)
      .text("Cheaper from (month, in most futures)", book.wrap_)
      .text("Chance it pays for itself within the horizon", book.wrap_)
      .text("Present value of the difference, median (GBP m)", book.wrap_)
      .text("P10 (GBP m)", book.wrap_)
      .text("P90 (GBP m)", book.wrap_)
      .text("Break-even month, median (futures breaking even later)", book.wrap_)
      .text("P10", book.wrap_)
      .text("P90", book.wrap_)
      .next();
  for (const StrategyComparison& c : f.comparisons) {
    const Payback& p = c.payback;
    r.text(c.strategy)
        .text(p.month.empty() ? "not within the horizon" : p.month)
        .number(p.chance, book.share_)
        .number(p.present_value.median / MILLION, book.money_)
        .number(p.present_value.p10 / MILLION, book.money_)
        .number(p.present_value.p90 / MILLION, book.money_)
        .text(c.break_even.median)
        .text(c.break_even.p10)
        .text(c.break_even.p90)
        .next();
  }
  r.next().text(
      "Cheaper from: the first month from which, in every later month, spend so far is "
      "below the base's in more than half of the futures. Present value at the "
      "scenario's discount rate; a negative difference is a saving.");
}

void agency(Book& book, const FinanceTables& f) {
  lxw_worksheet* ws = book.sheet("Agency");
  worksheet_set_column(ws, 0, 1, 14, nullptr);
  worksheet_set_column(ws, 2, 7, 14, nullptr);
  worksheet_freeze_panes(ws, 2, 2);
  Rows r(ws);
  r.text("Agency: FTE at each financial year's last month, and spend in the year", book.bold_)
      .next();
  r.text("Strategy", book.wrap_)
      .text("Financial year", book.wrap_)
      .text("Agency FTE P10", book.wrap_)
      .text("Agency FTE median", book.wrap_)
      .text("Agency FTE P90", book.wrap_)
      .text("Agency spend median (GBP m)", book.wrap_)
      .text("Agency spend P90 (GBP m): the risk to budget for", book.wrap_)
      .text("Months in the year", book.wrap_)
      .next();
  for (std::size_t s = 0; s < f.strategies.size(); ++s)
    for (std::size_t y = 0; y < f.years.size(); ++y) {
      const QuantileRange& fte = f.agency_fte[s][y];
      const QuantileRange& money = f.agency_spend[s][y];
      r.text(f.strategies[s])
          .text(f.years[y])
          .number(fte.p10, book.count_)
          .number(fte.median, book.count_)
          .number(fte.p90, book.count_)
          .number(money.median / MILLION, book.money_)
          .number(money.p90 / MILLION, book.money_)
          .number(f.months_in_year[y])
          .next();
    }
}

void targets(Book& book, const FinanceTables& f) {
  lxw_worksheet* ws = book.sheet("Targets");
  worksheet_set_column(ws, 0, 2, 22, nullptr);
  worksheet_set_column(ws, 3, 3, 12, nullptr);
  Rows r(ws);
  r.text("The chance of meeting each target (share of futures)", book.bold_).next();
  r.text("Strategy", book.bold_)
      .text("Target", book.bold_)
      .text("When (month or financial year)", book.bold_)
      .text("Chance", book.bold_)
      .next();
  for (const TargetChance& t : f.targets)
    r.text(t.strategy).text(t.target).text(t.when).number(t.chance, book.share_).next();
}

//! Rows a sheet holds in Excel, its header included.
constexpr lxw_row_t EXCEL_ROWS = 1048576;

//! Every summary as a long table; a table longer than a sheet goes on over further sheets,
//! "All results (2)" and on, each with the header, so that no row is lost.
void long_table(Book& book, const ResultsReader& results) {
  int sheets = 0;
  std::unique_ptr<Rows> r;
  auto next_sheet = [&] {
    ++sheets;
    const std::string name =
        sheets == 1 ? "All results" : "All results (" + std::to_string(sheets) + ")";
    lxw_worksheet* ws = book.sheet(name.c_str());
    worksheet_set_column(ws, 0, 4, 16, nullptr);
    worksheet_set_column(ws, 5, 5, 14, nullptr);
    worksheet_freeze_panes(ws, 1, 0);
    r = std::make_unique<Rows>(ws);
    for (const char* head :
         {"strategy", "metric", "category", "period", "statistic", "value", "units", "part_year"})
      r->text(head, book.bold_);
    r->next();
  };
  next_sheet();
  for_each_summary_row(results, [&](const SummaryRow& row) {
    if (r->row() == EXCEL_ROWS) next_sheet();
    r->text(row.strategy)
        .text(row.metric)
        .text(row.category)
        .text(row.period)
        .text(row.statistic)
        .number(row.value)
        .text(row.units)
        .text(row.part_year ? "yes" : "")
        .next();
  });
}

}  // namespace

void write_workbook(const ResultsReader& results, const FinanceTables& f, const std::string& path) {
  Book book(path);
  cover(book, results, f);
  std::vector<std::pair<std::string, std::vector<std::vector<QuantileRange>>>> spend;
  for (std::size_t s = 0; s < f.strategies.size(); ++s)
    spend.emplace_back(f.strategies[s], f.spend[s]);
  spend_table(book, book.sheet("Spend"), f, "Spend by financial year, GBP m (" + f.price_base + ")",
              spend);
  if (!f.comparisons.empty()) {
    std::vector<std::pair<std::string, std::vector<std::vector<QuantileRange>>>> diff;
    for (const StrategyComparison& c : f.comparisons) {
      std::vector<std::vector<QuantileRange>> by_category(f.categories.size());
      for (std::size_t k = 0; k < c.spend_differences.size(); ++k) {
        const Difference& d = c.spend_differences[k];
        by_category[k / f.years.size()].push_back({d.p10, d.median, d.p90});
      }
      diff.emplace_back(c.strategy, std::move(by_category));
    }
    spend_table(book, book.sheet("Difference from base"), f,
                "Strategy minus base, in the same futures, GBP m (negative: a saving)", diff);
    payback(book, f);
  }
  agency(book, f);
  if (!f.targets.empty()) targets(book, f);
  long_table(book, results);
  book.close(path);
}

}  // namespace wfsim
