"""Synthetic Chinese personal names for the generated staff table.

Names are drawn from common surnames and given-name characters; any match with
a real person is coincidental.

>>> import numpy as np
>>> names = chinese_names(np.random.default_rng(1), 5)
>>> len(names), len(set(names))
(5, 5)
>>> all(2 <= len(n) <= 3 for n in names)
True
"""

from __future__ import annotations

import numpy as np

SURNAMES = tuple(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = tuple(
    "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉萍红娟建文辉力斌宇浩凯鹏晨欣怡婷雪琳佳瑶"
    "子涵梓轩思雨博文嘉宁晓峰海燕春梅志国俊"
)


def chinese_names(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` distinct synthetic names (surname + one or two given-name characters).

    >>> chinese_names(np.random.default_rng(0), 0)
    []
    """
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        surname = SURNAMES[int(rng.integers(len(SURNAMES)))]
        k = 1 if rng.random() < 0.3 else 2
        given = "".join(GIVEN[int(i)] for i in rng.integers(len(GIVEN), size=k))
        name = surname + given
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names
