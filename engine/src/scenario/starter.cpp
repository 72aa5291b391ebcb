#include "wfsim/scenario/starter.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "wfsim/errors.hpp"
#include "wfsim/scenario/yaml_text.hpp"

namespace wfsim {

namespace {

std::string number(double v, int decimals = 0) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

//! The text with each line's comment starting in one column, so that it reads as a table.
std::string aligned(const std::string& text) {
  constexpr std::size_t COLUMN = 32;
  std::istringstream in(text);
  std::string out, line;
  while (std::getline(in, line)) {
    const auto hash = line.find(" #");
    const auto content = line.find_first_not_of(' ');
    if (hash != std::string::npos && content != std::string::npos && content < hash &&
        line.find('"') == std::string::npos) {
      std::string code = line.substr(0, hash);
      while (!code.empty() && code.back() == ' ') code.pop_back();
      const std::string comment = line.substr(line.find('#', hash));
      line = code + std::string(code.size() < COLUMN ? COLUMN - code.size() : 1, ' ') + comment;
    }
    out += line + "\n";
  }
  return out;
}

//! Whether `text` is valid UTF-8 without control characters (C0, DEL or C1): what a YAML
//! scalar can hold.
bool printable_utf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    // A lead byte of 2, 3 or 4 bytes; C0, C1 (overlong) and F5 on are never valid.
    const std::size_t length = c >= 0xc2 && c <= 0xdf   ? 2
                               : (c >> 4) == 0xe        ? 3
                               : c >= 0xf0 && c <= 0xf4 ? 4
                                                        : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return false;
    if (c == 0xc2 && static_cast<unsigned char>(text[i + 1]) < 0xa0) return false;  // C1
    i += length;
  }
  return true;
}

void check(bool ok, const std::string& what) {
  if (!ok) throw UserError(what);
}

}  // namespace

