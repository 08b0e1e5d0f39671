// Attribution and the review of the mail ledger (mailbox/attribution.h,
// mailbox/review.h): which unit, which month, which verdict, and what staff
// decisions change. Built on hand-made ledger records: no MIME here.
#include "mailbox/attribution.h"
#include "mailbox/review.h"

#include <gtest/gtest.h>

namespace zwgk::mailbox {
namespace {

Registry make_registry() {
  Registry r;
  Unit hr;
  hr.name = "区人力资源和社会保障局";
  hr.short_name = "区人社局";
  hr.section = "部门";
  hr.mail_addresses = {"RSJ@linzi.gov.cn"};
  EXPECT_TRUE(r.add(hr));
  Unit culture;
  culture.name = "区文化和旅游局";
  culture.short_name = "区文旅局";
  culture.aliases = {"区文化旅游局"};
  culture.section = "部门";
  culture.mail_addresses = {"wlj@linzi.gov.cn"};
  EXPECT_TRUE(r.add(culture));
  Unit town;
  town.name = "朱台镇";
  town.section = "镇街";
  EXPECT_TRUE(r.add(town));
  return r;
}

Scheme make_scheme() {
  Scheme s;
  s.submission.min_characters = 400;
  s.submission.min_pictures = 1;
  s.submission.require_on_topic = true;
  s.submission.topic_keywords = {"政务公开", "信息公开"};
  return s;
}

store::MailMessage message(std::int64_t id, std::string from, std::string subject, std::string received,
                           std::int64_t characters = 500, std::int64_t pictures = 1, std::string fingerprint = {}) {
  store::MailMessage m;
  m.id = id;
  m.key = "<" + std::to_string(id) + "@test>";
  m.from_address = std::move(from);
  m.subject = std::move(subject);
  m.received = std::move(received);
  m.received_from = m.received.empty() ? "" : "Received";
  m.characters = characters;
  m.pictures = pictures;
  m.fingerprint = fingerprint.empty() ? "fp" + std::to_string(id) : fingerprint;
  m.text = "本单位政务公开工作动态";
  return m;
}

store::MailDecision decision(std::int64_t message, std::string field, std::string value, std::int64_t id = 0) {
  return {id, message, std::move(field), std::move(value), "电话核实", "管理员甲", 1'600'000'000};
}

const ReviewRow& row(const MailReview& review, std::int64_t id) {
  for (const auto& r : review.rows)
    if (r.id == id) return r;
  throw std::runtime_error("no row " + std::to_string(id));
}

TEST(Attribution, SubjectBracketResolvesNamesAndAliases) {
  auto registry = make_registry();
  for (std::string subject : {"【区人社局】关于政务公开", "[区人社局] 稿件", "〔区人力资源和社会保障局〕稿件"}) {
    auto a = attribute(registry, "someone@qq.com", subject);
    ASSERT_TRUE(a.unit) << subject;
    EXPECT_EQ(registry.at(*a.unit).short_name, "区人社局");
    EXPECT_EQ(a.by, AttributedBy::Subject);
    EXPECT_TRUE(a.notes.empty());
  }
  auto alias = attribute(registry, "", "【区文化旅游局】国庆假期");
  ASSERT_TRUE(alias.unit);
  EXPECT_EQ(registry.at(*alias.unit).name, "区文化和旅游局");
}

TEST(Attribution, SubjectStartingWithANameNeedsASeparator) {
  auto registry = make_registry();
  auto named = attribute(registry, "", "朱台镇：秋收工作信息公开");
  ASSERT_TRUE(named.unit);
  EXPECT_EQ(registry.at(*named.unit).name, "朱台镇");
  EXPECT_FALSE(attribute(registry, "", "朱台镇长讲话").unit);
}

TEST(Attribution, SenderAddressIgnoringCase) {
  auto registry = make_registry();
  auto a = attribute(registry, "rsj@LINZI.gov.cn", "稿件");
  ASSERT_TRUE(a.unit);
  EXPECT_EQ(a.by, AttributedBy::Sender);
  EXPECT_EQ(registry.at(*a.unit).short_name, "区人社局");
}

TEST(Attribution, SubjectWinsOverSenderWithANote) {
  auto registry = make_registry();
  auto a = attribute(registry, "rsj@linzi.gov.cn", "【区文旅局】稿件");
  ASSERT_TRUE(a.unit);
  EXPECT_EQ(registry.at(*a.unit).short_name, "区文旅局");
  ASSERT_EQ(a.notes.size(), 1u);
  EXPECT_NE(a.notes[0].find("登记为“区人力资源和社会保障局”"), std::string::npos) << a.notes[0];
}

TEST(Attribution, NobodyIsListedWithSuggestions) {
  auto registry = make_registry();
  auto a = attribute(registry, "x@qq.com", "【区文旅】稿件");
  EXPECT_FALSE(a.unit);
  EXPECT_EQ(a.by, AttributedBy::None);
  ASSERT_EQ(a.notes.size(), 2u);
  EXPECT_NE(a.notes[0].find("是否指：区文旅局"), std::string::npos) << a.notes[0];
  EXPECT_NE(a.notes[1].find("x@qq.com 未在单位名录中登记"), std::string::npos) << a.notes[1];
}

TEST(Registry, MailAddressesBelongToOneUnit) {
  Registry registry = make_registry();
  Unit other;
  other.name = "金山镇";
  other.section = "镇街";
  other.mail_addresses = {"rsj@linzi.gov.cn"};
  auto added = registry.add(other);
  ASSERT_FALSE(added);
  EXPECT_NE(added.error().find("已属于单位“区人力资源和社会保障局”"), std::string::npos);
  other.mail_addresses = {"not-an-address"};
  EXPECT_FALSE(registry.add(other));
}

TEST(MailReview, VerdictsFollowTheGatesUnitAndDate) {
  auto registry = make_registry();
  auto scheme = make_scheme();
  std::vector<store::MailMessage> messages{
      message(1, "rsj@linzi.gov.cn", "稿件一", "2020-08-31 23:30"),
      message(2, "rsj@linzi.gov.cn", "稿件二", "2020-09-01 00:30", 399, 1),
      message(3, "rsj@linzi.gov.cn", "稿件三", "2020-09-02 10:00", 800, 0),
      message(4, "x@qq.com", "稿件四", "2020-09-03 10:00"),
      message(5, "rsj@linzi.gov.cn", "稿件五", ""),
  };
  auto review = build_review(registry, scheme, messages, {}, Period{2020, 3}.calendar_window());
  ASSERT_EQ(review.rows.size(), 5u);
  EXPECT_EQ(row(review, 1).verdict, Verdict::Counted);
  EXPECT_EQ(row(review, 1).received->date.month, 8);
  EXPECT_EQ(row(review, 2).verdict, Verdict::Rejected);
  EXPECT_EQ(row(review, 2).reason, "字数399少于400字");
  EXPECT_EQ(row(review, 3).reason, "没有图片");
  EXPECT_EQ(row(review, 4).verdict, Verdict::Unassigned);
  EXPECT_TRUE(row(review, 4).needs_attention());
  EXPECT_EQ(row(review, 5).verdict, Verdict::Undated);
  EXPECT_EQ(review.rows.back().id, 5);  // undated last
}

TEST(MailReview, PeriodFilterKeepsUndated) {
  auto registry = make_registry();
  auto scheme = make_scheme();
  std::vector<store::MailMessage> messages{message(1, "rsj@linzi.gov.cn", "a", "2020-06-30 23:59"),
                                           message(2, "rsj@linzi.gov.cn", "b", "2020-07-01 00:00"),
                                           message(3, "rsj@linzi.gov.cn", "c", "2020-10-01 00:00"),
                                           message(4, "rsj@linzi.gov.cn", "d", "")};
  auto review = build_review(registry, scheme, messages, {}, Period{2020, 3}.calendar_window());
  ASSERT_EQ(review.rows.size(), 2u);
  EXPECT_EQ(review.rows[0].id, 2);
  EXPECT_EQ(review.rows[1].id, 4);
  EXPECT_EQ(build_review(registry, scheme, messages, {}, std::nullopt).rows.size(), 4u);
  // Issue 16: a window closed on 10-09 keeps the mail of 10-01, and its submission counts in September.
  const DateWindow window{{2020, 7, 1}, {2020, 10, 9}};
  auto wider = build_review(registry, scheme, messages, {}, window);
  ASSERT_EQ(wider.rows.size(), 3u);
  EXPECT_EQ(wider.rows[1].id, 3);
  Dataset data;
  add_submissions(wider, window, data);
  ASSERT_EQ(data.submissions.size(), 2u);
  EXPECT_EQ((Period{2020, 3}).month_for(data.submissions[1].received.date, window), (YearMonth{2020, 9}));
}

TEST(MailReview, KeywordHintNeverRejects) {
  auto registry = make_registry();
  auto scheme = make_scheme();
  auto m = message(1, "rsj@linzi.gov.cn", "秋收", "2020-08-10 09:00");
  m.text = "今年秋收进展顺利";
  auto review = build_review(registry, scheme, {m}, {}, std::nullopt);
  EXPECT_EQ(review.rows[0].verdict, Verdict::Counted);
  ASSERT_EQ(review.rows[0].hints.size(), 1u);
  EXPECT_NE(review.rows[0].hints[0].find("政务公开、信息公开"), std::string::npos);
  EXPECT_TRUE(review.rows[0].needs_attention());
  // A person decides: off-topic; then it no longer counts, for the scheme's reason.
  auto decided = build_review(registry, scheme, {m}, {decision(1, "切题", "否", 1)}, std::nullopt);
  EXPECT_EQ(decided.rows[0].verdict, Verdict::Rejected);
  EXPECT_EQ(decided.rows[0].reason, "内容与政务公开工作无关");
  EXPECT_TRUE(decided.rows[0].hints.empty());
  EXPECT_FALSE(decided.rows[0].needs_attention());
}

TEST(MailReview, LatestDecisionPerFieldWins) {
  auto registry = make_registry();
  auto scheme = make_scheme();
  auto m = message(1, "x@qq.com", "稿件", "2020-08-10 09:00", 10, 0);
  std::vector<store::MailDecision> decisions{decision(1, "单位", "区文化和旅游局", 1), decision(1, "字数", "820", 2),
                                             decision(1, "图片数", "2", 3), decision(1, "单位", "朱台镇", 4)};
  auto review = build_review(registry, scheme, {m}, decisions, std::nullopt);
  const auto& r = review.rows[0];
  EXPECT_EQ(registry.at(*r.unit).name, "朱台镇");
  EXPECT_EQ(r.attributed_by, AttributedBy::Staff);
  EXPECT_EQ(r.characters, 820);
  EXPECT_EQ(r.verdict, Verdict::Counted);
  EXPECT_EQ(r.decisions.size(), 4u);
  // Excluded, then taken back.
  decisions.push_back(decision(1, "计入", "否", 5));
  EXPECT_EQ(build_review(registry, scheme, {m}, decisions, std::nullopt).rows[0].verdict, Verdict::Excluded);
  decisions.push_back(decision(1, "计入", "是", 6));
  EXPECT_EQ(build_review(registry, scheme, {m}, decisions, std::nullopt).rows[0].verdict, Verdict::Counted);
  // A date given by staff for a message without one.
  auto undated = message(2, "rsj@linzi.gov.cn", "无日期", "");
  auto dated = build_review(registry, scheme, {undated}, {decision(2, "收到时间", "2020-09-05 08:00", 7)}, Period{2020, 3}.calendar_window());
  EXPECT_EQ(dated.rows[0].verdict, Verdict::Counted);
  EXPECT_EQ(dated.rows[0].received_from, "人工");
}

TEST(MailReview, ResendCountsOnceTheEarliestThatPasses) {
  auto registry = make_registry();
  auto scheme = make_scheme();
  std::vector<store::MailMessage> messages{
      message(1, "rsj@linzi.gov.cn", "稿件", "2020-08-10 09:00", 500, 0, "same"),  // no picture
      message(2, "rsj@linzi.gov.cn", "稿件（补图）", "2020-08-10 10:00", 500, 2, "same"),
      message(3, "rsj@linzi.gov.cn", "稿件", "2020-08-11 10:00", 500, 2, "same"),
      message(4, "wlj@linzi.gov.cn", "稿件", "2020-08-12 10:00", 500, 2, "same"),
  };
  auto review = build_review(registry, scheme, messages, {}, std::nullopt);
  EXPECT_EQ(row(review, 1).verdict, Verdict::Duplicate);
  EXPECT_EQ(row(review, 2).verdict, Verdict::Counted);
  EXPECT_EQ(row(review, 3).verdict, Verdict::Duplicate);
  EXPECT_EQ(row(review, 3).duplicate_of, 2);
  // Another unit's identical text counts for that unit, with a hint.
  EXPECT_EQ(row(review, 4).verdict, Verdict::Counted);
  ASSERT_FALSE(row(review, 4).hints.empty());
  EXPECT_NE(row(review, 4).hints.back().find("第1封"), std::string::npos);
}

TEST(MailReview, SubmissionsForTheEngine) {
  auto registry = make_registry();
  auto scheme = make_scheme();
  std::vector<store::MailMessage> messages{
      message(1, "rsj@linzi.gov.cn", "同名", "2020-08-10 09:00", 500, 1, "a"),
      message(2, "rsj@linzi.gov.cn", "同名", "2020-08-10 09:00", 500, 1, "b"),
      message(3, "rsj@linzi.gov.cn", "同名", "2020-08-10 09:00", 500, 1, "b"),  // duplicate: left out
      message(4, "x@qq.com", "无主", "2020-08-10 09:00"),                      // unassigned: left out
      message(5, "rsj@linzi.gov.cn", "短", "2020-08-10 09:00", 10, 1),          // rejected: kept for explain
  };
  auto review = build_review(registry, scheme, messages, {}, Period{2020, 3}.calendar_window());
  Dataset data;
  add_submissions(review, Period{2020, 3}.calendar_window(), data);
  ASSERT_EQ(data.submissions.size(), 3u);
  EXPECT_EQ(data.submissions[0].title, "同名（邮件#1）");
  EXPECT_EQ(data.submissions[1].title, "同名（邮件#2）");
  EXPECT_EQ(data.sources.locate(data.submissions[2].source).file, "邮件#5");
}

TEST(MailReview, DecisionValuesAreCheckedAndNormalised) {
  auto registry = make_registry();
  EXPECT_EQ(*decision_value(registry, "单位", " 区文旅局 "), "区文化和旅游局");
  EXPECT_EQ(*decision_value(registry, "单位", ""), "");
  auto unknown = decision_value(registry, "单位", "区文旅");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().find("是否指：区文旅局"), std::string::npos);
  EXPECT_EQ(*decision_value(registry, "切题", "N"), "否");
  EXPECT_FALSE(decision_value(registry, "切题", "也许"));
  EXPECT_EQ(*decision_value(registry, "字数", "0850"), "850");
  EXPECT_FALSE(decision_value(registry, "字数", "-1"));
  EXPECT_FALSE(decision_value(registry, "图片数", "1.5"));
  EXPECT_EQ(*decision_value(registry, "收到时间", "2020-08-31T16:30Z"), "2020-09-01 00:30");
  EXPECT_FALSE(decision_value(registry, "收到时间", "昨天"));
  EXPECT_FALSE(decision_value(registry, "标题", "x"));
}

} // namespace
} // namespace zwgk::mailbox
