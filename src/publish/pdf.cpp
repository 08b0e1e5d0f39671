#include "publish/pdf.h"

#include "fs/files.h"
#include "fs/process.h"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <mutex>

namespace zwgk::publish {
namespace {

constexpr std::chrono::seconds k_timeout{180};

// fontconfig aliases: the system's configuration plus the official faces
// mapped to what a Debian machine with fonts-noto-cjk has. Installed
// official fonts still win (they match by name first).
constexpr std::string_view k_fonts_conf = R"(<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <match target="pattern"><test name="family"><string>方正小标宋简体</string></test>
    <edit name="family" mode="append" binding="same"><string>Noto Serif CJK SC</string></edit>
    <edit name="weight" mode="assign" binding="same"><const>bold</const></edit></match>
  <alias binding="same"><family>仿宋_GB2312</family><prefer><family>FangSong</family><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>仿宋</family><prefer><family>FangSong</family><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>宋体</family><prefer><family>SimSun</family><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>黑体</family><prefer><family>SimHei</family><family>Noto Sans CJK SC</family></prefer></alias>
</fontconfig>
)";

std::filesystem::path soffice_program() {
  if (const char* named = std::getenv("ZWGK_SOFFICE"); named && *named) {
    std::filesystem::path p = named;
    return p.has_parent_path() ? p : fs::find_program(named);
  }
  return fs::find_program("soffice");
}

bool write_whole(const std::filesystem::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  return static_cast<bool>(out.flush());
}

} // namespace

std::expected<std::string, std::string> convert_docx_to_pdf(const std::string& docx) {
  const std::filesystem::path soffice = soffice_program();
  if (soffice.empty() || !std::filesystem::exists(soffice))
    return std::unexpected("未找到 LibreOffice（soffice），无法生成 PDF。请安装 LibreOffice"
                           "（Debian：apt-get install libreoffice-writer-nogui fonts-noto-cjk），"
                           "或用环境变量 ZWGK_SOFFICE 指明 soffice 的位置；也可以去掉 --pdf，用 WPS/Word 打开 通报.docx 另存为 PDF");
  static std::mutex one_at_a_time;
  std::lock_guard lock(one_at_a_time);
  auto temp = fs::TempDir::create();
  if (!temp) return std::unexpected(temp.error());
  const auto& dir = temp->path();
  if (!write_whole(dir / "bulletin.docx", docx) || !write_whole(dir / "fonts.conf", k_fonts_conf))
    return std::unexpected(fmt::format("无法写入临时目录“{}”", dir.string()));
  auto run = fs::run_process(
      soffice,
      {"-env:UserInstallation=file://" + (dir / "profile").string(), "--headless", "--norestore",
       "--convert-to", "pdf:writer_pdf_Export", "--outdir", dir.string(), (dir / "bulletin.docx").string()},
      {{"FONTCONFIG_FILE", (dir / "fonts.conf").string()}, {"HOME", dir.string()}}, k_timeout);
  if (!run) return std::unexpected(fmt::format("LibreOffice 转换 PDF 失败：{}", run.error()));
  auto pdf = fs::read_file(dir / "bulletin.pdf");
  if (run->exit_code != 0 || !pdf)
    return std::unexpected(fmt::format("LibreOffice 转换 PDF 失败（退出码 {}）：{}", run->exit_code, run->output));
  return std::move(*pdf);
}

} // namespace zwgk::publish
