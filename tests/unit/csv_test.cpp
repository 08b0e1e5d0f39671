#include "ingest/csv.h"

#include "ingest/limits.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zwgk::ingest {
namespace {

using Cells = std::vector<std::string>;

struct Row {
  std::size_t line;
  Cells cells;
  bool operator==(const Row&) const = default;
};

void PrintTo(const Row& r, std::ostream* os) {
  *os << "line " << r.line << ":";
  for (const auto& c : r.cells) *os << " [" << c << "]";
}

std::vector<Row> parse(std::string_view text, char delimiter = ',', std::size_t first_line = 1) {
  std::vector<Row> rows;
  auto r = parse_csv(text, first_line, delimiter,
                     [&](std::size_t line, std::span<const std::string_view> cells) {
                       rows.push_back({line, Cells(cells.begin(), cells.end())});
                       return true;
                     });
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return rows;
}

CsvError parse_error(std::string_view text) {
  auto r = parse_csv(text, 1, ',', [](std::size_t, std::span<const std::string_view>) {
    return true;
  });
  EXPECT_FALSE(r.has_value());
  return r ? CsvError{} : r.error();
}

TEST(Csv, PlainRows) {
  EXPECT_EQ(parse("单位,数量\n区文旅局,3\n"),
            (std::vector<Row>{{1, {"单位", "数量"}}, {2, {"区文旅局", "3"}}}));
}

TEST(Csv, QuotedFieldsWithDelimitersAndDoubledQuotes) {
  EXPECT_EQ(parse("\"区文旅局\",\"含,逗号\"\n\"说\"\"引号\"\"\",x\n"),
            (std::vector<Row>{{1, {"区文旅局", "含,逗号"}}, {2, {"说\"引号\"", "x"}}}));
  EXPECT_EQ(parse("\"\"\"\"\n"), (std::vector<Row>{{1, {"\""}}}));
}

TEST(Csv, EmbeddedNewlinesKeepPhysicalLineNumbers) {
  auto rows = parse("名称,说明\n"
                    "\"多\n行\n文本\",y\n"
                    "z,w\n"
                    "a,\"b\nc\"\n"
                    "last,row\n");
  EXPECT_EQ(rows, (std::vector<Row>{{1, {"名称", "说明"}},
                                    {2, {"多\n行\n文本", "y"}},
                                    {5, {"z", "w"}},
                                    {6, {"a", "b\nc"}},
                                    {8, {"last", "row"}}}));
}

TEST(Csv, FirstLineOffsetsEveryRow) {
  auto rows = parse("a\n\"b\nc\"\nd\n", ',', 100);
  EXPECT_EQ(rows, (std::vector<Row>{{100, {"a"}}, {101, {"b\nc"}}, {103, {"d"}}}));
}

TEST(Csv, CrLfLineEnds) {
  EXPECT_EQ(parse("a,b\r\nc,d\r\n"), (std::vector<Row>{{1, {"a", "b"}}, {2, {"c", "d"}}}));
  EXPECT_EQ(parse("\"a\",\"b\"\r\n\"c\"\r\n"),
            (std::vector<Row>{{1, {"a", "b"}}, {2, {"c"}}}));
  // Inside quotes the CRLF is content; the row after it is on line 3.
  EXPECT_EQ(parse("\"x\r\ny\",z\r\nw\r\n"),
            (std::vector<Row>{{1, {"x\r\ny", "z"}}, {3, {"w"}}}));
}

TEST(Csv, EmptyFields) {
  EXPECT_EQ(parse(",,\n"), (std::vector<Row>{{1, {"", "", ""}}}));
  EXPECT_EQ(parse("a,,b\n"), (std::vector<Row>{{1, {"a", "", "b"}}}));
  EXPECT_EQ(parse("\"\",x,\"\"\n"), (std::vector<Row>{{1, {"", "x", ""}}}));
  EXPECT_EQ(parse("a,\r\n"), (std::vector<Row>{{1, {"a", ""}}}));
  // A blank line is a row with one empty cell, on its own line number.
  EXPECT_EQ(parse("a\n\nb\n"), (std::vector<Row>{{1, {"a"}}, {2, {""}}, {3, {"b"}}}));
}

TEST(Csv, FinalRowWithoutNewline) {
  EXPECT_EQ(parse("a,b\nc,d"), (std::vector<Row>{{1, {"a", "b"}}, {2, {"c", "d"}}}));
  EXPECT_EQ(parse("a,b\nc,"), (std::vector<Row>{{1, {"a", "b"}}, {2, {"c", ""}}}));
  EXPECT_EQ(parse("a,\"b\""), (std::vector<Row>{{1, {"a", "b"}}}));
  EXPECT_TRUE(parse("").empty());
}

TEST(Csv, DetectsTabDelimiter) {
  EXPECT_EQ(detect_delimiter("名称\t数量\n区文旅局\t3\n"), '\t');
  EXPECT_EQ(detect_delimiter("名称\t数量"), '\t');
  EXPECT_EQ(detect_delimiter("名称,数量\n区文旅局\t3\n"), ',');
  EXPECT_EQ(detect_delimiter("名称\t数量,备注\n"), ',');  // commas win
  EXPECT_EQ(detect_delimiter("名称\n区文旅局\t3\n"), ',');  // only the first line counts
  EXPECT_EQ(detect_delimiter(""), ',');
}

TEST(Csv, TabDelimitedKeepsCommas) {
  EXPECT_EQ(parse("名称\t说明\n区文旅局\t有,逗号\n", '\t'),
            (std::vector<Row>{{1, {"名称", "说明"}}, {2, {"区文旅局", "有,逗号"}}}));
}

TEST(Csv, QuoteInsideUnquotedFieldIsAnError) {
  CsvError e = parse_error("a,b\ncd,e\"f\n");
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.column, 5u);
  EXPECT_NE(e.message.find("引号"), std::string::npos) << e.message;
}

