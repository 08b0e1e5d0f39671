#include "util/collation.h"

#include <fmt/format.h>
#include <unicode/coll.h>
#include <unicode/tblcoll.h>
#include <unicode/unistr.h>

#include <map>
#include <mutex>

namespace zwgk {

Collation::Collation(std::unique_ptr<icu::Collator> collator) : m_collator(std::move(collator)) {}
Collation::Collation(Collation&&) noexcept = default;
Collation& Collation::operator=(Collation&&) noexcept = default;
Collation::~Collation() = default;

namespace {

// Building a tailored collator parses the locale's whole rule set (tens of
// thousands of characters), so each (locale, tailoring) is built once per
// process and handed out as clones.
std::expected<std::unique_ptr<icu::Collator>, std::string> build(std::string_view locale,
                                                                 std::string_view tailoring);

}  // namespace

std::expected<Collation, std::string> Collation::create(std::string_view locale,
                                                        std::string_view tailoring) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, std::string>,
                  std::expected<std::unique_ptr<icu::Collator>, std::string>>
      cache;
  std::lock_guard lock(mutex);
  auto key = std::pair{std::string(locale), std::string(tailoring)};
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, build(locale, tailoring)).first;
  if (!it->second) return std::unexpected(it->second.error());
  return Collation(std::unique_ptr<icu::Collator>((*it->second)->clone()));
}

namespace {

std::expected<std::unique_ptr<icu::Collator>, std::string> build(std::string_view locale,
                                                                 std::string_view tailoring) {
  UErrorCode status = U_ZERO_ERROR;
  std::string locale_id(locale);
  std::unique_ptr<icu::Collator> base(
      icu::Collator::createInstance(icu::Locale(locale_id.c_str()), status));
  if (U_FAILURE(status) || !base)
    return std::unexpected(fmt::format("无法创建排序规则“{}”：{}", locale, u_errorName(status)));
  // ICU falls back to the root order for a locale it has no data for; a
  // misspelt locale must not silently lose the pinyin order.
  std::string valid = base->getLocale(ULOC_VALID_LOCALE, status).getName();
  if (valid.empty() || valid == "root")
    if (locale_id != "root" && locale_id != "und")
      return std::unexpected(fmt::format("不支持的排序语言“{}”（中文拼音排序请用 \"zh\"）", locale));
  if (tailoring.empty()) return base;

  auto* rule_based = dynamic_cast<icu::RuleBasedCollator*>(base.get());
  icu::UnicodeString rules = rule_based ? rule_based->getRules() : icu::UnicodeString();
  rules += icu::UnicodeString::fromUTF8(tailoring);
  UParseError parse_error{};
  icu::UnicodeString reason;
  status = U_ZERO_ERROR;
  auto tailored = std::make_unique<icu::RuleBasedCollator>(rules, parse_error, reason, status);
  if (U_FAILURE(status))
    return std::unexpected(fmt::format("排序规则定制“{}”有误：{}", tailoring, u_errorName(status)));
  return std::unique_ptr<icu::Collator>(std::move(tailored));
}

}  // namespace

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
