#include "report_svg.hpp"

#include <algorithm>
#include <cmath>

#include "report_format.hpp"

namespace wfsim::report {

namespace {

// A panel's frame in its own units; the page scales it to the width of half a page.
constexpr double W = 480, H = 220, L = 44, R = 12, T = 32, B = 24;

//! Roughly how wide a legend's text is at 11 px, to place the next entry after it.
double text_width(const std::string& s) {
  return 6.2 * static_cast<double>(s.size());
}

//! A point of a path: "x,y ".
std::string xy(double x, double y) {
  return coord(x) + ',' + coord(y) + ' ';
}

std::string line(double x1, double y1, double x2, double y2, const std::string& cls) {
  return "<line x1=\"" + coord(x1) + "\" y1=\"" + coord(y1) + "\" x2=\"" + coord(x2) + "\" y2=\"" +
         coord(y2) + "\" class=\"" + cls + "\"/>";
}

std::string text(double x, double y, const std::string& cls, const std::string& body) {
  return "<text x=\"" + coord(x) + "\" y=\"" + coord(y) + "\" class=\"" + cls + "\">" + body +
         "</text>";
}

//! The opening of a chart, its value axis and gridlines.
std::string frame(const std::string& label, const Axis& y, const auto& y_of) {
  std::string svg = "<svg class=\"chart\" viewBox=\"0 0 " + coord(W) + " " + coord(H) +
                    "\" role=\"img\" aria-label=\"" + esc(label) + "\">";
  const int ticks = static_cast<int>(std::lround((y.hi - y.lo) / y.step));
  for (int k = 0; k <= ticks; ++k) {
    const double v = y.lo + k * y.step, yy = y_of(v);
    svg += line(L, yy, W - R, yy, k == 0 ? "axis" : "grid");
    svg += text(L - 5, yy + 3.5, "ylab", number(v, y.decimals));
  }
  return svg;
}

//! The legend along the top: each series' swatch and name, never wrapped apart.
struct Legend {
  std::string svg;
  double x = L;
  void add(const std::string& swatch, const std::string& label) {
    svg += "<g class=\"key\" transform=\"translate(" + coord(x) + ",12)\">" + swatch +
           text(20, 4, "legend", esc(label)) + "</g>";
    x += 20 + text_width(label) + 14;
  }
};

//! Runs of times where `defined` holds: the DfE's flows are undefined for 12 months.
template <typename F>
std::vector<std::pair<std::size_t, std::size_t>> runs(std::size_t n, F defined) {
  std::vector<std::pair<std::size_t, std::size_t>> out;  // [from, to)
  for (std::size_t t = 0; t < n; ++t) {
    if (!defined(t)) continue;
    if (out.empty() || out.back().second != t) out.push_back({t, t});
    out.back().second = t + 1;
  }
  return out;
}

}  // namespace

const char* colour_of(std::size_t k) {
  return k == 0 ? BASE_COLOUR : STRATEGY_COLOURS[(k - 1) % std::size(STRATEGY_COLOURS)];
}

Axis nice_axis(double lo, double hi) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  if (hi < lo) std::swap(lo, hi);
  if (hi - lo < 1e-9 * std::max(1.0, std::abs(hi))) {
    // A flat line: a small span around it.
    const double pad = std::max(1.0, std::abs(hi) * 0.1);
    hi += pad;
    lo = lo >= 0 ? std::max(0.0, lo - pad) : lo - pad;
  }
  const double raw = (hi - lo) / 5;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = 10 * magnitude;
  for (double m : {1.0, 2.0, 2.5, 5.0})
    if (m * magnitude >= raw * 0.999) {
      step = m * magnitude;
      break;
    }
  Axis a;
  a.step = step;
  a.lo = std::floor(lo / step + 1e-9) * step;
  a.hi = std::ceil(hi / step - 1e-9) * step;
  if (a.hi <= a.lo) a.hi = a.lo + step;
  // Decimals enough for every tick: 2.5 needs one, 0.25 two.
  a.decimals = 0;
  while (a.decimals < 6 && std::abs(step * std::pow(10.0, a.decimals) -
                                    std::round(step * std::pow(10.0, a.decimals))) > 1e-6)
    ++a.decimals;
  return a;
}

