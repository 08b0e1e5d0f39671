// server/followup_submission.h: the evidence file's name as it is kept.
#include "server/followup_submission.h"

#include <gtest/gtest.h>

namespace zwgk::server {
namespace {

std::string kept_name(const std::string& file_name) {
  httplib::Request req;
  req.set_header("Content-Type", "multipart/form-data; boundary=x");
  req.files.emplace("text", httplib::MultipartFormData{"text", "已整改", "", ""});
  req.files.emplace("file", httplib::MultipartFormData{"file", "%PDF", file_name, "application/pdf"});
  httplib::Response res;
  auto s = submission(req, res);
  EXPECT_TRUE(s && s->file) << res.body;
  return s && s->file ? s->file->name : std::string();
}

TEST(FollowupSubmission, AFilesNameIsItsLastPathComponent) {
  EXPECT_EQ(kept_name("C:\\截图\\整改后.pdf"), "整改后.pdf");
  EXPECT_EQ(kept_name("../../整改后.pdf"), "整改后.pdf");
  EXPECT_EQ(kept_name("..."), "证明材料");
}

// Found by multipart_fuzzer (issue 12's 10-minute run): a tab before the
// dot left a hidden name (".reason") once the spaces were trimmed.
TEST(FollowupSubmission, Issue12_SpacesBeforeALeadingDotLeaveNoHiddenName) {
  EXPECT_EQ(kept_name("../../\t.reason"), "reason");
  EXPECT_EQ(kept_name(" . .x.pdf "), "x.pdf");
  EXPECT_EQ(kept_name("\t. "), "证明材料");
}

} // namespace
} // namespace zwgk::server
