// Collation: ordering of unit names the way a Chinese reader expects.
//
// Rankings break ties by the unit name in pinyin order. ICU's "zh" collator
// gives that order, with one reading per character; where a district reads a
// polyphonic character in a name differently (the Linzi bulletin sorts 行 in
// 区行政审批服务局 as háng), the scheme adds ICU tailoring rules, for example
// "&杭<行政". The rules are data, so no polyphone is ever hard-coded.
//
// A Collation is immutable after creation; sort_key() lets callers sort many
// names by byte comparison.
#pragma once

#include <expected>
#include <memory>
#include <string>
#include <string_view>

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class Collator;
U_NAMESPACE_END

namespace zwgk {

class Collation {
public:
  // locale: an ICU locale such as "zh" (pinyin). tailoring: ICU rule syntax
  // appended to the locale's rules; empty for none. The error is in Chinese.
  // Built once per process (about 50 ms with a tailoring: the locale's whole
  // rule set is parsed again), then cloned.
  static std::expected<Collation, std::string> create(std::string_view locale,
                                                      std::string_view tailoring);
  // Whether create() will succeed, in a few milliseconds: the locale is looked
  // up and the tailoring's rules are parsed on their own (their syntax); the
  // collation itself is then built on another thread, ready when create()
  // asks for it. A tailoring whose rules parse on their own but not after the
  // locale's (none is known) is create()'s error instead.
  static std::expected<void, std::string> check(std::string_view locale, std::string_view tailoring);
  Collation(Collation&&) noexcept;
  Collation& operator=(Collation&&) noexcept;
  ~Collation();

  // <0, 0, >0 as a sorts before, equal to or after b.
  int compare(std::string_view a, std::string_view b) const;
  // Bytes whose memcmp order equals compare()'s order.
  std::string sort_key(std::string_view text) const;

private:
  explicit Collation(std::unique_ptr<icu::Collator> collator);
  std::unique_ptr<icu::Collator> m_collator;
};

} // namespace zwgk
