#include "scheme/toml_reader.h"

#include "scheme/scheme.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

namespace zwgk::scheme_detail {

static const Decimal k_max_points = Decimal::from_int(k_max_scheme_points);

Location TomlReader::at(const toml::node* node) const {
  Location loc;
  loc.file = m_file;
  if (node) {
    loc.line = node->source().begin.line;
    loc.column = node->source().begin.column;
  }
  return loc;
}

SchemePlace TomlReader::place(const toml::node* node) const {
  Location loc = at(node);
  return {loc.line, loc.column};
}

void TomlReader::error(const toml::node* node, std::string message) {
  m_diagnostics.error(at(node), std::move(message));
}

void TomlReader::check_keys(const toml::table& table, std::string_view path,
                            std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : table) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end()) {
      std::string list;
      for (auto a : allowed) list += fmt::format("{}{}", list.empty() ? "" : "、", a);
      error(&value, fmt::format("未知的键“{}{}”，此处可用的键为：{}", path, key.str(), list));
    }
  }
}

const toml::node* TomlReader::lookup(const toml::table& t, std::string_view key,
                                     std::string_view path, Need need,
                                     const toml::node* parent_for_missing) {
  const toml::node* node = t.get(key);
  if (!node && need == Need::Required)
    error(parent_for_missing, fmt::format("缺少必填的键“{}{}”", path, key));
  return node;
}

const toml::table* TomlReader::table(const toml::table& parent, std::string_view key,
                                     std::string_view path, Need need) {
  const toml::node* node = lookup(parent, key, path, need, &parent);
  if (!node) return nullptr;
  if (!node->is_table()) {
    error(node, fmt::format("“{}{}”应为表（[{}]）", path, key, key));
    return nullptr;
  }
  return node->as_table();
}

const toml::array* TomlReader::array(const toml::table& parent, std::string_view key,
                                     std::string_view path, Need need) {
  const toml::node* node = lookup(parent, key, path, need, &parent);
  if (!node) return nullptr;
  if (!node->is_array()) {
    error(node, fmt::format("“{}{}”应为数组（[[{}]] 或 [...]）", path, key, key));
    return nullptr;
  }
  return node->as_array();
}

std::optional<std::string> TomlReader::string(const toml::table& t, std::string_view key,
                                              std::string_view path, Need need) {
  const toml::node* node = lookup(t, key, path, need, &t);
  if (!node) return std::nullopt;
  if (auto s = node->value<std::string>(); s && node->is_string()) return *s;
  error(node, fmt::format("“{}{}”应为字符串（用引号括起）", path, key));
  return std::nullopt;
}

std::optional<std::string> TomlReader::name(const toml::table& t, std::string_view key, std::string_view path) {
  auto text = string(t, key, path, Need::Required);
  if (text && trim(*text).empty()) {
    error(t.get(key), fmt::format("“{}{}”不能为空", path, key));
    return std::nullopt;
  }
  return text;
}

std::optional<Decimal> TomlReader::decimal(const toml::table& t, std::string_view key,
                                           std::string_view path, Need need) {
  const toml::node* node = lookup(t, key, path, need, &t);
  if (!node) return std::nullopt;
  std::optional<Decimal> value;
  if (node->is_integer()) {
    value = Decimal::parse(std::to_string(*node->value<std::int64_t>()));
  } else if (node->is_floating_point()) {
    // Six fixed decimals read back as the same double exactly when the
    // author wrote at most six decimals; then this text is what they wrote.
    double v = *node->value<double>();
    std::string text = fmt::format("{:.6f}", v);
    if (std::strtod(text.c_str(), nullptr) == v) value = Decimal::parse(text);
  } else if (node->is_string()) {
    value = Decimal::parse(*node->value<std::string>());
  }
  if (value && *value > k_max_points) value.reset();
  if (!value) {
    error(node, fmt::format("“{}{}”应为分值，例如 5 或 0.5（最多6位小数，不超过{}）", path, key,
                            k_max_points.to_string()));
    return std::nullopt;
  }
  if (value->is_negative()) {
    error(node, fmt::format("“{}{}”不能为负数", path, key));
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> TomlReader::integer(const toml::table& t, std::string_view key,
                                                std::string_view path, Need need, IntRange range,
                                                std::string_view what) {
  const toml::node* node = lookup(t, key, path, need, &t);
  if (!node) return std::nullopt;
  auto value = node->is_integer() ? node->value<std::int64_t>() : std::nullopt;
  if (!value || *value < range.min || *value > range.max) {
    error(node, fmt::format("“{}{}”应为 {} 到 {} 之间的{}", path, key, range.min, range.max, what));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> TomlReader::boolean(const toml::table& t, std::string_view key,
                                        std::string_view path, Need need) {
  const toml::node* node = lookup(t, key, path, need, &t);
  if (!node) return std::nullopt;
  if (!node->is_boolean()) {
    error(node, fmt::format("“{}{}”应为 true 或 false", path, key));
    return std::nullopt;
  }
  return *node->value<bool>();
}

std::optional<YearMonth> TomlReader::month(const toml::table& t, std::string_view key,
                                           std::string_view path, Need need) {
  auto text = string(t, key, path, need);
  if (!text) return std::nullopt;
  auto m = YearMonth::parse(*text);
  if (!m) error(t.get(key), fmt::format("“{}{}”应为年月，例如 \"2020-08\"", path, key));
  return m;
}

std::vector<std::string> TomlReader::strings(const toml::table& t, std::string_view key,
                                             std::string_view path, Need need) {
  std::vector<std::string> out;
  const toml::node* node = lookup(t, key, path, need, &t);
  if (!node) return out;
  const toml::array* arr = node->as_array();
  if (!arr) {
    error(node, fmt::format("“{}{}”应为字符串数组，例如 [\"部门\", \"镇街\"]", path, key));
    return out;
  }
  if (!within_items(*arr, fmt::format("{}{}", path, key))) return out;
  for (const auto& item : *arr) {
    if (auto s = item.value<std::string>(); s && item.is_string())
      out.push_back(*s);
    else
      error(&item, fmt::format("“{}{}”的元素应为字符串", path, key));
  }
  return out;
}

bool TomlReader::within_items(const toml::array& array, std::string_view path) {
  if (array.size() <= k_max_scheme_items) return true;
  error(&array, fmt::format("“{}”有 {} 项，最多 {} 项", path, array.size(), k_max_scheme_items));
  return false;
}

} // namespace zwgk::scheme_detail
