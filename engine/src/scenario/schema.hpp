#pragma once
// The limits of the scenario schema (docs/scenario-reference.md) and how messages write
// paths and numbers, shared by the loader, its section readers and its parameters.
#include <cstdint>
#include <sstream>
#include <string>

#include "yaml_reader.hpp"

namespace wfsim {

inline constexpr std::int64_t SCHEMA_VERSION = 1;
inline constexpr std::int64_t MAX_HORIZON = 1200;
// Limits well beyond any council, chosen so that no count or sum can overflow.
inline constexpr std::int64_t MAX_PEOPLE = 1'000'000;
inline constexpr Range FTE_PER_HEAD{0.01, 1.0, false, "an FTE per head from 0.01 to 1"};
inline constexpr Range MONEY{0.0, 1e7, false, "an amount from 0 to 10000000 (GBP per year)"};
inline constexpr Range POSTS{0.0, 1e6, false, "an FTE from 0 to 1000000"};
inline constexpr Range SHARE{0.0, 1.0, false, "a share between 0 and 1"};
inline constexpr Range ONE_OFF{0.0, 1e7, false, "an amount from 0 to 10000000 (GBP)"};
inline constexpr Range YEARLY_RISE{-0.5, 0.5, false, "a yearly rate from -0.5 to 0.5"};
inline constexpr Range DISCOUNT{0.0, 0.5, false, "a yearly rate from 0 to 0.5"};
//! HM Treasury Green Book discount rate.
inline constexpr double GREEN_BOOK_RATE = 0.035;
//! Where leavers went nationally in 2020-21, as shares of leavers: 4.2% of the workforce
//! to another council, 2.6% to agency work, 8.6% out of council children's social work
//! (shared/domain.md); retirement is not told apart there.
inline constexpr double NATIONAL_DESTINATIONS[] = {4.2 / 15.4, 2.6 / 15.4, 8.6 / 15.4, 0.0};
inline constexpr Range PLACES{0.0, 1e6, false, "a whole number from 0 to 1000000"};
inline constexpr Range TURNOVER{
    0.0, 1.0, false, "a turnover rate between 0 and 1 (leavers in a year / average staff)"};
//! Most people a scenario may ever hold at once: opening staff, every intake over the
//! horizon, and experienced recruits up to the establishment.
inline constexpr double MAX_POPULATION = 1e8;
//! Most values on one axis of a sweep.
inline constexpr std::size_t MAX_SWEEP_VALUES = 100;

//! The path of item `i` of the list at `list`: `stages[2]`.
inline std::string item_path(const std::string& list, std::size_t i) {
  return list + "[" + std::to_string(i) + "]";
}

//! `v` as messages show numbers: at most six significant digits, as a stream writes it.
inline std::string format(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

}  // namespace wfsim
