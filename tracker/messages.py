"""The message catalog: every word tracker shows a reader, in Chinese (zh) and English (en), by key.

One entry per text, both languages side by side; `message(key, lang, **fields)` fills its
blanks ({year}, {count} ...). A kind's own words live in its module (`KindRule.WORDS`) and
are entries of this catalog too, as `kind.<id>.<key>`. tests/test_messages.py checks that
every entry has both languages with the same blanks, and that no module picks a language
any other way (`by_language` picks a data field that comes in two languages, such as a
plan's title and title_en). The error catalog (`tracker.errors`) and the lines of
`tracker check` that CI logs are grepped for stay in English, as written there.
"""

from __future__ import annotations

from typing import Literal, TypeVar

from tracker.models import Status

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

CATALOG: dict[str, dict[str, str]] = {
    # ---- statuses
    "status.achieved": {"zh": "已实现", "en": "achieved"},
    "status.on_track": {"zh": "符合预期", "en": "on track"},
    "status.behind": {"zh": "需加快", "en": "behind"},
    "status.off_track": {"zh": "滞后", "en": "off track"},
    "status.regressing": {"zh": "倒退", "en": "regressing"},
    "status.missed": {"zh": "未实现", "en": "missed"},
    "status.pending": {"zh": "待完成", "en": "pending"},
    "status.indeterminate": {"zh": "无法判断", "en": "indeterminate"},
    "status.no_data": {"zh": "缺数据", "en": "no data"},
    # ---- words of tables and lines
    "target": {"zh": "目标", "en": "Target"},
    "baseline": {"zh": "基期", "en": "Baseline"},
    "latest": {"zh": "最新", "en": "Latest"},
    "goal": {"zh": "目标值", "en": "Goal"},
    "progress": {"zh": "进度", "en": "Progress"},
    "ratio": {"zh": "R", "en": "R"},
    "status": {"zh": "状态", "en": "Status"},
    "region": {"zh": "地区", "en": "Region"},
    "period": {"zh": "期限", "en": "Period"},
    "plan": {"zh": "规划", "en": "Plan"},
    "as_of": {"zh": "评估年份", "en": "as of"},
    "binding": {"zh": "约束性", "en": "binding"},
    "expected": {"zh": "预期性", "en": "expected"},
    "source": {"zh": "来源", "en": "Source"},
    "quote": {"zh": "原文", "en": "Quote"},
    "targets": {"zh": "项目标", "en": "targets"},
    "not_final": {"zh": "非终值", "en": "not final"},
    "provisional": {"zh": "暂定", "en": "provisional"},
    "then": {"zh": "；", "en": "; "},  # between two parts of one reason
    "and_list": {"zh": "、", "en": ", "},  # between the items of a list
    "colon": {"zh": "：", "en": ": "},
    "years_short": {"zh": "未达标年份", "en": "Years short"},
    "past_deadline": {"zh": "已过截止年份", "en": "past the deadline"},
    "legend.binding": {"zh": "◆ 约束性指标", "en": "◆ binding target"},
    "legend.provisional": {
        "zh": "* 暂定：已过截止年份但尚无该年数据，以之前最新值判断；该年数据公布后为终值",
        "en": "* provisional: the deadline has passed without a figure for its year, so the latest "
        "earlier figure decided; final once that figure arrives",
    },
    # ---- the goal above a target (docs/hierarchy.md)
    # spaces between the parts, so that a narrow table can wrap them
    "above.goal": {"zh": "上级 {goal} {status}", "en": "above: {goal}, {status}"},
    "above.goal_far": {"zh": "上级 {plan} {goal} {status}", "en": "above ({plan}): {goal}, {status}"},
    "above.parent": {"zh": "上级规划：{plan}", "en": "plan above: {plan}"},
    "legend.above": {
        "zh": "上级：上级规划（parent:）在同一指标上的目标及其状态",
        "en": "above: the goal of the plan above (parent:) on the same indicator, and its status",
    },
    "explain.above": {"zh": "上级目标", "en": "Goal above"},
    "explain.above_line": {
        "zh": "{target}：{goal}，{status}（R {ratio}）；本目标{ambition}",
        "en": "{target}: {goal}, {status} (R {ratio}); this goal is {ambition}",
    },
    "explain.ambition.less": {
        "zh": "低于上级目标（tracker validate：TRK220）",
        "en": "less ambitious (tracker validate: TRK220)",
    },
    "explain.ambition.same": {"zh": "与上级目标相同", "en": "as ambitious"},
    "explain.ambition.more": {"zh": "高于上级目标", "en": "more ambitious"},
    "explain.ambition.not_compared": {
        "zh": "不与上级目标比较（见 docs/hierarchy.md）",
        "en": "not compared with it (see docs/hierarchy.md)",
    },
    "explain.acknowledged": {"zh": "已说明的差异：{reason}", "en": "a known difference: {reason}"},
    # ---- numbers with units; goals
    "unit.with": {"zh": "{number}{unit}", "en": "{number} {unit}"},
    "unit.percentage_point": {"zh": "个百分点", "en": "pp"},
    "unit.percentage_point.many": {"zh": "个百分点", "en": "pp"},
    "unit.hour": {"zh": "学时", "en": "hour"},
    "unit.hour.many": {"zh": "学时", "en": "hours"},
    "unit.month": {"zh": "个月", "en": "month"},
    "unit.month.many": {"zh": "个月", "en": "months"},
    "unit.year": {"zh": "年", "en": "year"},
    "unit.year.many": {"zh": "年", "en": "years"},
    "unit.yuan": {"zh": "元", "en": "yuan"},
    "unit.yuan.many": {"zh": "元", "en": "yuan"},
    "unit.tonne": {"zh": "吨", "en": "tonne"},
    "unit.tonne.many": {"zh": "吨", "en": "tonnes"},
    "unit.mbps": {"zh": "Mbps", "en": "Mbps"},
    "unit.mbps.many": {"zh": "Mbps", "en": "Mbps"},
    # a chart's y axis, for the units a number is written without a word
    "axis.percent": {"zh": "%", "en": "%"},
    "axis.person": {"zh": "人", "en": "people"},
    "axis.person_time": {"zh": "人次", "en": "person-times"},
    "axis.school": {"zh": "所", "en": "schools"},
    "axis.place": {"zh": "个", "en": "places"},
    "axis.count": {"zh": "数量", "en": "count"},
    "axis.ratio": {"zh": "比值", "en": "ratio"},
    "axis.boolean": {"zh": "是否完成", "en": "done"},
    "goal.by": {"zh": "{by}年{what}", "en": "{what} by {by}"},
    "figure.conflicting": {"zh": "数据冲突 ({year})", "en": "conflicting ({year})"},
    # ---- why a target has its status (the reasons of check, report and explain)
    "reason.no_figure_yet": {"zh": "尚无数据（目标：{aim}）", "en": "no figure yet (goal: {aim})"},
    "reason.no_figure_past_deadline": {
        "zh": "无数据，截止年份{by}年已过（目标：{goal}）",
        "en": "no figure, and the deadline {by} has passed (goal: {goal})",
    },
    "reason.not_done_yet": {"zh": "尚未完成，{by}年截止", "en": "not done yet, due {by}"},
    "reason.with_goal": {"zh": "{text}（目标：{goal}）", "en": "{text} (goal: {goal})"},
    "reason.conflict": {
        "zh": "{year}年数据互相冲突（{sources}），目标：{aim}",
        "en": "the figures for {year} conflict ({sources}); goal: {aim}",
    },
    "reason.conflict_sources": {"zh": "与", "en": " vs "},
    "reason.cannot_decide": {
        "zh": "数据无法判断（{latest}，过于模糊或不完整），目标：{aim}",
        "en": "the figures cannot decide it ({latest}: too vague or incomplete); goal: {aim}",
    },
    "reason.meets": {"zh": "{latest}，已实现（目标：{aim}）", "en": "{latest} meets the goal ({aim})"},
    "reason.over_by": {"zh": "{latest}，超出{gap}（目标：{aim}）", "en": "{latest}, {gap} over the goal ({aim})"},
    "reason.short_by": {"zh": "{latest}，差{gap}（目标：{aim}）", "en": "{latest}, {gap} short of the goal ({aim})"},
    "reason.falls_short": {"zh": "{latest}未达到目标（{aim}）", "en": "{latest} falls short of the goal ({aim})"},
    "reason.moving_away": {"zh": "背离目标", "en": "moving away from the goal"},
    "reason.parts": {"zh": "，", "en": "; "},  # between the parts of a reason on the way
    "needed.over": {"zh": "超出{gap}（目标：{aim}）", "en": "{gap} over the goal ({aim})"},
    "needed.short": {"zh": "差{gap}（目标：{aim}）", "en": "{gap} short of the goal ({aim})"},
    "needed.not_met": {"zh": "未达到目标（{aim}）", "en": "the goal ({aim}) is not met"},
    # a baseline with a year but no value, and no figure for that year
    "baseline_missing": {
        "zh": "缺少{region}/{indicator}的{year}年数据：请补充一行，或在规划中写明基期值",
        "en": "no {year} figure for {region}/{indicator}: add a row, or write the value in the plan",
    },
    # ---- provisional statuses: which figure they wait for
    "awaiting": {"zh": "尚无{year}年数据", "en": "no {year} figure yet"},
    "awaiting_short": {"zh": "待{year}年数据", "en": "awaiting {year}"},  # under a status in a table
    "awaiting_latest": {"zh": "尚无{year}年数据；最新为{latest}", "en": "no {year} figure yet; latest {latest}"},
    "provisional_count": {"zh": "其中暂定{count}项", "en": "{count} provisional"},
    # regions of the actuals that nearly match a plan's
    "near_miss_rows": {
        "zh": "另有{rows}行数据的地区名与“{region}”相近（{names}），未计入；见 tracker validate",
        "en": "{rows} rows under names close to {region} ({names}) were not read; see tracker validate",
    },
    # ---- tracker check (the lines in English whatever --lang; the reasons and summary in it)
    "check.past_deadline_no_figure": {
        "zh": "已过截止年份且无数据：{count}项",
        "en": "past the deadline with no figure: {count}",
    },
    "check.not_failing_no_data": {
        "zh": "不计为未通过；--fail-on no_data 可使其未通过",
        "en": "not failing; --fail-on no_data makes them fail",
    },
    "check.more_listed_by_status": {
        "zh": "……另有{count}项未列出（tracker status 列出全部）",
        "en": "… and {count} more (tracker status lists them all)",
    },
    "check.failed_provisional": {"zh": "其中暂定{count}项", "en": "of them provisional {count}"},
    "check.more_failures": {
        "zh": "……另有 {count} 项未通过的目标未列出（检查的输出列出全部）。",
        "en": "… and {count} more failing targets, not listed here (the check's output lists them all).",
    },
    "check.more_plans": {
        "zh": "……另有 {count} 个规划未列出（合计行包括全部规划）。",
        "en": "… and {count} more plans, not listed here (the total row counts them all).",
    },
    # ---- tracker explain
    "explain.target": {"zh": "目标", "en": "Target"},
    "explain.latest_value": {"zh": "{figure}, 区间 {interval}", "en": "{figure}, interval {interval}"},
    "explain.no_figure": {"zh": "无数据", "en": "no figure yet"},
    "explain.task_share": {"zh": "任务进度", "en": "Task share"},
    "explain.time_share": {"zh": "时间进度", "en": "Time share"},
    "explain.interval_ends": {"zh": " (区间两端 {lo} .. {hi})", "en": " (interval ends {lo} .. {hi})"},
    "explain.band": {"zh": "档位", "en": "Band"},
    "explain.band_conflict": {
        "zh": "未采用：数据互相冲突，无法计算R",
        "en": "not used: the figures conflict, so R is not computed",
    },
    "explain.band_not_decisive": {
        "zh": "{band}；但状态不由档位决定（{status}：{why}）",
        "en": "{band}; not what decided the status ({status}: {why})",
    },
    "explain.not_band.achieved": {"zh": "已达到目标", "en": "the figure meets the goal"},
    "explain.not_band.missed": {
        "zh": "截止年份已到且未达到目标",
        "en": "the deadline has come and the goal is not met",
    },
    "explain.not_band.pending": {"zh": "截止年份未到", "en": "the deadline has not come"},
    "explain.not_band.indeterminate": {
        "zh": "数据区间跨越多个档位或目标，无法判断",
        "en": "the figure's interval spans more than one band or reaches the goal",
    },
    "explain.not_band.other": {"zh": "状态由其他规则决定", "en": "another rule decides the status"},
    "explain.not_band.provisional": {
        "zh": "截止年份已过，之前最新值{verdict}（暂定）",
        "en": "the deadline has passed, and the latest earlier figure {verdict} (provisional)",
    },
    "explain.verdict_meets": {"zh": "已达到目标", "en": "meets the goal"},
    "explain.verdict_misses": {"zh": "未达到目标", "en": "misses the goal"},
    "explain.conflict_head": {"zh": "{year}年数据互相冲突", "en": "conflicting figures for {year}"},
    "explain.conflict_pair": {
        "zh": "{first}（{first_source}）与{other}（{other_source}）",
        "en": "{first} ({first_source}) vs {other} ({other_source})",
    },
    "explain.per_year": {"zh": "每年{change}", "en": "{change}/year"},
    "explain.pace_needed": {"zh": "所需年均进度", "en": "Pace needed"},
    # after the deadline, in place of the pace: the latest earlier figure against the goal
    "explain.against_goal": {"zh": "与目标相比", "en": "Against the goal"},
    "explain.against.meets": {
        "zh": "{latest}已达到目标（{aim}），余量{gap}；以{year}年数据为准",
        "en": "{latest} meets the goal ({aim}) with {gap} to spare; the {year} figure decides",
    },
    "explain.against.short": {
        "zh": "{latest}距目标（{aim}）差{gap}；以{year}年数据为准",
        "en": "{latest} is {gap} short of the goal ({aim}); the {year} figure decides",
    },
    "explain.against.over": {
        "zh": "{latest}超出目标（{aim}）{gap}；以{year}年数据为准",
        "en": "{latest} is {gap} over the goal ({aim}); the {year} figure decides",
    },
    "explain.still_needed": {"zh": "尚需", "en": "Still needed"},
    "explain.still_needed_in": {"zh": "{years}年{amount}", "en": "{amount} in {years}"},
    "explain.still_needed_yearly_in": {"zh": "{years}年年均{amount}", "en": "{amount}/year in {years}"},
    "explain.pace_so_far": {"zh": "以往年均进度", "en": "Pace so far"},
    "explain.trend": {"zh": "趋势(最小二乘)", "en": "Trend (least squares)"},
    "explain.trend_line": {
        "zh": "{pace} ({count} 个点) -> {by}年{value}",
        "en": "{pace} ({count} points) -> {value} by {by}",
    },
    # ---- tracker report (Markdown)
    "report.title": {"zh": "规划目标进展（评估年份：{year}）", "en": "Plan targets: status as of {year}"},
    "report.generated": {
        "zh": "<!-- 由 tracker report 生成，请勿手工编辑。 -->",
        "en": "<!-- Generated by tracker report; do not edit by hand. -->",
    },
    "report.intro": {
        "zh": "规划 {plans} 个，目标 {targets} 项。R = 任务进度 ÷ 时间进度（1 表示按期匀速推进）。",
        "en": "Plans: {plans}, targets: {targets}. R = share of the task done ÷ share of the time gone "
        "(1 means on the straight path).",
    },
    "report.overview": {"zh": "概览", "en": "Overview"},
    "report.overview_provisional": {
        "zh": "其中暂定{count}项：已过截止年份但尚无该年数据，以之前最新值判断（表中以 * 标出）。",
        "en": "Provisional: {count} (the deadline has passed without its year's figure, so the latest earlier "
        "one decided; marked * in the tables).",
    },
    "report.total": {"zh": "合计", "en": "Total"},
    "report.count": {"zh": "目标数", "en": "Targets"},
    "report.attention": {"zh": "需要关注", "en": "Needs attention"},
    "report.attention_item": {"zh": "（{label}）：", "en": " ({label}): "},
    "report.charts": {"zh": "图表", "en": "Charts"},
    "report.changes": {
        "zh": "变化（对比上次报告，评估年份 {year}）",
        "en": "Changes since the previous report (as of {year})",
    },
    "report.no_changes": {"zh": "无变化。", "en": "No changes."},
    "report.status_changes": {"zh": "状态变化", "en": "Status changes"},
    "report.new_figures": {"zh": "新数据", "en": "New figures"},
    "report.new_targets": {"zh": "新目标", "en": "New targets"},
    "report.removed_targets": {"zh": "已删除的目标", "en": "Removed targets"},
    "report.before": {"zh": "之前", "en": "Before"},
    "report.now": {"zh": "现在", "en": "Now"},
    "report.why": {"zh": "原因", "en": "Why"},
    # ---- tracker report --format xlsx (the status workbook, tracker/render/xlsx.py)
    "xlsx.sheet.overview": {"zh": "概览", "en": "Overview"},
    "xlsx.sheet.targets": {"zh": "目标", "en": "Targets"},
    "xlsx.sheet.statuses": {"zh": "状态说明", "en": "Statuses"},
    "xlsx.plan_id": {"zh": "规划编号", "en": "Plan id"},
    "xlsx.plan_title": {"zh": "规划名称", "en": "Plan"},
    "xlsx.target_id": {"zh": "目标编号", "en": "Target id"},
    "xlsx.indicator": {"zh": "指标", "en": "Indicator"},
    "xlsx.indicator_id": {"zh": "指标代码", "en": "Indicator id"},
    "xlsx.nature": {"zh": "约束性/预期性", "en": "Binding or expected"},
    "xlsx.goal_op": {"zh": "目标比较", "en": "Goal comparison"},
    "xlsx.goal_value": {"zh": "目标数值", "en": "Goal value"},
    "xlsx.deadline": {"zh": "截止年份", "en": "Deadline"},
    "xlsx.baseline_year": {"zh": "基期年份", "en": "Baseline year"},
    "xlsx.baseline_value": {"zh": "基期值", "en": "Baseline value"},
    "xlsx.latest_year": {"zh": "最新数据年份", "en": "Latest year"},
    "xlsx.latest_value": {"zh": "最新值", "en": "Latest value"},
    "xlsx.qualifier": {"zh": "限定词", "en": "Qualifier"},
    "xlsx.unit": {"zh": "单位", "en": "Unit"},
    "xlsx.task_share": {"zh": "任务进度（%）", "en": "Task done (%)"},
    "xlsx.provisional": {"zh": "暂定（待数据年份）", "en": "Provisional (awaiting)"},
    "xlsx.status_id": {"zh": "状态代码", "en": "Status id"},
    "xlsx.reason": {"zh": "说明", "en": "Why"},
    "xlsx.file": {"zh": "文件:行", "en": "File:line"},
    "xlsx.conflicting": {"zh": "数据冲突", "en": "conflicting"},
    "xlsx.period": {"zh": "期限", "en": "Period"},
    "xlsx.count": {"zh": "目标数", "en": "Targets"},
    "xlsx.provisional_count": {"zh": "其中暂定", "en": "Of them provisional"},
    "xlsx.total": {"zh": "合计", "en": "Total"},
    "xlsx.band": {"zh": "R的范围", "en": "R range"},
    "xlsx.meaning": {"zh": "含义", "en": "What it means"},
    "xlsx.as_of": {"zh": "评估年份：{year}", "en": "As of {year}"},
    "xlsx.ratio_note": {
        "zh": "R = 任务进度 ÷ 时间进度（1 表示按期匀速推进），保留两位小数；截止年份之前由R的范围定状态。",
        "en": "R = share of the task done ÷ share of the time gone (1 means on the straight path), two "
        "decimals; before the deadline its range decides the status.",
    },
    "xlsx.values_note": {
        "zh": "数值均为数字（可排序、筛选），单位见“单位”列；百分比写作 92.9 而非 0.929。",
        "en": "Values are numbers (to sort and filter), their unit in the Unit column; percentages are "
        "written 92.9, not 0.929.",
    },
    "xlsx.meaning.achieved": {
        "zh": "已达到目标（截止年份已过时，以截止年份的数据为准）",
        "en": "the goal is met (after the deadline: by the deadline year's figure)",
    },
    "xlsx.meaning.on_track": {
        "zh": "截止年份未到，进度不慢于时间进度",
        "en": "the deadline is ahead, and the task keeps pace with the time",
    },
    "xlsx.meaning.behind": {
        "zh": "截止年份未到，进度略慢，需加快",
        "en": "the deadline is ahead, and the task is somewhat slower than the time",
    },
    "xlsx.meaning.off_track": {
        "zh": "截止年份未到，进度明显落后",
        "en": "the deadline is ahead, and the task is far slower than the time",
    },
    "xlsx.meaning.regressing": {
        "zh": "截止年份未到，数据朝背离目标的方向变化",
        "en": "the deadline is ahead, and the figures move away from the goal",
    },
    "xlsx.meaning.missed": {
        "zh": "截止年份已过，未达到目标",
        "en": "the deadline has passed, and the goal is not met",
    },
    "xlsx.meaning.pending": {
        "zh": "完成类目标，截止年份未到且尚未完成",
        "en": "a task to complete, not done yet, and the deadline is ahead",
    },
    "xlsx.meaning.indeterminate": {
        "zh": "数据互相冲突、过于模糊或缺基期值，无法判断",
        "en": "the figures conflict, are too vague, or the baseline has no value",
    },
    "xlsx.meaning.no_data": {"zh": "尚无可用数据", "en": "no figure to judge by yet"},
    # ---- tracker report --format html (the page; its other words are report.*)
    "html.contents": {"zh": "目录", "en": "Contents"},
    "html.generated": {
        "zh": "由 tracker report --format html 生成。图中实心点为实际值，空心点加区间为约数，箭头为仅知上限或下限的数，"
        "阴影框为来源相互矛盾的年份；虚线为匀速路径，点线为趋势，实线为目标。",
        "en": "Made by tracker report --format html. In the charts a filled dot is a reported figure, a hollow dot "
        "on a bar a figure known within a range, an arrow a figure known from one side only, a hatched box a year "
        "whose reports contradict each other; the dashed line is the straight path, the dotted line the trend, the "
        "solid line the goal.",
    },
    # ---- tracker compare (tracker/render/compare_terminal.py)
    "compare.title": {"zh": "{name}（{id}），评估年份 {year}", "en": "{name} ({id}), as of {year}"},
    "compare.under": {"zh": "{plan} 的下级规划", "en": "plans under {plan}"},
    "compare.level": {
        "zh": "级别：{level}",
        "en": "level: {level}",
    },
    "compare.level.county": {"zh": "县级", "en": "county"},
    "compare.level.prefecture": {"zh": "地级", "en": "prefecture"},
    "compare.level.province": {"zh": "省级", "en": "province"},
    "compare.level.national": {"zh": "国家级", "en": "national"},
    "compare.plan": {"zh": "规划 / 目标", "en": "Plan / target"},
    "compare.no_plan": {"zh": "无规划目标", "en": "no plan target"},
    "compare.no_targets": {
        "zh": "没有规划在此指标上设定目标。",
        "en": "No plan sets a target on this indicator.",
    },
    "compare.counts": {"zh": "目标 {count} 项：", "en": "Targets ({count}): "},
    "compare.unplanned_count": {
        "zh": "有数据但无规划目标的地区 {count} 个",
        "en": "regions with figures and no plan target: {count}",
    },
    "compare.spread": {
        "zh": "各地区最新一年数据（{regions} 个地区，{years}年）：中位数 {median}，最低 {lowest}，最高 {highest}",
        "en": "Latest single-year figures (regions: {regions}, {years}): median {median}, lowest {lowest}, "
        "highest {highest}",
    },
    # ---- tracker report: the summary of many plans (tracker/render/summary_markdown.py)
    "summary.title": {
        "zh": "规划目标进展摘要（评估年份：{year}）",
        "en": "Plan targets: a summary as of {year}",
    },
    "summary.intro": {
        "zh": "规划 {plans} 个，目标 {targets} 项。规划超过 {threshold} 个，本报告只列汇总；"
        "各规划的详情页（含图表）由 tracker report --detail 写入 {folder}。",
        "en": "Plans: {plans}, targets: {targets}. With more than {threshold} plans the report is this "
        "summary; tracker report --detail writes a page per plan, with its charts, to {folder}.",
    },
    "summary.intro_detail": {
        "zh": "规划 {plans} 个，目标 {targets} 项。规划超过 {threshold} 个，本报告只列汇总；"
        "各规划的详情页（含图表）见 {folder}。",
        "en": "Plans: {plans}, targets: {targets}. With more than {threshold} plans the report is this "
        "summary; each plan has a page, with its charts, in {folder}.",
    },
    "summary.statuses": {"zh": "状态", "en": "Statuses"},
    "summary.by_indicator": {"zh": "分指标", "en": "By indicator"},
    "summary.indicator": {"zh": "指标", "en": "Indicator"},
    "summary.plans": {"zh": "规划数", "en": "Plans"},
    "summary.furthest_behind": {"zh": "最落后的地区", "en": "Furthest behind"},
    "summary.by_parent": {"zh": "按上级规划", "en": "By parent plan"},
    "summary.children": {"zh": "下级规划数", "en": "Children"},
    "summary.by_parent_intro": {
        "zh": "每个上级规划的直接下级规划（parent: 指向它的规划）的目标状态合计。",
        "en": "For each plan that others carry out, the targets of its children (the plans whose parent: names it).",
    },
    "summary.changes": {
        "zh": "变化（对比上次报告，评估年份 {year}）",
        "en": "Changes since the previous report (as of {year})",
    },
    "summary.change_counts": {
        "zh": "状态变化 {statuses} 项（变差 {worse}，变好 {better}）；新数据 {figures} 项；"
        "新目标 {added} 项；已删除目标 {removed} 项。",
        "en": "Status changes: {statuses} ({worse} worse, {better} better); new figures: {figures}; "
        "new targets: {added}; removed targets: {removed}.",
    },
    "summary.largest_changes": {
        "zh": "变化最大的 {shown} 项状态变化（共 {total} 项）：",
        "en": "The {shown} largest status changes (of {total}):",
    },
    "summary.steps": {"zh": "变动档数（+ 为变差）", "en": "Steps (+: worse)"},
    "summary.grid": {"zh": "地区 × 指标", "en": "Regions by indicator"},
    "summary.grid_intro": {
        "zh": "最落后的 {shown} 个地区（共 {total} 个）：每格为该地区在该指标上最差的目标状态，空格表示无目标。",
        "en": "The {shown} regions furthest behind (of {total}): each cell is the worst status of the region's "
        "targets on the indicator; blank: no target.",
    },
    "summary.grid_columns": {
        "zh": "列为目标最多的 {shown} 个指标（共 {total} 个）。",
        "en": "Columns: the {shown} indicators with the most targets (of {total}).",
    },
    "summary.legend": {"zh": "图例", "en": "Legend"},
    "summary.detail_pages": {"zh": "各规划详情", "en": "Plan pages"},
    # ---- tracker template (the collection form)
    "form.goal": {"zh": "{by}年{what}", "en": "{what} by {by}"},
    "form.sheet": {"zh": "填报", "en": "form"},
    # ---- charts (tracker.charts)
    "chart.reported": {"zh": "实际值", "en": "Reported"},
    "chart.interval": {"zh": "区间（约、近、余）", "en": "Range (about, nearly, more than)"},
    "chart.open": {"zh": "仅知下限或上限（超、以上、不足）", "en": "Only a bound known (over, at least, under)"},
    "chart.conflict": {"zh": "数据冲突（来源不一致）", "en": "Conflicting reports"},
    "chart.baseline": {"zh": "基期", "en": "Baseline"},
    "chart.start": {"zh": "起点", "en": "Start"},
    "chart.path": {"zh": "匀速路径（基期→目标）", "en": "Straight path (baseline → goal)"},
    "chart.goal": {"zh": "目标", "en": "Goal"},
    "chart.goal_zone": {"zh": "达标范围", "en": "Goal met"},
    "chart.trend": {"zh": "趋势（最小二乘）", "en": "Trend (least squares)"},
    "chart.as_of": {"zh": "评估年份 {year}", "en": "as of {year}"},
    "chart.axis_from": {"zh": "纵轴从 {value} 起", "en": "axis starts at {value}"},
    "chart.running_total": {"zh": "累计", "en": "running total"},
    "chart.goal_label": {"zh": "目标 {goal}", "en": "Goal {goal}"},
    "chart.goal_text": {"zh": "{by}年{symbol}{value}", "en": "{op}{value} by {by}"},
    "chart.trend_label": {"zh": "趋势 → {year}年 {value}", "en": "Trend → {value} in {year}"},
    "chart.conflict_label": {"zh": "冲突", "en": "conflict"},
    "chart.year_value": {"zh": "{year}年{value}", "en": "{value} ({year})"},
    "chart.title_colon": {"zh": "：", "en": ":"},
    "chart.sentences": {"zh": "", "en": " "},  # between the sentences of a chart's description
    "chart.desc_figures": {"zh": "实际值：{items}。", "en": "Reported: {items}."},
    "chart.desc_none": {"zh": "尚无实际值。", "en": "No figures reported yet."},
    "chart.desc_baseline": {"zh": "基期 {year}年 {value}。", "en": "Baseline {value} in {year}."},
    "chart.desc_goal": {"zh": "目标 {goal}。", "en": "Goal {goal}."},
    "chart.desc_conflict": {
        "zh": "{year}年数据冲突（{lo} 至 {hi}）",
        "en": "conflicting reports for {year} ({lo} to {hi})",
    },
    "chart.desc_trend": {"zh": "按趋势 {year}年 {value}。", "en": "The trend reaches {value} in {year}."},
    "chart.desc_axis": {"zh": "纵轴 {lo} 至 {hi}。", "en": "The axis runs from {lo} to {hi}."},
    "chart.list_sep": {"zh": "，", "en": ", "},
    "chart.clause_sep": {"zh": "；", "en": "; "},
    "chart.mermaid_bars": {
        "zh": "蓝柱：实际值（无柱 = 该年无数据）",
        "en": "blue bars: reported (no bar: no figure that year)",
    },
    "chart.mermaid_bars_total": {
        "zh": "蓝柱：累计实际值（无柱 = 该年无数据）",
        "en": "blue bars: running total reported (no bar: no figure that year)",
    },
    "chart.mermaid_goal": {"zh": "绿线：{text}", "en": "green line: {text}"},
    "chart.mermaid_path": {
        "zh": "灰线：匀速路径（基期到目标）",
        "en": "grey line: the straight path from the baseline to the goal",
    },
    "chart.mermaid_trend": {"zh": "粉线：{text}", "en": "pink line: {text}"},
    "chart.mermaid_trend_off": {"zh": "{text}（超出纵轴，未画）", "en": "{text} (off the axis, not drawn)"},
    "chart.mermaid_drawn_at": {"zh": "{year}年 {label} 画在 {value}", "en": "{year}: {label} drawn at {value}"},
    "chart.mermaid_conflict": {
        "zh": "{year}年数据冲突（{lo} 至 {hi}），未画",
        "en": "{year}: conflicting reports ({lo} to {hi}), not drawn",
    },
    "chart.mermaid_legend": {"zh": "图例：{items}。", "en": "Legend: {items}."},
    # ---- init's next steps (tracker/scaffold.py)
    "init.next_steps": {
        "zh": """\
已创建数据目录 {where}（{count} 个文件）。下一步{cd}
1 写规划：照示例 {plan_file}
  写你的规划，一份规划一个文件，文件名与 id 相同；指标在 indicators.yaml
  中查找或添加{catalog}。
2 填数据：把数字放进 actuals/，CSV 或 Excel 工作簿均可，表头可用中文
  （地区,指标,年份,数值），也可每年一列。向下级收集时先生成填报表：
  tracker template --plan {plan_id} --out forms/填报表.xlsx
3 检查数据：tracker validate（每个问题附文件和行号）  看进度：tracker status
  一项目标的算法：tracker explain {plan_id}/{target_id}
  写报告：tracker report（写入 reports/status.md）
4 上 GitHub：git init，提交全部文件（含 .github/ 下三个工作流），推送。
  tracker-check.yml：每次推送、拉取请求和每月 2 日检查，有目标未达标则失败；
  tracker-report.yml：每月 1 日更新 reports/status.md 并提交；
  tracker-pages.yml：每月 1 日把 HTML 报告发布为网页（设置>Pages 选 Actions）。
  {pinned}
    {install}
入门指南：tracker 仓库的 docs/getting-started.md
""",
        "en": """\
Made the data root {where} ({count} files). Next steps{cd}
1 Your plan: write it like the example {plan_file},
  one plan per file, the file named after its id; look up or add indicators
  in indicators.yaml{catalog}.
2 Figures: CSV files or Excel workbooks in actuals/, headers in Chinese
  (地区,指标,年份,数值) or English, a row per figure or a column per year.
  To collect them, make a form to send out:
  tracker template --plan {plan_id} --out forms/form.xlsx
3 Check the data: tracker validate   See the status: tracker status
  Why a status: tracker explain {plan_id}/{target_id}
  The report: tracker report (writes reports/status.md)
4 GitHub: git init, commit everything (with .github/workflows/), push.
  tracker-check.yml runs on every push and pull request and monthly, and fails
  when a target fails; tracker-report.yml commits reports/status.md monthly;
  tracker-pages.yml publishes the HTML report (Settings > Pages: Actions).
  {pinned}
    {install}
Step by step: docs/getting-started.md in tracker's repository
""",
    },
    "init.cd": {"zh": "，先进入该目录：cd {folder}", "en": " (cd {folder}):"},
    "init.here": {"zh": "：", "en": ":"},
    "init.standard": {
        "zh": "（要全部内置指标：init 时加 --full-catalog）",
        "en": " (all bundled ones: init --full-catalog)",
    },
    "init.full": {"zh": "（已含全部内置指标）", "en": ", which holds all the bundled ones"},
    "init.pinned": {
        "zh": "三者都安装本机所装的 tracker，已固定版本（升级时改 Install tracker 一行）：",
        "en": "All three install the tracker running now, pinned (upgrade: Install tracker):",
    },
    "init.given": {
        "zh": "三者都安装 --install 所给的（应固定版本；升级时改 Install tracker 一行）：",
        "en": "All three install what --install gave, kept pinned (upgrade: Install tracker):",
    },
}

