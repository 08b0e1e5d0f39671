#include "util/collation.h"

#include <fmt/format.h>
#include <unicode/coll.h>
#include <unicode/tblcoll.h>
#include <unicode/unistr.h>

#include <future>
#include <map>
#include <mutex>

namespace zwgk {

Collation::Collation(std::unique_ptr<icu::Collator> collator) : m_collator(std::move(collator)) {}
Collation::Collation(Collation&&) noexcept = default;
Collation& Collation::operator=(Collation&&) noexcept = default;
Collation::~Collation() = default;

namespace {

using Built = std::expected<std::unique_ptr<icu::Collator>, std::string>;

// The locale's collator, or why there is none.
Built open_locale(const std::string& locale) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Collator> base(icu::Collator::createInstance(icu::Locale(locale.c_str()), status));
  if (U_FAILURE(status) || !base)
    return std::unexpected(fmt::format("无法创建排序规则“{}”：{}", locale, u_errorName(status)));
  // ICU falls back to the root order for a locale it has no data for; a
  // misspelt locale must not silently lose the pinyin order.
  std::string valid = base->getLocale(ULOC_VALID_LOCALE, status).getName();
  if (valid.empty() || valid == "root")
    if (locale != "root" && locale != "und")
      return std::unexpected(fmt::format("不支持的排序语言“{}”（中文拼音排序请用 \"zh\"）", locale));
  return base;
}

// `rules` as a collator, or the message for a tailoring that is wrong.
Built from_rules(const icu::UnicodeString& rules, std::string_view tailoring) {
  UParseError parse_error{};
  icu::UnicodeString reason;
  UErrorCode status = U_ZERO_ERROR;
  auto collator = std::make_unique<icu::RuleBasedCollator>(rules, parse_error, reason, status);
  if (U_FAILURE(status))
    return std::unexpected(fmt::format("排序规则定制“{}”有误：{}", tailoring, u_errorName(status)));
  return std::unique_ptr<icu::Collator>(std::move(collator));
}

// Building a tailored collator parses the locale's whole rule set (tens of
// thousands of characters, ~50 ms), so each (locale, tailoring) is built once
// per process and handed out as clones.
Built build(const std::string& locale, const std::string& tailoring) {
  auto base = open_locale(locale);
  if (!base || tailoring.empty()) return base;
  auto* rule_based = dynamic_cast<icu::RuleBasedCollator*>(base->get());
  icu::UnicodeString rules = rule_based ? rule_based->getRules() : icu::UnicodeString();
  rules += icu::UnicodeString::fromUTF8(tailoring);
  return from_rules(rules, tailoring);
}

// The builds, started or done. Destroyed at exit, which waits for a build
// still running (prepare() may have started one nobody asked for).
struct Cache {
  std::mutex mutex;
  std::map<std::pair<std::string, std::string>, std::shared_future<Built>> builds;
};

Cache& cache() {
  static Cache instance;
  return instance;
}

std::shared_future<Built> build_of(std::string_view locale, std::string_view tailoring, std::launch how) {
  Cache& c = cache();
  std::lock_guard lock(c.mutex);
  auto key = std::pair{std::string(locale), std::string(tailoring)};
  auto it = c.builds.find(key);
  if (it == c.builds.end())
    it = c.builds.emplace(key, std::async(how, [key] { return build(key.first, key.second); }).share()).first;
  return it->second;
}

}  // namespace

std::expected<Collation, std::string> Collation::create(std::string_view locale,
                                                        std::string_view tailoring) {
  auto built = build_of(locale, tailoring, std::launch::deferred);
  const Built& b = built.get();  // a deferred build runs here, once; a started one is waited for
  if (!b) return std::unexpected(b.error());
  std::lock_guard lock(cache().mutex);
  return Collation(std::unique_ptr<icu::Collator>((*b)->clone()));
}

std::expected<void, std::string> Collation::check(std::string_view locale, std::string_view tailoring) {
  if (auto base = open_locale(std::string(locale)); !base) return std::unexpected(base.error());
  if (!tailoring.empty())
    if (auto alone = from_rules(icu::UnicodeString::fromUTF8(tailoring), tailoring); !alone)
      return std::unexpected(alone.error());
  build_of(locale, tailoring, std::launch::async);
  return {};
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
