"""The keyword tables, written as data so that tuning never touches the matching code.

Each line reads ``effect weight : keyword | keyword | ...``. Effects are a kind (its score grows
by the weight), ``cat:<category>`` (the category's score grows), or a flag:
``E`` someone's life or safety is at risk now, ``U`` the help is needed now, ``S`` the message
tells a past story, ``O`` the owner solved it alone (自己, myself), ``N`` a helper withdraws (去不了, can't make it: never a
claim), ``H`` the speaker's own home (我家, my kitchen), ``F`` something is faulty (漏, 跳闸, not working),
``~`` the keyword masks shorter keywords inside it ("fire lane" hides "fire", "不急" hides "急", "快递"
hides "快").

Apostrophe-less spellings of "n't" and "i'm" keywords ("cant get up", "im home") are added by the
matcher: write each keyword once, with its apostrophe.

Keywords are matched on the normalised, lower-cased text. English keywords must start on a word
boundary and end on one unless they end with ``*`` (a stem: ``collaps*``).
"""

from __future__ import annotations

KIND_TABLE = """
request 3 : 帮忙 | 帮我 | 帮下 | 帮一下 | 帮个忙 | 帮帮 | 帮把手 | 求助 | 谁能 | 谁可以 | 哪位 | 麻烦 | 拜托 | 能否 | 急需 | 想请 | 想找人 | 找个人 | 请个 | 请人 | 请邻居 | 借我 | 借用 | 借一下 | 借下 | 急借 | 借几天 | 请教 | 咨询 | 教教 | 教一下 | 指点 | 有没有会 | 有没有懂 | 有没有当 | 谁会 | 谁懂 | 谁有 | 谁家有 | 捎我 | 带我 | 陪他去 | 陪她去 | 留意 | 告诉我一下 | 看一眼 | 能帮 | 有没有 | 有会 | 有懂 | 邻居吗 | 教我 | 有电工 | 电工吗 | 师傅吗 | 在家吗 | 谁在家
request 2 : 谁在 | 谁去 | 谁明天 | 谁下午 | 谁帮 | 有人能 | 有人吗 | 能不能 | 可不可以 | 有没有医生 | 有没有律师 | 有没有护士 | 群里有 | 看看 | 想问 | 需要 | 求 | 请 | 要去 | 谁 | bring in | take in | grab my | pick up my | collect my
request 3 : please | help | help me | can anyone | could anyone | can someone | could someone | can somebody | could somebody | would anyone | anyone able | anyone be able | need someone | could use a hand | need a hand | looking for someone | is there a | any doctor | any doctors | any lawyer* | any nurse | anyone have | anyone got | does anyone have | anyone good | anyone handy | anyone know how | anyone techy | need help | please help | could i borrow | can i borrow | borrow | to lend | lend me | could i get | can i get | hitch a ride | need a lift | need a ride | keep an eye out | check on | could a neighbo* | can a | please come | could i
request 5 : 锁在外面 | 锁在门外 | 关在门外 | 关在外面 | 进不了家 | 进不了门 | 被锁在 | 反锁 | locked out | locked in | locked herself in | locked himself in | locked themselves in | locked inside
request 1 : 一下 | law | lawyer | doctor | nurse | electrician | plumber | 律师 | 医生 | 护士 | 电工 | 法律
request 3 : need
request 2 : pls | anyone | someone | somebody | needs | people to | more hands | anyone driving | anyone going | pick up | would be | is there | any
offer 4 : 可以找我 | 来找我 | 找我 | 问我 | 喊我 | 叫我 | 私信我 | 私聊 | 联系我 | 有需要的 | 谁需要 | 需要的 | 谁家需要 | 想要的 | 随时 | 有要 | 留言 | 可以来 | 可以帮忙 | 说一声 | 可以帮
offer 2 : 在家 | 免费 | 本人 | 我是医生 | 我是律师 | 我是护士 | 退休 | 闲置 | 一枚 | 可以去 | 我会 | 会弄 | 有时间 | 有空 | 我平时 | 我白天 | 我下午去 | 我明天 | 有辆
offer 4 : hit me up | hmu | give me a shout | i'm good at | if any of | if any | if yours | if your | if you want | if anyone | anyone who | for anyone | happy to | feel free | dm me | message me | ping me | just ask | just say | i have a spare | we have a spare | free seats | can take someone | i'm around | home all* | work from home | i'm retired | here, | i work in | if they | if you need
offer 2 : retired | i'm a gp | i'm a doctor | i'm a nurse | for free | i have a | we have a | i'm home | i can help set | i can help with | around all
claim 4 : 我来 | 我去 | 我马上 | 马上过去 | 马上去 | 马上到 | 这就去 | 交给我 | 我帮你 | 帮你 | 我陪 | 给你送 | 给你拿 | 给你带 | 我送你 | 过去看看 | 等我 | 我下楼 | 分钟到 | 我算一个 | 算我一个 | 我顺路 | 顺便帮你 | 你家 | 钥匙放哪 | 过去 | 点过去
claim 2 : 我开车 | 我可以 | 我也在 | 这个我 | 我有空 | 现在过去 | 我刚好 | 我在楼下 | 我下班
claim 4 : coming over | i got you | got you | i got u | be right there | be right over | on the way | otw | i can take him | i can take her | i can drive | 这就 | 我下去 | 我上去 | 我过来 | on my way | omw | i'll take | i'll do it | i can do it | i'm on it | on it | coming now | heading over | be there | leave it to me | count me in | i can drive you | will bring it | i'll grab | i'll pick | i'll knock | i'll bring | i can help, | what time?
claim 2 : i'll | i can help | got it | i've got | i'm in
done 4 : 收好了 | 修好了 | 买好 | 送到了 | 送过去了 | 收进来了 | 拿回来了 | 放你家 | 放在你家 | 放你 | 门口了 | 接到了 | 搞定 | 完成了 | 解决了 | 看过了 | 收到了 | 收回来了 | 已经送 | 已经放 | 已经收
done 2 : 好了 | 已经 | 回来了 | 谢谢 | 感谢 | 送过去
done 4 : for the help | for helping | done | all done | sorted | fixed | is fixed | got the parcel | works now | works perfectly | is back | back home | home safe | is inside | dropped off | left it | returned | delivered | walked and fed | upstairs | it was just | he's happy | is with me | picked up the
done 2 : thanks | thank you | thank u
cancel 6 : 不用了 | 不用啦 | 不需要了 | 取消 | 撤回 | 撤销 | 算了 | 没事了 | 不麻烦 | 找到人了 | 找到师傅 | 雨停了 | 已经找到 | 借到了 | 忽略
O 1 : 自己 | myself
cancel 3 : 自己
cancel 6 : found someone | never mind | nevermind | nvm | no longer need* | no need anymore | cancel | disregard | ignore my | sorted it myself | found one | after all | rain stopped | found my
cancel 2 : myself
cancel 6 : 不用帮忙了 | 不用帮了 | 不用帮我了 | 不用帮我拿了 | 不用帮我收了 | 不用帮我买了 | 不用来了 | 不用过来了 | 不用去了 | 不用收了 | 不用拿了 | 不用买了 | 不用送了 | 不用修了 | 不用找了 | 不需要帮忙了 | 不用麻烦了 | 不麻烦大家了
cancel 6 : don't need a hand | don't need help | don't need any help | don't need anyone | not needed anymore | don't worry about it
cancel 2 : anymore | any more
N 1 : 去不了 | 来不了 | 不去了 | 不来了 | 去不成 | 来不成 | 过不去了 | 过不来了 | 帮不了 | 帮不上 | 没空去 | 没空来 | 没空过去 | 没空了 | 没时间去 | 没时间过去 | 不能去了 | 不能来了
cancel 4 : 去不了 | 来不了 | 不去了 | 不来了 | 去不成 | 来不成 | 过不去了 | 过不来了 | 帮不了 | 帮不上 | 没空去 | 没空来 | 没空过去 | 没空了 | 没时间去 | 没时间过去 | 不能去了 | 不能来了
N 1 : can't make it | cannot make it | won't make it | not going to make it | not gonna make it | unable to make it | not able to make it | i can't come | i cannot come | i can't go | won't be able to | will not be able to | not be able to | can't do it | can't help | won't be coming | have to pull out | have to back out | something came up
cancel 4 : can't make it | cannot make it | won't make it | not going to make it | not gonna make it | unable to make it | not able to make it | i can't come | i cannot come | i can't go | won't be able to | will not be able to | not be able to | can't do it | can't help | won't be coming | have to pull out | have to back out | something came up
concern 3 : 裂了 | 裂开 | 裂缝 | 吵死 | 好吵 | 很吵 | 坑 | 坑洼 | pothole | 晃 | 一直叫 | 狗叫 | 坏了 | 不亮 | 断了 | 松了 | 刷不开 | 太吵 | 吵得 | 噪音 | 苍蝇 | 蟑螂 | 老鼠 | 狗屎 | 管管 | 管一下 | 什么时候修 | 隐患 | 太危险 | 乱停 | 消防通道 | 高空抛物 | 扔东西 | 往下扔 | 扔垃圾 | 流浪猫 | 一直没人 | 没人清 | 没清 | 太大声 | 小点 | 消杀 | 垃圾桶 | 垃圾站 | 臭味 | 臭死 | 发臭 | 积水 | 堆了 | 堆满 | 充电 | 不捡
concern 2 : 物业 | 处理一下 | 危险 | 好几天 | 又 | 装修 | 臭 | 垃圾 | 楼道 | 路灯 | 越来越多 | 建议
concern 2 : again | keeps
concern 3 : broken | is out | been out | out all | keeps flickering | overflowing | rats | cockroach* | noise | noisy | barks | fire lane | fire risk | keeps parking | keep charging | keeps throwing | keep throwing | management | the office | stuck open | cracked | uneven | loose | could fall | every night | all night | car alarm
concern 4 : clean up after | everywhere
chat 6 : 出售 | 转让 | 低价 | 团购 | 打折 | 八折 | 优惠 | 接龙 | 有意 | for sale | selling
chat 4 : 有没有人知道 | 几点 | 在哪 | 哪里 | 哪家 | 哪儿 | 开门吗 | 关门 | 通知 | 提醒 | 温馨提示 | 讲座 | 活动 | 欢迎 | 报名 | 义诊 | 停水 | 停电 | 大会 | 早上好 | 晚上好 | 早啊 | 哈哈 | 有人知道 | 谁知道 | 一起 | 听说 | 几号 | 请多关照 | 大家记得 | 新开
chat 1 : anyone know | does anyone know
chat 2 : 天气 | 好热 | 好冷 | 收到 | 太可爱 | 辛苦了 | 晚会 | 组织
chat 4 : what time | where is | where's | which | open this | open today | open on | $ | reminder | welcome | drill | alarm test | notice | good morning | happy new year | lol | weather | humid | organis* | organiz* | potluck | fair | bbq | is the
"""

