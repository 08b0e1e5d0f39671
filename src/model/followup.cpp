#include "model/followup.h"

#include <array>
#include <utility>

namespace zwgk {
namespace {

struct KindNames {
  FollowupKind kind;
  std::string_view name;
  std::string_view code;
};

constexpr std::array<KindNames, 9> k_kinds = {{
    {FollowupKind::Reply, "整改回复", "reply"},
    {FollowupKind::Verify, "核实通过", "verify"},
    {FollowupKind::Reject, "退回", "reject"},
    {FollowupKind::Contest, "申诉", "contest"},
    {FollowupKind::Uphold, "维持", "uphold"},
    {FollowupKind::Withdraw, "撤销", "withdraw"},
    {FollowupKind::Draft, "公示", "draft"},
    {FollowupKind::Final, "定稿", "final"},
    {FollowupKind::WithdrawDraft, "撤回公示", "withdraw_draft"},
}};

} // namespace

std::string_view followup_kind_name(FollowupKind kind) {
  for (const auto& k : k_kinds)
    if (k.kind == kind) return k.name;
  return {};
}

std::string_view followup_kind_code(FollowupKind kind) {
  for (const auto& k : k_kinds)
    if (k.kind == kind) return k.code;
  return {};
}

bool is_period_kind(FollowupKind kind) {
  return kind == FollowupKind::Draft || kind == FollowupKind::Final || kind == FollowupKind::WithdrawDraft;
}

std::optional<FollowupKind> parse_followup_kind(std::string_view text) {
  for (const auto& k : k_kinds)
    if (k.name == text || k.code == text) return k.kind;
  return std::nullopt;
}

} // namespace zwgk
