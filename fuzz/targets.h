// The fuzz targets, one per parser (fuzz/NAME_fuzzer.cpp; docs/fuzzing.md
// says what each reads and checks). Each takes one input of any bytes; see
// fuzz/harness.h. The fuzzers call them from libFuzzer, the unit tests
// (tests/unit/*_fuzz_regress_test.cpp) on every file of fuzz/corpus/NAME/.
#pragma once

#include <string_view>

namespace zwgk::fuzz {

void message(std::string_view input);    // one e-mail (mail::parse_message)
void mbox(std::string_view input);       // an mbox file (mail::split_mbox, mailbox::read_source)
void csv(std::string_view input);        // a quarter's CSV file (tokenizer, header detection, importers)
void xlsx(std::string_view input);       // an .xlsx workbook (ingest::read_xlsx_sheet, importers)
void registry(std::string_view input);   // 单位名录.csv (ingest::import_registry)
void scheme(std::string_view input);     // 考核方案.toml (parse_scheme, then the example assessed with it)
void calendar(std::string_view input);   // 日历/2020.toml (parse_calendar_file)
void bulletin_template(std::string_view input);  // 通报模板.txt (template_fuzzer.cpp: parse_bulletin_template, fill_bulletin)
void multipart(std::string_view input);  // an upload's multipart/form-data body (cpp-httplib, server::submission)

} // namespace zwgk::fuzz
