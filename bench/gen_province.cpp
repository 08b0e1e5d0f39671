// zwgk_gen_province: writes the data directory of a province-sized year for
// the benchmark (bench/run.sh, docs/benchmarks.md).
//
//   zwgk_gen_province --out DIR [--scale F] [--seed N]
//
// At scale 1 the directory holds 10,000 units (about 135 counties of 56
// departments and 20 towns/streets each), a scheme copied from the Linzi
// example with quota rules for every month of 2020, and four quarter folders
// 2020Q1..2020Q4 with, over the year, 12 million website items (one row per
// item, unique URLs, unsorted, units drawn from a heavily skewed
// distribution), 100,000 submissions (some failing the quality gates), 4,000
// adoptions and 1,200 inspection findings. Every count scales with --scale
// (0.01 gives a quick 100-unit run); the output is a function of scale and
// seed only. CSV files are UTF-8 with a BOM, as Excel writes them.
//
// The data is valid input: no unknown names, no duplicates, every date inside
// its quarter, so `zwgk report` accepts every quarter.
#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace {

// ---------------------------------------------------------------- randomness
// xoshiro256** seeded by splitmix64: fixed algorithms, so the data set does
// not depend on the standard library's distributions.
class Rng {
public:
  explicit Rng(std::uint64_t seed) {
    for (auto& s : m_s) {
      seed += 0x9E3779B97F4A7C15ull;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      s = z ^ (z >> 31);
    }
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
    const std::uint64_t t = m_s[1] << 17;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = rotl(m_s[3], 45);
    return result;
  }
  // Uniform in [0, n).
  std::uint64_t below(std::uint64_t n) {
    __extension__ using u128 = unsigned __int128;  // Lemire's multiply-shift
    return static_cast<std::uint64_t>((static_cast<u128>(next()) * n) >> 64);
  }
  // Uniform in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return uniform() < p; }
  double normal() {
    double u1 = uniform(), u2 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> m_s{};
};

// Picks an index with probability proportional to its weight.
class WeightedPicker {
public:
  explicit WeightedPicker(const std::vector<double>& weights) : m_cumulative(weights.size()) {
    double sum = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) m_cumulative[i] = sum += weights[i];
  }
  std::size_t pick(Rng& rng) const {
    double x = rng.uniform() * m_cumulative.back();
    auto it = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), x);
    return std::min(static_cast<std::size_t>(it - m_cumulative.begin()), m_cumulative.size() - 1);
  }

private:
  std::vector<double> m_cumulative;
};

// ---------------------------------------------------------------- output
class Writer {
public:
  // CSV files get a UTF-8 BOM, as Excel writes them; the TOML scheme none.
  explicit Writer(const std::filesystem::path& path, bool bom = true) : m_path(path) {
    m_file = std::fopen(path.c_str(), "wb");
    if (!m_file) fail("cannot create");
    m_buffer.reserve(k_flush_at + 4096);
    if (bom) put("\xEF\xBB\xBF");
  }
  ~Writer() { close(); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  Writer& put(std::string_view s) {
    m_buffer.append(s);
    if (m_buffer.size() >= k_flush_at) flush();
    return *this;
  }
  Writer& put(char c) {
    m_buffer.push_back(c);
    return *this;
  }
  Writer& num(std::int64_t v) {
    char tmp[24];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    m_buffer.append(tmp, static_cast<std::size_t>(r.ptr - tmp));
    return *this;
  }
  Writer& num2(int v) {  // two digits, zero-padded
    char tmp[2] = {static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)};
    m_buffer.append(tmp, 2);
    return *this;
  }
  // A CSV field: quoted (with doubled quotes) when it needs to be.
  Writer& field(std::string_view s) {
    if (s.find_first_of(",\"\n\r") == std::string_view::npos) return put(s);
    m_buffer.push_back('"');
    for (char c : s) {
      if (c == '"') m_buffer.push_back('"');
      m_buffer.push_back(c);
    }
    m_buffer.push_back('"');
    return *this;
  }
  void close() {
    if (!m_file) return;
    flush();
    if (std::fclose(m_file) != 0) fail("cannot write");
    m_file = nullptr;
  }
  std::uint64_t bytes() const { return m_written + m_buffer.size(); }

private:
  static constexpr std::size_t k_flush_at = 8u << 20;
  void flush() {
    if (!m_buffer.empty() && std::fwrite(m_buffer.data(), 1, m_buffer.size(), m_file) != m_buffer.size())
      fail("cannot write");
    m_written += m_buffer.size();
    m_buffer.clear();
  }
  [[noreturn]] void fail(const char* what) const {
    std::fprintf(stderr, "zwgk_gen_province: %s %s: %s\n", what, m_path.c_str(), std::strerror(errno));
    std::exit(1);
  }
  std::filesystem::path m_path;
  std::FILE* m_file = nullptr;
  std::string m_buffer;
  std::uint64_t m_written = 0;
};

