"""Name and company data for bench/gen5.py (a blind generator: written from formats.md only).

Each culture has a curated head of real frequent names, drawn with Zipf weights (rank^-s),
and most cultures a syllable-built tail: real surname frequencies are a short steep head and
a very long tail (the 100 commonest US surnames cover under a fifth of people), so a head-only
list would make namesakes far commoner than they are. Native-script cultures carry
(native, latin-spellings...) tuples: the first Latin spelling is the usual one, later ones are
the variants another source may use (Aleksandr/Alexander, Lee/Yi).
"""

# culture: (weight, country code, phone country code, national trunk prefix, email domains)
CULTURES = {
    "en_US": (0.30, "US", "1", "", ("gmail.com", "yahoo.com", "outlook.com", "icloud.com")),
    "en_GB": (0.09, "GB", "44", "0", ("gmail.com", "btinternet.com", "hotmail.co.uk")),
    "de": (0.09, "DE", "49", "0", ("gmx.de", "web.de", "gmail.com", "t-online.de")),
    "fr": (0.06, "FR", "33", "0", ("orange.fr", "gmail.com", "free.fr")),
    "es": (0.07, "ES", "34", "", ("gmail.com", "hotmail.es", "yahoo.es")),
    "it": (0.04, "IT", "39", "", ("libero.it", "gmail.com")),
    "pl": (0.03, "PL", "48", "", ("wp.pl", "onet.pl", "gmail.com")),
    "nordic": (0.04, "SE", "46", "0", ("gmail.com", "telia.com")),
    "tr": (0.02, "TR", "90", "0", ("gmail.com", "hotmail.com")),
    "vi": (0.02, "VN", "84", "0", ("gmail.com", "yahoo.com.vn")),
    "in": (0.07, "IN", "91", "0", ("gmail.com", "rediffmail.com", "yahoo.co.in")),
    "zh": (0.05, "CN", "86", "0", ("qq.com", "163.com", "gmail.com")),
    "ja": (0.03, "JP", "81", "0", ("gmail.com", "yahoo.co.jp", "docomo.ne.jp")),
    "ko": (0.02, "KR", "82", "0", ("naver.com", "gmail.com")),
    "ru": (0.03, "RU", "7", "8", ("mail.ru", "yandex.ru", "gmail.com")),
    "el": (0.01, "GR", "30", "", ("gmail.com", "otenet.gr")),
    "ar": (0.03, "AE", "971", "0", ("gmail.com", "hotmail.com")),
}
NATIVE = {"zh", "ja", "ko", "ru", "el", "ar"}

_M, _F = "m", "f"


def _g(gender, text):
    return [(n, gender) for n in text.split()]


