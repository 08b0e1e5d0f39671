#include "render/zip_writer.h"

#include <fmt/format.h>
#include <zip.h>

#include <ctime>
#include <memory>

namespace zwgk {
namespace {

// 2000-01-01 00:00 UTC: any fixed time serves; DOS timestamps start in 1980.
constexpr std::time_t k_fixed_mtime = 946684800;

struct SourceFree {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};
using Source = std::unique_ptr<zip_source_t, SourceFree>;

std::string zip_message(zip_error_t* error) {
  std::string message = zip_error_strerror(error);
  zip_error_fini(error);
  return fmt::format("压缩文档失败：{}", message);
}

std::expected<void, std::string> add_entries(zip_t* zip, const std::vector<ZipEntry>& entries) {
  for (const auto& e : entries) {
    zip_source_t* data = zip_source_buffer(zip, e.content.data(), e.content.size(), 0);
    if (!data) return std::unexpected(zip_message(zip_get_error(zip)));
    zip_int64_t index = zip_file_add(zip, e.name.c_str(), data, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(data);
      return std::unexpected(zip_message(zip_get_error(zip)));
    }
    const auto i = static_cast<zip_uint64_t>(index);
    if (zip_set_file_compression(zip, i, ZIP_CM_DEFLATE, 6) != 0 || zip_file_set_mtime(zip, i, k_fixed_mtime, 0) != 0)
      return std::unexpected(zip_message(zip_get_error(zip)));
  }
  return {};
}

std::expected<std::string, std::string> read_source(zip_source_t* source) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_stat(source, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || zip_source_open(source) != 0)
    return std::unexpected(zip_message(zip_source_error(source)));
  std::string out(st.size, '\0');
  zip_int64_t got = zip_source_read(source, out.data(), st.size);
  zip_source_close(source);
  if (got < 0 || static_cast<zip_uint64_t>(got) != st.size) return std::unexpected("压缩文档失败：读回时长度不符");
  return out;
}

std::expected<std::string, std::string> read_entry(zip_t* zip, zip_uint64_t index, zip_uint64_t size) {
  zip_file_t* file = zip_fopen_index(zip, index, 0);
  if (!file) return std::unexpected(zip_message(zip_get_error(zip)));
  std::string out(size, '\0');
  const zip_int64_t got = zip_fread(file, out.data(), size);
  zip_fclose(file);
  if (got < 0 || static_cast<zip_uint64_t>(got) != size) return std::unexpected("压缩文档失败：读回时长度不符");
  return out;
}

// Replaces entry `index` with `content` (which must live until the archive is closed).
std::expected<void, std::string> replace_entry(zip_t* zip, zip_uint64_t index, const std::string& content,
                                               std::time_t mtime) {
  zip_source_t* data = zip_source_buffer(zip, content.data(), content.size(), 0);
  if (!data) return std::unexpected(zip_message(zip_get_error(zip)));
  if (zip_file_replace(zip, index, data, 0) != 0) {
    zip_source_free(data);
    return std::unexpected(zip_message(zip_get_error(zip)));
  }
  if (zip_set_file_compression(zip, index, ZIP_CM_DEFLATE, 6) != 0 || zip_file_set_mtime(zip, index, mtime, 0) != 0)
    return std::unexpected(zip_message(zip_get_error(zip)));
  return {};
}

} // namespace

std::expected<void, std::string> edit_zip_entry(
    const std::filesystem::path& path, const std::string& name,
    const std::function<std::expected<std::string, std::string>(std::string)>& edit) {
  int code = 0;
  zip_t* zip = zip_open(path.c_str(), 0, &code);
  if (!zip) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    return std::unexpected(zip_message(&error));
  }
  auto fail = [&](std::string message) {
    zip_discard(zip);
    return std::unexpected(std::move(message));
  };
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(zip, name.c_str(), 0, &st) != 0 || !(st.valid & ZIP_STAT_INDEX) || !(st.valid & ZIP_STAT_SIZE))
    return fail(fmt::format("压缩文档中没有“{}”", name));
  auto content = read_entry(zip, st.index, st.size);
  if (!content) return fail(content.error());
  auto edited = edit(std::move(*content));
  if (!edited) return fail(edited.error());
  const std::time_t mtime = (st.valid & ZIP_STAT_MTIME) ? st.mtime : k_fixed_mtime;
  if (auto replaced = replace_entry(zip, st.index, *edited, mtime); !replaced) return fail(replaced.error());
  if (zip_close(zip) != 0) return fail(zip_message(zip_get_error(zip)));
  return {};
}

std::expected<std::string, std::string> zip_in_memory(const std::vector<ZipEntry>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  Source buffer(zip_source_buffer_create(nullptr, 0, 0, &error));
  if (!buffer) return std::unexpected(zip_message(&error));
  zip_t* zip = zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &error);
  if (!zip) return std::unexpected(zip_message(&error));
  zip_source_keep(buffer.get());  // the archive releases it on close; we still read it after
  if (auto added = add_entries(zip, entries); !added) {
    zip_discard(zip);
    return std::unexpected(added.error());
  }
  if (zip_close(zip) != 0) {
    std::string message = zip_message(zip_get_error(zip));
    zip_discard(zip);
    return std::unexpected(message);
  }
  return read_source(buffer.get());
}

} // namespace zwgk
