// Which unit a message was sent by: the rules of issue 5, in order.
//
// 1. A unit named in the subject: a bracketed name (【区人社局】, [区人社局],
//    〔…〕, ［…］, 〖…〗) or a subject that starts with a registered name followed
//    by a separator ("区人社局：…", "区人社局-…"), resolved through the
//    registry's names and aliases (so 区文旅局 and 区文化和旅游局 are one unit).
// 2. Else the sender address, when the registry lists it for a unit
//    (单位名录's 投稿邮箱 column).
// 3. Else nobody: the message is listed for staff to assign, never dropped.
//
// The subject wins over the sender because liaisons send for one another
// from shared accounts; when the two disagree, or the subject names an
// unknown unit, a note (Chinese) tells the reviewer, with the nearest
// registered names.
#pragma once

#include "model/registry.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::mailbox {

enum class AttributedBy { None, Subject, Sender, Staff };
std::string_view attributed_by_title(AttributedBy by);  // "", "主题", "发件邮箱", "人工指定"

struct Attribution {
  std::optional<UnitId> unit;
  AttributedBy by = AttributedBy::None;
  std::vector<std::string> notes;
};

Attribution attribute(const Registry& registry, std::string_view from_address, std::string_view subject);

} // namespace zwgk::mailbox
