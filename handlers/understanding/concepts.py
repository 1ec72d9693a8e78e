"""Concepts: groups of words that mean one thing, so the model can generalise across phrasings.

A corpus of a few thousand messages holds a few hundred emergencies, each in its own words:
"突然就瘫下去了", "collapsed in the kitchen", "倒在卫生间". The model cannot learn from n-grams
alone that these are one situation; a concept feature (`c:down`) says so, and a pair of
concepts (`c:down+child`) says what a linear model cannot add up by itself. The table is data
written from what emergencies and their look-alikes are, not from any evaluation set.
Words are literal (the automaton has no look-ahead), so a short word that lives inside common
harmless ones is spelled out instead: "血" alone was blood in 血压 and 血糖 (178 corpus messages),
"numb" was in "number", "on the ground" in "on the ground floor", and "有血" in "有血压计"
(round 10).
English words match at the start of a word, so a stem covers its forms ("collaps"). The words
are found by the keyword automaton (matcher.py), in the same pass as the keywords.
"""

from __future__ import annotations

# concept : words (simplified Chinese after normalisation, lower-case English)
CONCEPT_TABLE = """
down : 摔倒 | 摔了 | 摔下 | 滚下 | 撞到头 | 头撞 | 磕到头 | 跌倒 | 跌了 | 跌下 | 倒了 | 倒在 | 倒下 | 倒地 | 瘫 | 晕 | 昏 | 栽倒 | 滑倒 | 躺在地 | 趴在地 | 起不来 | 站不起 | 爬不起 | fell | fallen | fall down | falls | collaps | passed out | faint | lying on | on the floor | is on the ground | 's on the ground | was on the ground | on the ground and | on the ground, | slipped | can't get up | cannot get up | can't stand | 跌低 | 跌咗 | 跌亲 | 起唔到 | 起唔返 | 唔郁 | 郁唔到 | 瞓咗喺地 | 压住 | 压着 | 压下来 | pinned | crushed | tipped over | get himself up | get herself up | hear him fall | heard him fall | hear her fall | heard her fall | has fallen | 's fallen
unresponsive : 叫不醒 | 叫不应 | 不太应 | 没应 | 不应 | 不回应 | 没回应 | 没有回应 | 没回音 | 没人应 | won't respond | not answering | no answer | can't reach | 没反应 | 没有反应 | 不理 | 没声音 | 没有声音 | 不说话 | 只会哼 | 不动了 | 没动静 | 没意识 | 神志不清 | 迷糊 | 胡言乱语 | 说胡话 | 认不出 | won't wake | not waking | not responding | unresponsive | not moving | doesn't respond | isn't responding | confused | talking nonsense | doesn't recognise | doesn't recognize | 唔应 | 唔识应 | 冇人应 | gone quiet | went quiet
breath : 呼吸 | 喘 | 憋 | 好闷 | 很闷 | 透不过气 | 上不来气 | 发紫 | 发青 | 脸色发白 | 冷汗 | breath | wheez | gasping | blue lips | lips are blue | turning blue | cold sweat | pale | 转紫 | 变紫 | 变色
chest : 胸口 | 胸闷 | 心口 | 心脏 | 心慌 | 心跳 | chest | heart
stroke : 嘴歪 | 口齿不清 | 说话不清 | 半边 | 一边身子 | 不能动 | 流口水 | 手脚发麻 | slurr | drooping | one side | numbn | is numb | gone numb | went numb | feels numb | numb on | numb in | can't move | 说不清楚 | 讲不清楚 | 说不出话 | 讲话不清 | 讲嘢唔清 | 讲话含糊 | 大舌头 | 嘴巴歪 | 口歪 | 脸有点歪 | 嘴角歪 | 拿不住 | 拿不起 | 抬不起 | 举不起
seizure : 抽搐 | 抽筋 | 抽风 | 浑身抖 | 发抖 | 口吐白沫 | 翻白眼 | seizure | fitting | having a fit | shaking all over | convuls | foaming
blood : 流血 | 出血 | 多血 | 紧血 | 血一直 | 血止 | 血流 | 吐血 | 咳血 | 鼻血 | 满头血 | 一身血 | 血淋 | 见血 | 血迹 | 尿血 | 咬 | 一直吐 | 呕吐 | bitten | attacked | gone for | 骨折 | 骨头 | 头破 | 伤口 | bleed | blood | broken bone | bent the wrong way | head injury | cut himself | cut herself | deep cut | vomit | throwing up
poison : 吞 | 误食 | 吃错药 | 吃了 | 喝了 | 农药 | 敌敌畏 | 洗洁精 | 消毒水 | 安眠药 | 电池 | swallow | ate some | drank | poison | pills | overdose | button battery | bleach | tablets | got into the | 洗碗块
allergy : 过敏 | 肿 | 喉咙痒 | allerg | swell | swollen | hives | anaphyla | epipen
choke : 噎 | 卡喉 | 卡住喉咙 | 卡在喉咙 | 鱼刺 | chok | something stuck in his throat | something stuck in her throat | 哽 | 鲠 | 咳唔出声 | 咳不出声
water : 掉进 | 落水 | 溺水 | 池塘 | 泳池 | 游泳池 | 水里 | 河里 | 湖里 | 沉下去 | 漂着 | drown | the pool | face down | went under | under water | underwater | into the pond | into the river | 掉水里 | 掉河里 | 掉到水里 | 冲走 | 被水冲 | swept away | washed away
fire : 火 | 烟 | 焦味 | 烧焦 | 烧起来 | 烧着 | 冒火 | 火苗 | 火星 | 火花 | smoke | fire | flame | burning | haze | sparks | sparking | scorch | 燶 | 烧咗 | 在烧 | 焦糊 | 噼啪
gas : 煤气 | 燃气 | 天然气 | 液化气 | 嘶嘶 | 一氧化碳 | 臭鸡蛋 | gas | hissing | carbon monoxide | co alarm | rotten egg | 石油气 | 瓦斯 | 漏气
trapped : 困 | 没上来 | 没出来 | 关人 | 关了人 | 卡住 | 卡在 | 关在 | 出不来 | 出不去 | 被锁 | 反锁 | 锁在里面 | 在里面 | 里面有人 | stuck | trapped | locked in | locked inside | can't get out | cannot get out | inside the car | still inside | 锁着 | 锁在车里 | locked in the car | in the car | locked himself in | locked herself in | 被埋 | 埋了 | 埋住 | buried | pinned under
cry : 喊救命 | 叫救命 | 呼救 | 喊着救命 | 喺度叫 | shouting for help | screaming for help | calling for help | crying for help | cry for help | yelling for help
falling : 砸下 | 砸到 | 往下掉 | 掉下来 | 要掉 | 掀起 | 掀翻 | 要塌 | 倒塌 | 坍塌 | 塌了 | 塌下 | falling on | about to fall | coming down on | blown off | came down on | crashing down | 山泥 | 泥石流 | 塌方 | 滑坡 | landslide | mudslide
lost : 走丢 | 走失 | 走散 | 不见了 | 唔见 | 找不到人 | 没回来 | 没回家 | 失智 | 痴呆 | 认知症 | wander | went missing | is missing | gone missing | walked out | not back | hasn't come back | dementia | alzheimer
burn : 烫伤 | 烫到 | 烫了 | 泼到 | 起泡 | 烧伤 | 灼伤 | 化学品 | scald | burnt | burned | burns | blister
condition : 低血糖 | 血糖 | 糖尿病 | 哮喘 | 癫痫 | 心脏病 | 高血压 | 中暑 | 热射病 | diabetic | hypo | asthma | inhaler | epilep | heart condition | heatstroke | heat stroke
lift : 电梯 | 𨋢 | 升降机 | lift | elevator
height : 天台 | 楼顶 | 窗台 | 阳台边 | 栏杆 | 边上 | 窗外 | 爬出 | 跳楼 | 要跳 | ledge | edge of | roof | window sill | windowsill | railing | balcony rail | jump | 窗户外 | 空调架 | 空调外机上 | 防盗网外 | 窗花外 | 翻出去 | 挂在外面 | 爬出去 | window grille | outside the window | on the railing
car : 车里 | 车内 | 车上 | 太阳底下 | 暴晒 | hot car | in the car | inside a car | inside the car | in full sun | 车里面 | 面包车 | 车窗 | 太阳直晒 | windows up | engine off | 私家车
flood : 水漫 | 淹 | 进水 | 漏电 | 触电 | 电线 | 插座冒 | 总阀 | 爆了 | 喷水 | flood | burst | electric shock | electrocut | live wire | sockets | 电亲 | 电到
child : 孩子 | 小孩 | 宝宝 | 儿子 | 女儿 | 孙子 | 孙女 | 婴儿 | 小朋友 | 弟弟 | 妹妹 | toddler | baby | kid | child | son | daughter | little brother | little sister | year old | year-old
elder : 老人 | 老伴 | 老头 | 老太 | 奶奶 | 爷爷 | 外婆 | 外公 | 阿嬷 | 阿公 | 老爸 | 老妈 | 我爸 | 我妈 | 婆婆 | 公公 | grandma | grandpa | granny | grandfather | grandmother | elderly | old man | old lady | old woman | my dad | my mum | my mom | my father | my mother | my husband | my wife
now : 现在 | 突然 | 刚才 | 刚刚 | 一直 | 马上 | 快来 | 赶紧 | 正在 | 还在 | now | right now | just now | still | hurry | quick | asap | immediately
shout : 救命 | 快来人 | 来人 | 救救 | 帮帮忙 | 快叫 | 打120 | 打了120 | 叫120 | 120 | 119 | 110 | 救护车 | 急救 | help! | help me | sos | ambulance | call 120 | calling 120 | 999 | 911 | cpr | aed
calm : 不是 | 没事 | 没有人 | 虚惊 | 误会 | 原来是 | 搞错 | 别怕 | 放心 | 已经好了 | 演习 | 测试 | 检测 | 提醒 | 通知 | 注意 | false alarm | turned out | it was just | it was only | no one | nobody | all good | all fine | drill | test | testing | reminder | notice | heads up | fyi | lol | haha | 😂 | 😅
past : 以前 | 那年 | 年前 | 上次 | 去年 | 前年 | 昨天 | 昨晚 | 前几天 | 上周 | 当年 | 后来 | 之前 | ago | yesterday | last week | last month | last year | last time | back then | used to | once had
mild : 有点 | 有一点 | 一点点 | 轻微 | 稍微 | 擦伤 | 擦破 | 破皮 | 小伤 | 还能走 | 能走路 | 不严重 | 没大碍 | 还好 | 好多了 | a bit | a little | slightly | minor | mild | not serious | scrape | graze | bruise | feels better
pet : 狗 | 猫 | 宠物 | 仓鼠 | 兔子 | 鹦鹉 | 乌龟 | 鸟 | my dog | the dog | our dog | a dog | dog's | my cat | the cat | our cat | cat's | kitten | puppy | hamster | parrot | rabbit | tortoise
device : 电视 | 手机 | 电脑 | 遥控 | 灶 | 热水器 | 门禁 | 刷卡 | 读卡 | 空调 | 洗衣机 | 冰箱 | 报警器 | 烟感 | stove | heater | hob | remote | card reader | smoke alarm | smoke detector | alarm keeps | chirp | battery low | low battery | beeping | tv | phone | laptop | router | fridge | washing machine
"""

# Concepts that pair into a situation: a pair feature is added when both are present.
DANGER = frozenset(
    ["down", "unresponsive", "breath", "chest", "stroke", "seizure", "blood", "poison", "allergy", "choke", "water", "fire", "gas", "trapped", "flood", "lost", "burn", "condition", "cry", "height", "car", "falling"]
)
WHO_WHERE_WHEN = frozenset(["lift", "child", "elder", "now", "shout", "calm", "past", "device", "mild", "pet"])


def concept_table() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for line in CONCEPT_TABLE.strip().splitlines():
        name, _, words = line.partition(" : ")
        table[name.strip()] = [w.strip() for w in words.split(" | ") if w.strip()]
    return table


def concept_features(found: set[str]) -> list[str]:
    """The concepts a message mentions (matcher.scan_with_concepts), and their pairs."""
    if not found:
        return []
    feats = ["c:" + name for name in found]
    danger = sorted(found & DANGER)
    context = sorted(found & WHO_WHERE_WHEN)
    feats.extend("c:" + d + "+" + c for d in danger for c in context)
    feats.extend("c:" + a + "+" + b for i, a in enumerate(danger) for b in danger[i + 1 :])
    return feats
