#pragma once
//! The results of one replication, laid out as a flat array of series.
//!
//! A family is one named result (headcount, cost, ...) with an optional category axis
//! (stage, route, group, cost category) and a time axis (months, or financial years).
//! Its values for one replication occupy `size()` consecutive doubles:
//! `[category][time]`, time fastest.
#include <cstddef>
#include <string>
#include <vector>

namespace wfsim {

//! Time axis of a family; `none` for one value per replication (drawn parameters).
enum class TimeAxis { month, financial_year, after_qualifying, none };

//! Months after qualifying at which retention is measured (TimeAxis::after_qualifying).
inline constexpr int RETENTION_MONTHS[] = {12, 24, 36};

//! Name of a time axis's dimension in results files.
const char* axis_name(TimeAxis axis);

//! One named result.
struct Family {
  std::string name;
  std::string unit;  //!< `people`, `FTE`, `GBP`, `ratio`
  std::string description;
  std::string category_dim;  //!< name of the category axis; empty when the family has none
  std::vector<std::string> categories;
  TimeAxis axis = TimeAxis::month;
  bool in_expected = true;  //!< whether the expected-value projection gives it
  std::size_t offset = 0;   //!< first value in a replication's array
  std::size_t times = 0;    //!< length of the time axis

  //! Whether the family has a category axis (it may still be empty: no routes at all).
  bool has_categories() const { return !category_dim.empty(); }
  std::size_t category_count() const { return has_categories() ? categories.size() : 1; }
  std::size_t size() const { return category_count() * times; }
  //! Position of (category, time) in a replication's array.
  std::size_t at(std::size_t category, std::size_t time) const {
    return offset + category * times + time;
  }
};

//! All families of a model, and where each lives in a replication's array.
class MetricLayout {
 public:
  MetricLayout(int months, int financial_years) : months_(months), years_(financial_years) {}

  //! Appends a family; returns its index.
  std::size_t add(Family family);
  const std::vector<Family>& families() const { return families_; }
  const Family& family(std::size_t i) const { return families_[i]; }
  //! The family called `name`; throws InternalError if there is none.
  const Family& find(const std::string& name) const;
  std::size_t values_per_replication() const { return total_; }
  int months() const { return months_; }
  int financial_years() const { return years_; }

 private:
  std::vector<Family> families_;
  std::size_t total_ = 0;
  int months_;
  int years_;
};

}  // namespace wfsim
