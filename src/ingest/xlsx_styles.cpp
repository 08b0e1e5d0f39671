// Which cells of a workbook show dates, and their serial numbers as dates.
#include "ingest/xlsx_parts.h"

#include "util/calendar.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>

namespace zwgk::ingest::xlsx {
namespace {

std::optional<std::uint32_t> number_attribute(const Attributes& attrs, std::string_view name) {
  auto text = attrs.get(name);
  if (!text) return std::nullopt;
  std::uint32_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc{} || end != text->data() + text->size()) return std::nullopt;
  return value;
}

// <numFmts> (custom formats by id) and <cellXfs> (each cell format's numFmtId).
class StylesHandler : public XmlHandler {
public:
  explicit StylesHandler(std::size_t max_formats) : m_max(max_formats) {}

  void start(std::string_view name, const Attributes& attrs) override {
    if (name == "numFmt" && m_in == In::NumFmts) {
      if (m_custom.size() >= m_max) return stop(fmt::format("定义了超过 {} 种数字格式，已拒绝", m_max));
      if (auto id = number_attribute(attrs, "numFmtId")) m_custom[*id] = is_date_format(attrs.get("formatCode").value_or(""));
    } else if (name == "xf" && m_in == In::CellXfs) {
      if (m_formats.size() >= m_max) return stop(fmt::format("定义了超过 {} 种单元格格式，已拒绝", m_max));
      m_formats.push_back(number_attribute(attrs, "numFmtId").value_or(0));
    } else if (name == "numFmts") {
      m_in = In::NumFmts;
    } else if (name == "cellXfs") {
      m_in = In::CellXfs;
    }
  }
  void end(std::string_view name) override {
    if (name == "numFmts" || name == "cellXfs") m_in = In::Other;
  }

  std::vector<bool> date_formats() const {
    std::vector<bool> out;
    out.reserve(m_formats.size());
    for (auto id : m_formats) {
      auto custom = m_custom.find(id);
      out.push_back(custom != m_custom.end() ? custom->second : is_builtin_date_format(id));
    }
    return out;
  }

private:
  enum class In { Other, NumFmts, CellXfs };
  std::size_t m_max;
  In m_in = In::Other;
  std::map<std::uint32_t, bool> m_custom;
  std::vector<std::uint32_t> m_formats;
};

} // namespace

bool is_builtin_date_format(std::uint32_t id) {
  // 14-22 everywhere; 27-36 and 50-58 are the dates and times of Chinese,
  // Japanese and Korean Excel (yyyy"年"m"月"d"日" and the like); 45-47 times.
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

bool is_date_format(std::string_view code) {
  // The first section only (positive numbers); quoted text, escaped
  // characters and [colour]/[$-locale] brackets are not format letters, but
  // [h], [mm], [ss] (elapsed time) are.
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == ';') return false;
    if (c == '"') {
      auto close = code.find('"', i + 1);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal (or padding)
    } else if (c == '[') {
      auto close = code.find(']', i + 1);
      if (close == std::string_view::npos) return false;
      auto inside = code.substr(i + 1, close - i - 1);
      if (!inside.empty() && inside.find_first_not_of("hHmMsS") == std::string_view::npos) return true;
      i = close;
    } else if (std::string_view("yYmMdDhHsS").find(c) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

std::optional<std::string> serial_to_iso(std::string_view text, bool date1904) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  // 1900 system: serial 1 is 1900-01-01, but Excel counts a 1900-02-29 that
  // never was (serial 60), so from serial 61 (1900-03-01) on the epoch is
  // 1899-12-30. 2958465 is 9999-12-31 in both systems' range.
  constexpr std::int64_t k_epoch_1900 = -25569;  // 1899-12-30 in days since 1970-01-01
  constexpr std::int64_t k_epoch_1904 = -24107;  // 1904-01-01
  // Below 1 in the 1900 system, a time of day alone (a cell formatted h:mm).
  const double past_last = date1904 ? 2957004 : 2958466;
  if (value < 0 || value >= past_last || (!date1904 && value >= 60 && value < 61)) return std::nullopt;
  auto days = static_cast<std::int64_t>(std::floor(value));
  auto seconds = static_cast<std::int64_t>(std::llround((value - static_cast<double>(days)) * 86400));
  if (seconds >= 86400) {
    ++days;
    seconds -= 86400;
  }
  auto time = [&] { return fmt::format("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60); };
  if (!date1904 && days == 0) return time();
  std::int64_t epoch = date1904 ? k_epoch_1904 : days < 60 ? k_epoch_1900 + 1 : k_epoch_1900;
  Date date = Date::from_days_since_epoch(days + epoch);
  if (date.year > 9999 || (!date1904 && days == 60)) return std::nullopt;  // rounded up into 1900-02-29
  if (seconds == 0) return date.to_string();
  return date.to_string() + " " + time();
}

std::optional<PartError> read_styles(zip_t* zip, const std::string& part, const XlsxLimits& limits, Styles& styles) {
  StylesHandler handler(limits.cell_formats);
  if (auto error = parse_part(zip, part, limits.small_part_bytes, handler)) return error;
  styles.date_format = handler.date_formats();
  return std::nullopt;
}

} // namespace zwgk::ingest::xlsx
