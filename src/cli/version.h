// What `zwgk --version` prints: the program's version, the source commit it
// was built from, and the versions of the main libraries it runs with (the
// ones loaded at run time where the library can say, so an installed
// package reports what apt installed, not what it was compiled against).
#pragma once

#include <string>

namespace zwgk::cli {

std::string version_text();

} // namespace zwgk::cli
