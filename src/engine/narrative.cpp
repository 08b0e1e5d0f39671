#include "engine/narrative.h"

#include <fmt/format.h>

namespace zwgk {

std::string format_months(const std::vector<YearMonth>& months) {
  std::string out;
  for (const auto& m : months) out += fmt::format("{}{}", out.empty() ? "" : "、", m.month);
  return out;
}

std::string deduction_text(const std::vector<Deduction>& items) {
  if (items.empty()) return {};
  Decimal total;
  for (const auto& d : items) total += d.points;
  if (items.size() == 1)
    return fmt::format("{}，共减{}分。", items.front().reason, total.to_string());
  std::string out;
  for (const auto& d : items)
    out += fmt::format("{}{}，减{}分", out.empty() ? "" : "；", d.reason, d.points.to_string());
  out += fmt::format("，共减{}分。", total.to_string());
  return out;
}

std::string deduction_line(std::string_view unit_name, const std::vector<Deduction>& items) {
  return fmt::format("{}：{}", unit_name, deduction_text(items));
}

} // namespace zwgk
