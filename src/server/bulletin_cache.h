// The bulletin's files of each data version, built once and kept while the
// version is current (compute once, render many).
//
// Every download used to build the whole report — and 通报.pdf started
// LibreOffice each time: eight viewers at once ran 16 soffice processes,
// 1.56 GB, for 18 s. Now the files of a snapshot are built on its first
// download, 通报.pdf is converted once per snapshot (one conversion in the
// process at a time, publish/pdf.h), and requests that arrive meanwhile
// wait for that conversion instead of starting their own. A failed
// conversion is answered to the requests that waited for it; the next
// request tries again. Entries go with their snapshot (a data change).
#pragma once

#include "publish/report.h"
#include "server/workspace.h"

#include <expected>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace zwgk::server {

class BulletinCache {
public:
  using Files = std::map<std::string, std::string>;  // file name → bytes

  // Every file of the snapshot's bulletin but the PDF.
  std::expected<std::shared_ptr<const Files>, publish::ReportFailure> files(const SnapshotPtr& snap);
  // 通报.pdf of the snapshot's bulletin.
  std::expected<std::shared_ptr<const std::string>, publish::ReportFailure> pdf(const SnapshotPtr& snap);
  // A file derived from the snapshot's files (e.g. a redacted 考核结果.json), made once per key.
  std::expected<std::shared_ptr<const std::string>, publish::ReportFailure> derived(
      const SnapshotPtr& snap, const std::string& key, const std::function<std::string(const Files&)>& make);

private:
  struct Entry;
  std::shared_ptr<Entry> entry(const SnapshotPtr& snap);

  std::mutex m_mutex;  // guards m_entries
  std::map<const Snapshot*, std::shared_ptr<Entry>> m_entries;
};

} // namespace zwgk::server