// ---------------------------------------------------------------- vocabulary
// County-level divisions of a province (Shandong's, minus one duplicate 市中区).
constexpr std::array k_counties = {
    "历下区", "市中区", "槐荫区", "天桥区", "历城区", "长清区", "章丘区", "济阳区", "莱芜区",
    "钢城区", "平阴县", "商河县", "市南区", "市北区", "黄岛区", "崂山区", "李沧区", "城阳区",
    "即墨区", "胶州市", "平度市", "莱西市", "淄川区", "张店区", "博山区", "临淄区", "周村区",
    "桓台县", "高青县", "沂源县", "薛城区", "峄城区", "台儿庄区", "山亭区", "滕州市", "东营区",
    "河口区", "垦利区", "利津县", "广饶县", "芝罘区", "福山区", "牟平区", "莱山区", "蓬莱区",
    "龙口市", "莱阳市", "莱州市", "招远市", "栖霞市", "海阳市", "潍城区", "寒亭区", "坊子区",
    "奎文区", "临朐县", "昌乐县", "青州市", "诸城市", "寿光市", "安丘市", "高密市", "昌邑市",
    "任城区", "兖州区", "微山县", "鱼台县", "金乡县", "嘉祥县", "汶上县", "泗水县", "梁山县",
    "曲阜市", "邹城市", "泰山区", "岱岳区", "宁阳县", "东平县", "新泰市", "肥城市", "环翠区",
    "文登区", "荣成市", "乳山市", "东港区", "岚山区", "五莲县", "莒县", "兰山区", "罗庄区",
    "河东区", "沂南县", "郯城县", "沂水县", "兰陵县", "费县", "平邑县", "莒南县", "蒙阴县",
    "临沭县", "德城区", "陵城区", "宁津县", "庆云县", "临邑县", "齐河县", "平原县", "夏津县",
    "武城县", "乐陵市", "禹城市", "东昌府区", "茌平区", "阳谷县", "莘县", "东阿县", "冠县",
    "高唐县", "临清市", "滨城区", "沾化区", "惠民县", "阳信县", "无棣县", "博兴县", "邹平市",
    "牡丹区", "定陶区", "曹县", "单县", "成武县", "巨野县", "郓城县", "鄄城县", "东明县"};

struct Department {
  const char* name;        // after the county name
  const char* short_name;  // "" if none
};

