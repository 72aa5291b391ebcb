#pragma once
//! Helpers the model's source files share: how people are keyed and how a draw is made.
//! Private to src/model.
#include <cstdint>
#include <string>

#include <boost/random/uniform_01.hpp>

#include "wfsim/model/scenario.hpp"
#include "wfsim/random/streams.hpp"

namespace wfsim::detail {

//! Kinds of person, part of each person's key.
enum class Origin : std::uint64_t {
  opening = 1,
  intake = 2,
  recruitment = 3,
  agency = 4,
  opening_agency = 5
};

//! The key of a person, from how they arrived and up to three indices of that arrival
//! (such as intake, month and place), so that the same arrival has the same key in every
//! strategy.
inline std::uint64_t person_key(Origin origin, std::uint64_t a, std::uint64_t b,
                                std::uint64_t c = 0) {
  return mix64(mix64(mix64(static_cast<std::uint64_t>(origin) * 0x9e3779b97f4a7c15ULL + a) + b) +
               c);
}

//! One uniform draw in [0, 1) from the stream of a unit of work.
inline double uniform(Stream stream) {
  return boost::random::uniform_01<double>()(stream);
}

//! A key for a parameter's random draws: its path, hashed (FNV-1a, then mixed).
inline std::uint64_t path_key(const std::string& path) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char ch : path) h = (h ^ ch) * 0x100000001b3ULL;
  return mix64(h);
}

//! The value a parameter drawn at `drawn`, returning toward `level` (when the variation has
//! one), takes in model year `year` with the year's deviation `noise` (year_to_year.cpp).
double moved(const YearlyVariation& v, double drawn, double level, int year, double noise);

}  // namespace wfsim::detail
