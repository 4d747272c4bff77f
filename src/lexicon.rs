//! Every Chinese keyword table in one place: the words that judge values,
//! the outline's markers and domain titles, table headers and metadata.
//! Code elsewhere holds punctuation, numeral grammar and wire spellings,
//! not vocabulary; where a module keeps a fast copy of a table (the gate's
//! counters), a test checks that the copy agrees.
//!
//! Tables are written in simplified characters; the folding in
//! [`crate::normalize`] maps the traditional forms of their characters onto
//! these, so one table serves both scripts. Words are matched against folded
//! text (ASCII digits and punctuation, no spaces), except in the few tables
//! searched in the raw text ([`PAST_MARKERS`], [`DEVELOPMENT_PHRASES`]),
//! which hold both scripts (a test checks).

use std::sync::LazyLock;

use crate::model::{Comparator, Domain, Level, Unit, UnitClass};

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
    ("延长到", None),
    ("延长至", None),
    ("缩短到", None),
    ("缩短至", None),
    ("控制在", None),
    ("控制到", None),
    ("保持在", None),
    ("稳定在", None),
    ("巩固在", None),
    ("维持在", None),
    ("保持", None),
    ("维持", None),
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
    ("突破", Some(Comparator::Gt)),
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
    ("新改扩建", true),
    ("改扩建", true),
    ("扩建", true),
    ("改建", true),
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
    "力争",
    "确保",
    "争取",
    "努力",
    "逐步",
    "稳步",
    "进一步",
    "基本",
    "全部",
    "均",
    "分别",
    "要",
    "应",
    "总体",
    "各",
    "并",
    "且",
    "都",
    "可",
    "将",
    "能",
    "持续",
    "继续",
    "始终",
    "已经",
    "已",
    "每年",
    "逐年",
    "年均",
    "累计",
];

/// Words a subject does not start with: clause openers, scope prefixes and
/// action verbs (提高农村卫生厕所普及率 → 农村卫生厕所普及率).
pub(crate) const SUBJECT_OPENERS: &[&str] = &[
    "其中",
    "同时",
    "此外",
    "另外",
    "力争",
    "确保",
    "争取",
    "努力",
    "促进",
    "推动",
    "推进",
    "实现",
    "使得",
    "使",
    "让",
    "保障",
    "保证",
    "全面",
    "进一步",
    "逐步",
    "稳步",
    "持续",
    "继续",
    "不断",
    "切实",
    "大力",
    "积极",
    "着力",
    "提高",
    "提升",
    "降低",
    "加强",
    "增加",
    "扩大",
    "减少",
    "完善",
    "健全",
    "并且",
    "并",
    "且",
    "而",
    "要",
    "以及",
    "和",
    "及",
    "在",
];

/// Scope prefixes that gold names may leave out (全县, 全区 …).
pub(crate) const SCOPE_PREFIXES: &[&str] =
    &["全国", "全省", "全市", "全州", "全盟", "全区", "全县", "全旗", "全镇", "全乡"];

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
    ("微克/立方米", "微克/立方米"),
    ("万吨标准煤", "万吨标准煤"),
    ("吨标准煤", "吨标准煤"),
    ("亿千瓦时", "亿千瓦时"),
    ("万千瓦时", "万千瓦时"),
    ("千瓦时", "千瓦时"),
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
    ("场次", "场次"),
    ("批次", "批次"),
    ("户次", "户次"),
    ("课时", "课时"),
    ("学时", "学时"),
    ("分钟", "分钟"),
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

/// Whether `unit` measures a quantity rather than counts things: one of
/// [`MEASURE_UNITS`] or a unit per unit (`吨标准煤/万元`).
pub(crate) fn is_measure_unit(unit: &str) -> bool {
    let base = UNIT_MULTIPLIERS.iter().find_map(|m| unit.strip_prefix(m)).unwrap_or(unit);
    MEASURE_UNITS.contains(&unit) || MEASURE_UNITS.contains(&base) || unit.contains('/')
}

/// Multipliers written before a unit (`5万个`, `5万亿元`), longest first.
pub(crate) const UNIT_MULTIPLIERS: &[&str] = &["万亿", "千亿", "百亿", "千万", "百万", "亿", "万"];

/// Rates per ten thousand or per thousand written as a fraction (`17.47/万`).
pub(crate) const PER_UNIT_RATES: &[(&str, &str)] = &[("/万", "1/万"), ("/千", "1/千")];

