// A period's data files over real HTTP (issue 14, uploads): the preview's
// row lines and marked cells, replacing a file of the kind instead of adding
// a second one, an identical file that changes nothing, and deleting a data
// file with its history kept.
#include "workspace_fixture.h"

#include "fs/files.h"
#include "server/views.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace zwgk::server {
namespace {

using nlohmann::json;
using test_http::Session;

const std::string k_boundary = "zwgkFilesBoundary";
const std::string k_multipart = "multipart/form-data; boundary=" + k_boundary;
const std::string k_uploads = "/api/v1/periods/2020Q3/uploads";

std::string form_with(const std::string& file_name, const std::string& content) {
  return "--" + k_boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file_name +
         "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n--" + k_boundary + "--\r\n";
}

class FilesTest : public test_http::WorkspaceServer {
protected:
  std::string submissions() { return *fs::read_file(m_dir / "2020Q3/投稿.csv"); }
  // The example's 投稿.csv with line 3's 8月 count made "两" (not a count).
  std::string submissions_with_bad_cell() {
    std::string csv = submissions();
    const std::string row = "临淄医疗保障分局,2,1";
    csv.replace(csv.find(row), row.size(), "临淄医疗保障分局,两,1");
    return csv;
  }
  json post(const Session& s, const std::string& query, const std::string& name, const std::string& content,
            int expected_status) {
    auto res = send("POST", k_uploads + query, &s, form_with(name, content), k_multipart);
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, expected_status) << res->body.substr(0, 600);
    return json::parse(res->body);
  }
  json files(const Session& s) {
    auto res = send("GET", "/api/v1/periods/2020Q3/files", &s);
    EXPECT_TRUE(res && res->status == 200);
    return json::parse(res->body)["files"];
  }
  static json file_entry(const json& list, const std::string& path) {
    for (const auto& f : list)
      if (f["path"] == path) return f;
    return {};
  }
  std::size_t audit_count(const std::string& action) {
    auto all = m_store.audit(0, 10000);
    return static_cast<std::size_t>(std::ranges::count_if(all, [&](const auto& e) { return e.action == action; }));
  }
};

TEST_F(FilesTest, UploadPreviewNumbersItsRowsAndMarksTheBadCell) {
  start();
  auto admin = login("admin");
  json body = post(admin, "?mode=preview", "投稿.csv", submissions_with_bad_cell(), 200);
  ASSERT_GE(body["row_lines"].size(), 2u);
  EXPECT_EQ(body["row_lines"][0], 2);  // the header is line 1
  EXPECT_EQ(body["row_lines"][1], 3);
  EXPECT_EQ(body["row_lines"].size(), body["rows"].size());
  ASSERT_EQ(body["marks"].size(), 1u) << body["marks"].dump();
  const json& mark = body["marks"][0];
  EXPECT_EQ(mark["row"], 1);
  EXPECT_EQ(mark["line"], 3);
  EXPECT_EQ(mark["column"], 1);  // 0-based among the shown columns: 8月
  const json& problem = body["problems"][mark["problems"][0].get<std::size_t>()];
  EXPECT_EQ(problem["file"], "2020Q3/投稿.csv");
  EXPECT_EQ(problem["line"], 3);
  EXPECT_EQ(problem["column"], 2);
  EXPECT_EQ(problem["severity"], "error");
}

// A problem in a row past the shown ones is listed but marks no cell.
TEST_F(FilesTest, UploadPreviewListsProblemsOfRowsItDoesNotShow) {
  start();
  auto admin = login("admin");
  std::string csv = *fs::read_file(m_dir / "2020Q3/网站发布.csv");
  csv.replace(csv.find("区统计局,"), std::string("区统计局,").size(), "无此单位,");  // line 40
  json body = post(admin, "?mode=preview", "网站发布.csv", csv, 200);
  EXPECT_EQ(body["rows"].size(), k_preview_rows);
  EXPECT_TRUE(body["marks"].empty()) << body["marks"].dump();
  bool listed = false;
  for (const auto& p : body["problems"]) listed = listed || (p["file"] == "2020Q3/网站发布.csv" && p["line"] == 40);
  EXPECT_TRUE(listed) << body["problems"].dump();
}

// A corrected 投稿-gbk.csv was added beside 投稿.csv: every unit twice.
TEST_F(FilesTest, UploadOfAnotherFileOfAKindReplacesTheExistingOne) {
  start();
  auto admin = login("admin");
  std::string fixed = submissions();
  fixed.replace(fixed.find("临淄医疗保障分局,2,1"), std::string("临淄医疗保障分局,2,1").size(), "临淄医疗保障分局,3,1");
  json added = post(admin, "?mode=preview", "投稿-gbk.csv", fixed, 200);
  EXPECT_EQ(added["replaceable"], json::array({"2020Q3/投稿.csv"}));
  EXPECT_EQ(added["file"], "2020Q3/投稿-gbk.csv");
  EXPECT_GT(added["error_count"].get<int>(), 20) << "added beside: every unit twice";
  json replacing = post(admin, "?mode=preview&replace=2020Q3/投稿.csv", "投稿-gbk.csv", fixed, 200);
  EXPECT_EQ(replacing["file"], "2020Q3/投稿.csv");
  EXPECT_EQ(replacing["replaced"], "2020Q3/投稿.csv");
  EXPECT_EQ(replacing["replaces"], true);
  EXPECT_EQ(replacing["error_count"], 0) << replacing["problems"].dump();
  const std::size_t replaced_before = audit_count("替换数据文件");
  json saved = post(admin, "?mode=commit&replace=2020Q3/投稿.csv", "投稿-gbk.csv", fixed, 200);
  EXPECT_EQ(saved["saved"], true);
  EXPECT_EQ(*fs::read_file(m_dir / "2020Q3/投稿.csv"), fixed);
  EXPECT_FALSE(std::filesystem::exists(m_dir / "2020Q3/投稿-gbk.csv"));
  EXPECT_EQ(audit_count("替换数据文件"), replaced_before + 1);
  EXPECT_EQ(file_entry(files(admin), "2020Q3/投稿.csv")["versions"].size(), 2u) << "the old version is kept";
}