// The first one, the county government's office, is exempt from submissions.
constexpr std::array<Department, 56> k_departments = {{
    {"人民政府办公室", "政府办"},      {"发展和改革局", "发改局"},
    {"教育和体育局", "教体局"},        {"科学技术局", "科技局"},
    {"工业和信息化局", "工信局"},      {"公安局", ""},
    {"民政局", ""},                    {"司法局", ""},
    {"财政局", ""},                    {"人力资源和社会保障局", "人社局"},
    {"自然资源局", ""},                {"生态环境分局", ""},
    {"住房和城乡建设局", "住建局"},    {"交通运输局", ""},
    {"水利局", ""},                    {"农业农村局", ""},
    {"商务局", ""},                    {"文化和旅游局", "文旅局"},
    {"卫生健康局", "卫健局"},          {"退役军人事务局", "退役军人局"},
    {"应急管理局", "应急局"},          {"审计局", ""},
    {"市场监督管理局", "市场监管局"},  {"统计局", ""},
    {"医疗保障局", "医保局"},          {"行政审批服务局", "审批局"},
    {"综合行政执法局", "综合执法局"},  {"信访局", ""},
    {"地方金融监督管理局", "金融监管局"}, {"大数据中心", ""},
    {"机关事务服务中心", "机关事务中心"}, {"投资促进中心", ""},
    {"林业服务中心", ""},              {"公路事业服务中心", "公路中心"},
    {"融媒体中心", ""},                {"档案馆", ""},
    {"人民防空办公室", "人防办"},      {"残疾人联合会", "残联"},
    {"供销合作社联合社", "供销社"},    {"住房公积金管理中心", "公积金中心"},
    {"气象局", ""},                    {"税务局", ""},
    {"国有资产事务服务中心", "国资中心"}, {"乡村振兴局", ""},
    {"粮食和物资储备中心", "粮储中心"}, {"畜牧兽医事业发展中心", "畜牧中心"},
    {"园林环卫服务中心", "园林环卫中心"}, {"营商环境服务中心", "营商中心"},
    {"数据资源管理局", "数据局"},      {"经济开发区管理委员会", "经济开发区"},
    {"总工会", ""},                    {"妇女联合会", "妇联"},
    {"共青团委员会", "团委"},          {"科学技术协会", "科协"},
    {"红十字会", ""},                  {"工商业联合会", "工商联"},
}};
constexpr int k_towns_per_county = 20;

constexpr std::array k_town_first = {"金", "朱", "凤", "皇", "敬", "齐", "稷", "辛", "闻", "雪",
                                     "边", "太", "大", "马", "高", "新", "永", "安", "石", "龙",
                                     "白", "黄", "青", "双", "仁", "义", "和", "兴", "柳", "杨",
                                     "桃", "梨", "花", "泉", "官", "王", "张", "刘", "陈", "孙"};
constexpr std::array k_town_second = {"台", "山", "城", "仲", "都", "店", "集", "庄", "河", "口",
                                      "桥", "家", "岭", "楼", "园", "屯", "寨", "湾", "坡", "埠",
                                      "沟", "洼", "里", "营", "寺", "阁", "亭", "铺", "峪", "岗"};

constexpr std::array k_topics = {
    "政务公开标准化规范化建设", "安全生产专项整治",   "疫情防控常态化",   "优化营商环境",
    "乡村振兴",                 "城乡环境综合整治",   "扫黑除恶专项斗争", "森林防火",
    "防汛抗旱",                 "减税降费",           "稳就业保民生",     "文明城市创建",
    "农村人居环境整治",         "污染防治攻坚战",     "双招双引",         "社会救助",
    "医保基金监管",             "食品安全",           "消防安全",         "义务教育",
    "老旧小区改造",             "冬季清洁取暖",       "重大项目建设",     "政府信息公开",
    "12345政务服务热线",        "行政许可事项",       "社会信用体系建设", "普法宣传",
    "第七次全国人口普查",       "退役军人优抚"};
constexpr std::array k_title_prefixes = {"关于", "关于做好", "关于印发", "关于开展", "关于公布"};
constexpr std::array k_title_suffixes = {"工作的通知", "的实施方案", "情况的公示", "的公告",
                                         "工作动态",   "的通报",     "工作进展",   "的答复"};
constexpr std::array k_actions = {"扎实推进", "全面开展", "持续深化", "召开会议部署",
                                  "积极推进", "创新开展", "认真做好", "高标准推进"};
constexpr std::array k_columns = {"政策文件", "规划信息", "财政资金", "重大建设项目",
                                  "公共资源配置", "社会公益事业", "行政执法", "人事信息"};

