#pragma once
//! Random streams derived from (seed, replication, purpose, ...), never from a thread.
//!
//! A stream is a counter-based generator: its key is a hash of the unit of work it serves
//! and its n-th output is a mix of (key, n). Making a stream is a few multiplications, so
//! the model can afford one per (purpose, stage, month, cohort): drawing more of one kind
//! never shifts the draws of another, which is what comparing strategies on the same luck
//! needs. The output function is SplitMix64's, which passes BigCrush. Streams satisfy the
//! Boost.Random engine concept, so Boost's distributions draw from them.
#include <cstdint>
#include <limits>

namespace wfsim {

//! What a stream is used for; part of every stream's key.
enum class Purpose : std::uint64_t {
  leaving = 1,
  completion = 2,
  promotion = 3,
  intake = 4,
  recruitment = 5,
  demand = 6,
  parameters = 7,
  destination = 8,
  agency = 9,
  agency_fill = 10,
  year_to_year = 11,
};

//! 64-bit finaliser with full avalanche (SplitMix64 / Stafford variant 13).
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

//! One random stream; a uniform random bit generator of 64-bit words.
class Stream {
 public:
  using result_type = std::uint64_t;
  explicit Stream(std::uint64_t key) : key_(key) {}

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()() { return mix64(key_ + GOLDEN * ++counter_); }

 private:
  static constexpr std::uint64_t GOLDEN = 0x9e3779b97f4a7c15ULL;
  std::uint64_t key_;
  std::uint64_t counter_ = 0;
};

//! The random streams of one replication.
class ReplicationStreams {
 public:
  ReplicationStreams(std::uint64_t seed, std::uint64_t replication)
      : key_(mix64(mix64(seed ^ 0x5746'5349'4d00'0001ULL) + replication)) {}

  //! The stream for one unit of work: a purpose, a thing (person, stage, intake) and up to
  //! two small indices (month, place). `b` and `c` must be below 2^32: packed into one word
  //! they cannot collide, and the key costs two mixes, which matters at a draw per person
  //! per month.
  Stream stream(Purpose purpose, std::uint64_t a = 0, std::uint64_t b = 0,
                std::uint64_t c = 0) const {
    const std::uint64_t k = mix64(key_ + static_cast<std::uint64_t>(purpose) * PURPOSE_STEP + a);
    return Stream(mix64(k + ((b << 32) | (c & 0xffffffffULL))));
  }

 private:
  static constexpr std::uint64_t PURPOSE_STEP = 0xd1b54a32d192ed03ULL;
  std::uint64_t key_;
};

}  // namespace wfsim