impl Unit {
    /// The unit's class: the one place that says which units are rates,
    /// which measure a quantity ([`MEASURE_UNITS`], a unit per unit), which
    /// count things, and which number is bare. Defined here rather than in
    /// `model.rs` because the measure words are lexicon data.
    pub(crate) fn class(&self) -> UnitClass {
        match self {
            Unit::Percent
            | Unit::Permille
            | Unit::Per100k
            | Unit::PercentagePoint
            | Unit::Ratio => UnitClass::Rate,
            Unit::None => UnitClass::Bare,
            Unit::Other(word) if PER_UNIT_RATES.iter().any(|(_, w)| w == &&**word) => {
                UnitClass::Rate
            }
            Unit::Other(word) if is_measure_unit(word) => UnitClass::Measure,
            Unit::Other(_) => UnitClass::Count,
        }
    }
}

/// Units that measure a quantity (an age, a duration, a size, an amount of
/// money) rather than count things; a value in them must follow a value
/// verb.
pub(crate) const MEASURE_UNITS: &[&str] = &[
    "岁",
    "年",
    "小时",
    "分钟",
    "课时",
    "学时",
    "天",
    "个月",
    "平方米",
    "平方公里",
    "立方米",
    "微克/立方米",
    "万吨标准煤",
    "吨标准煤",
    "亿千瓦时",
    "万千瓦时",
    "千瓦时",
    "公里",
    "米",
    "元",
    "万元",
    "亿元",
    "吨",
    "万吨",
    "亩",
    "万亩",
    "公顷",
    "万公顷",
    "千克",
    "倍",
    "万千瓦",
];

/// Counters a Chinese numeral may take as a target count ("办好一所…").
pub(crate) const NUMERAL_COUNTERS: &[&str] =
    &["所", "个", "名", "家", "场", "位", "张", "座", "处", "间", "支"];

/// Words after a counted value that make it a deadline, not a target
/// ("颁布后1个月内报送").
pub(crate) const DEADLINE_WORDS: &[&str] = &["内", "后", "前", "以内报", "之内"];

/// Populations a carried subject inherits ("孕产妇住院分娩率…、死亡率…").
pub(crate) const POPULATIONS: &[&str] = &[
    "农村适龄妇女",
    "城乡适龄妇女",
    "适龄妇女",
    "农村妇女",
    "城乡妇女",
    "城镇妇女",
    "老年妇女",
    "孕产妇",
    "新生儿",
    "婴幼儿",
    "婴儿",
    "5岁以下儿童",
    "学龄前儿童",
    "儿童",
    "女童",
    "妇女",
    "女性",
    "女职工",
    "女生",
    "学生",
    "青少年",
    "老年人",
];

/// Heads of indicator names, longest first (死亡率, 比例, 年限 …). Used to
/// split a coordinated subject and to tell a bare head from a full name.
pub(crate) const HEADS: &[&str] = &[
    "死亡率",
    "患病率",
    "发病率",
    "发生率",
    "感染率",
    "传播率",
    "覆盖率",
    "参保率",
    "入学率",
    "入园率",
    "巩固率",
    "普及率",
    "知晓率",
    "检测率",
    "筛查率",
    "治疗率",
    "管理率",
    "合格率",
    "达标率",
    "完成率",
    "接种率",
    "检查率",
    "分娩率",
    "早诊率",
    "使用率",
    "利用率",
    "保有率",
    "建成率",
    "开设率",
    "占比",
    "比例",
    "比率",
    "性别比",
    "年限",
    "寿命",
    "人数",
    "数量",
    "水平",
    "率",
    "数",
];

