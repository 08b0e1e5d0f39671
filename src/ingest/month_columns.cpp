#include "ingest/month_columns.h"

#include <charconv>

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

std::vector<MonthColumn> find_month_columns(const Header& header, Period period) {
  std::vector<MonthColumn> out;
  for (std::size_t i = 0; i < header.labels.size(); ++i)
    if (auto m = parse_month_label(header.labels[i], period)) out.push_back({i, *m});
  return out;
}

} // namespace zwgk::ingest
