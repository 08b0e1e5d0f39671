// 考核结果.json for readers who may not see every unit's records
// (render/json.h, Disclosure): the figures stay, the records behind other
// units' figures are withheld, the layout is the full document's.
#include "render/json.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace zwgk {
namespace {

Decimal d(const char* text) { return *Decimal::parse(text); }

class RenderJsonDisclosureTest : public ::testing::Test {
protected:
  RenderJsonDisclosureTest() {
    scheme.name = "测试";
    scheme.finding_types = {{"目录未上传", "公开事项标准目录未上传", d("5")}};
    result.period = {2020, 3};
    const auto file = sources.add("2020Q3/检查.csv");
    for (const char* name : {"区商务局", "区财政局"}) {
      Unit u;
      u.name = name;
      u.section = "部门";
      UnitScore s;
      s.unit = *registry.add(std::move(u));
      s.total = d("3.5");
      s.deductions.push_back({DeductionKind::Finding, "目录未上传", d("5"), {}, {{file, 6}}, 0, 1});
      s.deductions.push_back({DeductionKind::Quota, "9月份未投稿", d("1"), {{2020, 9}}, {}, 0, 1});
      s.rejected.push_back({{file, 9}, "邮件主题", {2020, 8}, "字数不足"});
      result.units.push_back(s);
    }
  }
  nlohmann::json render(const Disclosure& disclosure) {
    return nlohmann::json::parse(render_json(result, scheme, registry, sources, disclosure));
  }
  Scheme scheme;
  Registry registry;
  SourceFiles sources;
  Result result;
};

TEST_F(RenderJsonDisclosureTest, WithholdsOtherUnitsRecordsButKeepsTheirFigures) {
  auto doc = render({Disclosure::Scope::OwnUnitOnly, "区财政局"});
  const auto& other = doc["units"][0];
  EXPECT_EQ(other["total"], "3.5");
  EXPECT_EQ(other["deductions"][0]["reason"], "目录未上传");
  EXPECT_TRUE(other["deductions"][0]["sources"].empty());
  EXPECT_EQ(other["deductions"][1]["months"][0], "2020-09");
  EXPECT_TRUE(other["rejected_submissions"].empty());
  EXPECT_EQ(other["details_withheld"], true);
  const auto& own = doc["units"][1];
  EXPECT_FALSE(own.contains("details_withheld"));
  EXPECT_EQ(own["rejected_submissions"][0]["title"], "邮件主题");
  EXPECT_EQ(own["deductions"][0]["sources"][0]["line"], 6);
}

TEST_F(RenderJsonDisclosureTest, WithholdsAllForNobodyAndNothingForTheOffice) {
  const std::string none = render_json(result, scheme, registry, sources, {Disclosure::Scope::OwnUnitOnly, ""});
  EXPECT_EQ(none.find("邮件主题"), std::string::npos);
  EXPECT_EQ(none.find("检查.csv"), std::string::npos);
  EXPECT_TRUE(none.ends_with("}\n"));
  const std::string all = render_json(result, scheme, registry, sources);
  EXPECT_NE(all.find("邮件主题"), std::string::npos);
  EXPECT_EQ(all.find("details_withheld"), std::string::npos);
  EXPECT_EQ(all, render_json(result, scheme, registry, sources, {Disclosure::Scope::All, "区财政局"}));
}

} // namespace
} // namespace zwgk