/// Words in a sentence that mark a value as already reached.
pub(crate) const BASELINE_MARKERS: &[&str] = &[
    "已达到",
    "已经达到",
    "已达",
    "已提高到",
    "已下降到",
    "已降至",
    "截至",
    "截止",
    "已实现",
    "现已",
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

// Judging values (`indicator/`).

/// Words that make a preface paragraph report the past (simplified and
/// traditional, as the raw text is searched). Not 期间 alone: 规划期间 is
/// the future.
pub(crate) const PAST_MARKERS: &[&str] =
    &["十三五", "十二五", "以来", "以來", "过去", "過去", "累计", "累計"];

/// Every word of [`BASELINE_MARKERS`] holds one of these chars (a test
/// checks), so a clause without them is not searched for the markers.
pub(crate) const BASELINE_MARKER_CHARS: &[char] = &['已', '截'];

/// Chars right before a number that make it no value: an ordinal (`第3`), a
/// rate's base (`每千人`), a span of time back from now (`前3年`, `近5年`).
pub(crate) const NOT_VALUE_AFTER: &[char] = &['第', '每', '前', '近'];

/// Chars right before a year that make it no target year: a base year
/// (`比2020年`, `较`, `以2020年为基数`, `自`, `从`, `由`), a year joined to
/// another (`与`), a period in brackets (`(2021—2030年)`).
pub(crate) const NOT_TARGET_YEAR_AFTER: &[char] =
    &['比', '较', '与', '以', '(', '（', '自', '从', '由'];

/// Words after a counted value that make it a condition, not a target
/// (`超过1万人的场所`, `…或者…`).
pub(crate) const CONDITION_WORDS: &[&str] = &["的", "或"];

/// Multipliers a count's unit may start with (`万人`, `亿元`): a count of
/// tens of thousands after a comparator alone is no target.
pub(crate) const LARGE_MULTIPLIERS: &[char] = &['万', '亿'];

/// The last chars of the value verbs of change towards a value (提高到,
/// 降至 …): such a verb after a value makes it the starting point.
pub(crate) const CHANGE_TO_ENDS: &[char] = &['到', '至'];

/// Markers of a change's starting point after its subject
/// (`普及率由2020年的80%提高到…`, `寿命从78.5岁…`).
pub(crate) const FROM_MARKERS: &[char] = &['由', '从'];

/// Words that link a value to the one before it in a chain
/// (`3.0‰、5.0‰和6.0‰以下`): only these between two values make them share
/// comparators and subjects.
pub(crate) const CHAIN_LINKS: &[char] = &['、', '和', '及', '与', '或'];

/// Joining words skipped, in this order, at the start of a value's own
/// clause when the value before it stands in the same clause.
pub(crate) const CLAUSE_JOINERS: &[char] = &['、', '和', '及', '与', '并', ','];

/// Words that split a coordinated subject (`孕产妇、婴儿和5岁以下儿童死亡率`).
pub(crate) const COORDINATORS: &[char] = &['、', '和', '及', '与'];

/// Words ending in 有 that are no count verb: 有 counts only as a word of
/// its own (拥有 is a count verb of its own).
pub(crate) const NOT_COUNT_VERBS: &[&str] = &["具有", "现有", "所有", "没有"];

/// Time adverbs cut off a subject right before a value without a verb
/// (`城镇新增就业人数年均1.2万人以上`); each is one of [`PRE_VERB_ADVERBS`].
pub(crate) const TIME_ADVERBS: &[&str] = &["年均", "每年", "逐年", "累计"];

/// Administrative areas: 在 before one opens a clause and is cut off a
/// subject (`在县域…`); before anything else it is part of it (`在校女大学生`).
pub(crate) const ADMIN_AREA_CHARS: &[char] = &['县', '区', '市', '省', '州', '镇', '乡', '村'];

/// The end of a year: `2020年底`, `2030年末`.
pub(crate) const YEAR_END_CHARS: &[char] = &['底', '末'];

/// Tails of a unit of account or a base (`以乡镇为单位`, `以2020年为基数`):
/// with the 以 before them they are cut off a subject.
pub(crate) const ACCOUNT_TAILS: &[&str] = &["为单位", "为基数", "为基期", "为基准", "为基础"];

/// Words that introduce a base of comparison (`比2020年`, `较上年`).
pub(crate) const COMPARISON_WORDS: &[char] = &['比', '较'];

/// Bases of comparison named without a year (`比上年`, `较基期`).
pub(crate) const BASE_PERIODS: &[&str] = &["上年", "上一年", "基期", "上年末"];

/// The plan's own period at the start of a clause (`规划周期内从业女性…`),
/// cut off a subject.
pub(crate) const PLAN_PERIOD_PHRASES: &[&str] =
    &["本规划期内", "规划周期内", "规划期内", "规划期间", "规划期末", "到规划期末"];

/// Words before a year that open a time phrase (`到2025年`, `截至2020年`);
/// the first that matches is taken.
pub(crate) const TIME_OPENERS: &[&str] = &["到", "至", "在", "截至", "预计到", "于", "自"];

/// What may follow the 年 of a time phrase, each at most once and in this
/// order (`2030年末`, `2025年前`, `2025年，`).
pub(crate) const TIME_SUFFIXES: &[&str] = &["末", "底", "前", "时", "，", ","];

/// Chars a name may end with that already say what is counted or measured
/// (…人数, …率, …数量, …比例, …面积, …金额, …性别比): such a name takes no
/// implied [`COUNT_SUFFIX`].
pub(crate) const MEASURED_NAME_ENDS: &[char] = &['数', '率', '量', '例', '积', '额', '比'];

/// The word a count per population is named with (`每千名儿童拥有床位3.17张`
/// → 每千名儿童拥有床位数).
pub(crate) const COUNT_SUFFIX: &str = "数";

/// The word a share is named with (`70%以上的妇女…` → …比例).
pub(crate) const SHARE_SUFFIX: &str = "比例";

/// Halves, read as 50%.
pub(crate) const HALF_WORDS: &[&str] = &["一半", "半数"];

/// What may follow `/10万` in a rate per 100,000 (`12/10万活产数`), longest
/// first.
pub(crate) const PER_100K_SUFFIXES: &[&str] = &["活产数", "活产", "人口", "人"];

// The outline (`structure/`).

/// Titles of a 主要目标 block marker (`主要目标：`).
pub(crate) const GOAL_MARKERS: &[&str] = &["主要目标", "目标"];

/// Titles of a 策略措施 block marker (`策略措施：`).
pub(crate) const MEASURE_MARKERS: &[&str] = &["策略措施", "主要措施", "策略与措施", "措施"];

/// Words a women's domain-chapter title starts with (`妇女与健康`).
pub(crate) const WOMEN_TITLE_WORDS: &[&str] = &["妇女", "女性"];

/// Words a children's domain-chapter title starts with (`儿童与安全`).
pub(crate) const CHILDREN_TITLE_WORDS: &[&str] = &["儿童", "未成年人"];

/// Words between the population and the domain word of a domain-chapter
/// title (`妇女与健康`, `妇女参与决策和管理`); the first that matches is
/// taken.
pub(crate) const DOMAIN_CONNECTORS: &[&str] = &["与", "和", "的", "参与", "在"];

/// What may follow a domain word to the end of a chapter title
/// (`决策和管理`, `法律保护`, `家庭建设`).
pub(crate) const DOMAIN_TAILS: &[&str] = &["和管理", "保护", "建设"];

// Tables (`table.rs`).

/// The words header cells are recognised by, read as bits in this order
/// by `table::header_column`: 0 a name column (指标) unless 1–2 (值, 目标)
/// say value or target; 3–10 a baseline column; 11–13, or 1–2, a target
/// column.
pub(crate) const TABLE_HEADER_WORDS: [&str; 14] = [
    "指标",
    "值",
    "目标",
    "基期",
    "现状",
    "基数",
    "基准",
    "现值",
    "基础",
    "实际",
    "完成",
    "规划",
    "预期值",
    "预期目标",
];

/// Whole header cells of a row-number column.
pub(crate) const TABLE_INDEX_HEADERS: &[&str] = &["序号", "编号", "序"];

/// Whole header cells of a unit column.
pub(crate) const TABLE_UNIT_HEADERS: &[&str] = &["单位", "计量单位"];

/// Whole header cells of a column that holds no value (属性, 责任单位 …).
pub(crate) const TABLE_OTHER_HEADERS: &[&str] =
    &["属性", "指标属性", "备注", "领域", "类别", "类型", "责任单位", "牵头单位"];

/// Whole header cells of a name column besides those with 指标.
pub(crate) const TABLE_NAME_HEADERS: &[&str] = &["项目", "名称", "内容"];

/// A unit cell written out as a per cent.
pub(crate) const PERCENT_SPELLINGS: &[&str] = &["%", "百分比"];

/// A unit cell written out as per 100,000.
pub(crate) const PER_100K_SPELLINGS: &[&str] = &["1/10万", "/10万", "十万分之一"];

// Metadata (`metadata.rs`).

/// Words a plan's title holds (规划, 纲要, 计划).
pub(crate) const PLAN_TITLE_WORDS: &[&str] = &["规划", "纲要", "计划"];

/// Words before the title in an issuing notice (`关于印发《X》的通知`).
pub(crate) const ISSUING_WORDS: &[&str] = &["印发《", "颁布《", "发布《"];

/// Words before the title in a preface (`特制定《X》`).
pub(crate) const DRAFTING_WORDS: &[&str] = &["制定《", "编制《", "出台《"];

/// Notes in brackets at the end of a draft's title (`（征求意见稿）`).
pub(crate) const DRAFT_NOTES: &[&str] =
    &["征求意见稿", "草案", "送审稿", "修订稿", "讨论稿", "试行"];

/// Region suffixes, longest first, with the level they give.
pub(crate) const REGION_SUFFIXES: &[(&str, Level)] = &[
    ("特别行政区", Level::Province),
    ("自治区", Level::Province),
    ("自治州", Level::City),
    ("自治县", Level::County),
    ("自治旗", Level::County),
    ("地区", Level::City),
    ("新区", Level::District),
    ("省", Level::Province),
    ("市", Level::City),
    ("州", Level::City),
    ("盟", Level::City),
    ("县", Level::County),
    ("旗", Level::County),
    ("区", Level::District),
];

/// Words that end the region part of a title, and that a region's name
/// does not hold.
pub(crate) const REGION_STOP_WORDS: &[&str] =
    &["妇女", "儿童", "发展", "规划", "纲要", "国民经济", "十", "“", "\"", "《", "（", "("];

/// Names a national title starts with.
pub(crate) const NATIONAL_NAMES: &[&str] = &["中国", "全国", "国家", "中华人民共和国"];

/// Five-year-plan names left out of a plan type (`“十四五”妇女发展规划`).
pub(crate) const FIVE_YEAR_PLAN_MARKS: &[&str] =
    &["“十四五”", "“十三五”", "“十二五”", "十四五", "十三五", "十二五", "“十五”"];

/// Five-year plans by name, with their number (十四五 → 14).
pub(crate) const FIVE_YEAR_PLANS: &[(&str, u8)] =
    &[("十五五", 15), ("十四五", 14), ("十三五", 13), ("十二五", 12), ("十一五", 11)];

/// How a document names its own region (我县/本县 …), two words per level,
/// in this order.
pub(crate) const SELF_REFERENCES: [([&str; 2], Level); 4] = [
    (["我县", "本县"], Level::County),
    (["我区", "本区"], Level::District),
    (["我市", "本市"], Level::City),
    (["我省", "本省"], Level::Province),
];

/// The phrase after a region's own name in its development plan's title
/// (`与X国民经济和社会发展规划`), simplified and traditional, as the raw text
/// is searched.
pub(crate) const DEVELOPMENT_PHRASES: [&str; 2] = ["经济和社会发展", "經濟和社會發展"];

/// Traditional characters of the plan vocabulary with their simplified
/// forms (`traditional.txt`: one pair per line, `#` comments).
const TRADITIONAL_PAIRS: &str = include_str!("traditional.txt");

static TRADITIONAL: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
    let mut pairs: Vec<(char, char)> = TRADITIONAL_PAIRS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut cs = l.chars();
            Some((cs.next()?, cs.next()?))
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup_by_key(|p| p.0);
    pairs
});

