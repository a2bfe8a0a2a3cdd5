"""What each chapter must cover: phrases that must appear in a markdown heading.

Taken from the source deck (../shared/reference/seed-deck.zh.txt, summarised in
seed-outline.md). Chapter 3 of the deck has no body; its required sections are
the case-study path the outline asks for.
"""

COMMON = ("学习目标", "本章小结", "练习")

REQUIRED_HEADINGS = {
    "00_start_here.ipynb": ("学习路径", "如何运行", "练习的获取与提交", "自学者"),
    # the pandas primer for trainees who only know Excel: each step the later chapters use
    "00a_pandas_primer.ipynb": (
        "读取数据", "选取列", "筛选", "分组汇总", "数据透视表", "比率", "日期", "月份", "缺失值", "画图",
    ),
    "01_concepts.ipynb": (
        # why it matters
        "重要性", "挑战", "机遇",
        # definition, scope, methods
        "定义售后服务绩效考核", "考核范围", "考核方式",
        # industry comparison and the deck's twelve points
        "不同行业的售后服务绩效考核方法比较",
        "制造业", "产品质量监控", "技术支持持续改进", "售后服务时效性分析",
        "服务业", "客户投诉处理满意度", "服务人员专业技能评估", "服务质量监控指标",
        "零售业", "售后服务速度评估", "退换货处理效率", "客户忠诚度测评",
        "金融业", "信贷服务专业度评分", "金融产品知识掌握度", "客户服务满意度测评",
        # indicator system, goals and principles
        "指标体系构建", "目标与原则", "考核目的", "客户导向", "数据支持", "绩效激励",
        "公平性", "客户满意度",
        # indicator setting
        "指标设定", "分类", "重要性分析", "层次分析法", "熵权法", "灵活设置",
    ),
    "02_training_improvement.ipynb": (
        "培训需求分析", "定制化培训计划", "评估培训效果",
        "柯氏四级", "配对", "双重差分",
        "知识普及", "基础知识", "案例分享", "法规政策解读",
        "培训方法", "传统培训", "线上培训", "结合",
        "提升策略", "策略制定", "持续推进", "PDCA", "控制图", "帕累托",
    ),
}

CASE_STUDY_HEADINGS = (
    "公司概况", "诊断", "指标体系设计", "评分与评级", "公平性检查",
    "培训计划", "培训效果评估", "改进跟踪", "管理决策", "思考题",
)

CASE_STUDIES = {
    "03a_manufacturing.ipynb": "制造业",
    "03b_services.ipynb": "服务业",
    "03c_retail.ipynb": "零售业",
    "03d_finance.ipynb": "金融业",
}

#: Every chapter notebook the course ships (file names in chapters/).
CHAPTER_FILES = tuple(sorted({*REQUIRED_HEADINGS, *CASE_STUDIES}))