GIVEN = {
    "en_US": _g(_M, "James Michael Robert John David William Richard Joseph Thomas Christopher "
                "Daniel Matthew Anthony Mark Steven Andrew Joshua Kevin Brian Jonathan Ryan "
                "Jacob Nicholas Eric Benjamin Samuel Patrick Alexander Tyler Nathan")
    + _g(_F, "Mary Jennifer Linda Patricia Elizabeth Susan Jessica Sarah Karen Lisa Nancy "
         "Margaret Emily Michelle Amanda Melissa Rebecca Laura Katherine Stephanie Rachel "
         "Heather Nicole Megan Hannah Olivia Abigail Victoria Samantha Christina"),
    "en_GB": _g(_M, "Oliver Harry George Jack Charlie Thomas James William Henry Alfie Callum "
                "Rhys Gareth Alistair Nigel Graham")
    + _g(_F, "Olivia Amelia Isla Emily Sophie Charlotte Lucy Chloe Eleanor Fiona Siobhan "
         "Gemma Harriet Imogen Niamh Kirsty"),
    "de": _g(_M, "Thomas Michael Andreas Stefan Christian Jürgen Klaus Uwe Matthias Jörg Björn "
             "Lukas Maximilian Johannes Tobias Florian Sebastian")
    + _g(_F, "Sabine Petra Claudia Susanne Anja Katrin Jana Lena Anna Sophie Mareike Jutta "
         "Ute Gisela Franziska Annegret Bärbel"),
    "fr": _g(_M, "Jean Pierre Michel Philippe Nicolas François Olivier Julien Sébastien "
             "Jérôme Benoît Loïc Hervé Théo")
    + _g(_F, "Marie Nathalie Isabelle Sylvie Catherine Céline Hélène Chloé Émilie Aurélie "
         "Amélie Léa Anaïs Françoise"),
    "es": _g(_M, "José Antonio Manuel Francisco Juan David Javier Jesús Carlos Miguel Alejandro "
             "Rafael Andrés Sergio Ángel Raúl Iñaki")
    + _g(_F, "María Carmen Ana Laura Lucía Marta Cristina Paula Sofía Elena Raquel Pilar "
         "Inés Mónica Begoña Nuria"),
    "it": _g(_M, "Marco Giuseppe Francesco Alessandro Andrea Luca Matteo Lorenzo Davide Niccolò")
    + _g(_F, "Giulia Francesca Chiara Sara Martina Valentina Alessia Federica Elisa Ilaria"),
    "pl": _g(_M, "Piotr Krzysztof Andrzej Tomasz Paweł Łukasz Michał Marcin Grzegorz Wojciech")
    + _g(_F, "Anna Katarzyna Małgorzata Agnieszka Joanna Ewa Magdalena Żaneta Zofia Beata"),
    "nordic": _g(_M, "Lars Anders Søren Mikael Bjørn Jens Erik Magnus Henrik Åke Nils")
    + _g(_F, "Anna Ingrid Karin Sofie Astrid Maja Freja Linnéa Sigrid Ida"),
    "tr": _g(_M, "Mehmet Mustafa Ahmet Ali Hüseyin Emre Burak Oğuz Çağrı Murat")
    + _g(_F, "Ayşe Fatma Emine Zeynep Elif Özlem Gülşen Şeyma Büşra Derya"),
    "vi": _g(_M, "Minh Đức Tuấn Hùng Dũng Quân Hải Bình Thành Long")
    + _g(_F, "Lan Hương Linh Phương Trang Ngọc Thảo Mai Hoa Anh"),
    "in": _g(_M, "Rahul Amit Vikram Rajesh Sanjay Arjun Karthik Suresh Anil Deepak Pradeep "
             "Venkatesh Srinivas Aditya Rohan")
    + _g(_F, "Priya Anjali Deepika Kavya Lakshmi Sunita Pooja Neha Divya Aishwarya Meera "
         "Swati Shreya Ananya"),
}
FAMILY = {
    "en_US": "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez "
             "Hernandez Lopez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Thompson "
             "White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green "
             "Adams Baker Nelson Carter Mitchell Roberts O'Brien McDonald O'Connor",
    "en_GB": "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Evans "
             "Thomas Roberts Walker Hughes Edwards Green Hall Wood Clarke Patel Morgan Lloyd",
    "de": "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer "
          "Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Krüger Hartmann "
          "Weiß Groß von Bülow",
    "fr": "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
          "Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier Girard Lemaître",
    "es": "García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín "
          "Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Núñez Ibáñez Peña",
    "it": "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno "
          "Gallo Conti De Luca D'Angelo",
    "pl": "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński "
          "Szymański Woźniak Dąbrowski Kozłowski",
    "nordic": "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsen Hansen Jensen "
              "Nielsen Østergaard Åberg Sjöberg Sørensen",
    "tr": "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan",
    "vi": "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý",
    "in": "Sharma Patel Singh Kumar Gupta Reddy Iyer Nair Rao Das Joshi Mehta Shah Agarwal "
          "Chatterjee Banerjee Mukherjee Verma Menon Pillai Krishnan Bose Desai Kulkarni",
}
TAIL = {  # (prefixes, suffixes, probability a surname comes from the tail)
    "en_US": ("Ash Brad Whit Hol Kings Pen Wes Cart Fair Hart Mor Thorn Led Brook Stan Hay "
              "Lang Ather Bur Cal Dun Els Fen Gar Rad Shel Win Stock Ack Bex Cran Dray Ever Farn Glad "
              "Hask Ives Kel Lox Mel Nor Ost Pick Quen Rix Sand Tal Ux Ven Wal Yar Ald Bel Crom",
              "ley worth ford ton wood field by well ham den ridge more son er ell ing ett ham "
              "hurst low man mont ner rick stead thorpe ville wick land", 0.9),
    "en_GB": ("Ash Brad Whit Hol Kings Pen Wes Cart Fair Hart Mor Thorn Pem Bram Chad Ross Alder "
              "Bick Cole Dart Eld Frith Gos Hen Kirk Mab Nether Pad Rush Snell Trev Wy",
              "ley worth ford ton wood field by well ham den combe shaw bury croft hurst stow "
              "wick thwaite", 0.9),
    "de": ("Hof Lin Berg Wald Stein Kirch Holz Eich Rosen Schön Fried Brünn Ober Unter Mühl "
           "Baum Sonn Ried Hag Lind Alt Brau Dorn Ecker Falk Gelb Hell Jung Kalt Lau Mar Nuss "
           "Pfeif Rein Sieg Tann Vogel Wies Zell", "mann er inger hofer berger ling meier bauer "
           "feld hausen mayr ler stätter huber brand dorf hardt kamp reuther wald", 0.88),
    "fr": ("Beau Mont Val Duf Lef Gir Roch Mar Bouch Fontain Lem Tess Gaut Chev Ber Arn Bla "
           "Carr Dum Esc Foucr Gren Hub Jacqu Lanc Mor Pell Ren Sav Thib Vauqu",
           "ier ard eau ault and in et on ette elle ot aud eux ois oux ac", 0.88),
    "es": ("Ro Fer Al Men Cas Mo Sa Pa Gi Ve Or Iba Ur Es Val", "dríguez nández varez doza "
           "tillo rales linas redes ménez lasco tega ñez", 0.75),
    "it": ("Ross Bian Ferr Esp Ricc Mar Gall Con Cost Mancin Lomb Barb Fontan Sant",
           "i ini etti ello ucci one ato ari elli otti", 0.85),
    "pl": ("Kowal Nowa Grab Wójc Kamiń Lewan Zieliń Szymań Dąbrow Kozł Jankow Mazur Krawcz",
           "ski czyk ak ewicz owski", 0.8),
    "nordic": ("Øster Ås Berg Lind Sjö Dahl Ny Lund Holm Strøm Ek Sand Hög Fjell",
               "gaard ström berg qvist lund dahl sen sson vik by", 0.75),
    "tr": ("Çel Yıl Şah Kay Demir Ar Öz Kılıç Doğ Aks Er Güneş", "ik maz in a taş slan "
           "türk oğlu can kaya", 0.5),
    "in": ("Ven Bal Sub Rad Shan Mur Nat Gov Chan Pra Sri Ram", "kataraman asubramanian "
           "ramanian hakrishnan mugam thy arajan indan drasekhar sad nivasan", 0.6),
}

