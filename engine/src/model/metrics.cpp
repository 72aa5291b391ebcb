#include "wfsim/model/metrics.hpp"

#include "wfsim/errors.hpp"

namespace wfsim {

std::size_t MetricLayout::add(Family family) {
  // A results file keeps each family and each category axis as a dataset of its name in
  // one group: a family named as an axis (its own or another's) could not be written.
  for (const Family& f : families_)
    if (f.name == family.name || f.name == family.category_dim || f.category_dim == family.name)
      throw InternalError("result family '" + family.name + "' shares a name with family '" +
                          f.name + "' or its axis '" + f.category_dim + "'");
  if (family.name == family.category_dim)
    throw InternalError("result family '" + family.name + "' is named as its own axis");
  switch (family.axis) {
    case TimeAxis::month:
      family.times = static_cast<std::size_t>(months_);
      break;
    case TimeAxis::financial_year:
      family.times = static_cast<std::size_t>(years_);
      break;
    case TimeAxis::after_qualifying:
      family.times = std::size(RETENTION_MONTHS);
      break;
    case TimeAxis::none:
      family.times = 1;
      break;
  }
  family.offset = total_;
  total_ += family.size();
  families_.push_back(std::move(family));
  return families_.size() - 1;
}

const char* axis_name(TimeAxis axis) {
  switch (axis) {
    case TimeAxis::month:
      return "month";
    case TimeAxis::financial_year:
      return "financial_year";
    case TimeAxis::after_qualifying:
      return "months_after_qualifying";
    case TimeAxis::none:
      return "";
  }
  return "";
}

const Family& MetricLayout::find(const std::string& name) const {
  for (const auto& f : families_)
    if (f.name == name) return f;
  throw InternalError("no result family called '" + name + "'");
}

}  // namespace wfsim