FLAG_TABLE = """
S 1 : 上次 | 去年 | 上个月 | 那次 | 多亏 | 幸亏 | 以前 | 前年 | 上周 | 上星期 | 上礼拜 | 听说 | 新闻 | 早两年 | last year | last winter | last time | last month | last week | years ago | never forget | in the news
E 1 : 站不起来 | 起不了身 | 醒不过来 | 叫不醒 | 燃气灶没关 | 煤气灶没关 | 晕倒 | 昏倒 | 晕过去 | 昏过去 | 昏迷 | 不省人事 | 叫不醒 | 叫不应 | 不答应 | 没反应 | 没有反应 | 没意识 | 失去意识 | 没呼吸 | 没有呼吸 | 不呼吸 | 呼吸困难 | 喘不上气 | 喘不过气 | 胸口疼 | 胸口痛 | 胸痛 | 心口疼 | 心脏病 | 心梗 | 中风 | 抽搐 | 休克 | 倒地 | 倒在地上 | 突然倒下 | 倒下了 | 起不来 | 爬不起来 | 动不了 | 满头是血 | 血流不止 | 止不住血 | 大出血 | 落水 | 溺水 | 触电 | 救命 | 噎住
E 1 : won't wake up | can't wake | not waking | lying on the floor | lying on the ground | stove left on | hob left on | cooker left on | collaps* | fainted | passed out | unconscious | unresponsive | not responding | isn't responding | not breathing | isn't breathing | can't breathe | cannot breathe | stopped breathing | chest pain* | heart attack | stroke | seizure | choking | can't get up | cannot get up | not moving | won't stop bleeding | bleeding heavily | drowning | electrocuted | turning blue
E 1 : 着火 | 起火 | 失火 | 火灾 | 冒烟 | 浓烟 | 黑烟 | 烟好大 | 烟很大 | 冒火 | 煤气味 | 燃气味 | 天然气味 | 瓦斯味 | 煤气泄漏 | 燃气泄漏 | 煤气好像没关 | 煤气没关 | 被困 | 困在 | 困人 | 关在电梯 | 卡在电梯 | 里还有人 | 里面有人
E 1 : 都是烟 | 满屋子烟 | 满屋烟 | 火很大 | 火好大 | 油锅着 | 油锅起火 | 喉咙肿 | 嗓子肿 | 嘴唇发紫 | 嘴唇发青 | 嘴唇紫 | 坐在栏杆外 | 脸发麻 | 脸麻了 | 说话不利索 | 说话也不利索 | 说话含糊 | 口齿含糊
E 1 : 血止不住 | 血一直止不住 | 血一直流止不住 | 流血不止 | 有人掉进 | 人掉进去了 | 孩子掉进 | 小孩掉进 | 掉进井里 | 掉进雨水井 | 掉进窨井 | 掉进下水井 | 掉进化粪池
E 1 : can't stop the bleeding | cannot stop the bleeding | bleeding won't stop | fell into a manhole | fell down a manhole | fell into the drain | fell into the river | fell into the pond
E 1 : throat is swelling | throat swelling | throat's swelling | throat is closing | lips are blue | lips look blue | lips turning blue | lips are turning blue | lips have gone blue | blue lips | following me | barely breathing | can barely breathe
E 1 : 胸口闷 | 胸闷 | 胸口发紧 | 心口闷 | 口齿不清 | 说话不清 | 嘴歪 | 口角歪 | 半边身子 | 半身麻 | 一边身子 | 站不住了
E 1 : chest hurts | chest is hurting | chest feels tight | chest is tight | tight chest | pains in his chest | pain in her chest | pain in his chest | slurred | slurring | face is drooping | face drooping | can't stand up | cannot stand up | unable to stand
E 1 : fire | on fire | flames | smoke | gas leak | smell gas | smell of gas | smells like gas | smells of gas | gas smell | trapped | stuck in the lift | stuck in the elevator | still inside | someone inside
U 1 : 急 | 紧急 | 急需 | 急用 | 急借 | 马上 | 立刻 | 赶紧 | 尽快 | 快 | 赶不上 | 来不及 | 打不通 | 没接电话 | 联系不上 | 没人接 | 要下雨 | 下雨了 | 下雨啦 | 下大雨 | 暴雨 | 台风 | 刮大风 | 起风了 | 雨淋
U 1 : 现在有没有 | 现在谁 | 现在能 | 现在就 | 现在需要 | 风越来越大 | 风好大 | 风很大 | 大风 | 变天 | 急死 | quick | bucket down | bucketing down | chucking it down | urgent* | asap | right now | now | immediately | quickly | hurry | emergency | running late | stuck in traffic | rn | picking up his phone | picking up her phone | hasn't answered | not answering | perishable | rain is | about to rain | about to pour | raining | storm | typhoon | going to rain
~ 1 : 都是烟头 | 都是烟味 | 都是烟蒂 | 着火了怎么 | 着火怎么 | 着火的话 | 以为着火 | 以为是着火 | 要着火 | 怕着火 | 着火的是假 | 起不来床 | 闻不到煤气味 | 闻不到燃气味 | 打不着火 | 点不着火 | 打不着 | 点不着 | 不着火 | 真着火 | 真的着火 | 真起火 | 真的起火 | 万一起火 | 如果起火 | 万一火灾 | 没有煤气味 | 没煤气味 | 没闻到瓦斯味 | 没有瓦斯味 | 没瓦斯味 | 没有燃气味 | no smell of gas | no gas smell | fire alarms | fire engine* | fire truck* | fire station | fire brigade | firecracker* | fireworks | fire sale | quick question | quick chat | 快过年 | 快开学 | 快放假 | 快考试 | 快毕业 | 快满 | 快中午 | 快周末 | 锁在外面 | 锁在门外 | 被锁在 | 反锁 | 装修 | 不是很急 | 不是太急 | 不太急 | 不怎么急 | 不算急 | 不用很急 | 不是急 | 没那么急 | 没有那么急 | 不赶时间 | no hurry | not in a hurry | in no hurry | not in a rush | not urgent* | 如果下雨 | 要是下雨 | 万一下雨 | 下雨的话 | 如果要下雨 | 要是要下雨 | 如果下雨了 | 要是下雨了 | 万一下雨了 | if it rains | in case it rains | if it starts raining | if it's raining | 就麻烦了 | 就糟了 | 就完了 | 自己在家 | 自己一个人 | 我家楼 | 我家门口 | 我家附近 | 我家对面 | 我家隔壁 | 我家窗外 | 我家后面 | 我家旁边 | 哪里出问题 | 哪儿出问题 | 哪里坏了 | 哪里有问题 | 快递 | 快乐 | 凉快 | 很快 | 愉快 | 快餐 | 快件 | 不急 | 不着急 | 不用急 | no rush | not an emergency | 会着火 | 万一着火 | 容易着火 | 火灾隐患 | 消防 | fire risk | fire hazard | fire drill | fire lane | fire alarm | fire safety | fire exit | fire door | fire extinguisher | smoke alarm | smoke detector | 抽烟 | 有没有人知道 | 马上还 | 忘带 | 出门 | 懂电脑 | 可以帮忙 | no longer need | 狗被困 | 猫被困 | 猫咪被困 | 鸟被困 | 狗困在 | 猫困在 | 猫咪困在 | bird trapped | cat trapped | dog trapped | kitten trapped | puppy trapped | 都倒下了 | 腰闪了动不了 | 闪了腰动不了 | 发烧了动不了 | 发烧动不了 | 冒烟坏 | wheelchairs can't get up | wheelchair can't get up | been lying on the ground
H 1 : 我家 | 家里 | 我们家 | 咱家 | 我屋 | 我房间 | 家中 | 屋里 | my kitchen | my bathroom | my toilet | my flat | my apartment | my bedroom | my ceiling | my sink | my shower | my tap | my taps | my boiler | my fridge | my freezer | my oven | my hob | my stove | my cooker | my dishwasher | my microwave | my washing machine | my front door | my door | my lock | my light | my lights | my heater | my radiator | my aircon | my fan | my window | my windows | my socket | my sockets | my room | my place | my house | my home | my wifi | my router | our kitchen | our bathroom | our toilet | our flat | our apartment | our bedroom | our ceiling | our sink | our shower | our tap | our taps | our boiler | our fridge | our freezer | our oven | our washing machine | our dishwasher | our heater | our radiator | our door | our front door | our light | our lights | our window | our windows | our wifi | at home | at my place
F 1 : 不制冷 | 不制热 | 不加热 | 不通电 | 没电了 | 不启动 | 打不着 | 裂 | 漏 | 滴水 | 流水 | 一直流 | 跳闸 | 不亮 | 坏 | 堵 | 不出水 | 没信号 | 失灵 | 不灵 | 时好时坏 | 闪 | 卡住 | 卡死 | 打不开 | 关不上 | 关不紧 | 拧不动 | 出问题 | 有问题 | 什么问题 | 怎么回事 | 哪里出问题 | 哪儿出问题 | 哪里坏了 | 哪里有问题 | 异响 | 不转 | 不工作
F 1 : broken | broke | leak* | drip* | flicker* | not working | stopped working | doesn't work | won't work | won't open | won't close | won't shut | won't turn | won't start | won't flush | won't drain | won't switch on | won't turn on | jammed | tripping | keeps tripping | blocked | clogged | grinding | rattl* | buzzing | what's wrong | what it could be | no idea what | no idea why | no clue | making a noise | stuck
"""