// ---------------------------------------------------------------- model
struct UnitInfo {
  std::string name, short_name, alias;
  std::size_t county = 0;
  bool town = false;
  bool demo = false;
  bool exempt = false;
  std::string display;  // what a submission title calls the unit
};

struct Options {
  std::filesystem::path out;
  double scale = 1.0;
  std::uint64_t seed = 20200101;
};

std::int64_t scaled(double full, double scale, std::int64_t minimum) {
  return std::max<std::int64_t>(minimum, std::llround(full * scale));
}

std::vector<UnitInfo> make_units(std::size_t count, Rng& rng) {
  std::vector<UnitInfo> units;
  std::unordered_set<std::string> taken;
  auto claim = [&](const std::string& n) { return !n.empty() && taken.insert(n).second; };
  for (std::size_t c = 0; units.size() < count; ++c) {
    std::string county = k_counties[c % k_counties.size()];
    if (c >= k_counties.size()) county = "第" + std::to_string(c / k_counties.size() + 1) + county;
    // The county's stem ("临淄" for 临淄区) makes a colloquial alias; one-character
    // stems (莒县) do not.
    std::string stem = county.substr(0, county.size() - 3);
    bool has_stem = stem.size() >= 6;
    for (std::size_t d = 0; d < k_departments.size() && units.size() < count; ++d) {
      UnitInfo u;
      u.name = county + k_departments[d].name;
      if (*k_departments[d].short_name) u.short_name = county + k_departments[d].short_name;
      if (has_stem)
        u.alias = stem + (*k_departments[d].short_name ? k_departments[d].short_name : k_departments[d].name);
      u.county = c;
      u.exempt = d == 0;
      claim(u.name);
      if (!claim(u.short_name)) u.short_name.clear();
      if (!claim(u.alias)) u.alias.clear();
      u.display = u.short_name.empty() ? u.name : u.short_name;
      units.push_back(std::move(u));
    }
    std::unordered_set<std::size_t> used;
    for (int t = 0; t < k_towns_per_county && units.size() < count;) {
      std::size_t a = rng.below(k_town_first.size()), b = rng.below(k_town_second.size());
      if (!used.insert(a * 100 + b).second) continue;
      std::string town = std::string(k_town_first[a]) + k_town_second[b] + (rng.chance(0.25) ? "街道" : "镇");
      UnitInfo u;
      u.name = county + town;
      if (!claim(u.name)) continue;
      if (has_stem) u.alias = stem + town;
      if (!claim(u.alias)) u.alias.clear();
      u.county = c;
      u.town = true;
      u.display = u.name;
      units.push_back(std::move(u));
      ++t;
    }
  }
  // Demonstration units (示范点): 2%, never the exempt government offices.
  std::size_t demo = std::max<std::size_t>(1, (count + 25) / 50);
  for (std::size_t tries = 0; demo > 0 && tries < count * 100; ++tries) {
    UnitInfo& u = units[rng.below(units.size())];
    if (u.demo || u.exempt) continue;
    u.demo = true;
    --demo;
  }
  return units;
}

// How a row spells the unit: mostly the official name, often the short name
// or an alias, rarely with a stray trailing space.
class NamePicker {
public:
  explicit NamePicker(const std::vector<UnitInfo>& units) : m_units(units) {}
  std::string_view pick(std::size_t unit, Rng& rng) {
    const UnitInfo& u = m_units[unit];
    auto r = rng.below(1000);
    if (r < 1) {
      m_spaced = u.name + " ";
      return m_spaced;
    }
    if (r < 700) return u.name;
    if (r < 900) return u.short_name.empty() ? u.name : u.short_name;
    return u.alias.empty() ? u.name : u.alias;
  }

private:
  const std::vector<UnitInfo>& m_units;
  std::string m_spaced;
};

struct Day {
  int month, day;
};

