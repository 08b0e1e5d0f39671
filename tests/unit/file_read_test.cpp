// Reading input files: every failure said in Chinese with its reason
// (issue 12: "File name too long" came out in English, and a scheme over
// 16 MB was reported as missing).
#include "fs/files.h"
#include "ingest/data_dir.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <string>
#include <unistd.h>

namespace zwgk {
namespace {

// A private directory, removed with everything in it.
class TempDir {
public:
  TempDir() {
    m_path = std::filesystem::temp_directory_path() / ("zwgk-file-read-" + std::to_string(::getpid()));
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
  }
  ~TempDir() { std::filesystem::remove_all(m_path); }
  const std::filesystem::path& path() const { return m_path; }

private:
  std::filesystem::path m_path;
};

void write(const std::filesystem::path& path, std::string_view text) {
  std::ofstream(path, std::ios::binary) << text;
}

::testing::AssertionResult chinese(const std::string& message) {
  if (std::regex_search(message, std::regex("[A-Za-z]{4,}"))) return ::testing::AssertionFailure() << message;
  return ::testing::AssertionSuccess();
}

std::string read_error(const std::filesystem::path& path, std::uintmax_t max_bytes = 1u << 20) {
  auto r = fs::read_file(path, max_bytes);
  EXPECT_FALSE(r.has_value());
  return r ? std::string() : r.error();
}

TEST(FileRead, EveryFailureIsChineseWithItsReason) {
  TempDir dir;
  const std::string missing = read_error(dir.path() / "none.toml");
  EXPECT_NE(missing.find("文件或文件夹不存在"), std::string::npos) << missing;
  const std::string folder = read_error(dir.path());
  EXPECT_NE(folder.find("这是文件夹，不是文件"), std::string::npos) << folder;
  const std::string long_name = read_error(dir.path() / std::string(300, 'a'));  // "File name too long"
  EXPECT_NE(long_name.find("文件名或路径过长"), std::string::npos) << long_name;
  write(dir.path() / "x.toml", "a");
  EXPECT_NE(read_error(dir.path() / "x.toml" / "y").find("路径中有一部分不是文件夹"), std::string::npos);
  for (const auto& m : {missing, folder, long_name}) {
    EXPECT_TRUE(m.starts_with("无法读取“")) << m;
    EXPECT_TRUE(chinese(m.substr(m.find("”"))));  // the path itself may be anything
  }
  EXPECT_EQ(fs::error_text(std::make_error_code(std::errc::state_not_recoverable)),
            "系统错误（错误码 " + std::to_string(ENOTRECOVERABLE) + "）");
}

TEST(FileRead, TooLargeSaysTheSizeAndTheLimit) {
  TempDir dir;
  write(dir.path() / "big.toml", "");
  std::filesystem::resize_file(dir.path() / "big.toml", (16u << 20) + (1u << 20));
  const std::string message = read_error(dir.path() / "big.toml", 16u << 20);
  EXPECT_NE(message.find("过大：有 17 MB（17825792 字节），超过上限 16 MB"), std::string::npos) << message;
  EXPECT_EQ(fs::size_text(1536), "1.5 KB");
  EXPECT_EQ(fs::size_text(12), "12 字节");
}

TEST(FileRead, SchemeOver16MegabytesIsTooLargeNotMissing) {
  // It was reported as "找不到或无法读取考核方案文件".
  TempDir dir;
  write(dir.path() / "考核方案.toml", "");
  std::filesystem::resize_file(dir.path() / "考核方案.toml", (16u << 20) + 1);
  std::filesystem::create_directories(dir.path() / "2020Q3");
  Diagnostics notes;
  auto ws = ingest::load_data_dir(dir.path(), std::nullopt, notes);
  ASSERT_FALSE(ws);
  const auto& e = ws.error().entries().front();
  EXPECT_EQ(e.where.file, "考核方案.toml");
  EXPECT_NE(e.message.find("过大：有 16.0 MB（16777217 字节），超过上限 16 MB"), std::string::npos) << e.message;

  std::filesystem::remove(dir.path() / "考核方案.toml");
  auto none = ingest::load_data_dir(dir.path(), std::nullopt, notes);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().entries().front().to_string(),
            "错误：读取“考核方案.toml”时：数据目录中没有考核方案文件（写法见 docs/scheme.md）");
}

} // namespace
} // namespace zwgk
