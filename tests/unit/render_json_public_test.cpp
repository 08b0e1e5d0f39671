#include "render/json_public.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace zwgk {
namespace {

const char* k_full = R"({"schema": "zwgk.result", "units": [
  {"name": "区商务局", "total": "3.5",
   "deductions": [{"kind": "finding", "reason": "目录未上传", "points": "5", "sources": [{"file": "2020Q3/检查.csv", "line": 6}]},
                  {"kind": "quota", "reason": "9月份未投稿", "points": "1", "months": ["2020-09"]}],
   "rejected_submissions": [{"title": "邮件主题", "month": "2020-08", "reason": "字数不足", "source": {"file": "邮件#3", "line": 0}}]},
  {"name": "区财政局", "total": "15", "deductions": [], "rejected_submissions": []}]})";

TEST(RedactResultJson, WithholdsOtherUnitsRecordsButKeepsTheirFigures) {
  auto doc = nlohmann::json::parse(redact_result_json(k_full, "区财政局"));
  const auto& other = doc["units"][0];
  EXPECT_EQ(other["total"], "3.5");
  EXPECT_EQ(other["deductions"][0]["reason"], "目录未上传");
  EXPECT_TRUE(other["deductions"][0]["sources"].empty());
  EXPECT_EQ(other["deductions"][1]["months"][0], "2020-09");
  EXPECT_TRUE(other["rejected_submissions"].empty());
  EXPECT_EQ(other["details_withheld"], true);
  EXPECT_FALSE(doc["units"][1].contains("details_withheld"));
}

TEST(RedactResultJson, KeepsTheOwnUnitsRecordsAndWithholdsAllForNobody) {
  auto own = nlohmann::json::parse(redact_result_json(k_full, "区商务局"));
  EXPECT_EQ(own["units"][0]["rejected_submissions"][0]["title"], "邮件主题");
  EXPECT_EQ(own["units"][0]["deductions"][0]["sources"].size(), 1u);
  const std::string none = redact_result_json(k_full, "");
  EXPECT_EQ(none.find("邮件主题"), std::string::npos);
  EXPECT_EQ(none.find("检查.csv"), std::string::npos);
  EXPECT_TRUE(none.ends_with("}\n"));
}

} // namespace
} // namespace zwgk