std::vector<Day> quarter_days(int quarter) {
  static constexpr int k_days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};  // 2020
  std::vector<Day> out;
  for (int m = quarter * 3 - 2; m <= quarter * 3; ++m)
    for (int d = 1; d <= k_days[m - 1]; ++d) out.push_back({m, d});
  return out;
}

void write_date(Writer& w, Day d) {
  w.put("2020-").num2(d.month).put('-').num2(d.day);
}

void write_registry(const std::filesystem::path& path, const std::vector<UnitInfo>& units) {
  Writer w(path);
  w.put("序号,单位名称,简称,别名,类别,示范点,免考核\n");
  for (std::size_t i = 0; i < units.size(); ++i) {
    const auto& u = units[i];
    w.num(static_cast<std::int64_t>(i + 1)).put(',').field(u.name).put(',').field(u.short_name);
    w.put(',').field(u.alias).put(',').put(u.town ? "镇街" : "部门").put(',');
    w.put(u.demo ? "是" : "").put(',').put(u.exempt ? "投稿" : "").put('\n');
  }
}

// The scheme is data (bench/province-scheme.toml), copied into place.
void write_scheme(const std::filesystem::path& path) {
  std::filesystem::copy_file(ZWGK_BENCH_SCHEME, path, std::filesystem::copy_options::overwrite_existing);
}

struct Submission {
  std::uint32_t unit;
  std::uint16_t action, topic;
  std::uint32_t day;     // index into the quarter's days
  bool valid;
};

struct Totals {
  std::int64_t items = 0, submissions = 0, adoptions = 0, findings = 0;
  std::uint64_t bytes = 0;
};

std::string submission_title(const UnitInfo& u, const Submission& s) {
  return u.display + "：" + k_actions[s.action] + k_topics[s.topic] + "工作";
}

