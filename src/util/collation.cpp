#include "util/collation.h"

#include <fmt/format.h>
#include <unicode/coll.h>
#include <unicode/tblcoll.h>
#include <unicode/unistr.h>

namespace zwgk {

Collation::Collation(std::unique_ptr<icu::Collator> collator) : m_collator(std::move(collator)) {}
Collation::Collation(Collation&&) noexcept = default;
Collation& Collation::operator=(Collation&&) noexcept = default;
Collation::~Collation() = default;

std::expected<Collation, std::string> Collation::create(std::string_view locale,
                                                        std::string_view tailoring) {
  UErrorCode status = U_ZERO_ERROR;
  std::string locale_id(locale);
  std::unique_ptr<icu::Collator> base(
      icu::Collator::createInstance(icu::Locale(locale_id.c_str()), status));
  if (U_FAILURE(status) || !base)
    return std::unexpected(fmt::format("无法创建排序规则“{}”：{}", locale, u_errorName(status)));
  if (tailoring.empty()) return Collation(std::move(base));

  auto* rule_based = dynamic_cast<icu::RuleBasedCollator*>(base.get());
  icu::UnicodeString rules = rule_based ? rule_based->getRules() : icu::UnicodeString();
  rules += icu::UnicodeString::fromUTF8(tailoring);
  UParseError parse_error{};
  icu::UnicodeString reason;
  status = U_ZERO_ERROR;
  auto tailored = std::make_unique<icu::RuleBasedCollator>(rules, parse_error, reason, status);
  if (U_FAILURE(status))
    return std::unexpected(fmt::format("排序规则定制“{}”有误：{}", tailoring, u_errorName(status)));
  return Collation(std::move(tailored));
}

int Collation::compare(std::string_view a, std::string_view b) const {
  UErrorCode status = U_ZERO_ERROR;
  auto r = m_collator->compareUTF8(icu::StringPiece(a.data(), static_cast<std::int32_t>(a.size())),
                                   icu::StringPiece(b.data(), static_cast<std::int32_t>(b.size())),
                                   status);
  return static_cast<int>(r);
}

std::string Collation::sort_key(std::string_view text) const {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())));
  std::int32_t length = m_collator->getSortKey(u, nullptr, 0);
  std::string key(static_cast<std::size_t>(length), '\0');
  m_collator->getSortKey(u, reinterpret_cast<std::uint8_t*>(key.data()), length);
  if (!key.empty() && key.back() == '\0') key.pop_back();
  return key;
}

} // namespace zwgk