/// The CJK block the traditional table lives in, as a bitset for a fast
/// "not traditional" answer.
const CJK: std::ops::Range<u32> = 0x4E00..0xA000;

/// Bit `c - 0x4E00` is set for every traditional char of the table in the
/// CJK block; built at compile time from the same file, so the hot check
/// needs no lazy initialisation.
static TRADITIONAL_BITS: [u64; ((CJK.end - CJK.start) / 64) as usize] = traditional_bits();

const fn traditional_bits() -> [u64; ((CJK.end - CJK.start) / 64) as usize] {
    let mut bits = [0u64; ((CJK.end - CJK.start) / 64) as usize];
    let b = TRADITIONAL_PAIRS.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Each pair line starts with its traditional char; every char of
        // the table is three bytes long (a test checks).
        if b[i] != b'#' && b[i] >= 0xE0 && b[i] < 0xF0 && i + 2 < b.len() {
            let cp = (b[i] as u32 & 0x0F) << 12
                | (b[i + 1] as u32 & 0x3F) << 6
                | (b[i + 2] as u32 & 0x3F);
            if cp >= CJK.start && cp < CJK.end {
                let k = cp - CJK.start;
                bits[(k / 64) as usize] |= 1 << (k % 64);
            }
        }
        // To the next line.
        while i < b.len() && b[i] != b'\n' {
            i += 1;
        }
        i += 1;
    }
    bits
}