# native cultures: given (native, gender, latin...), family (native, latin...)
_ZH_FAM = ("王:Wang 李:Li 张:Zhang 刘:Liu 陈:Chen 杨:Yang 黄:Huang:Wong 赵:Zhao 吴:Wu 周:Zhou:Chow "
           "徐:Xu 孙:Sun 马:Ma 朱:Zhu 胡:Hu 郭:Guo 何:He 林:Lin:Lam 罗:Luo 高:Gao")
_ZH_GIV = ("伟:Wei 芳:Fang 娜:Na 敏:Min 静:Jing 丽:Li 强:Qiang 磊:Lei 军:Jun 洋:Yang 勇:Yong 艳:Yan "
           "杰:Jie 涛:Tao 明:Ming 超:Chao 秀:Xiu 霞:Xia 平:Ping 刚:Gang 华:Hua 婷:Ting 宇:Yu "
           "浩:Hao 欣:Xin 晨:Chen 思:Si 嘉:Jia 子:Zi")
NATIVE_NAMES = {
    "ja": ("佐藤:Sato 鈴木:Suzuki 高橋:Takahashi 田中:Tanaka 伊藤:Ito 渡辺:Watanabe 山本:Yamamoto "
           "中村:Nakamura 小林:Kobayashi 加藤:Kato 吉田:Yoshida 山田:Yamada 佐々木:Sasaki "
           "山口:Yamaguchi 松本:Matsumoto 井上:Inoue 木村:Kimura 林:Hayashi 清水:Shimizu "
           "山崎:Yamazaki 森:Mori 池田:Ikeda 橋本:Hashimoto 阿部:Abe 石川:Ishikawa 山下:Yamashita "
           "中島:Nakajima 石井:Ishii 小川:Ogawa 前田:Maeda 岡田:Okada 長谷川:Hasegawa 藤田:Fujita "
           "後藤:Goto 近藤:Kondo",
           "健:m:Ken 翔:m:Sho 大輔:m:Daisuke 拓也:m:Takuya 直樹:m:Naoki 誠:m:Makoto 浩:m:Hiroshi "
           "健太:m:Kenta 陽子:f:Yoko 恵:f:Megumi 由美:f:Yumi 美咲:f:Misaki 愛:f:Ai 裕子:f:Yuko "
           "彩:f:Aya 真由美:f:Mayumi 亮:m:Ryo 修:m:Osamu 隆:m:Takashi 悠斗:m:Yuto 蓮:m:Ren "
           "陽菜:f:Hina 結衣:f:Yui 智子:f:Tomoko 久美子:f:Kumiko さくら:f:Sakura"),
    "ko": ("김:Kim 이:Lee:Yi:Rhee 박:Park:Pak 최:Choi 정:Jung:Jeong 강:Kang 조:Cho 윤:Yoon 장:Jang "
           "임:Lim", "민준:m:Minjun:Min-jun 지훈:m:Jihoon:Ji-hoon 현우:m:Hyunwoo:Hyun-woo "
           "동현:m:Donghyun 성민:m:Sungmin:Seong-min 서연:f:Seoyeon:Seo-yeon 지민:f:Jimin "
           "수빈:f:Subin 예은:f:Yeeun:Ye-eun 유진:f:Yujin:Yoojin"),
    "ru": ("Иванов:Ivanov Смирнов:Smirnov Кузнецов:Kuznetsov Попов:Popov Васильев:Vasiliev:Vasilyev "
           "Петров:Petrov Соколов:Sokolov Михайлов:Mikhailov:Mikhaylov Новиков:Novikov "
           "Фёдоров:Fedorov:Fyodorov Морозов:Morozov Волков:Volkov Лебедев:Lebedev Козлов:Kozlov "
           "Егоров:Egorov:Yegorov Павлов:Pavlov Семёнов:Semenov:Semyonov Орлов:Orlov "
           "Зайцев:Zaitsev:Zaytsev Богданов:Bogdanov Виноградов:Vinogradov",
           "Александр:m:Alexander:Aleksandr Дмитрий:m:Dmitry:Dmitriy Сергей:m:Sergey:Sergei "
           "Андрей:m:Andrey:Andrei Алексей:m:Alexey:Aleksei Иван:m:Ivan Мария:f:Maria:Mariya "
           "Анна:f:Anna Елена:f:Elena:Yelena Ольга:f:Olga Наталья:f:Natalia:Natalya "
           "Татьяна:f:Tatiana:Tatyana"),
    "el": ("Παπαδόπουλος:Papadopoulos Γεωργίου:Georgiou Νικολάου:Nikolaou Οικονόμου:Oikonomou:"
           "Economou Παππάς:Pappas Βασιλείου:Vasileiou", "Γιώργος:m:Giorgos:Georgios "
           "Νίκος:m:Nikos Κώστας:m:Kostas Δημήτρης:m:Dimitris Μαρία:f:Maria Ελένη:f:Eleni "
           "Κατερίνα:f:Katerina"),
    "ar": ("حسن:Hassan:Hasan إبراهيم:Ibrahim عبدالله:Abdullah:Abdallah الخطيب:Al-Khatib:Alkhatib "
           "منصور:Mansour:Mansur حداد:Haddad سعيد:Said:Saeed نصر:Nasr خليل:Khalil صالح:Saleh:Salih "
           "محمود:Mahmoud:Mahmud عثمان:Othman:Osman قاسم:Qasim:Kassem حمدان:Hamdan درويش:Darwish "
           "كريم:Karim عزيز:Aziz فاروق:Farouk:Faruq سلطان:Sultan ناصر:Nasser:Nasir "
           "يوسف:Youssef:Yousef عمر:Omar علي:Ali أحمد:Ahmed:Ahmad مصطفى:Mustafa حسين:Hussein "
           "الشامي:Al-Shami:Alshami العلي:Al-Ali الحسيني:Al-Husseini زيدان:Zidan:Zeidan "
           "بكر:Bakr:Bakir جابر:Jaber:Jabir رشيد:Rashid:Rasheed", "محمد:m:Mohamed:"
           "Mohammed:Muhammad أحمد:m:Ahmed:Ahmad علي:m:Ali عمر:m:Omar يوسف:m:Youssef:Yousef "
           "خالد:m:Khaled:Khalid فاطمة:f:Fatima ليلى:f:Layla:Leila نور:f:Nour:Noor سارة:f:Sara "
           "حسين:m:Hussein:Hussain مصطفى:m:Mustafa:Moustafa طارق:m:Tariq:Tarek حمزة:m:Hamza "
           "زياد:m:Ziad:Ziyad مريم:f:Mariam:Maryam ياسمين:f:Yasmin:Yasmine هدى:f:Huda:Hoda "
           "رنا:f:Rana آمنة:f:Amina:Amna سلمى:f:Salma"),
}


