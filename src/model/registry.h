// The unit registry: every unit assessed, with the names it goes by.
//
// Tables print a unit under different names (附件1 says 区文旅局, 附件4 says
// 区文化和旅游局), and staff type names with stray spaces or full-width
// brackets. The registry keeps one official name, an optional short name and
// any aliases; resolve() maps each spelling to the one unit, and suggest()
// offers the nearest registered names for an unknown one. A name never
// silently creates a unit.
#pragma once

#include "model/diagnostics.h"
#include "model/name_index.h"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace zwgk {

using UnitId = std::uint32_t;

// A name longer than this (in characters, after folding) gets no "did you
// mean": no unit is called anything near it, and edit distances with a
// megabyte of text took seconds.
inline constexpr std::size_t k_max_suggested_length = 64;
// Messages quote at most this many characters of a name staff wrote.
inline constexpr std::size_t k_max_shown_name = 50;

// A name as a message quotes it, in “”: characters one cannot see (controls
// such as NUL, zero-width and other format characters, spaces other than the
// ASCII space, e.g. the full-width space) written as <U+XXXX>, bytes that
// are not UTF-8 as <0xXX>, and at most k_max_shown_name characters (then
// "…（共 N 个字符）"). "区人社局\0" → “区人社局<U+0000>”, so a name that looks
// like its suggestion shows how it differs.
std::string quoted_name(std::string_view name);

enum class NameStyle { Official, Short };

struct Unit {
  UnitId id = 0;
  std::string name;        // official name (正式名称)
  std::string short_name;  // empty: same as name
  std::vector<std::string> aliases;
  std::string section;     // a section code of the scheme, e.g. "部门"
  std::vector<std::string> tags;        // e.g. "示范点"
  std::vector<std::string> exemptions;  // components exempt, e.g. "投稿"
  int official_order = 0;  // 机构序列
  std::string sort_key;    // replaces the name when collating, if set
  std::vector<std::string> mail_addresses;  // lower-case senders of its submissions (投稿邮箱)
  SourceRef source;

  const std::string& display_name(NameStyle style) const {
    return style == NameStyle::Short && !short_name.empty() ? short_name : name;
  }
  bool has_tag(std::string_view tag) const;
  bool is_exempt(std::string_view component) const;
};

class Registry {
public:
  // Adds a unit; fails (Chinese message) if any of its names is taken.
  std::expected<UnitId, std::string> add(Unit unit);

  // The unit that registered this sender address (compared without case).
  std::optional<UnitId> find_by_mail(std::string_view address) const;

  // Exact spelling first (fast path for bulk imports), then folded form.
  std::optional<UnitId> resolve(std::string_view name) const;
  // Up to `limit` registered names closest to `name`, nearest first.
  std::vector<std::string> suggest(std::string_view name, std::size_t limit = 3) const;
  // "未知单位“X”；是否指：A、B？" (or that nothing registered is near): what a file that
  // names a unit says of an unknown one.
  std::string unknown_unit_text(std::string_view name) const;

  // A registry whose file could not be read whole (it had errors): a name
  // missing from it may be a unit it lost, so importers do not report names
  // as unknown against it (the registry's own errors come first).
  void mark_incomplete() { m_complete = false; }
  bool complete() const { return m_complete; }

  const Unit& at(UnitId id) const { return m_units[id]; }
  const std::vector<Unit>& units() const { return m_units; }
  std::size_t size() const { return m_units.size(); }

private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using NameMap = std::unordered_map<std::string, UnitId, StringHash, std::equal_to<>>;

  std::vector<Unit> m_units;
  NameIndex m_exact;  // every spelling as registered: the bulk-import fast path
  NameMap m_folded;
  NameMap m_mail;  // lower-case address -> unit
  bool m_complete = true;
};

} // namespace zwgk