std::string fan_panel(const FanPanel& p) {
  const std::size_t n = p.months;
  long lead = 0;  // months drawn before the first projected month, for published figures
  for (const Point& pt : p.points) lead = std::max(lead, -pt.at);
  const std::size_t slots = static_cast<std::size_t>(lead) + n;
  auto xs = [&](std::size_t slot) {
    return L + (W - L - R) * (slots > 1 ? double(slot) / double(slots - 1) : 0.5);
  };
  auto x = [&](std::size_t t) { return xs(static_cast<std::size_t>(lead) + t); };
  // A value that is not finite sits on the axis; one outside the axis at its edge.
  auto y_of = [&](double v) {
    const double c = std::isfinite(v) ? std::clamp(v, p.y.lo, p.y.hi) : p.y.lo;
    return T + (H - T - B) * (1 - (c - p.y.lo) / (p.y.hi - p.y.lo));
  };
  std::string svg = frame(p.label, p.y, y_of);

  // The first month of each financial year, named (every other one on a long axis), and the
  // first month when no April's label would run into it.
  const YearMonth from = p.first.plus(static_cast<int>(-lead));
  std::size_t aprils = 0;
  for (std::size_t slot = 0; slot < slots; ++slot) aprils += from.plus(int(slot)).month == 4;
  const std::size_t every = std::max<std::size_t>(1, (aprils + 6) / 7);
  std::size_t seen = 0;
  for (std::size_t slot = 0; slot < slots; ++slot) {
    const YearMonth m = from.plus(static_cast<int>(slot));
    const bool april = m.month == 4;
    if (april) svg += line(xs(slot), T, xs(slot), H - B, "yeargrid");
    bool named = april && seen++ % every == 0;
    if (slot == 0 && !april) {
      const std::size_t next_april = static_cast<std::size_t>((16 - m.month) % 12);
      named = next_april >= slots || xs(next_april) - xs(0) > 64;
    }
    if (named) svg += text(xs(slot), H - B + 14, "xlab", m.str());
  }
  if (lead > 0) {
    // Where the published figures end and the projection begins.
    svg += line(x(0), T, x(0), H - B, "start");
    svg += text(x(0) + 3, T + 9, "startlab", "projection");
  }

  Legend legend;
  for (const FanSeries& s : p.series) {
    legend.add("<line x1=\"0\" y1=\"0\" x2=\"14\" y2=\"0\" stroke=\"" + s.colour +
                   "\" stroke-width=\"3\"/>",
               s.label);
    std::string g = "<g class=\"series\" data-strategy=\"" + esc(s.strategy) + "\">";
    auto band = [&](const std::vector<double>& low, const std::vector<double>& high,
                    const char* opacity) {
      if (low.size() != n || high.size() != n) return;
      for (const auto& [a, b] : runs(
               n, [&](std::size_t t) { return std::isfinite(low[t]) && std::isfinite(high[t]); })) {
        std::string d = "M";
        for (std::size_t t = a; t < b; ++t) d += xy(x(t), y_of(high[t]));
        for (std::size_t t = b; t-- > a;) d += 'L' + xy(x(t), y_of(low[t]));
        g += "<path d=\"" + d + "Z\" fill=\"" + s.colour + "\" fill-opacity=\"" + opacity + "\"/>";
      }
    };
    band(s.p10, s.p90, "0.16");
    band(s.p25, s.p75, "0.3");
    if (s.p50.size() == n)
      for (const auto& [a, b] : runs(n, [&](std::size_t t) { return std::isfinite(s.p50[t]); })) {
        std::string d = "M";
        for (std::size_t t = a; t < b; ++t) {
          if (t != a) d += 'L';
          d += xy(x(t), y_of(s.p50[t]));
        }
        g += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + s.colour + "\" stroke-width=\"2\"/>";
      }
    svg += g + "</g>";
  }
  if (p.zero_line && p.y.lo < 0 && p.y.hi > 0) svg += line(L, y_of(0), W - R, y_of(0), "zero");
  for (const Reference& r : p.references) {
    if (r.values.empty()) continue;
    std::string d = "M";
    if (r.values.size() == 1) {
      d += xy(x(0), y_of(r.values[0])) + 'L' + xy(x(n ? n - 1 : 0), y_of(r.values[0]));
    } else {
      for (std::size_t t = 0; t < std::min(n, r.values.size()); ++t) {
        if (t) d += 'L';
        d += xy(x(t), y_of(r.values[t]));
      }
    }
    svg += "<path d=\"" + d + "\" class=\"ref " + esc(r.kind) + "\"/>";
    const double end = r.values.back();
    // Above the line, unless that would leave the chart.
    const double yy = y_of(end) - 4 < T + 8 ? y_of(end) + 11 : y_of(end) - 4;
    svg += text(W - R - 2, yy, "reflab", esc(r.label));
  }
  if (!p.marked_month.empty())
    if (const auto m = YearMonth::parse(p.marked_month)) {
      const long at = (m->year - p.first.year) * 12L + (m->month - p.first.month);
      if (at >= 0 && at < static_cast<long>(n)) {
        const double xx = x(static_cast<std::size_t>(at));
        svg += line(xx, T, xx, H - B, "mark");
        // Beside the line, on the side with room for it.
        const bool right = xx < (L + W - R) / 2;
        svg += "<text x=\"" + coord(right ? xx + 4 : xx - 4) + "\" y=\"" + coord(T + 10) +
               "\" class=\"marklab\" text-anchor=\"" + (right ? "start" : "end") + "\">" +
               esc(p.marked_label) + "</text>";
      }
    }
  if (!p.points.empty()) {
    for (const Point& pt : p.points)
      svg += "<circle class=\"actual\" " + pt.attributes + " cx=\"" +
             coord(xs(static_cast<std::size_t>(pt.at + lead))) + "\" cy=\"" +
             coord(y_of(pt.value)) + "\" r=\"3.2\"><title>" + esc(pt.title) + "</title></circle>";
    legend.add("<circle class=\"actualkey\" cx=\"7\" cy=\"0\" r=\"3.2\"/>", p.points_label);
  }
  return svg + legend.svg + "</svg>";
}