_KO_SYL = ("민:min 준:jun 서:seo 연:yeon 지:ji 훈:hoon 현:hyun 우:woo 수:su 빈:bin 예:ye 은:eun "
           "동:dong 성:sung 유:yu 진:jin 영:young 호:ho 재:jae 혜:hye")


def _pairs(text, sep=""):
    """Two-syllable given names from every pair of syllables: Chinese and Korean given names
    are spread over thousands of combinations, so two people rarely share one."""
    syl = [tuple(t.split(":")) for t in text.split()]
    out = []
    for i, (c1, l1) in enumerate(syl):
        for j, (c2, l2) in enumerate(syl):
            if i != j:
                l1c = l1.capitalize()
                out.append((c1 + c2, "mf"[(i + j) % 2], (l1c + l2.lower(), f"{l1c}-{l2.lower()}")))
    return out


_KO_FIXED = [("김", ("Kim",)), ("이", ("Lee", "Yi", "Rhee")), ("박", ("Park", "Pak")),
             ("최", ("Choi",)), ("정", ("Jung", "Jeong")), ("강", ("Kang",)), ("조", ("Cho",)),
             ("윤", ("Yoon",)), ("장", ("Jang",)), ("임", ("Lim",))]


_RU_STEMS = "Бел Сер Жук Кир Мак Тар Лав Гус Зуб Рыб Сом Шил Чер Дуб Ков Лис Мух Рог Сав Тих Куд Гром"
_RU_LAT = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
           "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
           "р": "r", "с": "s", "т": "t", "у": "u", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
           "ы": "y", "ь": "", "я": "ya", "ю": "yu", "ё": "yo", "щ": "shch", "ф": "f", "э": "e"}