TEST(Csv, QuoteErrorAfterAMultiLineFieldHasItsPhysicalLine) {
  CsvError e = parse_error("\"a\nb\",x\"y\n");
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.column, 5u);
}

TEST(Csv, UnterminatedQuoteReportsWhereItOpened) {
  CsvError e = parse_error("a,b\nc,\"open\nmore\n");
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.column, 3u);
  EXPECT_NE(e.message.find("引号未闭合"), std::string::npos) << e.message;
}

TEST(Csv, TextAfterClosingQuoteIsAnError) {
  CsvError e = parse_error("x\n\"a\"b,c\n");
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.column, 4u);
}

// Found by csv_fuzzer (issue 12's 10-minute run): a lone CR after a quoted
// field ended the row without a new line number, so the next row had the
// same line. In a file of LF line ends a lone CR is content, quoted or not.
TEST(Csv, Issue12_LoneCrAfterAQuotedFieldIsNotALineEnd) {
  CsvError e = parse_error("a,b\n\"0\"\rx,y\n");
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.column, 4u);
  EXPECT_EQ(parse("a,\"b\"\r\nc,\"d\"\r"), (std::vector<Row>{{1, {"a", "b"}}, {2, {"c", "d"}}}));
  EXPECT_EQ(parse("a,b\rc\nd\n"), (std::vector<Row>{{1, {"a", "b\rc"}}, {2, {"d"}}}));
}

TEST(Csv, CallbackCanStopEarly) {
  std::vector<Cells> rows;
  // The third row is malformed, but parsing stops before reaching it.
  auto r = parse_csv("a\nb\n\"bad\n", 1, ',',
                     [&](std::size_t, std::span<const std::string_view> cells) {
                       rows.emplace_back(cells.begin(), cells.end());
                       return rows.size() < 2;
                     });
  EXPECT_TRUE(r.has_value());
  EXPECT_EQ(rows, (std::vector<Cells>{{"a"}, {"b"}}));
}