std::string bar_panel(const BarPanel& p) {
  const std::size_t n = p.years.size();
  auto y_of = [&](double v) {
    const double c = std::isfinite(v) ? std::clamp(v, p.y.lo, p.y.hi) : 0.0;
    return T + (H - T - B) * (1 - (c - p.y.lo) / (p.y.hi - p.y.lo));
  };
  std::string svg = frame(p.label, p.y, y_of);
  const double group = (W - L - R) / double(std::max<std::size_t>(n, 1));
  const std::size_t every = std::max<std::size_t>(1, (n + 9) / 10);
  for (std::size_t y = 0; y < n; ++y) {
    if (y % every != 0) continue;
    const double cx = L + group * (y + 0.5);
    svg += text(cx, H - B + 14, "xlab", esc(p.years[y]) + (p.part_year[y] ? "*" : ""));
  }
  if (p.y.lo < 0 && p.y.hi > 0) svg += line(L, y_of(0), W - R, y_of(0), "zero");
  Legend legend;
  const double width = group * 0.7 / double(std::max<std::size_t>(p.series.size(), 1));
  for (std::size_t k = 0; k < p.series.size(); ++k) {
    const BarSeries& s = p.series[k];
    legend.add("<rect x=\"0\" y=\"-5\" width=\"14\" height=\"10\" fill=\"" + s.colour + "\"/>",
               s.label);
    std::string g = "<g class=\"series\" data-strategy=\"" + esc(s.strategy) + "\">";
    for (std::size_t y = 0; y < n && y < s.p50.size(); ++y) {
      if (!std::isfinite(s.p50[y])) continue;
      const double x0 = L + group * (y + 0.15) + width * double(k);
      const double top = std::min(y_of(s.p50[y]), y_of(0)),
                   bottom = std::max(y_of(s.p50[y]), y_of(0));
      g += "<rect x=\"" + coord(x0) + "\" y=\"" + coord(top) + "\" width=\"" + coord(width * 0.92) +
           "\" height=\"" + coord(std::max(bottom - top, 0.5)) + "\" fill=\"" + s.colour + "\"" +
           (p.part_year[y] ? " fill-opacity=\"0.45\"" : "") + "/>";
      if (std::isfinite(s.p10[y]) && std::isfinite(s.p90[y])) {
        const double cx = x0 + width * 0.46;
        g += line(cx, y_of(s.p10[y]), cx, y_of(s.p90[y]), "whisker");
        g += line(cx - 3, y_of(s.p10[y]), cx + 3, y_of(s.p10[y]), "whisker");
        g += line(cx - 3, y_of(s.p90[y]), cx + 3, y_of(s.p90[y]), "whisker");
      }
    }
    svg += g + "</g>";
  }
  return svg + legend.svg + "</svg>";
}

}  // namespace wfsim::report
