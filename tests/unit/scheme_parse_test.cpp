#include "scheme/parse.h"
#include "scheme_test_support.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace zwgk {
namespace {

using namespace scheme_test;

std::string read_example() {
  std::ifstream in(std::string(ZWGK_SOURCE_DIR) + "/examples/linzi-2020q3/考核方案.toml",
                   std::ios::binary);
  EXPECT_TRUE(in.good());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(SchemeParse, MinimalSchemeIsValid) {
  Scheme s = parse_ok(scheme());
  EXPECT_EQ(s.name, "测试考核");
  EXPECT_EQ(s.collation_locale, "zh");
  EXPECT_EQ(s.publication.points_per_item, d("0.5"));
  EXPECT_FALSE(s.publication.monthly_cap.has_value());
  ASSERT_EQ(s.tables.size(), 1u);
  EXPECT_EQ(s.tables[0].names, NameStyle::Short);
  EXPECT_TRUE(s.tables[0].order.empty());
}

TEST(SchemeParse, LinziExample) {
  Scheme s = parse_ok(read_example());
  EXPECT_EQ(s.name, "临淄区政务公开工作考核");
  EXPECT_EQ(s.district, "临淄区");
  EXPECT_EQ(s.issuer, "临淄区人民政府办公室");
  EXPECT_EQ(s.collation_locale, "zh");
  EXPECT_EQ(s.collation_tailoring, "&杭<行政");

  ASSERT_EQ(s.sections.size(), 2u);
  EXPECT_EQ(s.sections[0].code, "部门");
  EXPECT_EQ(s.sections[1].title, "各镇、街道");

  EXPECT_EQ(s.publication.points_per_item.millionths(), 500'000);  // exactly 0.5
  ASSERT_TRUE(s.publication.monthly_cap.has_value());
  EXPECT_EQ(*s.publication.monthly_cap, Decimal::from_int(5));
  EXPECT_FALSE(s.publication.months.from.has_value());
  EXPECT_FALSE(s.publication.months.to.has_value());

  const auto& sub = s.submission;
  EXPECT_EQ(sub.penalty, Decimal::from_int(1));
  EXPECT_EQ(sub.basis, PenaltyBasis::PerMonth);
  EXPECT_EQ(sub.min_characters, 400);
  EXPECT_EQ(sub.min_pictures, 1);
  EXPECT_TRUE(sub.require_on_topic);
  EXPECT_EQ(sub.missed_text, "{months}月份未投稿");
  EXPECT_EQ(sub.exemption, "投稿");
  ASSERT_EQ(sub.quotas.size(), 3u);
  EXPECT_EQ(sub.quotas[0].tag, "示范点");
  EXPECT_EQ(sub.quotas[0].months.from, (YearMonth{2020, 8}));
  EXPECT_EQ(sub.quotas[0].months.to, (YearMonth{2020, 9}));
  EXPECT_EQ(sub.quotas[0].count, 1);
  EXPECT_EQ(sub.quotas[1].months.from, (YearMonth{2020, 10}));
  EXPECT_FALSE(sub.quotas[1].months.to.has_value());
  EXPECT_EQ(sub.quotas[1].count, 2);
  EXPECT_EQ(sub.quotas[2].tag, "");
  EXPECT_EQ(sub.quotas[2].count, 1);

  Unit model, plain, exempt;
  model.tags = {"示范点"};
  exempt.exemptions = {"投稿"};
  EXPECT_EQ(sub.quota_for(model, {2020, 8}), 1);
  EXPECT_EQ(sub.quota_for(model, {2020, 10}), 2);
  EXPECT_EQ(sub.quota_for(plain, {2020, 10}), 1);
  EXPECT_EQ(sub.quota_for(plain, {2020, 7}), std::nullopt);
  EXPECT_EQ(sub.quota_for(exempt, {2020, 8}), std::nullopt);

  ASSERT_EQ(s.adoption_levels.size(), 2u);
  EXPECT_EQ(s.adoption_levels[0].code, "市级");
  EXPECT_EQ(s.adoption_levels[0].points, Decimal::from_int(1));
  EXPECT_EQ(s.adoption_levels[1].points, Decimal::from_int(2));
  EXPECT_EQ(s.adoption_levels[1].accrual, Accrual::Year);

  ASSERT_EQ(s.finding_types.size(), 4u);
  EXPECT_EQ(s.finding_types[0].code, "目录未上传");
  EXPECT_EQ(s.finding_types[0].points, Decimal::from_int(5));
  EXPECT_EQ(s.finding_types[1].reason, "公开事项标准目录上传位置错误");
  EXPECT_EQ(s.finding_types[1].points.millionths(), 500'000);
  EXPECT_EQ(s.finding_types[3].points, Decimal::from_int(1));
  EXPECT_EQ(s.find_finding("内容表格混乱"), 2u);

  ASSERT_EQ(s.tables.size(), 4u);
  EXPECT_EQ(s.tables[0].id, "附件1");
  EXPECT_EQ(s.tables[0].kind, TableKind::Scores);
  EXPECT_EQ(s.tables[0].sections, (std::vector<std::string>{"部门"}));
  ASSERT_EQ(s.tables[0].order.size(), 3u);
  EXPECT_EQ(s.tables[0].order[0].field, SortField::Total);
  EXPECT_TRUE(s.tables[0].order[0].descending);
  EXPECT_EQ(s.tables[0].order[1].field, SortField::PublishedMonth);
  EXPECT_EQ(s.tables[0].order[1].month, 1);
  EXPECT_TRUE(s.tables[0].order[1].descending);
  EXPECT_EQ(s.tables[0].order[2].field, SortField::Name);
  EXPECT_FALSE(s.tables[0].order[2].descending);
  EXPECT_EQ(s.tables[2].kind, TableKind::Submissions);
  ASSERT_EQ(s.tables[2].order.size(), 4u);
  EXPECT_EQ(s.tables[2].order[0].field, SortField::AdoptionBonus);
  EXPECT_EQ(s.tables[2].order[1].field, SortField::Submissions);
  EXPECT_EQ(s.tables[2].order[2].field, SortField::Section);
  EXPECT_FALSE(s.tables[2].note.empty());
  EXPECT_EQ(s.tables[3].kind, TableKind::Deductions);
  EXPECT_EQ(s.tables[3].names, NameStyle::Official);
  EXPECT_EQ(s.tables[3].sections, (std::vector<std::string>{"镇街", "部门"}));
  ASSERT_EQ(s.tables[3].order.size(), 2u);
  EXPECT_EQ(s.tables[3].order[1].field, SortField::OfficialOrder);
}

TEST(SchemeParse, DecimalsAreExact) {
  EXPECT_EQ(parse_ok(scheme({}, "points_per_item = 0.1")).publication.points_per_item.millionths(),
            100'000);
  EXPECT_EQ(parse_ok(scheme({}, "points_per_item = 0.3")).publication.points_per_item, d("0.3"));
  EXPECT_EQ(parse_ok(scheme({}, "points_per_item = 14.5")).publication.points_per_item,
            d("14.5"));
  EXPECT_EQ(parse_ok(scheme({}, "points_per_item = 0.0001")).publication.points_per_item,
            Decimal::from_millionths(100));
  EXPECT_EQ(parse_ok(scheme({}, "points_per_item = \"0.000001\"")).publication.points_per_item,
            Decimal::from_millionths(1));
  EXPECT_EQ(parse_ok(scheme({}, "points_per_item = \"0.25\"")).publication.points_per_item,
            d("0.25"));
  EXPECT_EQ(parse_ok(scheme({}, "points_per_item = 3")).publication.points_per_item,
            Decimal::from_int(3));
  EXPECT_TRUE(has_error(errors(scheme({}, "points_per_item = 0.1234567")), 11,
                        {"publication.points_per_item"}));
}

TEST(SchemeParse, SmallFloatWithinSixDecimalsIsAccepted) {
  // 0.00001 and 0.000001 have at most six decimals, but fmt prints the doubles
  // as "1e-05" and "1e-06", which Decimal::parse refuses.
  auto r = parse_scheme(scheme({}, "points_per_item = 0.00001"), "考核方案.toml");
  auto r6 = parse_scheme(scheme({}, "points_per_item = 0.000001"), "考核方案.toml");
  EXPECT_EQ(r->publication.points_per_item.millionths(), 10);
  EXPECT_EQ(r6->publication.points_per_item.millionths(), 1);
}

TEST(SchemeParse, HugeIntegerPointsAreAnErrorNotOverflow) {
  EXPECT_TRUE(has_error(errors(scheme({}, "points_per_item = 10000000000000")), 11,
                        {"publication.points_per_item"}));
}

TEST(SchemeParse, HugeDecimalStringIsAnErrorNotOverflow) {
  EXPECT_TRUE(has_error(errors(scheme({}, "points_per_item = \"9223372036859\"")), 11,
                        {"publication.points_per_item"}));
}

TEST(SchemeParse, TomlSyntaxError) {
  auto ds = errors(scheme("monthly_cap = \"5\n"));
  ASSERT_EQ(ds.error_count(), 1u) << describe(ds);
  EXPECT_TRUE(has_error(ds, 12, {"TOML 语法错误"}));
}

TEST(SchemeParse, TomlDuplicateKeyIsASyntaxError) {
  auto ds = errors(scheme("points_per_item = 1\n"));
  EXPECT_TRUE(has_error(ds, 12, {"TOML 语法错误", "points_per_item"}));
}

TEST(SchemeParse, UnknownKeyIsReportedNotIgnored) {
  auto ds = errors(scheme({}, "points_per_itme = 0.5"));
  EXPECT_TRUE(has_error(ds, 11, {"未知的键", "publication.points_per_itme", "points_per_item"}));
  // ... and the key it should have been is then missing, reported at [publication].
  EXPECT_TRUE(has_error(ds, 10, {"缺少", "publication.points_per_item"}));
}

TEST(SchemeParse, MissingRequiredKey) {
  auto ds = errors(scheme("[submission]\n"          // 12
                          "penalty = 1\n"           // 13
                          "[[submission.quota]]\n"  // 14
                          "tag = \"示范点\"\n"));   // 15
  ASSERT_EQ(ds.error_count(), 1u) << describe(ds);
  EXPECT_TRUE(has_error(ds, 14, {"缺少", "submission.quota.count"}));
}

TEST(SchemeParse, WrongType) {
  EXPECT_TRUE(has_error(errors(scheme("monthly_cap = true\n")), 12,
                        {"publication.monthly_cap", "分值"}));
  EXPECT_TRUE(has_error(errors(scheme("from = 202008\n")), 12, {"publication.from", "字符串"}));
  EXPECT_TRUE(has_error(errors(scheme("[submission]\npenalty = 1\nmin_characters = 4.5\n")), 14,
                        {"submission.min_characters", "整数"}));
}

TEST(SchemeParse, NegativePoints) {
  auto ds = errors(scheme({}, "points_per_item = -0.5"));
  ASSERT_EQ(ds.error_count(), 1u) << describe(ds);
  EXPECT_TRUE(has_error(ds, 11, {"publication.points_per_item", "负数"}));
  EXPECT_TRUE(has_error(errors(scheme("[[findings]]\ncode = \"x\"\nreason = \"y\"\npoints = "
                                      "\"-1\"\n")),
                        15, {"findings.points", "负数"}));
}

TEST(SchemeParse, BadMonth) {
  auto ds = errors(scheme("from = \"2020-13\"\n"));
  ASSERT_EQ(ds.error_count(), 1u) << describe(ds);
  EXPECT_TRUE(has_error(ds, 12, {"publication.from", "2020-08"}));
}

TEST(SchemeParse, ToBeforeFrom) {
  auto ds = errors(scheme("from = \"2020-09\"\n"
                          "to = \"2020-08\"\n"));
  ASSERT_EQ(ds.error_count(), 1u) << describe(ds);
  EXPECT_TRUE(has_error(ds, 13, {"publication.to", "publication.from"}));
  parse_ok(scheme("from = \"2020-08\"\nto = \"2020-08\"\n"));  // a single month is fine
}

TEST(SchemeParse, UnknownSortKey) {
  auto ds = errors(second_table("[\"部门\"]", "[\"total desc\", \"totle\"]"));
  ASSERT_EQ(ds.error_count(), 1u) << describe(ds);
  EXPECT_TRUE(has_error(ds, 17, {"排序键", "“totle”"}));
  EXPECT_TRUE(has_error(errors(second_table("[\"部门\"]", "[\"published:4 desc\"]")), 17,
                        {"published:4 desc"}));
  EXPECT_TRUE(has_error(errors(second_table("[\"部门\"]", "[\"total down\"]")), 17,
                        {"total down"}));
  parse_ok(second_table("[\"部门\"]", "[\"published:3 asc\", \"official_order\"]"));
}

TEST(SchemeParse, TableNamingAnUndefinedSection) {
  auto ds = errors(second_table("[\"部门\", \"科室\"]", "[\"name\"]"));
  ASSERT_EQ(ds.error_count(), 1u) << describe(ds);
  EXPECT_TRUE(has_error(ds, 16, {"附件2", "“科室”"}));
}

TEST(SchemeParse, BadAccrual) {
  auto ds = errors(scheme("[adoption]\n"           // 12
                          "[[adoption.levels]]\n"  // 13
                          "code = \"市级\"\n"      // 14
                          "points = 1\n"           // 15
                          "accrual = \"month\"\n"));  // 16
  ASSERT_EQ(ds.error_count(), 1u) << describe(ds);
  EXPECT_TRUE(has_error(ds, 16, {"accrual", "quarter", "year"}));
}

TEST(SchemeParse, WorkspaceLiveScoresDefaultsToOffice) {
  EXPECT_EQ(parse_ok(scheme()).workspace.live_scores, LiveScores::Office);
  EXPECT_EQ(parse_ok(read_example()).workspace.live_scores, LiveScores::Office);
  EXPECT_EQ(parse_ok(scheme("[workspace]\nlive_scores = \"office\"\n")).workspace.live_scores, LiveScores::Office);
}

TEST(SchemeParse, WorkspaceLiveScoresAll) {
  EXPECT_EQ(parse_ok(scheme("[workspace]\nlive_scores = \"all\"\n")).workspace.live_scores, LiveScores::All);
}

TEST(SchemeParse, WorkspaceLiveScoresUnknownValue) {
  auto ds = errors(scheme("[workspace]\n"                  // 12
                          "live_scores = \"units\"\n"));  // 13
  ASSERT_EQ(ds.error_count(), 1u) << describe(ds);
  EXPECT_TRUE(has_error(ds, 13, {"workspace.live_scores", "office", "all", "units"}));
}

TEST(SchemeParse, WorkspaceUnknownKey) {
  auto ds = errors(scheme("[workspace]\n"            // 12
                          "live_score = \"all\"\n"));  // 13
  ASSERT_EQ(ds.error_count(), 1u) << describe(ds);
  EXPECT_TRUE(has_error(ds, 13, {"live_score"}));
}

TEST(SchemeParse, DuplicateFindingCode) {
  auto ds = errors(scheme("[[findings]]\n"           // 12
                          "code = \"表格混乱\"\n"    // 13
                          "reason = \"内容表格混乱\"\n"
                          "points = 0.5\n"
                          "[[findings]]\n"           // 16
                          "code = \"表格混乱\"\n"    // 17
                          "reason = \"另一原因\"\n"
                          "points = 1\n"));
  ASSERT_EQ(ds.error_count(), 1u) << describe(ds);
  EXPECT_TRUE(has_error(ds, 16, {"“表格混乱”", "重复"}));
}

TEST(SchemeParse, InvalidCollationTailoring) {
  auto ds = errors(scheme("[collation]\n"                     // 12
                          "locale = \"zh\"\n"                 // 13
                          "tailoring = \"&杭<<<<<<<行政\"\n"));  // 14
  ASSERT_EQ(ds.error_count(), 1u) << describe(ds);
  const auto& e = ds.entries().front();
  EXPECT_NE(e.message.find("&杭<<<<<<<行政"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("排序规则"), std::string::npos) << e.message;
  // parse.h: problems are reported "with the line of the offending value".
  EXPECT_TRUE(has_error(ds, 14, {"tailoring"}));
}

TEST(SchemeParse, AllErrorsAreReportedAtOnce) {
  auto ds = errors(scheme("monthly_cap = -5\n"              // 12
                          "from = \"2020-13\"\n"            // 13
                          "[submission]\n"                  // 14
                          "penalti = 1\n"                   // 15
                          "basis = \"week\"\n"              // 16
                          "[[findings]]\n"                  // 17
                          "code = \"x\"\n"                  // 18
                          "reason = \"y\"\n"                // 19
                          "points = \"abc\"\n",             // 20
                          "points_per_item = true"));       // 11
  EXPECT_TRUE(has_error(ds, 11, {"publication.points_per_item"}));
  EXPECT_TRUE(has_error(ds, 12, {"publication.monthly_cap", "负数"}));
  EXPECT_TRUE(has_error(ds, 13, {"publication.from"}));
  EXPECT_TRUE(has_error(ds, 15, {"未知的键", "submission.penalti"}));
  EXPECT_TRUE(has_error(ds, 14, {"缺少", "submission.penalty"}));
  EXPECT_TRUE(has_error(ds, 16, {"submission.basis"}));
  EXPECT_TRUE(has_error(ds, 20, {"findings.points"}));
  EXPECT_EQ(ds.error_count(), 7u) << describe(ds);
}

} // namespace
} // namespace zwgk
