// Text and pictures of a .docx attachment, read from its bytes in memory.
//
// The text is every w:t run of word/document.xml, a line per paragraph;
// pictures are the image files under word/media/. Sizes are bounded: an
// entry larger than 64 MiB or compressed more than 200:1 is refused as a
// zip bomb. Errors are Chinese, for the review list.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

namespace zwgk::mail {

struct DocxContent {
  std::string text;
  std::size_t pictures = 0;
};

std::expected<DocxContent, std::string> read_docx(std::string_view bytes);

// Whether a file name (any case) ends with a picture extension:
// .jpg .jpeg .png .gif .bmp .webp .tif .tiff .emf .wmf .heic.
bool is_picture_file_name(std::string_view name);

} // namespace zwgk::mail