/// Whether the code point `cp` of the CJK block is a traditional char of
/// the table.
pub(crate) fn is_traditional_cjk(cp: u32) -> bool {
    let k = cp.wrapping_sub(CJK.start);
    k < CJK.end - CJK.start && TRADITIONAL_BITS[(k / 64) as usize] >> (k % 64) & 1 == 1
}

/// The simplified form of `c` if it is a traditional character of the
/// vocabulary, else `c`.
pub(crate) fn simplified(c: char) -> char {
    let cp = c as u32;
    if CJK.contains(&cp) && !is_traditional_cjk(cp) {
        return c;
    }
    match TRADITIONAL.binary_search_by_key(&c, |&(t, _)| t) {
        Ok(i) => TRADITIONAL[i].1,
        Err(_) => c,
    }
}

/// The longest entry of `table` that `text` ends with.
pub(crate) fn longest_suffix<'a, T: Copy>(
    text: &str,
    table: &'a [(&'a str, T)],
) -> Option<(&'a str, T)> {
    table.iter().filter(|(w, _)| ends_with(text, w)).max_by_key(|(w, _)| w.len()).copied()
}

/// `text.ends_with(w)`, comparing the last byte first: most words fail
/// there without a call to `memcmp`.
fn ends_with(text: &str, w: &str) -> bool {
    let (t, w) = (text.as_bytes(), w.as_bytes());
    w.is_empty() || (t.last() == w.last() && t.ends_with(w))
}

