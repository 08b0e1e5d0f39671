// A crawl's proposal decided (crawl.h): a stale column confirmed becomes a finding of
// 检查-在线录入.csv, an adoption a row of 采用-网站采集.csv; each checked with the whole
// period before it is saved, then the decision recorded with its audit entry.
#include "app/crawl.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace zwgk::app {
namespace {

const std::vector<std::string> k_adoption_header = {"单位", "级别", "采用日期", "标题", "链接"};

std::string stale_note(const nlohmann::json& d) {
  const std::string kind = d.value("kind", std::string());
  if (!d.contains("newest")) return fmt::format("“{}”栏目没有发布任何信息", kind);
  return fmt::format("“{}”栏目最新一条信息发布于{}，至{}已{}天未更新（规定{}天）", kind,
                     d["newest"].value("date", std::string()), d.value("as_of", std::string()), d.value("days", 0),
                     d.value("limit", 0));
}

std::expected<void, Error> confirm(Workspace& ws, Period period, const store::CrawlProposal& p, const Actor& actor) {
  const auto d = nlohmann::json::parse(p.detail, nullptr, false);
  if (!d.is_object()) return std::unexpected(Error::internal("抓取建议的内容无法读取"));
  if (p.kind == "stale") {
    FindingEntry entry{p.unit, d.value("finding", std::string()), stale_note(d), 1};
    auto entered = ws.entered_findings(period);
    if (!entered) return std::unexpected(entered.error());
    const bool there = std::any_of(entered->begin(), entered->end(), [&](const EnteredFinding& f) {
      return f.unit == entry.unit && f.code == entry.code && f.note == entry.note;
    });
    if (there) return {};
    return ws.add_finding(period, entry, actor);
  }
  auto added = ws.add_crawled_adoption(
      period, {p.unit, d.value("level", std::string()), d.value("date", std::string()), d.value("title", std::string()),
               d.value("url", std::string())},
      actor);
  if (!added) return std::unexpected(added.error());
  return {};
}

} // namespace

std::expected<void, Error> decide_crawl_proposal(Workspace& ws, Period period, std::int64_t id,
                                                 store::ProposalDecision decision, const std::string& reason,
                                                 const Actor& actor) {
  store::CrawlStore* state = ws.stores().crawl;
  if (!state) return std::unexpected(Error::internal("数据目录的 zwgk.db 未打开，无法记录决定"));
  const auto all = state->proposals(period.to_string());
  auto it = std::find_if(all.begin(), all.end(), [&](const store::CrawlProposal& p) { return p.id == id; });
  if (it == all.end()) return std::unexpected(Error::not_found(fmt::format("本期没有编号为 {} 的抓取建议", id)));
  if (it->decision != store::ProposalDecision::Open)
    return std::unexpected(Error::conflict(fmt::format("抓取建议 {} 已经处理过", id)));
  if (decision == store::ProposalDecision::Open)
    return std::unexpected(Error::bad_input("处理抓取建议只能是确认或不采纳"));
  if (decision == store::ProposalDecision::Confirmed)
    if (auto done = confirm(ws, period, *it, actor); !done) return done;
  const std::string what = it->kind == "stale" ? "栏目未更新" : "上级采用";
  store::AuditEntry audit{0, actor.now, actor.user,
                          decision == store::ProposalDecision::Confirmed ? "确认抓取建议" : "不采纳抓取建议",
                          fmt::format("{}/抓取建议#{}", period.to_string(), id),
                          fmt::format("{}：{}{}", what, it->unit, reason.empty() ? "" : "；" + reason)};
  if (auto decided = state->decide_proposal(id, decision, reason, audit); !decided)
    return std::unexpected(Error::conflict(decided.error()));
  return {};
}

std::expected<bool, Error> Workspace::add_crawled_adoption(Period period, const std::vector<std::string>& row,
                                                           const Actor& actor) {
  auto rows = entered_rows(period, k_crawled_adoptions_file, k_adoption_header);
  if (!rows) return std::unexpected(rows.error());
  if (std::any_of(rows->begin(), rows->end(), [&](const EnteredRow& r) { return r.cells == row; })) return false;
  auto added = append_entered_row(period, k_crawled_adoptions_file, k_adoption_header, row, actor, "确认上级采用",
                                  "采用未保存", row.at(0), fmt::format("{} {} {}", row.at(1), row.at(2), row.at(3)));
  if (!added) return std::unexpected(added.error());
  return true;
}

} // namespace zwgk::app