std::string starter_scenario(const StarterOptions& o) {
  check(!o.council.empty() && printable_utf8(o.council),
        "--council: give the council's name as text on one line");
  check(o.fte_in_post >= 1 && o.fte_in_post <= 100000,
        "--fte: FTE in post must be from 1 to 100,000");
  check(o.vacancies >= 0 && o.vacancies <= 100000, "--vacancies: from 0 to 100,000 FTE");
  check(o.agency_fte >= 0 && o.agency_fte <= 100000, "--agency: from 0 to 100,000 FTE");
  check(o.turnover > 0 && o.turnover < 1,
        "--turnover: a share of a year's staff, above 0 and below 1 (0.16 for 16%)");
  check(o.nqsw_share >= 0 && o.nqsw_share < 1, "--nqsw-share: from 0 to below 1");
  check(o.salary > 0 && o.salary <= 1e6, "--salary: GBP a year, above 0");
  check(o.agency_cost > 0 && o.agency_cost <= 1e7, "--agency-cost: GBP a year, above 0");

  const int in_post = static_cast<int>(std::lround(o.fte_in_post));
  const int asye = static_cast<int>(std::lround(o.nqsw_share * in_post));
  const int social_workers = in_post - asye;
  const double establishment = in_post + o.vacancies;
  // Locums up to the vacancies cover them; any beyond are kept for other reasons.
  const int covering = static_cast<int>(std::lround(std::min(o.agency_fte, o.vacancies)));
  const double other = std::max(0.0, o.agency_fte - o.vacancies);
  const double cover = o.vacancies > 0 ? std::min(1.0, o.agency_fte / o.vacancies) : 0.0;
  // Recruitment that holds vacancies where they are: over a year it fills the posts of the
  // leavers that the September intake does not, r a month, out of the V + n posts vacant
  // after a month's n leavers. (Replacing every leaver as well would shrink the status quo's
  // vacancies by the intake each year, and understate what a strategy changes.)
  const double leavers = o.turnover * in_post / 12;
  const double to_recruit = std::max(0.0, leavers - asye / 12.0);
  const double fill = std::clamp(to_recruit / (o.vacancies + leavers), 0.01, 1.0);
  const YearMonth september = o.start.plus((9 - o.start.month + 12) % 12);

  std::ostringstream y;
  y << "# " << o.council << ": a starter scenario written by `wfsim new`.\n"
    << "# [given] marks the figures given to `wfsim new`; [typical] marks a typical value to\n"
    << "# replace with the council's own. `wfsim check` prints the position it opens with;\n"
    << "# docs/scenario-reference.md describes every key.\n"
    << "schema_version: 1\n"
    << "name: " << yaml_quoted(o.council + " children's social work") << "\n"
    << "start: " << o.start.str() << "          # [given] the first month projected\n"
    << "horizon_months: 60        # five years\n"
    << "replications: 2000        # possible futures; more for smoother ranges\n"
    << "seed: 1                   # the same seed gives the same futures\n"
    << "on_cost_rate: 0.3         # [typical] employer's pension and National Insurance\n"
    << "pay_award: 0.03           # [typical] salaries rise by this share each April\n"
    << "\n"
    << "stages:\n"
    << "  - id: asye\n"
    << "    label: Newly qualified social worker (ASYE year)\n"
    << "    headcount: " << asye << "             # [typical] " << number(100 * o.nqsw_share)
    << "% of the " << in_post << " FTE in post, at 1 FTE each\n"
    << "    turnover_rate: " << number(o.turnover, 3) << "      # [given] as for everyone\n"
    << "    salary: " << number(o.salary * 0.85)
    << "            # [typical] 85% of a social "
       "worker's\n"
    << "    duration_months: 12\n"
    << "    next: social_worker\n"
    << "  - id: social_worker\n"
    << "    label: Social worker\n"
    << "    headcount: " << social_workers << "            # [given] the rest of those in post\n"
    << "    turnover_rate: " << number(o.turnover, 3)
    << "      # [given] leavers in a year / average FTE, as the DfE counts it\n"
    << "    salary: " << number(o.salary) << "            # [typical] GBP a year before on-costs\n"
    << "\n"
    << "intakes:\n"
    << "  - route: graduate_asye\n"
    << "    stage: asye\n"
    << "    month: 9                # each September\n"
    << "    size: " << asye << "                 # [typical] as many as are in their ASYE now\n"
    << "    limit_to_vacancies: true  # never more than the vacant posts\n"
    << "\n"
    << "establishment:\n"
    << "  - id: frontline\n"
    << "    stages: [asye, social_worker]\n"
    << "    fte: " << number(establishment, 1) << "               # [given] " << in_post
    << " FTE in post (whole people) + " << number(o.vacancies, 1) << " FTE vacant\n"
    << "    opening_agency_fte: " << covering << "    # [given] locums covering vacancies today\n";
  if (other > 0)
    y << "    other_agency_fte: " << number(other, 1)
      << "   # [given] agency beyond the vacancies (caseload pressure, long leave)\n";
  y << "    recruitment:\n"
    << "      stage: social_worker\n"
    << "      monthly_fill_probability: " << number(fill, 3) << "  # with the intake, replaces the "
    << number(leavers, 1) << " leavers a month: vacancies stay level\n"
    << "\n"
    << "agency:\n"
    << "  cover_share: " << number(cover, 2) << "         # [given] agency FTE / vacant FTE today\n"
    << "  annual_cost_per_fte: " << number(o.agency_cost)
    << "  # [typical] GBP a year per agency FTE, all in\n"
    << "\n"
    << "targets:\n"
    << "  - name: permanence_85\n"
    << "    description: At least 85% of front-line FTE permanent, not agency\n"
    << "    measure: permanence\n"
    << "    group: frontline\n"
    << "    at_least: 0.85\n"
    << "\n"
    << "# Options compared with the scenario above, on the same simulated futures.\n"
    << "strategies:\n"
    << "  - name: grow_our_own\n"
    << "    description: Twice the ASYE places each September from " << september.str() << "\n"
    << "    changes:\n"
    << "      - from: " << september.str() << "\n"
    << "        set: {intakes.graduate_asye.size: " << std::max(2, 2 * asye) << "}\n";
  return aligned(y.str());
}

}  // namespace wfsim
