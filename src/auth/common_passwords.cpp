// The common passwords of common_passwords.h: compiled from the lists
// published after the big leaks (in China: CSDN, 12306, Tianya, 163; elsewhere:
// RockYou and the yearly top lists), plus the words of this program's own
// office (zhengwugongkai, bangongshi). auth_test checks the rules of the
// header: lower case, each once.
#include "auth/common_passwords.h"

#include <array>

namespace zwgk::auth {
namespace {

constexpr auto k_common = std::to_array<std::string_view>({
    // English words and names that top the leaked lists.
    "password", "passwd", "pass", "passport", "passion", "admin", "administrator", "root", "user", "guest",
    "test", "tester", "testing", "login", "welcome", "hello", "letmein", "iloveyou", "iloveu", "loveyou",
    "loveme", "lovely", "monkey", "dragon", "master", "shadow", "sunshine", "princess", "football", "baseball",
    "basketball", "soccer", "hockey", "superman", "batman", "spiderman", "ironman", "trustno", "qwerty",
    "qwertyuiop", "qwe", "qweasd", "qweasdzxc", "asdf", "asdfgh", "asdfghjkl", "zxcvbnm", "zxcv", "qazwsx",
    "qazwsxedc", "abc", "abcd", "abcde", "abcdef", "abcdefg", "changeme", "default", "secret", "access",
    "freedom", "whatever", "nothing", "computer", "internet", "google", "facebook", "twitter", "yahoo",
    "hotmail", "gmail", "microsoft", "windows", "linux", "apple", "samsung", "huawei", "xiaomi", "oracle",
    "mysql", "database", "server", "system", "manager", "office", "support", "service", "public", "private",
    "security", "temp", "temppass", "newpass", "mypass", "mypassword", "nopass", "starwars", "pokemon",
    "matrix", "killer", "hunter", "ranger", "buster", "tigger", "charlie", "michael", "jessica", "ashley",
    "nicole", "daniel", "jennifer", "joshua", "andrew", "thomas", "robert", "jordan", "justin", "taylor",
    "hannah", "michelle", "anthony", "maggie", "jasmine", "merlin", "ginger", "pepper", "cookie", "cheese",
    "banana", "orange", "chocolate", "butterfly", "purple", "flower", "summer", "winter", "spring", "autumn",
    "silver", "golden", "diamond", "mustang", "ferrari", "porsche", "mercedes", "chelsea", "liverpool",
    "arsenal", "barcelona", "madrid", "london", "paris", "america", "yankees", "dallas", "friends", "family",
    "forever", "sweet", "sweetheart", "darling", "baby", "babygirl", "honey", "angel", "devil", "heaven",
    "jesus", "christ", "blessed", "faith", "peace", "happy", "smile", "money", "power", "victory", "destiny",
    "lucky", "ninja", "azerty", "qwertz", "zaq", "zaqxsw", "xsw", "rockyou", "fuckyou", "hellokitty", "kitty",
    "puppy", "doggy",
    // Pinyin: love, greetings, people, places, the office's own words.
    "woaini", "aini", "wohenaini", "nihao", "nihaoma", "zaijian", "xiexie", "haha", "hehe", "xixi",
    "hahaha", "zhangwei", "wangwei", "wangfang", "liwei", "lina", "zhangmin", "lijing", "wangjing", "liuwei",
    "wangxiuying", "zhangli", "lixiuying", "wangli", "zhangjing", "lijun", "liuyang", "wangyong", "zhangyong",
    "wangyan", "lihua", "zhangyan", "liuyan", "chenjing", "wanglei", "zhanglei", "lilei", "hanmeimei",
    "xiaoming", "xiaohong", "xiaoqiang", "xiaoli", "xiaowang", "xiaozhang", "laowang", "laoli", "wang", "zhang",
    "liu", "chen", "yang", "huang", "zhao", "zhou", "sun", "zhu", "guo", "gao", "lin", "luo", "zheng", "liang",
    "xie", "song", "tang", "han", "feng", "deng", "cao", "peng", "xiao", "zhongguo", "zhonghua", "china",
    "chinese", "beijing", "shanghai", "guangzhou", "shenzhen", "tianjin", "chongqing", "wuhan", "nanjing",
    "hangzhou", "chengdu", "xian", "shandong", "henan", "hebei", "jiangsu", "zhejiang", "guangdong", "sichuan",
    "hubei", "hunan", "fujian", "anhui", "jiangxi", "shanxi", "shaanxi", "yunnan", "guizhou", "guangxi",
    "liaoning", "jilin", "heilongjiang", "neimenggu", "xinjiang", "xizang", "gansu", "qinghai", "ningxia",
    "hainan", "taiwan", "xianggang", "aomen", "dalian", "qingdao", "xiamen", "suzhou", "wuxi", "zhengfu",
    "renmin", "renminzhengfu", "quzhengfu", "zhengwu", "gongkai", "zhengwugongkai", "zwgk", "dangwei",
    "bangongshi", "bangong", "gongzuo", "kaohe", "tongbao", "xinxi", "xinxigongkai", "wangzhan", "guanliyuan",
    "guanli", "mima", "wodemima", "caonima", "tamade", "shabi", "niubi", "baobao", "baobei", "laopo",
    "laogong", "qinaide", "xingfu", "kuaile", "pingan", "jiankang", "fugui", "facai", "gongxifacai", "tiantian",
    "meimei", "didi", "gege", "jiejie", "mama", "baba", "yeye", "nainai", "xiaobao", "xiaobai", "xiaohei",
    "huanhuan", "lele", "lingling", "tingting", "yangyang", "beibei", "jingjing", "feifei", "dandan", "weiwei",
    // Chinese characters.
    "密码", "我的密码", "密码密码", "政务公开", "政府", "人民政府", "区政府", "办公室", "公开", "我爱你", "中国", "中华", "中华人民共和国", "你好",
    "管理员", "测试", "一二三四五六", "一二三四五六七八", "一生一世",
    // Digits as typed.
    "123456", "1234567", "12345678", "123456789", "1234567890", "0123456789", "11111111", "22222222",
    "66666666", "88888888", "99999999", "00000000", "5201314", "1314520", "5211314", "1314521", "201314",
    "2013140", "520520", "521521", "584520", "147258369", "147852369", "741852963", "963852741", "123654789",
    "321654987", "789456123", "123123123", "987654321", "11223344", "12344321", "112233", "121212", "123123",
    "123321", "654321", "666666", "888888", "147258", "159753", "159357", "135792468", "13579", "24680",
    "246810", "110110", "119119", "120120", "168168", "518518", "666888", "888999", "789789", "456789",
    "100200", "12301230", "31415926", "3141592653", "314159", "13141314", "1314521520", "19491001", "20080808",
    "123456123456",
    // Letters and digits as typed.
    "a123456", "a1234567", "a12345678", "a123456789", "aa123456", "aa12345678", "abc123456", "abc12345678",
    "qq123456", "qq12345678", "qq123456789", "q123456", "q1234567", "w123456", "z123456", "s123456", "l123456",
    "x123456", "123456a", "123456aa", "123456abc", "1234567a", "12345678a", "123456789a", "123456789q",
    "123qwe", "123qweasd", "qwe123", "qwe123456", "asd123", "asd123456", "zxc123", "zxc123456", "qaz123",
    "1qaz2wsx", "1qaz2wsx3edc", "1q2w3e4r", "1q2w3e4r5t", "1q2w3e", "1234qwer", "qwer1234", "abcd1234",
    "abc123", "123abc", "123aaa", "abc12345", "1234abcd", "a1b2c3d4", "a1b2c3", "1a2b3c4d", "woaini1314",
    "woaini520", "iloveyou1314", "5201314a", "a5201314", "wang123456", "li123456", "zhang123456", "admin123",
    "admin888", "admin666", "password1",
});

} // namespace

std::span<const std::string_view> common_passwords() { return k_common; }

} // namespace zwgk::auth