def _ru_tail():
    """Russian surnames from stems and suffixes (-ов, -ин, -ский...), with their Latin."""
    out = []
    for stem in _RU_STEMS.split():
        for suf in ("ов", "ин", "ский", "енко"):
            word = stem + suf
            lat = "".join(_RU_LAT.get(ch.lower(), ch) for ch in word).capitalize()
            alt = lat.replace("skiy", "ski") if suf == "ский" else lat
            out.append((word, (lat, alt)))
    return out


def native_lists(culture):
    """(family [(native, latins)], given [(native, gender, latins)]) for a native culture."""
    if culture == "zh":
        fam = [(a[0], tuple(a[1:])) for a in (t.split(":") for t in _ZH_FAM.split())]
        chars = [tuple(t.split(":")) for t in _ZH_GIV.split()]
        giv = [(c, "mf"[i % 2], (lat,)) for i, (c, lat) in enumerate(chars)]
        return fam, giv + _pairs(_ZH_GIV.lower())
    if culture == "ko":
        return _KO_FIXED, _pairs(_KO_SYL)
    fam_s, giv_s = NATIVE_NAMES[culture]
    fam = [(a[0], tuple(a[1:])) for a in (t.split(":") for t in fam_s.split())]
    if culture == "ru":
        fam += _ru_tail()
    giv = [(a[0], a[1], tuple(a[2:])) for a in (t.split(":") for t in giv_s.split())]
    return fam, giv