_KIND = "kind."


def entry(key: str) -> dict[str, str]:
    """The catalog's entry for `key`, both languages (a kind's from its module); KeyError if none."""
    if key.startswith(_KIND):
        from tracker import kinds

        kind, _, own = key[len(_KIND) :].partition(".")
        return dict(kinds.rule(kind).WORDS[own])
    return CATALOG[key]


def has(key: str) -> bool:
    """Whether the catalog has an entry for `key`."""
    try:
        entry(key)
    except KeyError:
        return False
    return True


def message(key: str, lang: Lang, **fields: object) -> str:
    """The text of `key` in `lang`, its blanks filled with `fields`."""
    text = CATALOG[key][lang] if key in CATALOG else entry(key)[lang]
    return text.format(**fields) if fields else text


def status_label(status: Status, lang: Lang) -> str:
    """A status as readers see it: 已实现, achieved."""
    return _STATUS_LABELS[lang][status]


_STATUS_LABELS = {lang: {status: CATALOG[f"status.{status.value}"][lang] for status in Status} for lang in LANGS}

_Value = TypeVar("_Value")


def by_language(lang: Lang, zh: _Value, en: _Value) -> _Value:
    """The one of a data field's two forms in `lang` (a plan's title and title_en, an indicator's
    name and name_en): the only place a language is picked outside the catalog's entries."""
    return zh if lang == "zh" else en


def every_entry() -> dict[str, dict[str, str]]:
    """The whole catalog: the entries above and every registered kind's (for the checks)."""
    from tracker import kinds

    found = dict(CATALOG)
    for rule in kinds.rules():
        found.update({f"{_KIND}{rule.name}.{key}": dict(value) for key, value in rule.WORDS.items()})
    return found
