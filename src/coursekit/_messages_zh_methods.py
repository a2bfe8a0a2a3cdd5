"""Chinese renderings of the method modules' error messages (see :mod:`coursekit._messages_zh`).

Weights (AHP, entropy), SPC, training evaluation, KPI systems, appraisal,
fairness, plots and widgets. The entries follow the rules of
:data:`coursekit._messages_zh.MESSAGES`, which includes this table.

>>> METHOD_MESSAGES["must not be negative"]
'不能是负数'
"""

from __future__ import annotations

METHOD_MESSAGES: dict[str, str] = {
    # --- coursekit.weights
    "must be a positive number, got {value}": "必须是正数，实际是 {value}",
    "pairwise comparison must be a number or a fraction like '1/3', got {value}":
        "两两比较值必须是数或 '1/3' 这样的分数，实际是 {value}",
    "pairwise comparison must be a number, got {kind}": "两两比较值必须是数，实际是 {kind}",
    "pairwise comparison must be a positive number": "两两比较值必须是正数",
    "use Saaty's 1-9 scale (1 = equally important, 9 = extremely more important) and put the reciprocal "
    "1/a in the mirror cell":
        "使用 Saaty 1-9 标度（1 = 同样重要，9 = 极端重要），并在对称位置填倒数 1/a",
    "a labelled pairwise matrix must have the same criteria as row and column labels; rows {rows} vs columns {cols}":
        "带标签的判断矩阵行、列标签必须是同一组准则；行 {rows}，列 {cols}",
    "use the same labels (in any order) for the index and the columns": "行索引和列名使用同一组标签（顺序不限）",
    "pairwise matrix must be 2-dimensional (n × n), got {n} dimension(s)":
        "判断矩阵必须是二维的（n × n），实际是 {n} 维",
    "pairwise matrix must be a list of rows, a numpy array or a DataFrame":
        "判断矩阵必须是行的列表、numpy 数组或 DataFrame",
    "pairwise matrix must be square: it has {n} rows but rows have lengths {lengths}":
        "判断矩阵必须是方阵：它有 {n} 行，但各行长度为 {lengths}",
    "every row needs one entry per criterion": "每一行对每个准则都要有一个值",
    "pairwise matrix is empty; it needs at least one criterion (n >= 1)": "判断矩阵是空的；至少需要一个准则（n >= 1）",
    "pairwise matrix must be square (n × n), got {n} rows × {m} columns":
        "判断矩阵必须是方阵（n × n），实际是 {n} 行 × {m} 列",
    "compare every criterion with every criterion": "每个准则都要和每个准则比较",
    "labels has {k} names but the matrix is {n} × {m}": "labels 有 {k} 个名称，但矩阵是 {n} × {m}",
    "criterion labels must be unique; repeated: {names}": "准则名称不能重复；重复的有：{names}",
    "every pairwise comparison must be a positive finite number ({k} bad cell(s) in the matrix)":
        "每个两两比较值都必须是有限正数（矩阵中有 {k} 个单元格不对）",
    "the diagonal cell a[{i}, {i2}] must be 1 (a criterion is equally important as itself)":
        "对角线单元格 a[{i}, {i2}] 必须是 1（准则与自身同样重要）",
    "set every diagonal cell to 1": "把对角线上的单元格都设为 1",
    "a[{i}, {j}] = {x} and a[{j2}, {i2}] = {y} are not reciprocal (their product is {p}, it must be 1){more}":
        "a[{i}, {j}] = {x} 与 a[{j2}, {i2}] = {y} 不互为倒数（乘积为 {p}，应为 1）{more}",
    "set a[{j}, {i}] = 1 / a[{i2}, {j2}] = {r}; type 1/3 as a fraction (1/3 or '1/3'), not 0.33":
        "令 a[{j}, {i}] = 1 / a[{i2}, {j2}] = {r}；1/3 请写成分数（1/3 或 '1/3'），不要写 0.33",
    "unknown AHP method {name}; choose one of {names}": "未知的 AHP 方法 {name}；可选：{names}",
    "judgement ({x}, {y}) names {name}, which is not among the labels {labels}":
        "判断 ({x}, {y}) 中的 {name} 不在准则标签 {labels} 中",
    "judgement ({x}, {y}) compares a criterion with itself; leave the diagonal out":
        "判断 ({x}, {y}) 把准则和自身比较；对角线不用给",
    "the pair ({x}, {y}) is given twice; give each pair once": "({x}, {y}) 这一对给了两次；每对只给一次",
    "{k} pair(s) have no judgement: {pairs}; compare every pair once": "有 {k} 对没有判断：{pairs}；每一对都要比较一次",
    "{what} must be a Series, a mapping or an AHPResult, got {kind}":
        "{what} 必须是 Series、字典或 AHPResult，实际是 {kind}",
    "weights must be non-negative numbers": "权重必须是非负数",
    "weights must sum to 1, they sum to {total}": "权重之和必须为 1，实际为 {total}",
    "divide each weight by their sum, or take them from ahp(...).weights":
        "把每个权重除以权重之和，或直接用 ahp(...).weights",
    "the table has no columns; pass one numeric column per KPI": "这张表没有列；每个 KPI 传入一列数字",
    "the entropy method needs at least 2 rows (objects to compare), got {n}":
        "熵权法至少需要 2 行（被比较的对象），实际只有 {n} 行",
    "score at least two agents or teams": "至少给两名员工或两个团队打分",
    "must be numeric, got dtype {dtype}": "必须是数值，实际类型是 {dtype}",
    "pass only the KPI columns, e.g. table[['fcr', 'csat']], or set the id as index":
        "只传入 KPI 列，例如 table[['fcr', 'csat']]，或把编号设为索引",
    "cost column(s) {cols} are not in the table; columns are {all}": "成本型列 {cols} 不在表中；表中的列：{all}",
    "has missing values (NaN); the entropy method needs a complete table": "有缺失值（NaN）；熵权法需要完整的表",
    "fill or drop those rows first": "先补全或删除这些行",
    "is constant (every row = {value}): min–max normalisation divides by max − min = 0, so the column carries "
    "no information (d_j = 0)":
        "是常数（每行都是 {value}）：min–max 标准化要除以 max − min = 0，这一列不含任何信息（d_j = 0）",
    "drop the column — it cannot tell the rows apart": "删除这一列——它无法区分各行",
    "drop the column — it cannot tell the rows apart (also constant: {cols})":
        "删除这一列——它无法区分各行（同为常数的还有：{cols}）",
    # --- coursekit.spc
    "must be finite numbers": "必须是有限的数（不能是无穷大）",
    "remove infinite values (often a division by zero upstream)": "去掉无穷大的值（通常来自前面某处除以 0）",
    "needs at least {k} points for {purpose}, got {n}": "{purpose}至少需要 {k} 个点，实际只有 {n} 个",
    "collect more periods (20 or more are recommended for stable limits)":
        "收集更多期的数据（建议 20 期以上，控制限才稳定）",
    "a finite number": "有限的数",
    "a finite number > 0": "大于 0 的有限数",
    "pass {name} as a plain number": "把 {name} 写成一个普通的数",
    "selects {k} point(s); limits need at least 2": "只选中了 {k} 个点；计算控制限至少需要 2 个",
    "widen the baseline (20 or more points are recommended)": "扩大基线范围（建议 20 个点以上）",
    "must be between 2 and the number of points ({n}), got {k}": "必须在 2 和点数（{n}）之间，实际是 {k}",
    "give the number of leading points that describe the process before a change":
        "给出变化之前、描述原有过程的前若干个点的个数",
    "label slice {s} does not match the index ({exc})": "标签切片 {s} 与索引不匹配（{exc}）",
    "use labels of the values' index (sorted) or positions": "使用数据索引中的标签（已排序）或位置序号",
    "must be None, an int, a slice or booleans as long as the data": "必须是 None、整数、切片，或与数据等长的布尔值",
    "e.g. baseline=12 for the first twelve points": "例如 baseline=12 表示前 12 个点",
    "points are all equal, so the moving ranges are 0 and the limits collapse":
        "所有点都相等，移动极差为 0，控制限退化成一条线",
    "use a longer baseline, or record the values with more precision": "用更长的基线，或以更高的精度记录数值",
    "must be a Series or dict of category → count, got {kind}": "必须是“类别 → 次数”的 Series 或 dict，实际是 {kind}",
    "e.g. complaints['cause'].value_counts()": "例如 complaints['cause'].value_counts()",
    "must be a share between 0 and 1, got {value}": "必须是 0 到 1 之间的比例，实际是 {value}",
    "e.g. threshold=0.8 for the 80/20 rule": "例如 80/20 法则写 threshold=0.8",
    "must not be negative": "不能是负数",
    "counts are 0 or more": "次数是 0 或正数",
    "has repeated categories": "有重复的类别",
    "add them up first, e.g. counts.groupby(level=0).sum()": "先合并相同类别，例如 counts.groupby(level=0).sum()",
    "adds up to 0; there is nothing to rank": "合计为 0，没有可排序的内容",
    "pass the number of occurrences per category": "传入每个类别出现的次数",
    "must be whole counts": "必须是整数个数",
    "count items, do not pass shares or averages": "传入计数，不要传比例或平均数",
    "counts are 0 or more; check for sign or subtraction errors": "计数是 0 或正数；检查正负号或减法错误",
    "must have one size per defects value ({n}), got {k}": "每个不合格数都要有一个样本量（{n} 个），实际有 {k} 个",
    "must be at least 1 (an empty sample has no share)": "至少为 1（空样本没有比例）",
    "drop periods with no items": "删除没有样本的期",
    "must not exceed the sample size": "不能超过样本量",
    "defects count defective items within the sample of that period": "不合格数是该期样本中不合格的件数",
    "baseline share is {p}, so the limits collapse": "基线比例为 {p}，控制限退化成一条线",
    "use a longer baseline; with no defects at all, chart the time between defects":
        "用更长的基线；如果完全没有不合格，改为绘制两次不合格之间的间隔",
    "must be 'higher' or 'lower', got {value}": "必须是 'higher' 或 'lower'，实际是 {value}",
    "say which way the KPI improves": "说明 KPI 朝哪个方向是改善",
    "unknown rule family {name}": "未知的判异规则族 {name}",
    "use 'nelson' or 'western_electric'": "使用 'nelson' 或 'western_electric'",
    "no rule numbered {numbers} in {family}": "{family} 中没有编号为 {numbers} 的规则",
    "choose from {values}": "从 {values} 中选择",
    # coursekit.spc.monthly_counts (events and base per month for p-charts)
    "monthly_counts needs this date column but the table has none; columns found: {cols}":
        "monthly_counts 需要这一日期列，但表中没有；现有的列：{cols}",
    "pass date= the name of a date-time column, e.g. date='created_at'":
        "用 date= 给出日期时间列的列名，例如 date='created_at'",
    "monthly_counts needs this flag column but the table has none; columns found: {cols}":
        "monthly_counts 需要这一是/否标志列，但表中没有；现有的列：{cols}",
    "pass flag= a yes/no column name or a boolean Series": "用 flag= 给出一个是/否列的列名，或一个布尔 Series",
    "pass the table, e.g. coursekit.load('tickets')": "传入一张表，例如 coursekit.load('tickets')",
    "must be a Series with the same index as the table": "必须是与这张表索引相同的 Series",
    "must have one value per row ({n}), got {k}": "必须每行一个值（共 {n} 行），实际有 {k} 个",
    "compute it from the same table, e.g. flag=qa['critical_errors'] > 0":
        "用同一张表计算，例如 flag=qa['critical_errors'] > 0",
    "use true/false (or 1/0); empty = not counted": "用 true/false（或 1/0）表示；空值不计入",
    "turn counts into a flag first, e.g. qa['critical_errors'] > 0":
        "先把次数转换成是/否标志，例如 qa['critical_errors'] > 0",
    "period must be 'M' (calendar months) or 'Q' (calendar quarters), not {value}":
        "period 必须是 'M'（自然月）或 'Q'（自然季度），不能是 {value}",
    # --- coursekit.training
    "confidence must be between 0 and 1 (e.g. 0.95), not {value}":
        "confidence 必须在 0 和 1 之间（例如 0.95），不能是 {value}",
    "pass a table such as coursekit.load('training')": "传入一张表，例如 coursekit.load('training')",
    "rename the column or pass its name as an argument": "重命名该列，或把列名作为参数传入",
    "must have one value per pre value ({n}), got {k}": "每个培训前的值都要对应一个值（{n} 个），实际有 {k} 个",
    "drop incomplete pairs first, e.g. frame.dropna(subset=[pre, post])":
        "先删除不完整的配对，例如 frame.dropna(subset=[pre, post])",
    "needs at least 2 pairs, got {n}": "至少需要 2 对数据，实际只有 {n} 对",
    "collect more people": "收集更多人的数据",
    "every change is the same, so t and d_z are undefined": "每个人的变化都一样，t 和 d_z 无法定义",
    "check the data (a constant change usually means a copied column)": "检查数据（变化完全相同通常意味着复制错了列）",
    "drop these people or pass dropna=True to leave them out": "删除这些人，或传入 dropna=True 把他们排除",
    "needs at least 2 complete {name} rows ({group} = {shown}), got {n}":
        "至少需要 2 行完整的{name}数据（{group} = {shown}），实际只有 {n} 行",
    "check the {group} labels (treated={treated})": "检查 {group} 的标签（treated={treated}）",
    "the changes have no spread in either group; no interval possible": "两组的变化都没有离散程度，无法计算区间",
    "has more than one row for the same period": "同一期有不止一行",
    "aggregate first, e.g. frame.groupby([{unit}, {period}]).mean()":
        "先汇总，例如 frame.groupby([{unit}, {period}]).mean()",
    "changes within a unit": "在同一个人身上发生了变化",
    "each person belongs to one group": "每个人只属于一个组",
    "has no rows with value {label}": "没有取值为 {label} 的行",
    "set pre= and post= to your labels": "把 pre= 和 post= 设为你的数据中的标签",
    "must be a finite amount (or a list of amounts)": "必须是有限的金额（或金额列表）",
    "give money in yuan, e.g. 120000": "以元为单位，例如 120000",
    "must be more than 0, got {value}": "必须大于 0，实际是 {value}",
    "include every cost: design, delivery, materials, trainees' time": "计入全部成本：设计、实施、教材、学员的时间",
    "{name} must be a share in (0, 1], not {value}": "{name} 必须是 (0, 1] 之间的比例，不能是 {value}",
    "results needs at least a 'value' (and ideally 'measure' and 'source')":
        "results 至少需要 'value'（最好还有 'measure' 和 'source'）",
    "importance weights are 0 or more (they usually sum to 1 per agent)":
        "重要性权重是 0 或正数（通常每名员工的权重之和为 1）",
    "fill in every level and weight": "把每个水平和权重都填上",
    # coursekit.training.training_plan (personal focus items and team modules)
    "needs must be the result of coursekit.training.training_needs (or the competency table), not {kind}":
        "needs 必须是 coursekit.training.training_needs 的结果（或能力项表），不能是 {kind}",
    "the needs analysis has no team table: call training_needs with the team column (team='team') so the team "
    "share can be computed":
        "培训需求分析的结果中没有团队表：调用 training_needs 时给出团队列（team='team'），才能计算团队占比",
    "team_share must be a share above 0 and at most 1 (e.g. 0.5 = half the team), not {value}":
        "team_share 必须是大于 0、不超过 1 的比例（例如 0.5 = 团队中一半的人），不能是 {value}",
    "top_k must be a whole number of focus items per agent, at least 1 (e.g. 2), not {value}":
        "top_k 必须是每名员工的个人重点项数，为不小于 1 的整数（例如 2），不能是 {value}",
    "methods has no entry for {names}; add one per competency (e.g. {{'{name}': 'online course'}})":
        "methods 中没有 {names} 的培训方式；每个能力项都要给一个（例如 {{'{name}': 'online course'}}）",
    # --- coursekit.system
    "did you mean {names}? ": "你是不是想写 {names}？",
    # coursekit.checks.choose: the one option check ({what} is translated when listed below)
    "unknown {what}: {value}; {close}choose one of {names}": "未知的{what}：{value}；{close}可选：{names}",
    "AHP method": "AHP 方法",
    "language": "语言",
    "stat": "统计量",
    "CSAT method": "CSAT 计算方法",
    "direction": "方向",
    "against": "比较基准",
    # coursekit.kpi.spec: the KPI registry
    "KPI code {code} is already registered; pick another code or pass replace=True":
        "KPI 代码 {code} 已经注册过；请换一个代码，或传入 replace=True",
    "KPI {code} is not computed from table rows": "KPI {code} 不是按表格逐行计算的",
    "KPI {code} is not computed from the tickets or surveys table": "KPI {code} 不是由工单表或问卷表计算的",
    # coursekit.appraisal.quota_report
    "quotas name no share for grade(s) {names}; pass the quotas the grades were made with, "
    "e.g. quota_report(grades, quotas={{...}})":
        "quotas 中没有等级 {names} 的比例；请传入评级时所用的配额，例如 quota_report(grades, quotas={{...}})",
    # coursekit.datasets.byo.ReadReport
    "{fn}: read {n} row(s); skipped {k} row(s)": "{fn}：读入 {n} 行；跳过 {k} 行",
    "KPI code": "KPI 代码",
    "normalisation": "标准化方法",
    "dataset": "数据集",
    "industry": "行业",
    "rule family": "判异规则族",
    "tie rule": "并列处理规则",
    "{what} must be a number, got {value}": "{what} 必须是数，实际是 {value}",
    "{what} must be a non-negative number, got {value}": "{what} 必须是非负数，实际是 {value}",
    "weight of indicator {code}": "指标 {code} 的权重",
    "weight of dimension {name}": "维度 {name} 的权重",
    "cap of indicator {code}": "指标 {code} 的封顶值",
    "dimension {name}": "维度 {name}",
    "dimensions": "各维度",
    "make the indicator weights of {name} sum to 1 (e.g. divide each by {total})":
        "让 {name} 的指标权重之和为 1（例如每个都除以 {total}）",
    "make the dimension weights sum to 1 (e.g. divide each by {total})": "让维度权重之和为 1（例如每个都除以 {total}）",
    "unknown KPI code {code}; {close}Codes are listed by coursekit.kpi.catalog(); for your own KPI give "
    "direction='higher' or 'lower'":
        "未知的 KPI 代码 {code}；{close}可用的代码见 coursekit.kpi.catalog()；自定义 KPI 请给出 direction='higher' 或 "
        "'lower'",
    "indicator {code}: direction must be 'higher' or 'lower' (which way is better), got {value}":
        "指标 {code}：direction 必须是 'higher' 或 'lower'（哪个方向更好），实际是 {value}",
    "indicator {code} uses normalise='target' but has no target; give target=... (e.g. 0.8 for an 80 % goal) or use "
    "'minmax'":
        "指标 {code} 使用 normalise='target'，但没有目标值；给出 target=...（例如目标 80 % 写 0.8），或改用 'minmax'",
    "indicator {code}: target must be a number, got {value}": "指标 {code}：target 必须是数，实际是 {value}",
    "indicator {code}: target must be positive for normalise='target', got {value}":
        "指标 {code}：normalise='target' 时 target 必须是正数，实际是 {value}",
    "indicator {code}: cap must be positive (1.0 = 100 % achievement)":
        "指标 {code}：cap 必须是正数（1.0 = 达成 100 %）",
    "indicator {code}: unknown normalise={value}; choose one of {names}":
        "指标 {code}：未知的 normalise={value}；可选：{names}",
    "dimension {name} has no indicators; add at least one Indicator": "维度 {name} 没有指标；至少加入一个 Indicator",
    "dimension {name} lists {codes} more than once": "维度 {name} 中 {codes} 出现了不止一次",
    "a KPISystem needs at least one Dimension": "KPISystem 至少需要一个 Dimension",
    "dimension names must be unique; repeated: {names}": "维度名称不能重复；重复的有：{names}",
    "the system has no indicator {code}; {close}indicators: {codes}": "体系中没有指标 {code}；{close}现有指标：{codes}",
    "the system has no dimension {name}; dimensions: {names}": "体系中没有维度 {name}；现有维度：{names}",
    "missing must be 'error' or 'reweight', got {value}": "missing 必须是 'error' 或 'reweight'，实际是 {value}",
    "the scorecard must be a DataFrame (rows = agents or teams, columns = KPI codes), got {kind}":
        "计分卡必须是 DataFrame（行 = 员工或团队，列 = KPI 代码），实际是 {kind}",
    "build one with coursekit.kpi.scorecard(tickets, by='agent_id')":
        "用 coursekit.kpi.scorecard(tickets, by='agent_id') 生成",
    "the scorecard has no rows": "计分卡没有行",
    "the scorecard has no column {col}, which the KPI system needs{others}":
        "计分卡中没有 KPI 体系需要的列 {col}{others}",
    " (also missing: {cols})": "（同样缺少：{cols}）",
    "{close}columns present: {cols}; compute it with coursekit.kpi.scorecard(..., kpis=[...]) or remove the indicator":
        "{close}现有的列：{cols}；用 coursekit.kpi.scorecard(..., kpis=[...]) 计算它，或删除该指标",
    "has missing values; every row needs every KPI of the system": "有缺失值；每一行都需要体系中的全部 KPI",
    "fill or drop those rows, or score with missing='reweight'": "补全或删除这些行，或用 missing='reweight' 计分",
    "must hold numbers, got dtype {dtype}": "必须是数字，实际类型是 {dtype}",
    "convert it with pd.to_numeric or recompute the scorecard": "用 pd.to_numeric 转换，或重新计算计分卡",
    "unknown normalisation {name}; choose one of {names}": "未知的标准化方法 {name}；可选：{names}",
    "direction must be 'higher' or 'lower' (which way is better), got {value}":
        "direction 必须是 'higher' 或 'lower'（哪个方向更好），实际是 {value}",
    "method='target' needs a target value (e.g. target=0.8 for an 80 % FCR goal)":
        "method='target' 需要目标值（例如 FCR 目标 80 % 写 target=0.8）",
    "target and cap must be numbers, got target={target}, cap={cap}":
        "target 和 cap 必须是数，实际 target={target}，cap={cap}",
    "target must be a positive number, got {value}; achievement = actual / target is meaningless for a zero or "
    "negative target (for NPS use minmax or zscore)":
        "target 必须是正数，实际是 {value}；目标为 0 或负数时“达成率 = 实际 / 目标”没有意义（NPS 请用 minmax 或 "
        "zscore）",
    "cap must be a positive number (1.0 = 100 % achievement), got {value}":
        "cap 必须是正数（1.0 = 达成 100 %），实际是 {value}",
    # coursekit.system.compliance_gate (合规闸门: breaches cap the grade or score)
    "caps must map a number of breaches to the best result allowed, e.g. {example}; got {value}":
        "caps 必须把违规次数对应到允许的最好结果，例如 {example}；实际是 {value}",
    "caps keys are numbers of breaches (whole numbers >= 1), not {value}; e.g. {example}":
        "caps 的键是违规次数（大于等于 1 的整数），不能是 {value}；例如 {example}",
    "cap {cap} (for {n} breaches) is not a grade; grades: {grades}":
        "上限 {cap}（对应 {n} 次违规）不是一个等级；可用的等级：{grades}",
    "cap for {n} breaches must be a number when capping scores, not {value}":
        "对得分封顶时，{n} 次违规对应的上限必须是数，不能是 {value}",
    "caps must not get better with more breaches: {n1} -> {c1} but {n2} -> {c2}":
        "违规次数越多，上限不能越好：{n1} 次违规 -> {c1}，而 {n2} 次违规 -> {c2}",
    "has people who have no grade": "包含没有等级的人",
    "use the same ids (index) as the grades, e.g. agent ids": "使用与 grades 相同的编号（索引），例如员工编号",
    "must have one count per person ({n}), got {k}": "必须每人一个违规次数（共 {n} 人），实际有 {k} 个",
    "pass a Series indexed like the grades": "传入与 grades 索引相同的 Series",
    "must be whole numbers >= 0": "必须是大于等于 0 的整数",
    "count the breaches per person; 0 (or no row) for none": "按人统计违规次数；没有违规的记 0（或不列出该人）",
    "grades must be a Series: ordered grades (coursekit.appraisal) or numeric scores, not {kind}":
        "grades 必须是 Series：有序的等级（coursekit.appraisal）或数值得分，不能是 {kind}",
    "grades must be an ordered categorical (worst to best), e.g. from coursekit.appraisal.grade_by_threshold":
        "grades 必须是有序分类（从差到好），例如 coursekit.appraisal.grade_by_threshold 的结果",
    # coursekit.system.indicator_cards (指标卡: 口径, data source, period, owner)
    "indicator_cards takes a KPISystem (e.g. example_system('retail')), got {kind}":
        "indicator_cards 需要一个 KPISystem（例如 example_system('retail')），实际是 {kind}",
    "{name} must be non-empty text, or a mapping code/dimension -> text":
        "{name} 必须是非空的文字，或“指标代码/维度 -> 文字”的字典",
    "{name} must be a text for every indicator or a mapping code/dimension -> text, got {kind}":
        "{name} 必须是适用于所有指标的一段文字，或“指标代码/维度 -> 文字”的字典，实际是 {kind}",
    "{name}: {key} is neither an indicator code nor a dimension of this system; codes: {codes}; dimensions: {dims}":
        "{name}：{key} 既不是这个体系的指标代码，也不是它的维度；指标代码：{codes}；维度：{dims}",
    "{name}[{key}] must be non-empty text, got {value}": "{name}[{key}] 必须是非空的文字，实际是 {value}",
    # --- coursekit.appraisal and coursekit.fairness
    "shares must sum to 1, they sum to {total}": "比例之和必须为 1，实际为 {total}",
    "scores below the lowest threshold ({a} >= {b}) get no grade": "低于最低分数线的得分（{a} >= {b}）得不到等级",
    "add a bottom grade with threshold 0 or -math.inf": "加一个分数线为 0 或 -math.inf 的最低等级",
    "thresholds must be different numbers, got {cuts}": "分数线必须各不相同，实际是 {cuts}",
    "tie must be one of {names}, got {value}": "tie 必须是以下之一：{names}，实际是 {value}",
    "is neither a per-ticket KPI code nor a column of the table": "既不是逐单 KPI 代码，也不是表中的列",
    "use one of {codes} or an outcome column name": "使用 {codes} 之一，或结果列的列名",
    "strata must name at least one column, e.g. strata=['priority']": "strata 至少要给出一列，例如 strata=['priority']",
    "min_n must be a whole number >= 1, not {value}": "min_n 必须是大于等于 1 的整数，不能是 {value}",
    "shrinkage must be a number >= 0 (pseudo-tickets), not {value}":
        "shrinkage 必须是大于等于 0 的数（虚拟工单数），不能是 {value}",
    "direction must be 'higher' or 'lower', not {value}": "direction 必须是 'higher' 或 'lower'，不能是 {value}",
    "has no counted tickets (all values missing)": "没有可计入的工单（全部缺失）",
    "check the outcome column or the filter applied before case_mix": "检查结果列，或 case_mix 之前做的筛选",
    "say which way is better: ranking_comparison(mix, direction='higher' or 'lower')":
        "说明哪个方向更好：ranking_comparison(mix, direction='higher' 或 'lower')",
    "and b share {n} labels with values; a rank correlation needs at least 2":
        "与 b 共有的、有值的标签只有 {n} 个；排名相关至少需要 2 个",
    "pass two Series indexed by the same ids, e.g. agent ids": "传入两个按相同编号（例如员工编号）索引的 Series",
    "{cols} cannot be both a stratum and the grouping (by=)": "{cols} 不能既是分层列又是分组列（by=）",
    "pass the ratings table, one row per rating": "传入评分表，每次评分一行",
    "name the ratings table's columns with rater=, ratee= and score=": "用 rater=、ratee= 和 score= 指明评分表的列名",
    "against must be 'others' or 'pool', not {value}": "against 必须是 'others' 或 'pool'，不能是 {value}",
    "drop unrated rows first": "先删除没有评分的行",
    "needs at least 2 ratings, got {n}": "至少需要 2 条评分，实际只有 {n} 条",
    "collect more ratings": "收集更多评分",
    "has no spread at all (every rating is the same)": "完全没有离散（每条评分都一样）",
    "calibration compares spreads; it needs varied ratings": "校准比较的是评分的离散程度，需要有高有低的评分",
    "pass the result of case_mix": "传入 case_mix 的结果",
    "pass the table case_mix returns (it has observed and adjusted)":
        "传入 case_mix 返回的表（含 observed 和 adjusted 列）",
    # --- coursekit.plots and coursekit.widgets
    "drop or fill missing values first, e.g. values.dropna()": "先删除或填补缺失值，例如 values.dropna()",
    "needs at least one score": "至少需要一个得分",
    "check the filter that produced the scores": "检查产生这些得分的筛选条件",
    "needs at least one pair": "至少需要一对数据",
    "check the filter that produced the data": "检查产生这些数据的筛选条件",
    "needs at least one group": "至少需要一个分组",
    "pass a column of the same table": "传入同一张表的一列",
    "a radar chart needs at least 3 axes, got {n} ({names})": "雷达图至少需要 3 条轴，实际只有 {n} 条（{names}）",
    "use a bar chart (coursekit.plots.kpi_bars) for one or two measures":
        "一两个指标请用条形图（coursekit.plots.kpi_bars）",
    "has no row {row}": "没有行 {row}",
    "the label {label} occurs more than once in the chart's index": "标签 {label} 在图的索引中出现了不止一次",
    "mark points by their position (0, 1, ...) instead of by label": "改用位置（0、1、……）标记这些点，不要用标签",
    "must be a DataFrame (rows x columns of numbers), got {kind}": "必须是 DataFrame（行 × 列的数字表），实际是 {kind}",
    "pivot the data first, e.g. frame.pivot(index='team', columns='competency', values='gap')":
        "先透视成行 × 列的表，例如 frame.pivot(index='team', columns='competency', values='gap')",
    "has no rows or no columns": "没有行或没有列",
    "effects must be a non-empty mapping of scenario name → effect, e.g. {{'DiD': 0.05}}, got {value}":
        "effects 必须是“情景名 → 效应”的非空字典，例如 {{'DiD': 0.05}}，实际是 {value}",
    "value_per_point must be a number >= 0 (money per point, person and year), got {value}":
        "value_per_point 必须是大于等于 0 的数（每人每年每个点的价值），实际是 {value}",
    "people must be a whole number >= 1 (the people trained), got {value}":
        "people 必须是大于等于 1 的整数（受训人数），实际是 {value}",
    "per must be a positive number (0.01: one point = 0.01 of the effect), got {value}":
        "per 必须是正数（0.01 表示效应每 0.01 算一个点），实际是 {value}",
    "max_value must be a number >= value_per_point ({v}), got {value}":
        "max_value 必须是不小于 value_per_point（{v}）的数，实际是 {value}",
    "must be finite numbers (an effect per scenario)": "必须是有限的数（每个情景一个效应）",
    "pass the estimates as numbers, e.g. result.ci[0]": "以数值传入估计值，例如 result.ci[0]",
    "no scenario {name}; scenarios: {names}": "没有情景 {name}；现有情景：{names}",
    "no {what} {value}; choose one of {names}": "没有 {what} {value}；可选：{names}",
    "pass a table such as coursekit.load('monthly')": "传入一张表，例如 coursekit.load('monthly')",
    "metrics must name at least one column, e.g. ['sla_compliance', 'fcr']":
        "metrics 至少要给出一列，例如 ['sla_compliance', 'fcr']",
    "no metric {name}; metrics: {names}": "没有指标 {name}；现有指标：{names}",
    "check the filter that produced the table": "检查产生这张表的筛选条件",
    "must hold finite numbers (missing cells are left blank)": "必须是有限的数（缺失的单元格留白）",
    "no weight named {code}; weights: {codes}": "没有名为 {code} 的权重；现有权重：{codes}",
    "no indicator {code}; indicators: {codes}": "没有指标 {code}；现有指标：{codes}",
    # --- coursekit.i18n
    "unknown language {lang}: use one of {valid}": "未知的语言 {lang}：可选 {valid}",
}
