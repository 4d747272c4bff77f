//! Every Chinese keyword table in one place.
//!
//! Tables are written in simplified characters; the folding in
//! [`crate::normalize`] maps the traditional forms of their characters onto
//! these, so one table serves both scripts. Words are matched against folded
//! text (ASCII digits and punctuation, no spaces).

use crate::model::{Comparator, Domain};

/// Verb phrases that stand between a subject and its value, longest first
/// within each family. They are stripped from the end of the subject; the
/// comparator they imply (if any) is kept.
///
/// 达到, 提高到, 下降到, 控制在, 保持在, 稳定在, 不低于, 至少, 超过, 低于 …
pub(crate) const VALUE_VERBS: &[(&str, Option<Comparator>)] = &[
    ("保持并巩固在", None),
    ("达到并保持在", None),
    ("达到并稳定在", None),
    ("稳定并保持在", None),
    ("不低于", Some(Comparator::Ge)),
    ("不少于", Some(Comparator::Ge)),
    ("不小于", Some(Comparator::Ge)),
    ("不超过", Some(Comparator::Le)),
    ("不高于", Some(Comparator::Le)),
    ("不大于", Some(Comparator::Le)),
    ("不多于", Some(Comparator::Le)),
    ("提高到", None),
    ("提高至", None),
    ("提升到", None),
    ("提升至", None),
    ("增加到", None),
    ("增加至", None),
    ("增长到", None),
    ("增长至", None),
    ("上升到", None),
    ("上升至", None),
    ("扩大到", None),
    ("扩大至", None),
    ("下降到", None),
    ("下降至", None),
    ("降低到", None),
    ("降低至", None),
    ("减少到", None),
    ("减少至", None),
    ("缩小到", None),
    ("缩小至", None),
    ("控制在", None),
    ("控制到", None),
    ("保持在", None),
    ("稳定在", None),
    ("巩固在", None),
    ("维持在", None),
    ("达到", None),
    ("实现", None),
    ("降到", None),
    ("降至", None),
    ("增至", None),
    ("提高", None),
    ("提升", None),
    ("增加", None),
    ("增长", None),
    ("下降", None),
    ("降低", None),
    ("减少", None),
    ("超过", Some(Comparator::Gt)),
    ("高于", Some(Comparator::Gt)),
    ("大于", Some(Comparator::Gt)),
    ("多于", Some(Comparator::Gt)),
    ("低于", Some(Comparator::Lt)),
    ("小于", Some(Comparator::Lt)),
    ("少于", Some(Comparator::Lt)),
    ("至少", Some(Comparator::Ge)),
    ("最少", Some(Comparator::Ge)),
    ("大约", Some(Comparator::Approx)),
    ("约为", Some(Comparator::Approx)),
    ("约", Some(Comparator::Approx)),
    ("均为", None),
    ("达", None),
    ("为", None),
    ("是", None),
    ("占", None),
    ("≥", Some(Comparator::Ge)),
    (">=", Some(Comparator::Ge)),
    ("≤", Some(Comparator::Le)),
    ("<=", Some(Comparator::Le)),
    (">", Some(Comparator::Gt)),
    ("<", Some(Comparator::Lt)),
    ("≈", Some(Comparator::Approx)),
];

/// Verbs that introduce a counted object ("建设1所…机构", "至少有1名女性成员").
/// A count of things is only a target when one of these (or a comparator)
/// stands before it in its clause. The flag says whether the verb is dropped
/// from the indicator name (existence verbs) or kept (activities).
pub(crate) const COUNT_VERBS: &[(&str, bool)] = &[
    ("建设", true),
    ("建成", true),
    ("建有", true),
    ("新建", true),
    ("设立", true),
    ("设置", true),
    ("建立", true),
    ("办好", true),
    ("配备", true),
    ("配齐", true),
    ("拥有", false),
    ("开展", false),
    ("举办", false),
    ("刊出", false),
    ("播出", false),
    ("培育", false),
    ("培训", false),
    ("打造", false),
    ("创建", false),
    ("新增", false),
    ("选派", false),
    ("有", true),
];

