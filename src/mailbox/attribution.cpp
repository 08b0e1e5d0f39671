#include "mailbox/attribution.h"

#include "util/text.h"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace zwgk::mailbox {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 5> k_brackets{{
    {"【", "】"}, {"[", "]"}, {"〔", "〕"}, {"［", "］"}, {"〖", "〗"}}};

constexpr std::array<std::string_view, 10> k_separators{":", "：", "-", "—", "_", " ", "　", "|", "，", ","};

// The texts inside every bracket pair of the subject, in order.
std::vector<std::string_view> bracketed(std::string_view subject) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < subject.size();) {
    bool found = false;
    for (auto [open, close] : k_brackets) {
      if (subject.substr(i, open.size()) != open) continue;
      auto end = subject.find(close, i + open.size());
      if (end == std::string_view::npos) continue;
      out.push_back(trim(subject.substr(i + open.size(), end - i - open.size())));
      i = end + close.size();
      found = true;
      break;
    }
    if (!found) ++i;
  }
  return out;
}

// The unit whose longest registered name starts the subject, followed by a
// separator or bracket (so 区人社局 does not match "区人社局长讲话").
std::optional<UnitId> named_at_start(const Registry& registry, std::string_view subject) {
  std::optional<UnitId> best;
  std::size_t best_length = 0;
  auto consider = [&](const Unit& unit, const std::string& name) {
    if (name.size() <= best_length || !subject.starts_with(name)) return;
    std::string_view rest = subject.substr(name.size());
    bool separated = rest.empty();
    for (auto sep : k_separators) separated = separated || rest.starts_with(sep);
    for (auto [open, close] : k_brackets) separated = separated || rest.starts_with(open);
    if (!separated) return;
    best = unit.id;
    best_length = name.size();
  };
  for (const auto& unit : registry.units()) {
    consider(unit, unit.name);
    if (!unit.short_name.empty()) consider(unit, unit.short_name);
    for (const auto& alias : unit.aliases) consider(unit, alias);
  }
  return best;
}

std::string suggestion_note(const Registry& registry, std::string_view name) {
  std::string note = fmt::format("主题中的“{}”不是已登记的单位名称", name);
  auto near = registry.suggest(name);
  if (!near.empty()) note += fmt::format("；是否指：{}？", join(near, "、"));
  return note;
}

} // namespace

std::string_view attributed_by_title(AttributedBy by) {
  switch (by) {
  case AttributedBy::Subject: return "主题";
  case AttributedBy::Sender: return "发件邮箱";
  case AttributedBy::Staff: return "人工指定";
  case AttributedBy::None: break;
  }
  return "";
}

Attribution attribute(const Registry& registry, std::string_view from_address, std::string_view subject) {
  Attribution out;
  subject = trim(subject);
  std::vector<std::string_view> unknown;
  for (auto name : bracketed(subject)) {
    if (name.empty()) continue;
    if (auto id = registry.resolve(name)) {
      out.unit = *id;
      break;
    }
    unknown.push_back(name);
  }
  if (!out.unit) out.unit = named_at_start(registry, subject);
  auto by_sender = from_address.empty() ? std::nullopt : registry.find_by_mail(from_address);
  if (out.unit) {
    out.by = AttributedBy::Subject;
    if (by_sender && *by_sender != *out.unit)
      out.notes.push_back(fmt::format("发件邮箱 {} 登记为“{}”，主题写的是“{}”", from_address,
                                      registry.at(*by_sender).name, registry.at(*out.unit).name));
    return out;
  }
  if (by_sender) {
    out.unit = by_sender;
    out.by = AttributedBy::Sender;
    return out;
  }
  for (auto name : unknown) out.notes.push_back(suggestion_note(registry, name));
  const std::string_view subject_too = unknown.empty() ? "，主题中也没有单位名称" : "";
  out.notes.push_back(from_address.empty() ? fmt::format("没有发件人地址{}", subject_too)
                                           : fmt::format("发件邮箱 {} 未在单位名录中登记{}", from_address, subject_too));
  return out;
}

} // namespace zwgk::mailbox