COMPANIES = ("Google Microsoft Amazon Deloitte Accenture IBM Siemens SAP Bosch Oracle Salesforce "
             "Capgemini KPMG PwC EY McKinsey Infosys Tata_Consultancy_Services Wipro Cisco Intel "
             "Meta Apple Spotify Zalando BNP_Paribas Santander Allianz Unilever Nestlé L'Oréal "
             "Telefónica Ericsson Nokia Volvo Philips Adidas Shopify Stripe Atlassian Airbus "
             "Samsung Sony Toyota Rakuten Baidu Alibaba Tencent Yandex Emirates Careem "
             "Acme_Analytics Northwind_Traders Blue_Harbor_Labs Fjord_Systems Kestrel_Health "
             "Meridian_Legal Pinecrest_Capital Quill_&_Co Redwood_Robotics Solstice_Energy "
             "Tidewater_Logistics Umbra_Design Vantage_Point_Partners Willow_Bank Zenith_Media "
             "Müller_&_Söhne_GmbH Société_Générale Café_Noir_SARL Öko_Werke University_of_Leeds "
             "Stanford_University ETH_Zürich Freelance Self-employed").split()
COMPANIES = [c.replace("_", " ") for c in COMPANIES]
TITLES = ("Software Engineer|Senior Software Engineer|Product Manager|Data Scientist|Consultant|"
          "Senior Consultant|Account Executive|Marketing Manager|Director of Engineering|"
          "VP Sales|Founder|Co-Founder & CEO|Recruiter|HR Business Partner|Analyst|"
          "Research Scientist|Professor|PhD Candidate|Head of Design|UX Researcher|CFO|"
          "Partner|Associate|Principal Engineer|Engineering Manager|Sales Director|"
          "Customer Success Manager|Operations Lead|Nurse|Attorney").split("|")
CREDENTIALS = ["MBA", "PhD", "CPA", "PMP", "CFA", "MD", "P.Eng.", "Ph.D.", "MSc", "CISSP"]
PREFIXES = ["Dr.", "Prof.", "Mr.", "Ms.", "Mrs.", "Dr. med."]
GEN_SUFFIXES = ["Jr.", "Sr.", "III", "II"]