TEST(Csv, CellsOfOneRowAreAllValidInTheCallback) {
  // Many quoted (copied) cells in one row: none may dangle.
  std::string text;
  Cells expected;
  for (int i = 0; i < 40; ++i) {
    std::string v = "值" + std::to_string(i) + std::string(static_cast<std::size_t>(i), 'x');
    text += (i ? "," : "") + ("\"" + v + "\"");
    expected.push_back(v);
  }
  EXPECT_EQ(parse(text), (std::vector<Row>{{1, expected}}));
}

// Issue 12: one line of separators made a cell each (millions of them).
// A row may have Excel's 16,384 cells, not one more, quoted or not.
TEST(CsvRegress, RowsBeyondExcelsColumnsAreAnError) {
  std::string widest = "a" + std::string(k_max_columns - 1, ',') + "\n";
  EXPECT_EQ(parse(widest).at(0).cells.size(), k_max_columns);
  EXPECT_EQ(parse("\"q\"" + widest.substr(1)).at(0).cells.size(), k_max_columns);
  // The column of a tokenizer error is the character where the cell past the limit starts.
  for (auto [row, column] : {std::pair{"a" + std::string(k_max_columns, ',') + "\n", k_max_columns + 2},
                             {"\"q\"," + std::string(1'000'000, ',') + "\n", k_max_columns + 4}}) {
    auto e = parse_error("单位,数量\n" + row + "b,1\n");
    EXPECT_EQ(e.line, 2u);
    EXPECT_EQ(e.column, column);
    EXPECT_EQ(e.message, "此行超过 16384 列（Excel 的上限），文件的其余部分未读取；请检查分隔符");
  }
}