/// Adverbs and modal words that may stand before a value verb
/// (力争达到, 均达到, 确保至少有 …). Stripped from the end of a subject.
pub(crate) const PRE_VERB_ADVERBS: &[&str] = &[
    "力争", "确保", "争取", "努力", "逐步", "稳步", "进一步", "基本", "全部", "均", "分别", "要", "应",
    "总体", "各", "并", "且", "都", "可", "将", "能", "持续", "继续", "始终", "已经", "已",
];

/// Words a subject does not start with: clause openers, scope prefixes and
/// action verbs (提高农村卫生厕所普及率 → 农村卫生厕所普及率).
pub(crate) const SUBJECT_OPENERS: &[&str] = &[
    "其中", "同时", "此外", "另外", "力争", "确保", "争取", "努力", "促进", "推动", "推进", "实现", "使得",
    "使", "让", "保障", "保证", "全面", "进一步", "逐步", "稳步", "持续", "继续", "不断", "切实", "大力",
    "积极", "着力", "提高", "提升", "降低", "加强", "增加", "扩大", "减少", "完善", "健全", "并且", "并",
    "且", "而", "要", "以及", "和", "及", "在",
];

/// Scope prefixes that gold names may leave out (全县, 全区 …).
pub(crate) const SCOPE_PREFIXES: &[&str] = &[
    "全国", "全省", "全市", "全州", "全盟", "全区", "全县", "全旗", "全镇", "全乡",
];

/// Words after a value that give its comparator.
pub(crate) const AFTER_WORDS: &[(&str, Comparator)] = &[
    ("及以上", Comparator::Ge),
    ("以上", Comparator::Ge),
    ("及以下", Comparator::Le),
    ("以下", Comparator::Le),
    ("以内", Comparator::Le),
    ("之内", Comparator::Le),
    ("左右", Comparator::Approx),
    ("上下", Comparator::Approx),
];

/// Measure words and units, longest first. The second field is the wire
/// spelling. `1/10万`, `%` and `‰` are scanned separately.
pub(crate) const UNITS: &[(&str, &str)] = &[
    ("个百分点", "百分点"),
    ("百分点", "百分点"),
    ("平方公里", "平方公里"),
    ("平方米", "平方米"),
    ("立方米", "立方米"),
    ("万千瓦", "万千瓦"),
    ("万人次", "万人次"),
    ("万平方米", "万平方米"),
    ("万公顷", "万公顷"),
    ("万吨", "万吨"),
    ("万亩", "万亩"),
    ("万户", "万户"),
    ("万人", "万人"),
    ("万元", "万元"),
    ("亿元", "亿元"),
    ("公里", "公里"),
    ("公顷", "公顷"),
    ("千克", "千克"),
    ("小时", "小时"),
    ("个月", "个月"),
    ("人次", "人次"),
    ("万", "万"),
    ("亿", "亿"),
    ("元", "元"),
    ("岁", "岁"),
    ("年", "年"),
    ("天", "天"),
    ("个", "个"),
    ("所", "所"),
    ("名", "名"),
    ("人", "人"),
    ("家", "家"),
    ("次", "次"),
    ("张", "张"),
    ("场", "场"),
    ("位", "位"),
    ("项", "项"),
    ("户", "户"),
    ("间", "间"),
    ("座", "座"),
    ("支", "支"),
    ("处", "处"),
    ("件", "件"),
    ("种", "种"),
    ("门", "门"),
    ("台", "台"),
    ("辆", "辆"),
    ("条", "条"),
    ("吨", "吨"),
    ("亩", "亩"),
    ("米", "米"),
    ("倍", "倍"),
];

/// Units that measure a quantity (an age, a duration, a size) rather than
/// count things; a value in them must follow a value verb.
pub(crate) const MEASURE_UNITS: &[&str] = &["岁", "年", "小时", "天", "个月", "平方米", "公里", "米"];

