"""Text normalisation: one canonical form that every later rule can rely on.

Residents type full-width digits (１５号楼), full-width punctuation, curly quotes, mixed case and,
from Hong Kong or Taiwan phones, traditional characters (幫我收下衣服, 5號樓). Rules are written
once, against the normalised form only.
"""

from __future__ import annotations

import unicodedata
from functools import cache

# Telegram caps a message at 4096 characters; anything longer is not a chat message we must
# understand in full, and a bound keeps the cost per message flat.
MAX_ANALYSED_CHARS = 4096

# NFKC folds full-width forms (！，１Ａ) but leaves CJK punctuation such as 。、 and curly quotes.
_PUNCTUATION = {
    "。": ".",
    "、": ",",
    "～": "~",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "—": "-",
    "–": "-",
    "－": "-",
    "\u3000": " ",
    "\n": " ",
    "\t": " ",
    "\r": " ",
}

# Traditional -> simplified, one character for one character, limited to the characters the
# keyword tables and the building markers use (a full OpenCC table would be ~4,000 entries and
# a dependency). Only characters that are not themselves in everyday simplified use are listed,
# so a simplified message is never changed by the fold. Read pairwise: 幫帮 means 幫 -> 帮.
TRADITIONAL_PAIRS = (
    "幫帮樓楼號号棟栋電电門门謝谢來来嗎吗請请藥药醫医緊紧誰谁們们個个這这麼么會会沒没還还問问題题給给開开"
    "關关車车氣气燈灯壞坏鎖锁鑰钥點点馬马鐘钟時时間间裡里裏里東东邊边後后過过讓让見见覺觉說说話话讀读寫写"
    "學学習习師师熱热燒烧煙烟災灾陽阳臺台颱台風风雲云曬晒餵喂貓猫寵宠買买賣卖帶带遞递驛驿費费錢钱價价單单"
    "傢家發发鋼钢壓压頭头暈晕嚇吓傷伤護护腦脑機机網网碼码視视頻频預预約约掛挂線线離离資资飯饭湯汤餃饺雞鸡"
    "麵面飲饮喫吃場场廳厅園园孫孙兒儿媽妈爺爷獨独鄰邻區区層层龍龙紅红綠绿亂乱蟲虫聲声鬧闹裝装處处險险隱隐"
    "滅灭難难厲厉歲岁錯错對对聽听幾几種种樣样為为從从隻只條条張张萬万幹干乾干準准備备歡欢報报務务業业糧粮"
    "滿满塊块運运動动鬆松斷断閃闪濕湿滲渗戶户牆墙廁厕廚厨櫃柜檯台撥拨絡络聯联繫系轉转訂订購购貨货輛辆載载"
    "順顺鐵铁飛飞複复復复檢检測测體体溫温燙烫嚴严輪轮計计擾扰煩烦託托舉举歸归屬属極极辦办該该認认識识詢询"
    "諮咨證证據据訴诉賠赔償偿勞劳權权遺遗囑嘱產产續续補补課课數数書书筆笔紙纸隊队團团組组織织節节週周禮礼"
    "舊旧閒闲鑽钻錘锤釘钉絲丝纜缆響响樂乐髒脏淨净潔洁掃扫衛卫殺杀臟脏腳脚鬥斗爭争罵骂靈灵盡尽儘尽趕赶貼贴"
    "帳账陰阴颳刮颶飓爐炉濃浓鄉乡親亲嬰婴輔辅導导陣阵痺痹癢痒瘋疯診诊療疗術术擔担憂忧慮虑辭辞闆板鍋锅盤盘"
    "壺壶漿浆摺折疊叠傳传遠远麥麦釐厘兩两瑪玛頂顶懶懒闖闯喚唤讚赞鍵键驅驱寬宽頁页徑径邏逻輯辑寶宝貝贝攜携"
    "簡简吳吴鎮镇縣县劃划鋪铺櫥橱韓韩"
)


@cache
def _table() -> dict[int, str]:
    """One str.translate table for punctuation and traditional characters, built on first use."""
    pairs = TRADITIONAL_PAIRS
    table = {ord(pairs[i]): pairs[i + 1] for i in range(0, len(pairs), 2) if pairs[i] != pairs[i + 1]}
    table.update({ord(k): v for k, v in _PUNCTUATION.items()})
    return table


def normalise(text: str) -> tuple[str, str]:
    """Return (folded, lowered): NFKC-folded, simplified text and its lower-case form.

    The folded form keeps case because an English building letter ("Building B") is only
    trusted when it was written in upper case ("building a shed" must not give "A").
    """
    if len(text) > MAX_ANALYSED_CHARS:
        text = text[:MAX_ANALYSED_CHARS]
    if text.isascii():
        # Nothing to fold: ASCII is already in canonical form (keywords never span a newline).
        return text, text.lower()
    folded = unicodedata.normalize("NFKC", text).translate(_table())
    return folded, folded.lower()
