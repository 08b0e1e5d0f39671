// A list page's items (list_page.h): the JSON list, the data island and the plain HTML
// list, tried in that order; HTML through libxml2's recovering HTML parser and XPath.
#include "crawl/list_page.h"

#include "crawl/page_scan.h"
#include "util/encoding.h"

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <set>

namespace zwgk::crawl {
namespace {

std::string collapsed(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// xmlFree is a variable of libxml2 (a function pointer), not a function.
struct XmlFree {
  void operator()(xmlChar* p) const { xmlFree(p); }
};
using XmlText = std::unique_ptr<xmlChar, XmlFree>;

std::string node_text(xmlNode* node) {
  XmlText text(xmlNodeGetContent(node));
  return text ? collapsed(reinterpret_cast<const char*>(text.get())) : std::string();
}

std::string attribute(xmlNode* node, const char* name) {
  XmlText value(xmlGetProp(node, reinterpret_cast<const xmlChar*>(name)));
  return value ? std::string(reinterpret_cast<const char*>(value.get())) : std::string();
}

bool is_container(xmlNode* node) {
  static const std::set<std::string_view> k_names = {"li", "tr", "dd", "dt", "p", "div", "td"};
  return node && node->type == XML_ELEMENT_NODE && k_names.contains(reinterpret_cast<const char*>(node->name));
}

std::size_t link_count(xmlNode* node) {
  std::size_t n = 0;
  for (xmlNode* c = node->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (xmlStrcasecmp(c->name, reinterpret_cast<const xmlChar*>("a")) == 0) ++n;
    n += link_count(c);
  }
  return n;
}

// The text after link `a` in document order, up to the next link (at most ~200 bytes):
// where a list whose tags are never closed (`<li><a>…</a><span>2020/09/26<li>…`) keeps
// an item's date once libxml2 has nested the items inside each other.
std::string text_after(xmlNode* a) {
  std::string out;
  xmlNode* node = a;
  auto next_in_order = [&](xmlNode* n, bool descend) -> xmlNode* {
    if (descend && n->children) return n->children;
    while (n && !n->next) n = n->parent;
    return n ? n->next : nullptr;
  };
  for (node = next_in_order(node, false); node && out.size() < 200; node = next_in_order(node, true)) {
    if (node->type == XML_ELEMENT_NODE && xmlStrcasecmp(node->name, reinterpret_cast<const xmlChar*>("a")) == 0)
      break;
    if (node->type == XML_TEXT_NODE && node->content) out += reinterpret_cast<const char*>(node->content);
  }
  return out;
}

// The date written beside link `a`: in its nearest container (li, tr, dd, …) that holds a
// date besides the link's own text, going up while the container holds no other link
// (a <td> of the title, then its <tr>); nullopt at the list itself.
std::optional<Date> date_beside(xmlNode* a, const std::string& text, int default_year) {
  for (xmlNode* box = a->parent; box && box->type == XML_ELEMENT_NODE; box = box->parent) {
    if (!is_container(box)) continue;
    // Inside the whole list: only what follows the link, and only for a title-like text
    // (a "更多" link before the list is not an item).
    if (link_count(box) > 1)
      return text.size() >= 12 ? find_list_date(text_after(a), default_year) : std::nullopt;
    std::string around = node_text(box);
    if (auto at = around.find(text); !text.empty() && at != std::string::npos) around.erase(at, text.size());
    if (auto date = find_list_date(around, default_year)) return date;
  }
  return std::nullopt;
}

bool is_next_link(const std::string& text) {
  static const std::set<std::string_view> k_words = {"下一页", "下页", "后一页", "下一頁", "next", "Next", "NEXT",
                                                     "›", "»", ">", "下一页>", "下一页 >", "下一页>>", "下一页 >>"};
  return k_words.contains(text);
}

// The items of an HTML document or fragment: each link whose nearest container holds a
// date outside the link's own text (a title may contain a date: "2020年9月工作安排");
// `next` receives the page's 下一页 link, if any.
void html_items(std::string_view html, std::string_view page_url, int default_year, std::vector<ListItem>& out,
                std::string* next = nullptr) {
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      htmlReadMemory(html.data(), static_cast<int>(html.size()), std::string(page_url).c_str(), "UTF-8",
                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET),
      xmlFreeDoc);
  if (!doc) return;
  std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> ctx(xmlXPathNewContext(doc.get()),
                                                                      xmlXPathFreeContext);
  std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> links(
      xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>("//a[@href]"), ctx.get()), xmlXPathFreeObject);
  if (!links || !links->nodesetval) return;
  std::set<std::string> seen;
  for (int i = 0; i < links->nodesetval->nodeNr; ++i) {
    xmlNode* a = links->nodesetval->nodeTab[i];
    const std::string text = node_text(a);
    auto date = date_beside(a, text, default_year);
    const std::string href = attribute(a, "href");
    if (next && next->empty() && is_next_link(text) && !href.empty() && !href.starts_with("javascript:") &&
        href != "#")
      *next = resolve_url(page_url, href);
    if (!date || href.empty() || href.starts_with("javascript:")) continue;
    // A long title is cut on the page ("关于做好…") and whole in the title attribute.
    std::string title = attribute(a, "title").size() > text.size() ? collapsed(attribute(a, "title")) : text;
    std::string url = resolve_url(page_url, href);
    if (title.empty() || !seen.insert(url).second) continue;
    out.push_back({std::move(title), std::move(url), *date});
  }
}

// A data island's records, each the HTML inside <record><![CDATA[…]]></record>.
bool island_items(const std::string& html, std::string_view page_url, int default_year, ListPage& page) {
  if (html.find("<recordset") == std::string::npos && html.find("<datastore") == std::string::npos) return false;
  std::string records;
  for (std::size_t at = html.find("<![CDATA["); at != std::string::npos; at = html.find("<![CDATA[", at)) {
    const std::size_t start = at + 9, end = html.find("]]>", start);
    if (end == std::string::npos) break;
    records += "<div>" + html.substr(start, end - start) + "</div>";
    at = end + 3;
  }
  page.form = PageForm::DataIsland;
  html_items("<html><body>" + records + "</body></html>", page_url, default_year, page.items);
  auto total = scan::number_after(html, "totalrecord", 7), per = scan::number_after(html, "perpage", 5);
  if (total && per && *per > 0) {
    page.page_count = (*total + *per - 1) / *per;
    page.per_page = *per;
  }
  if (auto proxy = scan::proxy_address(html)) page.proxy_url = resolve_url(page_url, *proxy);
  // The CMS's ids of the column, given to its paging proxy (hanweb's jpage params).
  std::string params;
  for (const char* key : {"col", "webid", "columnid", "unitid"})
    if (auto value = scan::value_after(html, key)) params += std::string("&") + key + "=" + *value;
  if (!page.proxy_url.empty() && !params.empty() && page.proxy_url.find('?') == std::string::npos)
    page.proxy_url += "?" + params.substr(1);
  return true;
}

const nlohmann::json* field(const nlohmann::json& object, std::initializer_list<const char*> keys) {
  for (const char* key : keys)
    if (auto it = object.find(key); it != object.end() && it->is_string()) return &*it;
  return nullptr;
}

// The first array (depth first) of objects with a title, a link and a date.
bool json_items(const nlohmann::json& value, std::string_view page_url, int default_year, std::vector<ListItem>& out,
                int depth = 0) {
  if (depth > 16) return false;
  if (value.is_array()) {
    std::vector<ListItem> items;
    for (const auto& o : value) {
      if (!o.is_object()) continue;
      auto title = field(o, {"title", "docTitle", "DocTitle", "name", "Title"});
      auto url = field(o, {"url", "link", "href", "docUrl", "DocUrl", "linkUrl"});
      auto when = field(o, {"date", "pubDate", "publishDate", "PubDate", "time", "createTime", "docDate", "releaseDate"});
      auto date = when ? find_list_date(when->get<std::string>(), default_year) : std::nullopt;
      if (title && url && date)
        items.push_back({collapsed(title->get<std::string>()), resolve_url(page_url, url->get<std::string>()), *date});
    }
    if (!items.empty()) {
      out = std::move(items);
      return true;
    }
  }
  if (value.is_structured())
    for (const auto& child : value)
      if (json_items(child, page_url, default_year, out, depth + 1)) return true;
  return false;
}

std::optional<int> json_int(const nlohmann::json& o, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    auto it = o.find(key);
    if (it == o.end()) continue;
    if (it->is_number_integer() && *it > 0 && *it < 1000000) return it->get<int>();
    if (it->is_string()) {
      const auto& text = it->get_ref<const std::string&>();
      if (!text.empty() && text.size() < 7 && text.find_first_not_of("0123456789") == std::string::npos)
        return std::stoi(text);
    }
  }
  return std::nullopt;
}