/// `text.starts_with(w)`, comparing the byte under the word's last byte
/// first: a continuation byte of a Chinese word tells words apart far
/// better than its lead byte.
fn starts_with(text: &str, w: &str) -> bool {
    let (t, w) = (text.as_bytes(), w.as_bytes());
    match w.len().checked_sub(1) {
        None => true,
        Some(last) => t.len() > last && t[last] == w[last] && t[..last] == w[..last],
    }
}

/// A set of up to 64 words searched for together (one automaton pass
/// instead of one `contains` per word).
pub(crate) struct WordSet {
    search: aho_corasick::AhoCorasick,
}

impl WordSet {
    pub(crate) fn new(words: &[&str]) -> Self {
        assert!(words.len() <= 64, "a word set holds at most 64 words");
        let search = aho_corasick::AhoCorasick::new(words).expect("literal words always build");
        WordSet { search }
    }

    /// Which words occur in `hay`: bit `i` is set if word `i` does.
    pub(crate) fn found(&self, hay: &str) -> u64 {
        self.search.find_overlapping_iter(hay).fold(0, |m, w| m | 1 << w.pattern().as_usize())
    }
}

/// The longest entry of `table` that `text` starts with.
pub(crate) fn longest_prefix<'a, T: Copy>(
    text: &str,
    table: &'a [(&'a str, T)],
) -> Option<(&'a str, T)> {
    table.iter().filter(|(w, _)| starts_with(text, w)).max_by_key(|(w, _)| w.len()).copied()
}

/// The longest word of `words` that `text` starts with.
pub(crate) fn longest_word_prefix<'a>(text: &str, words: &[&'a str]) -> Option<&'a str> {
    words.iter().filter(|w| starts_with(text, w)).max_by_key(|w| w.len()).copied()
}

/// The longest word of `words` that `text` ends with.
pub(crate) fn longest_word_suffix<'a>(text: &str, words: &[&'a str]) -> Option<&'a str> {
    words.iter().filter(|w| ends_with(text, w)).max_by_key(|w| w.len()).copied()
}

/// List bullets that stand before an item's text (`●`, `•`, `■` …), as the
/// line classifier skips them and subjects never start with them.
pub(crate) const BULLETS: &[char] =
    &['•', '·', '●', '○', '▪', '■', '◆', '□', '★', '☆', '◇', '▲', '►'];

/// Pinyin vowels with a tone mark, which tell a pinyin gloss `(wù)` a web
/// page glued after a char from a bracketed abbreviation.
pub(crate) const PINYIN_TONED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ";

/// Verbs of change that stand right before the size of the change
/// (`提高5个百分点`, `下降38.6%`), not before a level (`提高到`).
pub(crate) const CHANGE_VERBS: &[(&str, ())] = &[
    ("提高", ()),
    ("提升", ()),
    ("增加", ()),
    ("增长", ()),
    ("上升", ()),
    ("扩大", ()),
    ("下降", ()),
    ("降低", ()),
    ("减少", ()),
    ("缩小", ()),
    ("增", ()),
    ("降", ()),
    ("高", ()),
    ("低", ()),
    ("多", ()),
    ("少", ()),
];

/// The change verbs of growth: an aggregate's growth rate (`增长13%`) is an
/// indicator of its own.
pub(crate) const GROWTH_VERBS: &[&str] = &["增长", "增"];