/// Counters a Chinese numeral may take as a target count ("办好一所…").
pub(crate) const NUMERAL_COUNTERS: &[&str] = &["所", "个", "名", "家", "场", "位", "张", "座", "处", "间", "支"];

/// Words after a counted value that make it a deadline, not a target
/// ("颁布后1个月内报送").
pub(crate) const DEADLINE_WORDS: &[&str] = &["内", "后", "前", "以内报", "之内"];

/// Populations a carried subject inherits ("孕产妇住院分娩率…、死亡率…").
pub(crate) const POPULATIONS: &[&str] = &[
    "农村适龄妇女", "城乡适龄妇女", "适龄妇女", "农村妇女", "城乡妇女", "城镇妇女", "老年妇女", "孕产妇",
    "新生儿", "婴幼儿", "婴儿", "5岁以下儿童", "学龄前儿童", "儿童", "女童", "妇女", "女性", "女职工",
    "女生", "学生", "青少年", "老年人",
];

/// Heads of indicator names, longest first (死亡率, 比例, 年限 …). Used to
/// split a coordinated subject and to tell a bare head from a full name.
pub(crate) const HEADS: &[&str] = &[
    "死亡率", "患病率", "发病率", "发生率", "感染率", "传播率", "覆盖率", "参保率", "入学率", "入园率",
    "巩固率", "普及率", "知晓率", "检测率", "筛查率", "治疗率", "管理率", "合格率", "达标率", "完成率",
    "接种率", "检查率", "分娩率", "早诊率", "使用率", "利用率", "保有率", "建成率", "开设率", "占比",
    "比例", "比率", "性别比", "年限", "寿命", "人数", "数量", "水平", "率", "数",
];

/// Chapter titles that report what was already reached; values in them are
/// baselines.
pub(crate) const REVIEW_TITLES: &[&str] = &[
    "执行情况", "实施情况", "完成情况", "回顾", "发展基础", "主要成就", "取得的成就", "成就", "现状",
    "基本情况", "发展成效", "工作成效",
];

/// Words in a sentence that mark a value as already reached.
pub(crate) const BASELINE_MARKERS: &[&str] = &[
    "已达到", "已经达到", "已达", "已提高到", "已下降到", "已降至", "截至", "截止", "已实现", "现已",
];

/// What a chapter is about, from words in its title.
pub(crate) const CHAPTER_KINDS: &[(&str, crate::model::ChapterKind)] = {
    use crate::model::ChapterKind::*;
    &[
        ("指导思想", GuidingIdeology),
        ("基本原则", Principles),
        ("总体目标", OverallGoals),
        ("发展目标", OverallGoals),
        ("总体要求", OverallRequirements),
        ("主要指标", IndicatorTable),
        ("指标体系", IndicatorTable),
        ("重点工程", KeyProjects),
        ("重点项目", KeyProjects),
        ("重点任务", Fields),
        ("发展领域", Fields),
        ("组织实施", Implementation),
        ("保障措施", Implementation),
        ("实施保障", Implementation),
        ("监测评估", Monitoring),
        ("监测与评估", Monitoring),
        ("执行情况", Review),
        ("实施情况", Review),
        ("回顾", Review),
        ("发展基础", Review),
        ("机遇", Outlook),
        ("挑战", Outlook),
        ("形势", Outlook),
        ("前言", Preface),
    ]
};

/// Domain words of women's plans, in the order the national outline lists
/// the chapters.
pub(crate) const WOMEN_DOMAINS: &[(&str, Domain)] = &[
    ("健康", Domain::Health),
    ("教育", Domain::Education),
    ("经济", Domain::Economy),
    ("决策", Domain::Decision),
    ("社会保障", Domain::SocialSecurity),
    ("家庭", Domain::Family),
    ("环境", Domain::Environment),
    ("法律", Domain::Law),
];