// A JSON list's page count, in the first object (depth first) that states it: a count of
// pages, or a total of records and a page size.
std::optional<int> json_page_count(const nlohmann::json& value, int depth = 0) {
  if (depth > 16 || !value.is_structured()) return std::nullopt;
  if (value.is_object()) {
    if (auto pages = json_int(value, {"totalPage", "totalPages", "pageCount", "pages", "pageTotal", "total_page"}))
      return pages;
    auto total = json_int(value, {"total", "totalCount", "totalRecord", "totalNum", "recordCount"});
    auto size = json_int(value, {"pageSize", "perPage", "size", "rows", "limit"});
    if (total && size) return (*total + *size - 1) / *size;
  }
  for (const auto& child : value)
    if (auto n = json_page_count(child, depth + 1)) return n;
  return std::nullopt;
}

using XPathResult = std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)>;

// A site file's bad XPath is reported in Chinese by the caller, not printed by libxml2.
void quiet(void*, xmlErrorPtr) {}

// `expression` evaluated at `node`; nullptr when libxml2 cannot evaluate it.
XPathResult evaluate(xmlXPathContext* ctx, xmlNode* node, const std::string& expression) {
  ctx->node = node;
  return XPathResult(xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(expression.c_str()), ctx),
                     xmlXPathFreeObject);
}