void write_quarter(const std::filesystem::path& dir, int quarter, const std::vector<UnitInfo>& units,
                   const std::vector<double>& publish_weight, const std::vector<double>& submit_weight,
                   const Options& o, Rng& rng, std::int64_t& url_seq, Totals& totals) {
  std::filesystem::create_directories(dir);
  const auto days = quarter_days(quarter);
  NamePicker names(units);

  // Website items: the unit's weight varies a little from quarter to quarter.
  {
    std::vector<double> w(publish_weight);
    for (auto& x : w) x *= std::exp(0.35 * rng.normal());
    WeightedPicker picker(w);
    const std::int64_t full = scaled(12'000'000, o.scale, 400);
    const std::int64_t n = full * quarter / 4 - full * (quarter - 1) / 4;
    Writer out(dir / "网站发布.csv");
    out.put("单位,标题,发布日期,链接\n");
    std::string title;
    for (std::int64_t i = 0; i < n; ++i) {
      std::size_t unit = picker.pick(rng);
      Day d = days[rng.below(days.size())];
      title.assign(k_title_prefixes[rng.below(k_title_prefixes.size())]);
      if (rng.chance(0.01)) title += "深化\"放管服\"改革";  // needs CSV quoting
      title += k_topics[rng.below(k_topics.size())];
      title += k_title_suffixes[rng.below(k_title_suffixes.size())];
      out.field(names.pick(unit, rng)).put(',').field(title).put(',');
      write_date(out, d);
      out.put(",http://www.sd").num(static_cast<std::int64_t>(units[unit].county + 100));
      out.put(".gov.cn/art/2020/").num(d.month).put('/').num(d.day).put("/art_");
      out.num(static_cast<std::int64_t>(unit + 1000)).put('_').num(url_seq++).put(".html\n");
    }
    totals.items += n;
    out.close();
    totals.bytes += out.bytes();
  }

  // Submissions, unique per (unit, title, time received).
  std::vector<Submission> subs;
  {
    WeightedPicker picker(submit_weight);
    const std::int64_t full = scaled(100'000, o.scale, 40);
    const std::int64_t n = full * quarter / 4 - full * (quarter - 1) / 4;
    std::unordered_set<std::uint64_t> seen;
    Writer out(dir / "投稿.csv");
    out.put("单位,标题,收到时间,字数,图片数,是否切题\n");
    while (static_cast<std::int64_t>(subs.size()) < n) {
      Submission s{};
      s.unit = static_cast<std::uint32_t>(picker.pick(rng));
      s.action = static_cast<std::uint16_t>(rng.below(k_actions.size()));
      s.topic = static_cast<std::uint16_t>(rng.below(k_topics.size()));
      s.day = static_cast<std::uint32_t>(rng.below(days.size()));
      int minute = static_cast<int>(rng.between(8 * 60, 22 * 60 - 1));
      std::uint64_t key = ((((std::uint64_t{s.unit} * 16 + s.action) * 64 + s.topic) * 128 + s.day) << 11) |
                          static_cast<std::uint64_t>(minute);
      if (!seen.insert(key).second) continue;
      std::int64_t chars = rng.chance(0.08) ? rng.between(60, 399) : rng.between(400, 4000);
      std::int64_t pictures = rng.chance(0.06) ? 0 : rng.between(1, 9);
      auto topic_roll = rng.below(100);
      const char* on_topic = topic_roll < 4 ? "否" : (topic_roll < 5 ? "" : "是");
      s.valid = chars >= 400 && pictures >= 1 && topic_roll >= 4;
      out.field(names.pick(s.unit, rng)).put(',').field(submission_title(units[s.unit], s)).put(',');
      write_date(out, days[s.day]);
      out.put(' ').num2(minute / 60).put(':').num2(minute % 60).put(',').num(chars).put(',');
      out.num(pictures).put(',').put(on_topic).put('\n');
      subs.push_back(s);
    }
    totals.submissions += n;
    out.close();
    totals.bytes += out.bytes();
  }

  // Adoptions: valid submissions taken up by the city or the province.
  {
    const std::int64_t n = std::min<std::int64_t>(scaled(1'000, o.scale, 8), static_cast<std::int64_t>(subs.size()) / 4);
    std::unordered_set<std::uint64_t> seen;
    Writer out(dir / "采用.csv");
    out.put("单位,标题,级别,采用日期\n");
    for (std::int64_t written = 0, tries = 0; written < n && tries < n * 100; ++tries) {
      const Submission& s = subs[rng.below(subs.size())];
      if (!s.valid) continue;
      bool province = rng.chance(0.2);
      std::uint64_t key = ((((std::uint64_t{s.unit} * 16 + s.action) * 64 + s.topic) << 1) | province);
      if (!seen.insert(key).second) continue;  // same unit, level and title
      std::size_t day = std::min<std::size_t>(s.day + rng.below(15), days.size() - 1);
      out.field(names.pick(s.unit, rng)).put(',').field(submission_title(units[s.unit], s)).put(',');
      out.put(province ? "省级" : "市级").put(',');
      write_date(out, days[day]);
      out.put('\n');
      ++written;
      ++totals.adoptions;
    }
    out.close();
    totals.bytes += out.bytes();
  }

  // Inspection findings, unique per (unit, type, note).
  {
    const std::int64_t n = scaled(300, o.scale, 4);
    std::unordered_set<std::uint64_t> seen;
    Writer out(dir / "检查.csv");
    out.put("单位,问题类型,说明\n");
    for (std::int64_t written = 0; written < n;) {
      std::size_t unit = rng.below(units.size());
      auto roll = rng.below(100);
      std::size_t type = roll < 40 ? 0 : roll < 65 ? 1 : roll < 85 ? 2 : 3;
      std::size_t column = type == 1 ? rng.below(k_columns.size()) + 1 : 0;
      if (!seen.insert((unit * 8 + type) * 16 + column).second) continue;
      static constexpr std::array k_codes = {"目录未上传", "目录位置错误", "表格混乱", "公开主体缺失"};
      out.field(names.pick(unit, rng)).put(',').put(k_codes[type]).put(',');
      if (column) out.put("应在“").put(k_columns[column - 1]).put("”栏目");
      out.put('\n');
      ++written;
      ++totals.findings;
    }
    out.close();
    totals.bytes += out.bytes();
  }
}

[[noreturn]] void usage(const char* message) {
  if (message) std::fprintf(stderr, "zwgk_gen_province: %s\n", message);
  std::fprintf(stderr, "usage: zwgk_gen_province --out DIR [--scale F (default 1)] [--seed N]\n");
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> std::string_view {
      if (i + 1 >= argc) usage("missing value");
      return argv[++i];
    };
    if (arg == "--out") o.out = std::string(value());
    else if (arg == "--scale") {
      auto v = value();
      char* end = nullptr;
      std::string s(v);
      o.scale = std::strtod(s.c_str(), &end);
      if (*end || !(o.scale > 0) || o.scale > 10) usage("--scale must be a number in (0, 10]");
    } else if (arg == "--seed") {
      auto v = value();
      auto r = std::from_chars(v.data(), v.data() + v.size(), o.seed);
      if (r.ec != std::errc{} || r.ptr != v.data() + v.size()) usage("--seed must be an integer");
    } else if (arg == "-h" || arg == "--help") usage(nullptr);
    else usage("unknown argument");
  }
  if (o.out.empty()) usage("--out is required");
  return o;
}

} // namespace

int main(int argc, char** argv) {
  const auto start = std::chrono::steady_clock::now();
  Options o = parse_options(argc, argv);
  std::filesystem::create_directories(o.out);
  Rng rng(o.seed);

  auto units = make_units(static_cast<std::size_t>(scaled(10'000, o.scale, 20)), rng);

  // Publication volume per unit: log-normal, so a few units publish thousands
  // of items a month while many stay below the monthly cap; 1% publish nothing.
  std::vector<double> publish_weight(units.size()), submit_weight(units.size());
  for (std::size_t i = 0; i < units.size(); ++i) {
    publish_weight[i] = rng.chance(0.01) ? 0.0 : std::exp(1.8 * rng.normal());
    // A quarter of the units never submit; demonstration units submit more.
    double w = rng.chance(0.25) || units[i].exempt ? 0.0 : std::exp(1.0 * rng.normal());
    submit_weight[i] = units[i].demo ? w * 3 + 1 : w;
  }

  std::filesystem::remove(o.out / ".generated");
  write_scheme(o.out / "考核方案.toml");
  write_registry(o.out / "单位名录.csv", units);
  Totals totals;
  std::int64_t url_seq = 1;
  for (int q = 1; q <= 4; ++q)
    write_quarter(o.out / ("2020Q" + std::to_string(q)), q, units, publish_weight, submit_weight, o,
                  rng, url_seq, totals);

  std::size_t demo = 0, exempt = 0, towns = 0;
  for (const auto& u : units) {
    demo += u.demo;
    exempt += u.exempt;
    towns += u.town;
  }
  char summary[512];
  std::snprintf(summary, sizeof summary,
                "scale=%g seed=%llu units=%zu towns=%zu demo=%zu exempt=%zu items=%lld submissions=%lld "
                "adoptions=%lld findings=%lld bytes=%llu",
                o.scale, static_cast<unsigned long long>(o.seed), units.size(), towns, demo, exempt,
                static_cast<long long>(totals.items), static_cast<long long>(totals.submissions),
                static_cast<long long>(totals.adoptions), static_cast<long long>(totals.findings),
                static_cast<unsigned long long>(totals.bytes));
  {
    // Written last: its presence means the directory is complete.
    std::FILE* f = std::fopen((o.out / ".generated").c_str(), "wb");
    if (!f || std::fprintf(f, "%s\n", summary) < 0 || std::fclose(f) != 0) {
      std::fprintf(stderr, "zwgk_gen_province: cannot write %s/.generated\n", o.out.c_str());
      return 1;
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("zwgk_gen_province: wrote %s in %.1f s\n  %s\n", o.out.c_str(), seconds, summary);
  return 0;
}