/// Domain words of children's plans, in the order the national outline lists
/// the chapters.
pub(crate) const CHILDREN_DOMAINS: &[(&str, Domain)] = &[
    ("健康", Domain::Health),
    ("安全", Domain::Safety),
    ("教育", Domain::Education),
    ("福利", Domain::Welfare),
    ("家庭", Domain::ChildFamily),
    ("环境", Domain::Environment),
    ("法律", Domain::LegalProtection),
];

/// Traditional characters of the vocabulary above and of common plan words,
/// with their simplified forms, sorted by the traditional char.
static TRADITIONAL: &[(char, char)] = &[
    ('並', '并'), ('係', '系'), ('個', '个'), ('們', '们'), ('傳', '传'), ('價', '价'), ('優', '优'), ('兒', '儿'),
    ('內', '内'), ('兩', '两'), ('劃', '划'), ('劑', '剂'), ('動', '动'), ('務', '务'), ('勞', '劳'), ('區', '区'),
    ('協', '协'), ('參', '参'), ('員', '员'), ('問', '问'), ('啟', '启'), ('嚴', '严'), ('圍', '围'), ('園', '园'),
    ('圖', '图'), ('團', '团'), ('場', '场'), ('壽', '寿'), ('夠', '够'), ('婦', '妇'), ('嬰', '婴'), ('孫', '孙'),
    ('學', '学'), ('實', '实'), ('審', '审'), ('寬', '宽'), ('對', '对'), ('導', '导'), ('層', '层'), ('屬', '属'),
    ('島', '岛'), ('帶', '带'), ('幫', '帮'), ('幹', '干'), ('庫', '库'), ('廁', '厕'), ('廣', '广'), ('張', '张'),
    ('強', '强'), ('從', '从'), ('恆', '恒'), ('惡', '恶'), ('愛', '爱'), ('態', '态'), ('應', '应'), ('戶', '户'),
    ('擔', '担'), ('據', '据'), ('擴', '扩'), ('數', '数'), ('斷', '断'), ('於', '于'), ('時', '时'), ('會', '会'),
    ('條', '条'), ('極', '极'), ('構', '构'), ('標', '标'), ('機', '机'), ('檢', '检'), ('權', '权'), ('歲', '岁'),
    ('歷', '历'), ('歸', '归'), ('殘', '残'), ('殺', '杀'), ('氣', '气'), ('決', '决'), ('沒', '没'), ('減', '减'),
    ('準', '准'), ('滅', '灭'), ('滿', '满'), ('潔', '洁'), ('為', '为'), ('無', '无'), ('營', '营'), ('爭', '争'),
    ('狀', '状'), ('獎', '奖'), ('現', '现'), ('環', '环'), ('產', '产'), ('畫', '画'), ('療', '疗'), ('癥', '症'),
    ('發', '发'), ('盡', '尽'), ('監', '监'), ('確', '确'), ('礎', '础'), ('禮', '礼'), ('種', '种'), ('穩', '稳'),
    ('筆', '笔'), ('節', '节'), ('範', '范'), ('築', '筑'), ('簡', '简'), ('粵', '粤'), ('紀', '纪'), ('約', '约'),
    ('納', '纳'), ('純', '纯'), ('紙', '纸'), ('級', '级'), ('細', '细'), ('組', '组'), ('結', '结'), ('絕', '绝'),
    ('統', '统'), ('經', '经'), ('綜', '综'), ('維', '维'), ('綱', '纲'), ('網', '网'), ('緊', '紧'), ('線', '线'),
    ('縣', '县'), ('總', '总'), ('績', '绩'), ('織', '织'), ('繼', '继'), ('續', '续'), ('罰', '罚'), ('義', '义'),
    ('習', '习'), ('聯', '联'), ('職', '职'), ('脫', '脱'), ('興', '兴'), ('舉', '举'), ('舊', '旧'), ('萬', '万'),
    ('葉', '叶'), ('著', '着'), ('蓋', '盖'), ('藥', '药'), ('處', '处'), ('號', '号'), ('衛', '卫'), ('補', '补'),
    ('製', '制'), ('複', '复'), ('規', '规'), ('視', '视'), ('親', '亲'), ('觀', '观'), ('計', '计'), ('訓', '训'),
    ('託', '托'), ('記', '记'), ('設', '设'), ('診', '诊'), ('評', '评'), ('詢', '询'), ('試', '试'), ('認', '认'),
    ('語', '语'), ('說', '说'), ('調', '调'), ('談', '谈'), ('請', '请'), ('論', '论'), ('諮', '咨'), ('講', '讲'),
    ('證', '证'), ('識', '识'), ('護', '护'), ('讀', '读'), ('變', '变'), ('負', '负'), ('財', '财'), ('貧', '贫'),
    ('責', '责'), ('費', '费'), ('資', '资'), ('質', '质'), ('購', '购'), ('贏', '赢'), ('趨', '趋'), ('農', '农'),
    ('進', '进'), ('運', '运'), ('過', '过'), ('達', '达'), ('違', '违'), ('適', '适'), ('選', '选'), ('遺', '遗'),
    ('還', '还'), ('鄉', '乡'), ('醫', '医'), ('鎮', '镇'), ('長', '长'), ('門', '门'), ('開', '开'), ('間', '间'),
    ('閱', '阅'), ('關', '关'), ('陸', '陆'), ('際', '际'), ('隨', '随'), ('險', '险'), ('難', '难'), ('電', '电'),
    ('預', '预'), ('領', '领'), ('頭', '头'), ('題', '题'), ('願', '愿'), ('類', '类'), ('顯', '显'), ('風', '风'),
    ('養', '养'), ('館', '馆'), ('體', '体'), ('鬥', '斗'), ('點', '点'), ('齡', '龄'),
];