// The text of what `expression` selects at `node` (its first node, or a string result).
std::optional<std::string> selected_text(xmlXPathContext* ctx, xmlNode* node, const std::string& expression) {
  auto result = evaluate(ctx, node, expression);
  if (!result) return std::nullopt;
  if (result->type == XPATH_STRING) return collapsed(reinterpret_cast<const char*>(result->stringval));
  if (!result->nodesetval || result->nodesetval->nodeNr == 0) return std::string();
  return node_text(result->nodesetval->nodeTab[0]);
}

// A page read with the site file's selectors.
std::expected<void, std::string> selected_items(const std::string& html, std::string_view page_url, int default_year,
                                                const Selectors& s, std::vector<ListItem>& out) {
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      htmlReadMemory(html.data(), static_cast<int>(html.size()), std::string(page_url).c_str(), "UTF-8",
                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET),
      xmlFreeDoc);
  if (!doc) return {};
  std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> ctx(xmlXPathNewContext(doc.get()),
                                                                      xmlXPathFreeContext);
  ctx->error = quiet;
  auto items = evaluate(ctx.get(), xmlDocGetRootElement(doc.get()), s.item);
  if (!items) return std::unexpected("选择器 item“" + s.item + "”不是有效的 XPath");
  if (!items->nodesetval) return {};
  for (int i = 0; i < items->nodesetval->nodeNr; ++i) {
    xmlNode* node = items->nodesetval->nodeTab[i];
    auto title = selected_text(ctx.get(), node, s.title.empty() ? ".//a" : s.title);
    auto link = selected_text(ctx.get(), node, s.link.empty() ? "string(.//a/@href)" : s.link);
    auto when = s.date.empty() ? std::optional(node_text(node)) : selected_text(ctx.get(), node, s.date);
    if (!title || !link || !when)
      return std::unexpected("选择器 title/link/date 中有无效的 XPath（" + s.title + "；" + s.link + "；" + s.date + "）");
    auto date = find_list_date(*when, default_year);
    if (title->empty() || link->empty() || !date) continue;
    out.push_back({*title, resolve_url(page_url, *link), *date});
  }
  return {};
}

} // namespace

std::expected<ListPage, std::string> parse_list_page(std::string_view bytes, std::string_view page_url,
                                                     int default_year, const Selectors* selectors) {
  auto decoded = decode_text(bytes);
  if (!decoded) return std::unexpected(decoded.error().message);
  const std::string& text = decoded->utf8;
  ListPage page;
  page.url = std::string(page_url);
  if (selectors && !selectors->item.empty()) {
    if (auto read = selected_items(text, page_url, default_year, *selectors, page.items); !read)
      return std::unexpected(read.error());
    page.page_count = scan::static_page_count(text);
    return page;
  }
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (text[first] == '{' || text[first] == '[')) {
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (!json.is_discarded()) {
      page.form = PageForm::Json;
      json_items(json, page_url, default_year, page.items);
      page.page_count = json_page_count(json);
      return page;
    }
  }
  if (island_items(text, page_url, default_year, page)) return page;
  html_items(text, page_url, default_year, page.items, &page.next_url);
  page.page_count = scan::static_page_count(text);
  return page;
}

} // namespace zwgk::crawl
