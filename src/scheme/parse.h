// Reading a scheme from its TOML text.
//
// parse_scheme() validates everything at once: syntax, unknown keys (so a
// misspelt key is not silently ignored), types, value ranges and references
// between parts (a table naming an undefined section). Every problem is
// reported with the file, line and column of the offending value. Decimal
// values may be written as numbers (0.5) or strings ("0.5"); either way they
// become exact decimals. The caller reads the file; this function does no I/O.
#pragma once

#include "model/diagnostics.h"
#include "scheme/scheme.h"

#include <expected>
#include <string_view>

namespace zwgk {

std::expected<Scheme, Diagnostics> parse_scheme(std::string_view toml_text,
                                                std::string_view file_name);

} // namespace zwgk
