#include "ingest/month_columns.h"

#include <fmt/format.h>

#include <charconv>
#include <map>

namespace zwgk::ingest {

std::optional<YearMonth> parse_month_label(std::string_view label, Period period) {
  if (auto ym = YearMonth::parse(label)) return ym;
  for (std::string_view suffix : {"月份", "月"}) {
    if (!label.ends_with(suffix)) continue;
    auto digits = label.substr(0, label.size() - suffix.size());
    int month = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), month);
    if (ec != std::errc{} || end != digits.data() + digits.size() || month < 1 || month > 12)
      return std::nullopt;
    return YearMonth{period.year, month};
  }
  return std::nullopt;
}

std::vector<MonthColumn> find_month_columns(const Header& header, Period period, CellReader& cells) {
  struct Seen {
    std::size_t first;                 // the column read
    std::vector<std::size_t> repeats;  // the others
  };
  std::vector<MonthColumn> out;
  std::map<YearMonth, Seen> seen;
  for (std::size_t i = 0; i < header.labels.size(); ++i) {
    auto m = parse_month_label(header.labels[i], period);
    if (!m) continue;
    auto [it, fresh] = seen.try_emplace(*m, Seen{i, {}});
    if (fresh) out.push_back({i, *m});
    else it->second.repeats.push_back(i);
  }
  for (const auto& [month, s] : seen) {
    if (s.repeats.empty()) continue;
    const std::size_t second = s.repeats.front();
    cells.error(header.line, second + 1, header.labels[second],
                fmt::format("月份 {} 写了 {} 列（第{}列{}），只读第{}列；请删去重复的列", month.to_string(),
                            s.repeats.size() + 1, s.first + 1,
                            s.repeats.size() == 1 ? fmt::format("和第{}列", second + 1)
                                                  : fmt::format("、第{}列等", second + 1),
                            s.first + 1));
  }
  return out;
}

} // namespace zwgk::ingest
