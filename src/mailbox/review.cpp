#include "mailbox/review.h"

#include "engine/assess.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <unordered_map>

namespace zwgk::mailbox {
namespace {

std::optional<bool> yes_no(std::string_view value) {
  std::string v = ascii_lower(trim(value));
  for (std::string_view yes : {"是", "y", "yes", "1", "true", "√"})
    if (v == yes) return true;
  for (std::string_view no : {"否", "n", "no", "0", "false", "×"})
    if (v == no) return false;
  return std::nullopt;
}

std::optional<std::int64_t> count(std::string_view value) {
  value = trim(value);
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size() || n < 0 || n > 1'000'000'000) return std::nullopt;
  return n;
}

// What the engine sees of a row (source and unit are set by the caller).
SubmissionItem item_of(const ReviewRow& r) {
  SubmissionItem item = {};
  if (r.unit) item.unit = *r.unit;
  if (r.received) item.received = *r.received;
  item.title = fmt::format("{}（邮件#{}）", r.subject.empty() ? "无标题" : r.subject, r.id);
  item.characters = r.characters;
  item.pictures = r.pictures;
  item.on_topic = r.on_topic;
  return item;
}

// The latest decision per field, and all of them in order.
struct Decided {
  std::map<std::string, const store::MailDecision*, std::less<>> latest;
  std::vector<store::MailDecision> all;

  const std::string* value(std::string_view field) const {
    auto it = latest.find(field);
    return it == latest.end() ? nullptr : &it->second->value;
  }
};

class Reviewer {
public:
  Reviewer(const Registry& registry, const Scheme& scheme) : m_registry(registry), m_scheme(scheme) {}

  ReviewRow row(const store::MailMessage& m, const Decided& decided) const {
    ReviewRow r;
    r.id = m.id;
    r.subject = m.subject;
    r.from_address = m.from_address;
    r.origin = m.origin;
    r.characters = m.characters;
    r.pictures = m.pictures;
    r.decisions = decided.all;
    r.hints = non_empty_lines(m.notes);
    apply_unit(r, m, decided);
    apply_date(r, m, decided);
    if (auto v = decided.value(k_set_characters)) r.characters = count(*v).value_or(r.characters);
    if (auto v = decided.value(k_set_pictures)) r.pictures = count(*v).value_or(r.pictures);
    if (auto v = decided.value(k_set_on_topic)) {
      r.on_topic = yes_no(*v).value_or(true) ? OnTopic::Yes : OnTopic::No;
      r.on_topic_decided = true;
    } else if (auto hint = keyword_hint(m)) {
      r.hints.push_back(std::move(*hint));
    }
    bool excluded = decided.value(k_set_counted) && !yes_no(*decided.value(k_set_counted)).value_or(true);
    if (excluded) {
      r.verdict = Verdict::Excluded;
      r.reason = "已排除：" + decided.latest.find(k_set_counted)->second->reason;
    } else if (!r.unit) {
      r.verdict = Verdict::Unassigned;
      r.reason = "未能确定投稿单位";
    } else if (!r.received) {
      r.verdict = Verdict::Undated;
      r.reason = "没有收到时间";
    } else {
      r.reason = submission_gate_failure(m_scheme.submission, item_of(r));
      r.verdict = r.reason.empty() ? Verdict::Counted : Verdict::Rejected;
    }
    return r;
  }

private:
  void apply_unit(ReviewRow& r, const store::MailMessage& m, const Decided& decided) const {
    if (auto v = decided.value(k_set_unit)) {
      r.attributed_by = AttributedBy::Staff;
      if (v->empty()) return;
      r.unit = m_registry.resolve(*v);
      if (!r.unit) r.hints.push_back(fmt::format("人工指定的单位“{}”已不在单位名录中，请重新指定", *v));
      return;
    }
    auto a = attribute(m_registry, m.from_address, m.subject);
    r.unit = a.unit;
    r.attributed_by = a.by;
    r.hints.insert(r.hints.end(), a.notes.begin(), a.notes.end());
  }

  static void apply_date(ReviewRow& r, const store::MailMessage& m, const Decided& decided) {
    if (auto v = decided.value(k_set_received)) {
      r.received = parse_date_time(*v);
      r.received_from = "人工";
      return;
    }
    if (!m.received.empty()) r.received = parse_date_time(m.received);
    r.received_from = m.received_from;
    if (m.received_from == "Date")
      r.hints.push_back("没有本单位邮件服务器的收到记录（Received），按发信人填写的日期计，请核对");
  }

  std::optional<std::string> keyword_hint(const store::MailMessage& m) const {
    const auto& words = m_scheme.submission.topic_keywords;
    if (words.empty()) return std::nullopt;
    for (const auto& w : words)
      if (m.subject.find(w) != std::string::npos || m.text.find(w) != std::string::npos) return std::nullopt;
    return fmt::format("标题和正文中没有出现关键词（{}），请确认是否与政务公开工作相关", join(words, "、"));
  }

