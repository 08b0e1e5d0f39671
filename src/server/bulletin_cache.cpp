#include "server/bulletin_cache.h"

#include "fs/files.h"
#include "fs/process.h"
#include "publish/pdf.h"

#include <chrono>
#include <optional>

namespace zwgk::server {

struct BulletinCache::Entry {
  std::weak_ptr<const Snapshot> snapshot;
  std::mutex files_mutex;  // guards files and derived
  std::shared_ptr<const Files> files;
  std::map<std::string, std::shared_ptr<const std::string>> derived;
  std::mutex pdf_mutex;  // held during the conversion: later requests wait for it
  std::shared_ptr<const std::string> pdf;
  std::optional<publish::ReportFailure> pdf_failure;
  std::chrono::steady_clock::time_point pdf_failed_at;
};

namespace {

// The machine failed us (temporary directory, a writer): not the data's fault.
publish::ReportFailure failure(std::string message) {
  return {publish::ReportFailure::Kind::Tool, {}, std::move(message)};
}

// The report's files as bytes (the XLSX writer can only write to a path: it writes into `dir`).
std::expected<BulletinCache::Files, publish::ReportFailure> build(const Snapshot& snap) {
  auto temp = fs::TempDir::create();
  if (!temp) return std::unexpected(failure(temp.error()));
  auto report = publish::build_report(snap.ws, *snap.result, temp->path(), publish::Pdf::Skip);
  if (!report) return std::unexpected(report.error());
  BulletinCache::Files out;
  for (auto& file : report->files) {
    const std::string name = file.path.filename().string();
    if (!file.write) {
      out[name] = std::move(file.content);
      continue;
    }
    if (auto written = file.write(file.path); !written) return std::unexpected(failure(written.error()));
    auto content = fs::read_file(file.path);
    if (!content) return std::unexpected(failure(content.error()));
    out[name] = std::move(*content);
  }
  return out;
}

} // namespace

std::shared_ptr<BulletinCache::Entry> BulletinCache::entry(const SnapshotPtr& snap) {
  std::lock_guard lock(m_mutex);
  std::erase_if(m_entries, [](const auto& item) { return item.second->snapshot.expired(); });
  auto& e = m_entries[snap.get()];
  if (!e) {
    e = std::make_shared<Entry>();
    e->snapshot = snap;
  }
  return e;
}

std::expected<std::shared_ptr<const BulletinCache::Files>, publish::ReportFailure> BulletinCache::files(
    const SnapshotPtr& snap) {
  auto e = entry(snap);
  std::lock_guard lock(e->files_mutex);
  if (!e->files) {
    auto built = build(*snap);
    if (!built) return std::unexpected(built.error());
    e->files = std::make_shared<const Files>(std::move(*built));
  }
  return e->files;
}

std::expected<std::shared_ptr<const std::string>, publish::ReportFailure> BulletinCache::derived(
    const SnapshotPtr& snap, const std::string& key, const std::function<std::string(const Files&)>& make) {
  auto files = this->files(snap);
  if (!files) return std::unexpected(files.error());
  auto e = entry(snap);
  std::lock_guard lock(e->files_mutex);
  auto& made = e->derived[key];
  if (!made) made = std::make_shared<const std::string>(make(**files));
  return made;
}

std::expected<std::shared_ptr<const std::string>, publish::ReportFailure> BulletinCache::pdf(const SnapshotPtr& snap) {
  auto files = this->files(snap);
  if (!files) return std::unexpected(files.error());
  auto e = entry(snap);
  const auto asked = std::chrono::steady_clock::now();
  std::lock_guard lock(e->pdf_mutex);
  if (e->pdf) return e->pdf;
  if (e->pdf_failure && e->pdf_failed_at >= asked) return std::unexpected(*e->pdf_failure);  // the one we waited for
  auto converted = publish::convert_docx_to_pdf((*files)->at(std::string(publish::k_document_name)));
  if (!converted) {
    e->pdf_failure = publish::ReportFailure{publish::ReportFailure::Kind::Tool, {}, converted.error()};
    e->pdf_failed_at = std::chrono::steady_clock::now();
    return std::unexpected(*e->pdf_failure);
  }
  e->pdf = std::make_shared<const std::string>(std::move(*converted));
  return e->pdf;
}

} // namespace zwgk::server
