// Uploads over real HTTP on loopback: a preview of a file with many
// problems, rows, columns or long cells stays small and says how much it
// does not show (issue 12, item 7), and a malformed multipart body gets an
// answer a person can read (item 11).
#include "workspace_fixture.h"

#include "model/diagnostics.h"
#include "server/views.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <thread>
#include <vector>

namespace zwgk::server {
namespace {

using nlohmann::json;

const std::string k_boundary = "zwgkUploadBoundary";
const std::string k_preview = "/api/v1/periods/2020Q3/uploads?mode=preview";
const std::string k_multipart = "multipart/form-data; boundary=" + k_boundary;

std::string form_with(const std::string& file_name, const std::string& content) {
  return "--" + k_boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file_name +
         "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n--" + k_boundary + "--\r\n";
}

class UploadTest : public test_http::WorkspaceServer {};

// 700 rows naming unknown units: 700 errors, 500 listed, the rest counted.
TEST_F(UploadTest, UploadPreviewListsAtMost500ProblemsWithTheTotal) {
  start();
  auto admin = login("admin");
  std::string csv = "单位,问题类型,说明\r\n";
  for (int i = 0; i < 700; ++i) csv += "无此单位" + std::to_string(i) + ",目录未上传,\r\n";
  auto res = send("POST", k_preview, &admin, form_with("检查-许多.csv", csv), k_multipart);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body.substr(0, 500);
  auto body = json::parse(res->body);  // not const: a missing key is null, not an assertion
  EXPECT_EQ(body["problems"].size(), k_max_listed_diagnostics);
  EXPECT_EQ(body["problems_total"], 700);
  EXPECT_EQ(body["error_count"], 700);
  EXPECT_EQ(body["problems_omitted"], 200);
  EXPECT_EQ(body["problems_note"], "……另有 200 个问题未列出（只列出前 500 个）");
  EXPECT_EQ(body["row_count"], 700);
  EXPECT_EQ(body["rows"].size(), k_preview_rows);
  // The commit's refusal carries the same counts.
  res = send("POST", "/api/v1/periods/2020Q3/uploads?mode=commit", &admin, form_with("检查-许多.csv", csv), k_multipart);
  ASSERT_EQ(res->status, 422);
  EXPECT_EQ(json::parse(res->body)["problems_total"], 700);
}

// A row of 300 columns with 10 KB cells: the preview shows 50 columns of
// at most 200 bytes each, and says the columns were cut.
TEST_F(UploadTest, UploadPreviewShowsAFewRowsColumnsAndShortCells) {
  start();
  auto admin = login("admin");
  std::string header = "单位,8月,9月", row = "区财政局,1,1";
  for (int i = 0; i < 300; ++i) {
    header += ",备注" + std::to_string(i);
    row += "," + std::string(10000, 'x');
  }
  auto res = send("POST", k_preview, &admin, form_with("投稿-宽.csv", header + "\r\n" + row + "\r\n"), k_multipart);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_LT(res->body.size(), 64u << 10) << "the preview carries the file back";
  auto body = json::parse(res->body);  // not const: a missing key is null, not an assertion
  EXPECT_EQ(body["columns"].size(), k_preview_columns);
  EXPECT_EQ(body["columns_cut"], true);
  ASSERT_EQ(body["rows"].size(), 1u);
  EXPECT_EQ(body["rows"][0].size(), k_preview_columns);
  EXPECT_EQ(body["rows"][0][0], "区财政局");
  EXPECT_EQ(body["rows"][0][3], std::string(k_preview_cell_bytes, 'x') + "…");
}

// Item 11: a multipart body that does not match its boundary got an empty 400.
TEST_F(UploadTest, MalformedMultipartBodiesGetAChineseJsonError) {
  start();
  auto admin = login("admin");
  const std::string broken = "--" + k_boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"检查.csv\"\r\n"
                             "\r\n单位,问题类型\r\n";  // never closed
  auto res = send("POST", k_preview, &admin, broken, k_multipart);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  ASSERT_FALSE(res->body.empty());
  EXPECT_NE(json::parse(res->body)["error"].get<std::string>().find("multipart/form-data"), std::string::npos);
  res = send("POST", k_preview, &admin, form_with("检查.csv", "x"), "multipart/form-data");  // no boundary
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_TRUE(json::parse(res->body).contains("error"));
}

// Item 7: the memory of large uploads handled by many workers at once is
// given back. glibc kept it in the workers' arenas: 32 clients previewing
// 2 MB files twice left the server about 200 MB larger than before, for good
// (22 MB → 4.8 GB over the hardening tests). AddressSanitizer replaces
// glibc's allocator (and keeps freed memory in quarantine), so this runs
// in the release build only: ctest --preset release.
TEST_F(UploadTest, LargeUploadsGiveTheirMemoryBack) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "glibc's allocator is replaced by AddressSanitizer's; run in the release build";
#endif
  start();
  auto admin = login("admin");
  std::string csv = "单位,标题,发布日期,链接\r\n";
  for (int i = 0; i < 25000; ++i)
    csv += "区财政局,信息标题" + std::to_string(i) + ",2020-08-" + std::to_string(10 + i % 18) +
           ",https://www.example.gov.cn/" + std::to_string(i) + ".html\r\n";
  const std::string body = form_with("网站发布-逐条.csv", csv);
  ASSERT_EQ(send("POST", k_preview, &admin, body, k_multipart)->status, 200);  // warm: the snapshot, the arenas
  const std::size_t before_kb = test_http::status_kb("VmRSS");
  for (int round = 0; round < 2; ++round) {
    std::vector<std::thread> clients;
    std::atomic<int> ok{0};
    for (int i = 0; i < 32; ++i)
      clients.emplace_back([&] {
        if (auto res = send("POST", k_preview, &admin, body, k_multipart); res && res->status == 200) ++ok;
      });
    for (auto& t : clients) t.join();
    EXPECT_EQ(ok, 32);
  }
  EXPECT_LT(test_http::status_kb("VmRSS"), before_kb + (64u << 10)) << "freed memory was kept";
}

} // namespace
} // namespace zwgk::server