  const Registry& m_registry;
  const Scheme& m_scheme;
};

bool dated_before(const ReviewRow& a, const ReviewRow& b) {
  if (a.received.has_value() != b.received.has_value()) return a.received.has_value();
  if (a.received && *a.received != *b.received) return *a.received < *b.received;
  return a.id < b.id;
}

// Resends: among rows of one unit with the same article text, the earliest
// that passes the gates counts (else the earliest); the others are its
// duplicates. The same text from another unit is only a hint.
void mark_duplicates(std::vector<ReviewRow>& rows, const std::vector<std::string>& fingerprints) {
  std::map<std::pair<UnitId, std::string>, std::vector<std::size_t>> groups;
  std::unordered_map<std::string, std::size_t> first_by_text;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto& r = rows[i];
    const auto& fp = fingerprints[i];
    if (fp.empty() || !r.unit || !r.received || r.verdict == Verdict::Excluded) continue;
    groups[{*r.unit, fp}].push_back(i);
    auto [first, fresh] = first_by_text.emplace(fp, i);
    if (!fresh && rows[first->second].unit != r.unit)
      r.hints.push_back(fmt::format("正文与第{}封邮件（另一单位）相同", rows[first->second].id));
  }
  for (auto& [key, members] : groups) {
    if (members.size() < 2) continue;
    auto keep = std::find_if(members.begin(), members.end(),
                             [&](std::size_t i) { return rows[i].verdict == Verdict::Counted; });
    std::size_t original = keep == members.end() ? members.front() : *keep;
    for (std::size_t i : members) {
      if (i == original) continue;
      rows[i].verdict = Verdict::Duplicate;
      rows[i].duplicate_of = rows[original].id;
      rows[i].reason = fmt::format("与第{}封邮件正文相同，重复投稿只计一次", rows[original].id);
    }
  }
}

} // namespace

std::expected<std::string, std::string> decision_value(const Registry& registry, std::string_view field,
                                                       std::string_view value) {
  value = trim(value);
  if (field == k_set_unit) {
    if (value.empty()) return std::string();
    if (auto id = registry.resolve(value)) return registry.at(*id).name;
    std::string message = fmt::format("未知单位“{}”", value);
    auto near = registry.suggest(value);
    for (std::size_t i = 0; i < near.size(); ++i) message += (i == 0 ? "；是否指：" : "、") + near[i];
    return std::unexpected(near.empty() ? message : message + "？");
  }
  if (field == k_set_on_topic || field == k_set_counted || field == k_set_checked) {
    if (auto b = yes_no(value)) return std::string(*b ? "是" : "否");
    return std::unexpected(fmt::format("“{}”应填“是”或“否”，不能是“{}”", field, value));
  }
  if (field == k_set_characters || field == k_set_pictures) {
    if (auto n = count(value)) return std::to_string(*n);
    return std::unexpected(fmt::format("“{}”应为不小于0的整数，不能是“{}”", field, value));
  }
  if (field == k_set_received) {
    if (auto dt = parse_date_time(value)) return dt->to_string();
    return std::unexpected(fmt::format("收到时间“{}”无法识别，应写成 2020-08-31 23:30", value));
  }
  return std::unexpected(fmt::format("不能修改“{}”；可修改：单位、切题、字数、图片数、计入、收到时间、核实", field));
}

std::string_view verdict_title(Verdict verdict) {
  switch (verdict) {
  case Verdict::Counted: return "计入";
  case Verdict::Rejected: return "不合格";
  case Verdict::Duplicate: return "重复";
  case Verdict::Excluded: return "已排除";
  case Verdict::Unassigned: return "未归属";
  case Verdict::Undated: return "无收到时间";
  }
  return "";
}

bool ReviewRow::needs_attention() const {
  if (!decisions.empty()) return false;
  return !hints.empty() || verdict == Verdict::Unassigned || verdict == Verdict::Undated;
}

MailReview build_review(const Registry& registry, const Scheme& scheme,
                        const std::vector<store::MailMessage>& messages,
                        const std::vector<store::MailDecision>& decisions, std::optional<DateWindow> window) {
  std::unordered_map<std::int64_t, Decided> decided;
  for (const auto& d : decisions) {
    auto& entry = decided[d.message];
    entry.all.push_back(d);
  }
  for (auto& [id, entry] : decided)
    for (const auto& d : entry.all) entry.latest[d.field] = &d;

  Reviewer reviewer(registry, scheme);
  const Decided none;
  std::vector<ReviewRow> rows;
  std::vector<std::string> fingerprints;
  rows.reserve(messages.size());
  for (const auto& m : messages) {
    auto it = decided.find(m.id);
    rows.push_back(reviewer.row(m, it == decided.end() ? none : it->second));
    fingerprints.push_back(m.fingerprint);
  }
  std::vector<std::size_t> order(rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return dated_before(rows[a], rows[b]); });
  std::vector<ReviewRow> sorted;
  std::vector<std::string> sorted_fingerprints;
  for (std::size_t i : order) {
    sorted.push_back(std::move(rows[i]));
    sorted_fingerprints.push_back(std::move(fingerprints[i]));
  }
  mark_duplicates(sorted, sorted_fingerprints);

  MailReview out;
  for (auto& r : sorted)
    if (!window || !r.received || window->contains(r.received->date)) out.rows.push_back(std::move(r));
  return out;
}

void add_submissions(const MailReview& review, const DateWindow& window, Dataset& data) {
  for (const auto& r : review.rows) {
    if (!r.unit || !r.received || !window.contains(r.received->date)) continue;
    if (r.verdict == Verdict::Excluded || r.verdict == Verdict::Duplicate) continue;
    SubmissionItem item = item_of(r);
    item.source = {data.sources.add(fmt::format("邮件#{}", r.id)), 0};
    data.submissions.push_back(std::move(item));
  }
}

} // namespace zwgk::mailbox
