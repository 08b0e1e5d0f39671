// Completeness warnings through the workspace's pipeline (issue 14, item 2):
// the upload preview of a header-only 网站发布.csv or one that leaves a unit
// out says so as a warning (not an error: the file can still be saved), and
// the unit's own page then carries the same note as `zwgk explain`.
#include "workspace_fixture.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>

namespace zwgk::server {
namespace {

using nlohmann::json;

const std::string k_boundary = "zwgkCompletenessBoundary";
const std::string k_multipart = "multipart/form-data; boundary=" + k_boundary;
const std::string k_uploads = "/api/v1/periods/2020Q3/uploads?mode=";

std::string form_with(const std::string& file_name, const std::string& content) {
  return "--" + k_boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file_name +
         "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n--" + k_boundary + "--\r\n";
}

class CompletenessHttpTest : public test_http::WorkspaceServer {
protected:
  // The example's 网站发布.csv with `drop` (a whole line) taken out.
  std::string publications_without(const std::string& drop) {
    std::ifstream in(m_dir / "2020Q3/网站发布.csv", std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    auto at = text.find(drop);
    EXPECT_NE(at, std::string::npos);
    if (at != std::string::npos) text.erase(at, drop.size());
    return text;
  }

  // The warnings of a preview body whose file is `file`, as their texts.
  static std::vector<std::string> warnings(const json& body) {
    std::vector<std::string> out;
    for (const auto& p : body["problems"])
      if (p["severity"] == "warning") out.push_back(p["text"]);
    return out;
  }
};

TEST_F(CompletenessHttpTest, PreviewOfAHeaderOnlyFileWarnsThatItHasNoRows) {
  start();
  auto admin = login("admin");
  auto res = send("POST", k_uploads + "preview", &admin, form_with("网站发布.csv", "单位,7月,8月,9月\r\n"), k_multipart);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body.substr(0, 500);
  auto body = json::parse(res->body);
  EXPECT_EQ(body["error_count"], 0);
  EXPECT_EQ(body["replaces"], true);
  EXPECT_EQ(warnings(body), std::vector<std::string>{
                                "警告：读取“2020Q3/网站发布.csv”时：没有数据行（只有表头，或表头下各行都是空的）："
                                "这个文件不给任何单位计数，请确认文件是否完整"});
}

TEST_F(CompletenessHttpTest, SavedFileMissingAUnitWarnsAndTheUnitPageSaysSo) {
  start();
  auto admin = login("admin");
  const std::string csv = publications_without("区人社局,37,32,19\n");
  auto res = send("POST", k_uploads + "preview", &admin, form_with("网站发布.csv", csv), k_multipart);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body.substr(0, 500);
  EXPECT_EQ(warnings(json::parse(res->body)),
            std::vector<std::string>{"警告：读取“2020Q3/网站发布.csv”时：缺少单位名录中的 1 个单位"
                                     "（这些单位各月发布数量按 0 计）：区人社局"});
  res = send("POST", k_uploads + "commit", &admin, form_with("网站发布.csv", csv), k_multipart);
  ASSERT_TRUE(res);
  ASSERT_LT(res->status, 300) << "a warning does not block saving: " << res->body.substr(0, 500);
  res = send("GET", "/api/v1/periods/2020Q3/units/区人社局", &admin);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body.substr(0, 500);
  EXPECT_EQ(json::parse(res->body)["unit"]["data_notes"],
            json::array({"“2020Q3/网站发布.csv”中没有本单位，各月发布数量按 0 计"}));
  // Another unit's page has no note.
  res = send("GET", "/api/v1/periods/2020Q3/units/区财政局", &admin);
  ASSERT_TRUE(res);
  EXPECT_EQ(json::parse(res->body)["unit"]["data_notes"], json::array());
}

} // namespace
} // namespace zwgk::server
