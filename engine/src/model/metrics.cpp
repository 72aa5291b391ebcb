#include "wfsim/model/metrics.hpp"

#include "wfsim/errors.hpp"

namespace wfsim {

std::size_t MetricLayout::add(Family family) {
  family.times = family.axis == TimeAxis::month            ? static_cast<std::size_t>(months_)
                 : family.axis == TimeAxis::financial_year ? static_cast<std::size_t>(years_)
                                                           : 1;
  family.offset = total_;
  total_ += family.size();
  families_.push_back(std::move(family));
  return families_.size() - 1;
}

const Family& MetricLayout::find(const std::string& name) const {
  for (const auto& f : families_)
    if (f.name == name) return f;
  throw InternalError("no result family called '" + name + "'");
}

}  // namespace wfsim
