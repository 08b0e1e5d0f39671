// The unit registry of zwgk_gen_province: county, department and town
// names, the units made of them, how rows spell them, and 单位名录.csv.
#include "gen_province.h"

#include <unordered_set>

namespace zwgk::gen_province {
namespace {

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

} // namespace

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

std::string_view NamePicker::pick(std::size_t unit, Rng& rng) {
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

} // namespace zwgk::gen_province