/// Words that make a sentence aim at something: a year to reach
/// (`到2025年`, `至2030年`), an effort (`力争`).
pub(crate) const TARGET_MARKERS: &[&str] = &["到20", "至20", "力争", "到本世纪"];

/// Places and populations a plan sets one measure for each of (`城市达到80%，
/// 农村达到50%`): a subject that is only one of them takes the measure of the
/// value before.
pub(crate) const SCOPE_WORDS: &[&str] = &[
    "城市",
    "农村",
    "城镇",
    "乡村",
    "城区",
    "市区",
    "郊区",
    "城乡",
    "县(市)",
    "县(市、区)",
    "区县",
    "县区",
    "全省",
    "全市",
    "全县",
    "全区",
    "全国",
    "男性",
    "女性",
    "男童",
    "女童",
    "东部",
    "中部",
    "西部",
    "东北",
    "山区",
    "牧区",
    "贫困地区",
];

/// The chars a time phrase after a year is made of (`2015年至2020年间`,
/// `2025年底前`).
pub(crate) const TIME_PHRASE_CHARS: &[char] = &[
    '年', '至', '到', '—', '-', '~', '～', '间', '期', '底', '末', '前', '内', '中', '初', '以',
    '来', '月',
];

/// Heads of measured quantities: a measure may follow one of them with no
/// verb between (`女性预期寿命74.27岁`, `生产总值163亿元`).
pub(crate) const MEASURE_HEADS: &[&str] = &[
    "寿命",
    "年限",
    "总值",
    "产值",
    "增加值",
    "收入",
    "投资",
    "总额",
    "总量",
    "规模",
    "面积",
    "经费",
    "资金",
    "浓度",
    "年龄",
    "产量",
    "营业额",
    "收益",
    "支出",
];

/// Verbs of a share whose subject may stand in the clause before
/// (`…的比例较大，占54%`).
pub(crate) const SHARE_VERBS: &[&str] = &["占", "占到", "约占", "达"];

/// Adverbs before a share verb (`仅占`, `只占`).
pub(crate) const SHARE_ADVERBS: &[char] = &['仅', '只', '约', '均', '共'];

/// What a clause may say of its subject at the end, before a comma and the
/// value (`…的比例较大，占54%`), longest first.
pub(crate) const EVALUATIONS: &[&str] = &[
    "相对偏低",
    "相对偏高",
    "相对较低",
    "相对较高",
    "明显提高",
    "明显提升",
    "明显下降",
    "大幅提高",
    "显著提高",
    "稳步提高",
    "持续提高",
    "不断提高",
    "逐年提高",
    "逐步提高",
    "较大",
    "较小",
    "较高",
    "较低",
    "偏低",
    "偏高",
    "较多",
    "较少",
    "最高",
    "最低",
    "最多",
    "最少",
    "最大",
    "提高",
    "下降",
];

/// Verbs of saying, reporting and planning: a subject starts after them
/// (`规划提出…`, `报告显示…`).
/// (Not 计划, 要求, 规定: they are nouns in names too, `营养改善计划覆盖率`.)
pub(crate) const REPORTING_VERBS: &[&str] =
    &["提出", "指出", "显示", "表明", "表示", "强调", "公布", "发布"];

/// Words around a reference to a plan's target (`远高于《纲要》“…”`,
/// `实现《纲要》“…”`): with the title and quotes, they name nothing.
pub(crate) const REFERENCE_WORDS: &[&str] = &[
    "远高于",
    "远超",
    "高于",
    "低于",
    "超过",
    "实现",
    "完成",
    "达到",
    "规定的",
    "提出的",
    "确定的",
    "规定",
    "提出",
    "的",
];