// Issue 12: a quote not closed where it should be swallowed the rows after
// it into one cell. A cell may be as long as Excel allows, not longer.
TEST(CsvRegress, CellsBeyondExcelsLengthAreAnError) {
  std::string longest(k_max_cell_bytes, 'x');
  EXPECT_EQ(parse("a," + longest + "\r\n").at(0).cells.at(1).size(), k_max_cell_bytes);
  EXPECT_EQ(parse("\"" + longest + "\",b\n").at(0).cells.at(0).size(), k_max_cell_bytes);
  auto unquoted = parse_error("a,b\n区财政局," + longest + "x\n");
  EXPECT_EQ(unquoted.line, 2u);
  EXPECT_EQ(unquoted.column, 6u);
  EXPECT_EQ(unquoted.message, "单元格从此处开始，超过 131068 字节（Excel 每个单元格最多 32767 个字符）；文件的其余部分未读取");
  std::string rows;
  for (int i = 0; i < 10'000; ++i) rows += "区文旅局,2020-08-01,第" + std::to_string(i) + "条\n";
  auto quoted = parse_error("a,b\n区财政局,\"说明\n" + rows + "齐都镇,9月\"\n");
  EXPECT_EQ(quoted.line, 2u);
  EXPECT_EQ(quoted.column, 6u);
  EXPECT_EQ(quoted.message, "引号字段从此处开始，超过 131068 字节（Excel 每个单元格最多 32767 个字符）仍未结束："
                            "多半是少了结束的引号；文件的其余部分未读取");
  // Doubled quotes count as the one quote they stand for.
  EXPECT_EQ(parse("\"" + std::string(2 * k_max_cell_bytes, '"') + "\"\n").at(0).cells.at(0).size(), k_max_cell_bytes);
  auto doubled = parse_error("\"" + std::string(2 * k_max_cell_bytes + 2, '"') + "\"\n");
  EXPECT_EQ(doubled.column, 1u);
}

TEST(LastRowBoundary, FindsTheLastNewlineOutsideQuotes) {
  EXPECT_EQ(last_row_boundary("a,b\nc,d\ne", 0), 8u);
  EXPECT_EQ(last_row_boundary("a,b\n", 0), 4u);
  EXPECT_EQ(last_row_boundary("abc", 0), 0u);
  EXPECT_EQ(last_row_boundary("", 0), 0u);
}

TEST(LastRowBoundary, SkipsNewlinesInsideQuotedFields) {
  //                 0 1 2 3 4  5 6 7  8 9 0 1 2  3
  std::string text = "a,\"x\ny\"\nb,\"c\nd";
  EXPECT_EQ(last_row_boundary(text, 0), 8u);
  EXPECT_EQ(last_row_boundary("\"a\nb\nc", 0), 0u);  // every newline is quoted
}

TEST(LastRowBoundary, CountsQuotesBeforeTheChunk) {
  // An odd number of quotes before: the chunk starts inside a quoted field.
  EXPECT_EQ(last_row_boundary("ab\ncd", 0), 3u);
  EXPECT_EQ(last_row_boundary("ab\ncd", 1), 0u);
  // One quote before closes at index 1: both newlines are outside quotes.
  EXPECT_EQ(last_row_boundary("x\"\nrest\nmore", 1), 8u);
  // Without it, the quote at index 1 opens a field that runs to the end.
  EXPECT_EQ(last_row_boundary("x\"\nrest\nmore", 0), 0u);
  EXPECT_EQ(last_row_boundary("x\"\nrest\nmore", 2), 0u);
}

// Issue 19: the boundary is found a quote at a time, walking back; a forward walk a byte at a
// time over every mix of quotes, newlines and letters gives the same offset and prefix count.
TEST(LastRowBoundary, AgreesWithAForwardWalkOnEveryShortText) {
  const std::string alphabet = "\"\na";
  for (std::size_t length = 0; length <= 7; ++length) {
    std::size_t combos = 1;
    for (std::size_t i = 0; i < length; ++i) combos *= alphabet.size();
    for (std::size_t n = 0; n < combos; ++n) {
      std::string text;
      for (std::size_t i = 0, k = n; i < length; ++i, k /= alphabet.size()) text += alphabet[k % alphabet.size()];
      for (std::size_t before : {0u, 1u, 2u}) {
        std::size_t want = 0, want_prefix = 0, quotes = 0;
        for (std::size_t i = 0; i < text.size(); ++i) {
          if (text[i] == '"') ++quotes;
          if (text[i] == '\n' && (before + quotes) % 2 == 0) want = i + 1, want_prefix = quotes;
        }
        std::size_t prefix = 12345;
        EXPECT_EQ(last_row_boundary(text, before, &prefix), want) << '[' << text << "] " << before;
        if (want) {
          EXPECT_EQ(prefix, want_prefix) << '[' << text << "] " << before;
        }
      }
    }
  }
}

TEST(LastRowBoundary, ChunksParseToTheSameRowsAsTheWhole) {
  std::string text = "a,\"1\n2\"\nb,\"3\"\"\n4\"\nc,5\n";
  auto whole = parse(text);
  std::vector<Row> chunked;
  std::size_t quotes = 0, start = 0, line = 1;
  for (std::size_t cut : std::vector<std::size_t>{4, 11, 17, text.size()}) {
    std::string_view chunk(text.data() + start, cut - start);
    std::size_t boundary = last_row_boundary(chunk, quotes);
    if (cut == text.size()) boundary = chunk.size();
    if (boundary == 0) continue;
    std::string_view rows(text.data() + start, boundary);
    auto part = parse(rows, ',', line);
    chunked.insert(chunked.end(), part.begin(), part.end());
    for (char c : rows) line += c == '\n';
    start += boundary;
    quotes = 0;  // a boundary is outside quotes
  }
  EXPECT_EQ(chunked, whole);
  EXPECT_EQ(whole.size(), 3u);
}

} // namespace
} // namespace zwgk::ingest