TEST_F(FilesTest, UploadRefusesToReplaceAFileOfAnotherKind) {
  start();
  auto admin = login("admin");
  json body = post(admin, "?mode=commit&replace=2020Q3/网站发布.csv", "投稿-gbk.csv", submissions(), 400);
  EXPECT_NE(body["error"].get<std::string>().find("只能替换本季度同一类（投稿）"), std::string::npos) << body.dump();
  EXPECT_TRUE(std::filesystem::exists(m_dir / "2020Q3/网站发布.csv"));
  EXPECT_FALSE(std::filesystem::exists(m_dir / "2020Q3/投稿-gbk.csv"));
}

// Re-saving an identical file said it was saved; nothing was recorded.
TEST_F(FilesTest, SavingAnIdenticalFileSaysUnchangedAndRecordsNothing) {
  start();
  auto admin = login("admin");
  const std::size_t versions = m_store.file_history("").size();
  const std::size_t audit = m_store.audit(0, 10000).size();
  json body = post(admin, "?mode=commit", "投稿.csv", submissions(), 200);
  EXPECT_EQ(body["saved"], false);
  EXPECT_EQ(body["unchanged"], true);
  EXPECT_EQ(body["message"], "内容与现有文件相同，未做修改");
  EXPECT_EQ(m_store.file_history("").size(), versions);
  EXPECT_EQ(m_store.audit(0, 10000).size(), audit);
  // Replacing another file by the same content is no change either.
  body = post(admin, "?mode=commit&replace=2020Q3/投稿.csv", "投稿-副本.csv", submissions(), 200);
  EXPECT_EQ(body["unchanged"], true);
  EXPECT_EQ(m_store.audit(0, 10000).size(), audit);
}

TEST_F(FilesTest, DeletingADataFileKeepsItsHistoryAndIsAudited) {
  start();
  auto admin = login("admin");
  auto ranking = [&] { return send("GET", "/api/v1/periods/2020Q3/ranking", &admin)->body; };
  const std::string before = ranking(), original = submissions();
  auto res = send("DELETE", "/api/v1/periods/2020Q3/files/投稿.csv", &admin, "{}");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json body = json::parse(res->body);
  EXPECT_EQ(body["file"], "2020Q3/投稿.csv");
  EXPECT_EQ(body["rows"], 28);
  EXPECT_FALSE(std::filesystem::exists(m_dir / "2020Q3/投稿.csv"));
  json entry = file_entry(files(admin), "2020Q3/投稿.csv");
  EXPECT_EQ(entry["deleted"], true);
  ASSERT_EQ(entry["versions"].size(), 2u);
  EXPECT_EQ(entry["versions"][0]["deleted"], true);
  EXPECT_EQ(entry["versions"][0]["saved_by"], "admin");
  EXPECT_EQ(entry["versions"][1]["deleted"], false);
  EXPECT_EQ(audit_count("删除数据文件"), 1u);
  EXPECT_EQ(m_store.audit(0, 1)[0].target, "2020Q3/投稿.csv");
  EXPECT_NE(ranking(), before) << "the cache still had the deleted file's records";
  // Uploading it again makes it current again.
  EXPECT_EQ(m_store.file_version(entry["versions"][1]["id"].get<std::int64_t>())->content, original);
  json again = post(admin, "?mode=commit", "投稿.csv", original, 200);
  EXPECT_EQ(again["saved"], true);
  json current = file_entry(files(admin), "2020Q3/投稿.csv");
  EXPECT_EQ(current["deleted"], false);
  EXPECT_EQ(current["kind"], "投稿");  // what the deletion's confirmation names
  EXPECT_EQ(current["rows"], 28);
  EXPECT_EQ(current["versions"].size(), 3u);  // saved again, deleted, the content found on disk
}

TEST_F(FilesTest, DeletingFilesThatAreNotDataFilesIsRefused) {
  start();
  auto admin = login("admin");
  for (const std::string name : {"通报模板.txt", "考核方案.toml", "单位名录.csv", "备注.csv"}) {
    auto res = send("DELETE", "/api/v1/periods/2020Q3/files/" + name, &admin, "{}");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << name << ": " << res->body;
    EXPECT_NE(json::parse(res->body)["error"].get<std::string>().find("不是季度的数据文件，不能删除"), std::string::npos);
  }
  EXPECT_TRUE(std::filesystem::exists(m_dir / "2020Q3/通报模板.txt"));
  EXPECT_TRUE(std::filesystem::exists(m_dir / "考核方案.toml"));
  auto missing = send("DELETE", "/api/v1/periods/2020Q3/files/投稿-无.csv", &admin, "{}");
  EXPECT_EQ(missing->status, 404);
  auto unit = login("shangwu");
  EXPECT_EQ(send("DELETE", "/api/v1/periods/2020Q3/files/投稿.csv", &unit, "{}")->status, 403);
  EXPECT_TRUE(std::filesystem::exists(m_dir / "2020Q3/投稿.csv"));
  EXPECT_EQ(audit_count("删除数据文件"), 0u);
}

} // namespace
} // namespace zwgk::server