/// The simplified form of `c` if it is a traditional character of the
/// vocabulary, else `c`.
pub(crate) fn simplified(c: char) -> char {
    match TRADITIONAL.binary_search_by_key(&c, |&(t, _)| t) {
        Ok(i) => TRADITIONAL[i].1,
        Err(_) => c,
    }
}

/// The longest entry of `table` that `text` ends with.
pub(crate) fn longest_suffix<'a, T: Copy>(text: &str, table: &'a [(&'a str, T)]) -> Option<(&'a str, T)> {
    table.iter().filter(|(w, _)| text.ends_with(w)).max_by_key(|(w, _)| w.len()).copied()
}

/// The longest entry of `table` that `text` starts with.
pub(crate) fn longest_prefix<'a, T: Copy>(text: &str, table: &'a [(&'a str, T)]) -> Option<(&'a str, T)> {
    table.iter().filter(|(w, _)| text.starts_with(w)).max_by_key(|(w, _)| w.len()).copied()
}

/// The longest word of `words` that `text` starts with.
pub(crate) fn longest_word_prefix<'a>(text: &str, words: &[&'a str]) -> Option<&'a str> {
    words.iter().filter(|w| text.starts_with(**w)).max_by_key(|w| w.len()).copied()
}

/// The longest word of `words` that `text` ends with.
pub(crate) fn longest_word_suffix<'a>(text: &str, words: &[&'a str]) -> Option<&'a str> {
    words.iter().filter(|w| text.ends_with(**w)).max_by_key(|w| w.len()).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_table_is_sorted_and_unique() {
        let mut seen = std::collections::BTreeMap::new();
        for &(t, s) in TRADITIONAL {
            if let Some(prev) = seen.insert(t, s) {
                assert_eq!(prev, s, "conflicting entries for {t}");
            }
        }
        // binary_search needs sorted keys; duplicates with equal values are harmless
        let keys: Vec<char> = TRADITIONAL.iter().map(|p| p.0).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "TRADITIONAL must be sorted by the traditional char");
    }

    #[test]
    fn traditional_folds() {
        let cases = [('達', '达'), ('歲', '岁'), ('萬', '万'), ('婦', '妇'), ('达', '达'), ('a', 'a')];
        for (t, s) in cases {
            assert_eq!(simplified(t), s);
        }
    }
}
