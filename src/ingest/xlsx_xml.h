// The parts of an .xlsx package, streamed through expat (internal to ingest/).
//
// A part is inflated a block at a time and parsed as it arrives, so memory
// does not grow with the part's size. Every part is untrusted: it may not
// declare a DOCTYPE (no entities, no external anything: OOXML never has
// one), may not nest deeper than k_max_xml_depth, may not inflate beyond
// its limit or beyond k_max_zip_ratio times its compressed size. Element
// and attribute names are given without their namespace prefix ("x:c" is
// "c"), as producers spell the SpreadsheetML prefix in different ways.
#pragma once

#include <zip.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace zwgk::ingest::xlsx {

// Entries of a package (a workbook has a few dozen) and its central
// directory's size (46 bytes an entry plus its name): checked from the
// archive's end before libzip reads the directory, which it holds whole.
inline constexpr std::uint64_t k_max_entries = 10'000;
inline constexpr std::uint64_t k_max_directory_bytes = std::uint64_t{4} << 20;
// Inflated ÷ compressed size beyond which a part is taken for a zip bomb
// (XML of a real sheet compresses 5-20 times).
inline constexpr std::uint64_t k_max_zip_ratio = 200;
// Bytes between two '>': expat holds a start tag with its attributes whole
// until it ends, so one tag of 500 MB would be 500 MB. No tag of a workbook
// is near this, and a text this long is beyond any cell (k_max_cell_bytes).
inline constexpr std::size_t k_max_markup_bytes = std::size_t{4} << 20;
// Element nesting: a sheet's deepest text (worksheet/sheetData/row/c/is/r/t)
// is 7 levels; extensions add a few.
inline constexpr std::size_t k_max_xml_depth = 64;

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using Zip = std::unique_ptr<zip_t, ZipCloser>;

// Attributes of a start tag as expat gives them: name, value, ..., null.
class Attributes {
public:
  explicit Attributes(const char** attrs) : m_attrs(attrs) {}
  // The value of the first attribute whose local name is `name`; nullopt if none.
  std::optional<std::string_view> get(std::string_view name) const;

private:
  const char** m_attrs;
};

class XmlHandler {
public:
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view name, const Attributes& attrs) = 0;
  virtual void end(std::string_view name) = 0;
  // Character data of the innermost open element, in pieces.
  virtual void text(std::string_view) {}

  // Ends the parse; `reason` (Chinese) becomes the part's error.
  void stop(std::string reason) { m_stop = std::move(reason); }
  const std::optional<std::string>& stopped() const { return m_stop; }

private:
  std::optional<std::string> m_stop;
};

// Whether the package has a part of that name.
bool has_part(zip_t* zip, const std::string& name);

enum class PartFailure {
  Refused,  // missing, unreadable, or beyond a size limit: nothing was parsed
  Invalid,  // not well-formed XML (after what the handler was given)
  Stopped,  // the handler stopped the parse (XmlHandler::stop)
};
struct PartError {
  PartFailure kind;
  std::string message;  // Chinese, naming the part
};

// Streams part `name` through the handler; nothing if it was parsed whole.
std::optional<PartError> parse_part(zip_t* zip, const std::string& name, std::uint64_t max_bytes,
                                    XmlHandler& handler);

} // namespace zwgk::ingest::xlsx