/// Words for the extent of a change (`下降幅度`, `增幅`).
pub(crate) const CHANGE_EXTENTS: &[&str] = &["幅度", "降幅", "增幅", "涨幅", "升幅", "跌幅"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affix_checks_agree_with_str() {
        let texts = ["", "a", "达到", "提高妇女", "妇女就业率达到", "ab达到"];
        let words = ["", "a", "达", "达到", "到", "妇女", "提高妇女就业", "b达到"];
        for t in texts {
            for w in words {
                assert_eq!(starts_with(t, w), t.starts_with(w), "{t:?} {w:?}");
                assert_eq!(ends_with(t, w), t.ends_with(w), "{t:?} {w:?}");
            }
        }
    }

    #[test]
    fn word_set_finds_every_word() {
        let words = ["指标", "值", "目标", "基期", "2020", "a", "目标值"];
        let set = WordSet::new(&words);
        let hays = ["", "指标", "2020年基期值", "主要指标（2025年）", "a", "预期目标值", "值"];
        for h in hays {
            let want = words.iter().enumerate().filter(|(_, w)| h.contains(**w));
            let want = want.fold(0u64, |m, (i, _)| m | 1 << i);
            assert_eq!(set.found(h), want, "{h:?}");
        }
    }

    #[test]
    fn unit_classes() {
        use UnitClass::*;
        let other = |w: &str| Unit::Other(w.into());
        let cases = [
            (Unit::Percent, Rate),
            (Unit::Permille, Rate),
            (Unit::Per100k, Rate),
            (Unit::PercentagePoint, Rate),
            (Unit::Ratio, Rate),
            (Unit::None, Bare),
            (other("岁"), Measure),
            (other("个月"), Measure),
            (other("万元"), Measure),
            (other("吨标准煤/万元"), Measure),
            (other("所"), Count),
            (other("名"), Count),
            (other("万人"), Count),
            (other("人次"), Count),
        ];
        for (unit, class) in cases {
            assert_eq!(unit.class(), class, "{unit:?}");
        }
    }

    /// Sets derived from others agree with them.
    #[test]
    fn derived_sets_agree_with_their_sources() {
        // The prefilter of the baseline markers.
        for m in BASELINE_MARKERS {
            assert!(m.contains(BASELINE_MARKER_CHARS), "{m}");
        }
        for a in TIME_ADVERBS {
            assert!(PRE_VERB_ADVERBS.contains(a), "{a}");
        }
        // Counters and measure units are units the scanner reads, never both.
        let wires: Vec<&str> = UNITS.iter().map(|&(_, wire)| wire).collect();
        for u in NUMERAL_COUNTERS.iter().chain(MEASURE_UNITS) {
            assert!(wires.contains(u), "{u}");
        }
        for u in NUMERAL_COUNTERS {
            assert_eq!(Unit::Other((*u).into()).class(), UnitClass::Count, "{u}");
        }
        // A coordinated subject's parts can stand in a chain of values.
        for c in COORDINATORS {
            assert!(CHAIN_LINKS.contains(c) && CLAUSE_JOINERS.contains(c), "{c}");
        }
        // A block marker opens goals or measures, never both.
        assert!(GOAL_MARKERS.iter().all(|w| !MEASURE_MARKERS.contains(w)));
    }

    /// Tables searched in the raw text hold each word in both scripts: the
    /// simplified form of every word, and a traditional form of every word
    /// that has one.
    #[test]
    fn raw_text_tables_hold_both_scripts() {
        let has_traditional = |c: char| TRADITIONAL.iter().any(|&(_, s)| s == c);
        for table in [PAST_MARKERS, &DEVELOPMENT_PHRASES] {
            for w in table {
                let simple: String = w.chars().map(simplified).collect();
                assert!(table.contains(&simple.as_str()), "{w}: {simple}");
                if *w == simple && w.chars().any(has_traditional) {
                    let folds_here = |x: &&str| x != w && x.chars().map(simplified).eq(w.chars());
                    assert!(table.iter().any(folds_here), "{w} has no traditional form");
                }
            }
        }
    }

    #[test]
    fn traditional_table_parses() {
        assert!(TRADITIONAL.len() > 500);
        // The compile-time bitset reads only three-byte chars.
        assert!(TRADITIONAL.iter().all(|&(t, _)| t.len_utf8() == 3));
        let in_block = TRADITIONAL.iter().filter(|&&(t, _)| CJK.contains(&(t as u32))).count();
        assert_eq!(
            TRADITIONAL_BITS.iter().map(|w| w.count_ones() as usize).sum::<usize>(),
            in_block
        );
        assert!(TRADITIONAL
            .iter()
            .all(|&(t, _)| !CJK.contains(&(t as u32)) || is_traditional_cjk(t as u32)));
        assert!(TRADITIONAL.iter().all(|&(t, s)| t != s));
    }

    #[test]
    fn traditional_folds() {
        let cases = [
            ('達', '达'),
            ('歲', '岁'),
            ('萬', '万'),
            ('婦', '妇'),
            ('與', '与'),
            ('標', '标'),
            ('达', '达'),
            ('a', 'a'),
        ];
        for (t, s) in cases {
            assert_eq!(simplified(t), s);
        }
    }
}
