#pragma once
//! Numbers of a scenario that may be uncertain and may change over time.
//!
//! A parameter is a list of segments, each a distribution from a given month on. Each
//! replication draws every segment once (uncertainty about the parameter, kept apart from
//! month-to-month chance) by inverting the distribution's CDF at one uniform draw keyed by
//! the parameter's path and the segment's first month, so a strategy that changes one
//! parameter leaves every other draw as it was.
#include <string>
#include <vector>

namespace wfsim {

//! A distribution for one number, drawn once per replication.
struct Distribution {
  enum class Kind { fixed, uniform, triangular, normal, beta, lognormal };
  Kind kind = Kind::fixed;
  //! fixed: value; uniform: low, high; triangular: low, mode, high; normal: mean, sd
  //! (truncated to the parameter's range); beta: mean, sd; lognormal: median, spread (the
  //! factor one standard deviation multiplies the median by, e^sigma).
  double a = 0, b = 0, c = 0;

  static Distribution fixed(double value) { return {Kind::fixed, value, 0, 0}; }
  //! The value at cumulative probability `u` in (0, 1), kept within [low, high].
  double quantile(double u, double low, double high) const;
  //! Kind as written in a scenario: `uniform`, `beta`, ...
  static const char* name(Kind kind);
};

//! A number that may be uncertain and may change from given months.
struct Parameter {
  struct Segment {
    int from = 0;  //!< month index (0: the first month) the segment applies from
    Distribution value;
  };
  std::string path;  //!< where it is in the scenario: `stages.social_worker.leaving_rate`
  //! Names its random draw; parameters that share it move together (the tenure bands of
  //! one stage's leaving rate share one draw per replication).
  std::string draw_key;
  double low = 0, high = 0;       //!< valid range; draws are kept inside it
  bool whole = false;             //!< a count: draws are rounded to whole numbers
  std::vector<Segment> segments;  //!< by ascending `from`; the first is from month 0

  //! True if any segment is a distribution rather than a fixed number.
  bool uncertain() const;
  //! Makes `value` apply from month `from` on, replacing what applied from then.
  void set_from(int from, const Distribution& value);
  //! Rounds a count, keeps a value within range.
  double finish(double value) const;
  //! Mean of segment `k`'s draws as they are used: kept within range and rounded (the
  //! average of the finished quantile over a fine grid of probabilities).
  double mean(std::size_t k) const;
};

//! Index of a parameter in Scenario::parameters.
using ParamId = int;

}  // namespace wfsim
