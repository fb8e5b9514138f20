"""Name, place and organisation vocabularies for the spec-driven generator.

Curated per culture, ordered roughly by how common each name is, because the population draws
them with Zipf-like weights (rank ** -s): a few names very common, a long tail rare. Family
names get an extra tail of composed rare surnames (see `rare_surnames`), so namesakes come from
the common head, as in a real address book, and not from a small list.
"""

from __future__ import annotations

import unicodedata

import numpy as np

# culture -> (share of the population, country code, male given, female given, family names)
CULTURES: dict[str, tuple[float, str, str, str, str]] = {
    "en": (0.46, "US",
           "James Robert John Michael William David Richard Joseph Thomas Charles Christopher "
           "Daniel Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian "
           "George Timothy Ronald Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan "
           "Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander Patrick Frank "
           "Raymond Jack Dennis Jerry Tyler Aaron Henry Douglas Peter Nathan Zachary Kyle Walter "
           "Harold Carl Arthur Gerald Roger Keith Lawrence Terry Sean Christian Austin Noah Ethan",
           "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy "
           "Betty Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy "
           "Melissa Deborah Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy Angela Shirley "
           "Anna Brenda Pamela Emma Nicole Helen Samantha Katherine Christine Debra Rachel "
           "Carolyn Janet Catherine Maria Heather Diane Ruth Julie Olivia Joyce Virginia "
           "Victoria Kelly Lauren Christina Joan Evelyn Judith Megan Andrea Cheryl Hannah "
           "Jacqueline Martha Gloria Teresa Ann Sara Madison Frances Kathryn Janice Jean Abigail",
           "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
           "Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King "
           "Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips "
           "Campbell Parker Evans Edwards Collins Stewart Morris Murphy Cook Rogers Morgan Cooper "
           "Peterson Bailey Reed Kelly Howard Cox Ward Richardson Watson Brooks Wood James Bennett "
           "Gray Hughes Price Sanders Myers Long Ross Foster Powell Jenkins Perry Russell Sullivan "
           "Bell Coleman Butler Henderson Barnes Fisher Graham O'Brien O'Connor McDonald MacLeod "
           "Fitzgerald Ellis Hamilton Wallace Cole West Jordan Reynolds Marshall Owens Kennedy"),
    "es": (0.10, "ES",
           "José Antonio Juan Manuel Francisco Luis Javier Miguel Carlos Ángel Jesús David Pedro "
           "Alejandro Rafael Fernando Pablo Sergio Jorge Alberto Raúl Andrés Ramón Enrique Óscar "
           "Víctor Guillermo Joaquín Ignacio Rubén Iñaki Álvaro Héctor",
           "María Carmen Ana Isabel Dolores Pilar Teresa Rosa Josefa Laura Cristina Marta Lucía "
           "Elena Mercedes Concepción Sofía Raquel Beatriz Nuria Inés Guadalupe Ximena Begoña "
           "Rocío Mónica Silvia Paula Alba Noelia",
           "García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín "
           "Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro "
           "Torres Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco Molina Morales Suárez Ortega "
           "Delgado Castro Ortiz Rubio Marín Sanz Núñez Iglesias Medina Garrido Cortés Castillo "
           "Santos Lozano Guerrero Cano Prieto Méndez Cruz Calvo Gallego Vidal León Herrera "
           "Peña Flores Cabrera Campos Vega Fuentes Carrasco Diez Caballero Reyes Nieto Aguilar "
           "de la Fuente del Río Ibáñez Echeverría"),
    "pt": (0.06, "BR",
           "João José Antônio Francisco Carlos Paulo Pedro Lucas Luiz Marcos Luís Gabriel Rafael "
           "Daniel Marcelo Bruno Eduardo Felipe Rodrigo Gonçalo Tiago Rui Sérgio Fábio André",
           "Maria Ana Francisca Antônia Adriana Juliana Márcia Fernanda Patrícia Aline Sandra "
           "Camila Amanda Bruna Jéssica Letícia Júlia Luciana Conceição Inês Beatriz Leonor Joana",
           "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro "
           "Martins Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias Nascimento "
           "Andrade Moreira Nunes Marques Machado Mendes Freitas Cardoso Ramos Gonçalves Santana "
           "Teixeira Araújo Magalhães Conceição Brandão Gusmão"),
    "de": (0.07, "DE",
           "Peter Wolfgang Michael Thomas Andreas Klaus Jürgen Stefan Hans Uwe Frank Christian "
           "Bernd Matthias Markus Jörg Ralf Dieter Sven Tobias Lukas Jonas Felix Maximilian "
           "Johannes Günter Björn Jan Florian Sebastian",
           "Ursula Monika Petra Sabine Renate Helga Karin Brigitte Ingrid Andrea Susanne Gabriele "
           "Claudia Birgit Katharina Julia Anna Lena Lea Jana Käthe Bärbel Sophie Marie "
           "Anja Nicole Stefanie Franziska Mareike",
           "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer "
           "Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger "
           "Hofmann Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze "
           "Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller "
           "Weiß Jung Hahn Schubert Vogel Friedrich Keller Günther Frank Berger Winkler Roth "
           "Groß Vogt Ströbele von Bülow"),
    "fr": (0.06, "FR",
           "Jean Pierre Michel André Philippe Alain Jacques Bernard Christophe Nicolas François "
           "Laurent Stéphane Éric Frédéric Julien Sébastien Olivier Thierry Jérôme Rémi Hervé "
           "Benoît Loïc Gaël Théo Hugo Maxime",
           "Marie Nathalie Isabelle Sylvie Catherine Françoise Valérie Christine Monique Sophie "
           "Hélène Élise Céline Chloé Léa Manon Camille Margaux Anaïs Clémence Maëlle Zoé Agnès "
           "Geneviève Brigitte Émilie Mathilde",
           "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel "
           "Lefèvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine "
           "Rousseau Vincent Muller Lefebvre Faure André Mercier Blanc Guérin Boyer Garnier "
           "Chevalier François Legrand Gauthier Perrin Robin Clément Morin Nicolas Henry Roussel "
           "Mathieu Gautier Masson Marchand Duval Denis Dumont Lemaire Noël Meyer Dufour Meunier "
           "Brun Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez "
           "Gérard Roche Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert "
           "Lemoine Renaud Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoît Rey Leclerc "
           "Payet Rolland Leclercq Guillaume Lecomte Lopez Jean Dupuy Guillot Hubert Berger "
           "Carpentier Sanchez Dupuis Moulin Louis Deschamps Huet Vasseur Perez Boucher Fleury "
           "Royer Klein Jacquet Adam Paris Poirier Marty Aubry Guyot Carré Charles Renault "
           "Charpentier Ménard Maillard Baron Bertin Bailly Hervé Schneider Fernandez Le Gall "
           "Collet Léger Bouvier Julien Prévost Millet Perrot Daniel Le Roux Cousin Germain "
           "Breton Besson Langlois Rémy Le Goff Pelletier Lévêque Perrier Leblanc Barré Lebrun "
           "Marchal Weber Mallet Hamon Boulanger Jacob Monnier Michaud Rodriguez Guichard Gillet "
           "Étienne Grondin Poulain Tessier Chevallier Collin Chauvin Da Silva Bouchet Gay "
           "Lemaître Bénard Maréchal Humbert Reynaud Antoine Hoarau Perret Barthélemy Cordier "
           "Pichon Lejeune Gilbert Lamy Delaunay Pasquier Carlier Laporte"),
    "it": (0.05, "IT",
           "Giuseppe Giovanni Antonio Mario Luigi Francesco Angelo Vincenzo Pietro Salvatore "
           "Carlo Franco Domenico Bruno Paolo Michele Giorgio Aldo Sergio Luca Marco Andrea "
           "Alessandro Lorenzo Niccolò Matteo Gianluca Pierpaolo",
           "Maria Anna Giuseppina Rosa Angela Giovanna Teresa Lucia Carmela Caterina Francesca "
           "Antonietta Carla Elena Concetta Rita Margherita Giulia Chiara Federica Alessia "
           "Martina Sara Ilaria Benedetta Raffaella",
           "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo "
           "Conti De Luca Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro "
           "Mariani Rinaldi Caruso Ferrara Galli Martini Leone Longo Gentile Martinelli Vitale "
           "Lombardo Serra Coppola De Santis D'Angelo Marchetti Parisi Villa Conte Ferraro "
           "Ferri Fabbri Bianco Marini Grasso Valentini Messina Sala De Angelis Gatti Pellegrini "
           "Palumbo Sanna Farina Rizzi Monti Cattaneo Morelli Amato Silvestri Mazza Testa "
           "Grassi Pellegrino Carbone Giuliani Benedetti Barone Rossetti Caputo Montanari "
           "Guerra Palmieri Bernardi Martino Fiore De Rosa Ferretti Bellini Basile Riva Donati "
           "Piras Vitali Battaglia Sartori Neri Costantini Milani Pagano Ruggiero Sorrentino "
           "D'Amico Orlando Damico Negri Nicolò Cavallaro"),
    "pl": (0.04, "PL",
           "Piotr Krzysztof Andrzej Tomasz Paweł Jan Michał Marcin Stanisław Jakub Adam Łukasz "
           "Marek Grzegorz Wojciech Mariusz Dariusz Zbigniew Józef Maciej Aleksander Bartłomiej "
           "Przemysław Radosław",
           "Anna Maria Katarzyna Małgorzata Agnieszka Barbara Ewa Krystyna Magdalena Elżbieta "
           "Joanna Aleksandra Monika Zofia Teresa Danuta Natalia Julia Karolina Marta Beata "
           "Dorota Halina Jadwiga Grażyna",
           "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański "
           "Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski "
           "Grabowski Nowakowski Pawłowski Michalski Nowicki Adamczyk Dudek Zając Wieczorek "
           "Jabłoński Król Majewski Olszewski Jaworski Wróbel Malinowski Pawlak Witkowski Walczak "
           "Stępień Górski Rutkowski Michalak Sikora Ostrowski Baran Duda Szewczyk Tomaszewski "
           "Pietrzak Marciniak Wróblewski Zalewski Jakubowski Jasiński Zawadzki Sadowski Bąk "
           "Chmielewski Włodarczyk Borkowski Czarnecki Sawicki Sokołowski Urbański Kubiak "
           "Maciejewski Szczepański Kucharski Wilk Kalinowski Lis Mazurek Wysocki Adamski "
           "Kaźmierczak Wasilewski Sobczak Czerwiński Andrzejewski Cieślak Głowacki Zakrzewski "
           "Kołodziej Sikorski Krajewski Gajewski Szymczak Szulc Baranowski Laskowski Brzeziński "
           "Makowski Ziółkowski Przybylski"),
    "vi": (0.04, "VN",
           "Minh Anh Tuấn Hùng Dũng Hải Nam Long Phong Quang Thành Trung Việt Đức Khoa Huy Bảo "
           "Hiếu Sơn Tài",
           "Linh Lan Hương Thảo Trang Ngọc Mai Hà Thu Hằng Phương Nga Vy Yến Nhung Hạnh Oanh "
           "Quỳnh Diệp Trinh",
           "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trương "
           "Đoàn Lâm Mai Tô Hà Cao Lưu Tạ Châu"),
    "zh": (0.05, "CN",
           "Wei Jie Hao Yang Jun Lei Tao Ming Qiang Jian Bo Chao Peng Hui Gang Yong Xiang Feng "
           "Zhiwei Haoran Zihan Yuchen",
           "Fang Li Na Min Jing Yan Xiu Ying Hua Ling Mei Lan Juan Xia Ping Hong Yun Qian Xin "
           "Xiaoling Yuxin Shuang",
           "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo "
           "Zheng Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai "
           "Jiang Yu Du Ye Cheng Wei Su Lü Ding Ren Lu Yao Shen Zhong Jiang Cui Tan Lu Fan Wang "
           "Liao Shi Jin Jia Xia Fu Fang Zou Xiong Bai Meng Qin Qiu Hou Jiang Yin Xue Yan Duan "
           "Lei Long Li Tao He Mao Hao Gu Gong Shao Wan Qian Yan Tan Wu Dai Mo Kong Xiang Tang"),
    "in": (0.05, "IN",
           "Rahul Amit Rajesh Suresh Sanjay Vijay Anil Sunil Arjun Rohit Vikram Ravi Manoj "
           "Deepak Arun Pradeep Karthik Srinivas Venkatesh Aditya Harsh Nikhil Siddharth Ankit",
           "Priya Sunita Anjali Pooja Neha Kavita Deepa Lakshmi Divya Meena Anita Rekha Shweta "
           "Swati Nisha Aishwarya Kavya Shreya Ananya Sneha Jyoti Ritu",
           "Sharma Kumar Singh Patel Gupta Reddy Rao Iyer Nair Menon Pillai Verma Joshi Mehta "
           "Shah Desai Agarwal Banerjee Chatterjee Mukherjee Das Bose Sen Ghosh Kapoor Malhotra "
           "Khanna Chopra Bhatia Saxena Srivastava Mishra Pandey Tiwari Dubey Yadav Chauhan "
           "Naidu Krishnan Subramanian Venkataraman Raghavan Chandrasekhar Ramachandran"),
    "ar": (0.02, "AE",
           "Mohammed Ahmed Ali Omar Hassan Hussein Khalid Youssef Ibrahim Mahmoud Abdullah "
           "Mustafa Tariq Karim Samir Nabil Walid Rami Fadi Ziad",
           "Fatima Aisha Mariam Nour Layla Sara Huda Yasmin Rania Salma Amira Dina Hana Leila "
           "Noura Reem Zainab Lina Mona Rana",
           "Al-Sayed Hassan Hussein Ali Mohamed Ahmed Ibrahim Mahmoud Abdullah Khalil Haddad "
           "Nasser Saleh Mansour Rahman Aziz Farouk Hamdan Khoury Nassar Qureshi Siddiqui "
           "Al-Farsi Al-Amin El-Masri Bakr Darwish Habib Jaber Karam"),
}

# formal given name -> nicknames people go by (first listed is the most common)
NICKNAMES: dict[str, tuple[str, ...]] = {
    "William": ("Bill", "Will", "Liam", "Billy"), "Robert": ("Bob", "Rob", "Bobby", "Bert"),
    "Jacqueline": ("Jackie", "Jacqui"), "Giuseppe": ("Beppe", "Peppe", "Pino"),
    "Alexander": ("Alex", "Sasha", "Sandy", "Xander"), "Aleksander": ("Olek", "Sasha"),
    "Elizabeth": ("Liz", "Beth", "Betty", "Eliza", "Lisa"), "Margaret": ("Maggie", "Peggy", "Meg"),
    "Katherine": ("Kate", "Kathy", "Katie"), "Catherine": ("Cathy", "Cat", "Kate"),
    "Richard": ("Rick", "Dick", "Rich"), "James": ("Jim", "Jimmy", "Jamie"),
    "Michael": ("Mike", "Mick"), "Christopher": ("Chris", "Topher"),
    "Daniel": ("Dan", "Danny"), "Matthew": ("Matt",), "Anthony": ("Tony",),
    "Joseph": ("Joe", "Joey"), "Thomas": ("Tom", "Tommy"), "Charles": ("Charlie", "Chuck"),
    "Edward": ("Ed", "Ted", "Eddie"), "Timothy": ("Tim",), "Jonathan": ("Jon",),
    "Nicholas": ("Nick", "Nico"), "Benjamin": ("Ben", "Benji"), "Samuel": ("Sam",),
    "Gregory": ("Greg",), "Patrick": ("Pat", "Paddy"), "Lawrence": ("Larry",),
    "Jennifer": ("Jen", "Jenny"), "Patricia": ("Patty", "Trish", "Pat"),
    "Barbara": ("Babs",), "Susan": ("Sue", "Suzy"), "Jessica": ("Jess",),
    "Deborah": ("Debbie", "Deb"), "Rebecca": ("Becky", "Becca"), "Kimberly": ("Kim",),
    "Samantha": ("Sam",), "Victoria": ("Vicky", "Tori"), "Christina": ("Tina", "Chrissy"),
    "Abigail": ("Abby",), "Pamela": ("Pam",), "Dorothy": ("Dot", "Dottie"),
    "Frances": ("Fran",), "Judith": ("Judy",), "Zachary": ("Zach",), "Jeffrey": ("Jeff",),
    "Francisco": ("Paco", "Pancho", "Curro"), "José": ("Pepe",), "Manuel": ("Manolo",),
    "Dolores": ("Lola",), "Guadalupe": ("Lupe",), "Concepción": ("Concha",),
    "Ignacio": ("Nacho",), "Jesús": ("Chucho",), "Enrique": ("Quique",),
    "Francesco": ("Franco", "Cesco"), "Giovanni": ("Gianni", "Nino"), "Salvatore": ("Totò",),
    "Domenico": ("Mimmo",), "Vincenzo": ("Enzo",), "Antonio": ("Toni", "Totò"),
    "Johannes": ("Hannes",), "Wolfgang": ("Wolf",), "Matthias": ("Matze",),
    "Katharina": ("Kathi", "Katja"), "Franziska": ("Franzi",), "Stefanie": ("Steffi",),
    "Małgorzata": ("Gosia",), "Katarzyna": ("Kasia",), "Aleksandra": ("Ola",),
    "Stanisław": ("Staszek",), "Wojciech": ("Wojtek",), "Józef": ("Józek",),
    "Francisca": ("Chica",), "Antônio": ("Tonho",), "Eduardo": ("Dudu",),
    "Mohammed": ("Mo", "Hamoudi"), "Abdullah": ("Abdu",), "Ibrahim": ("Ibo",),
    "Venkatesh": ("Venky",), "Srinivas": ("Srini",), "Aishwarya": ("Ash",),
}

TITLES = ("Software Engineer", "Senior Software Engineer", "Product Manager", "Account Executive",
          "Sales Director", "Marketing Manager", "Data Scientist", "CFO", "Chief Executive Officer",
          "Founder", "Co-founder & CTO", "HR Business Partner", "Recruiter", "Consultant",
          "Project Manager", "Analyst", "Designer", "Teacher", "Nurse", "Attorney",
          "Operations Lead", "VP Engineering", "Head of Partnerships", "Research Scientist",
          "Ingeniero de Software", "Gerente Comercial", "Entwickler", "Vertriebsleiter",
          "Chef de projet", "Responsabile Vendite", "Kierownik Projektu", "Giám đốc")
CREDENTIALS = ("MBA", "PhD", "CPA", "PMP", "MD", "P.Eng.", "CFA")

ORG_WORDS = ("Cyberdyne Northwind Globex Initech Umbrella Hooli Vandelay Stark Wayne Tyrell "
             "Soylent Acme Wonka Aperture Massive Dynamic Oscorp Gringotts Nakatomi Monarch "
             "Blue Sun Virtucon Zorg Ingen Weyland Yoyodyne Cogswell Spacely Sirius Axiom Omni "
             "Helios Boreal Atlas Meridian Vertex Quantum Nimbus Solaris Lumen Orbital Halcyon "
             "Cobalt Granite Willow Harbor Summit Beacon Keystone Pioneer Evergreen Falcon "
             "Sterling Crescent Zenith Pinnacle Cascade Redwood Ironclad Silverline Brightwater "
             "Tecnologías Soluções Müller Bäckerei Société Générale Fratelli Polskie Sao Viet "
             "Hua Tata Infotech Emirates Nile Andes Iberia Lusitania Baltic Rhein Loire Tevere "
             "Vistula Mekong Yangtze Ganges Sahara").split()
ORG_SUFFIX = {"US": ("Inc.", "Corp.", "LLC", "Systems", "Labs", "Group", "Partners", "Technologies"),
              "ES": ("S.A.", "S.L.", "Grupo"), "BR": ("Ltda.", "S.A."), "DE": ("GmbH", "AG", "KG"),
              "FR": ("SAS", "SA", "SARL"), "IT": ("S.p.A.", "S.r.l."), "PL": ("Sp. z o.o.", "S.A."),
              "VN": ("JSC", "Co., Ltd"), "CN": ("Co., Ltd.", "Group"), "IN": ("Pvt Ltd", "Ltd"),
              "AE": ("LLC", "FZE")}
TLD = {"US": (".com", ".io", ".ai", ".net"), "ES": (".es", ".com"), "BR": (".com.br",),
       "DE": (".de",), "FR": (".fr",), "IT": (".it",), "PL": (".pl",), "VN": (".vn", ".com.vn"),
       "CN": (".cn", ".com.cn"), "IN": (".in", ".co.in"), "AE": (".ae",)}
MAIL_DOMAINS = {"US": ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com",
                       "aol.com", "comcast.net", "proton.me"),
                "ES": ("gmail.com", "hotmail.es", "yahoo.es", "telefonica.net"),
                "BR": ("gmail.com", "hotmail.com", "uol.com.br", "bol.com.br"),
                "DE": ("gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de"),
                "FR": ("orange.fr", "free.fr", "gmail.com", "laposte.net", "sfr.fr"),
                "IT": ("libero.it", "gmail.com", "alice.it", "virgilio.it"),
                "PL": ("wp.pl", "onet.pl", "interia.pl", "gmail.com", "o2.pl"),
                "VN": ("gmail.com", "yahoo.com.vn"), "CN": ("qq.com", "163.com", "126.com", "sina.com"),
                "IN": ("gmail.com", "rediffmail.com", "yahoo.co.in"),
                "AE": ("gmail.com", "hotmail.com", "eim.ae")}

# country -> (cities, street names, street word, postcode shape: 9 = digit, A = letter)
PLACES: dict[str, tuple[str, str, str, str]] = {
    "US": ("Springfield|Portland|Austin|Denver|Boston|Seattle|Chicago|Madison|Raleigh|Tucson",
           "Maple|Oak|Pine|Cedar|Elm|Washington|Lake|Hill|Park|Sunset|Lincoln|Jefferson",
           "{n} {s} {w}|St|Ave|Rd|Blvd|Lane", "99999"),
    "ES": ("Madrid|Barcelona|Valencia|Sevilla|Zaragoza|Málaga|Bilbao|A Coruña|Córdoba",
           "Mayor|de Alcalá|Gran Vía|del Sol|de la Constitución|San Martín|Real",
           "{w} {s}, {n}|Calle|Avenida|Plaza", "99999"),
    "BR": ("São Paulo|Rio de Janeiro|Belo Horizonte|Brasília|Curitiba|Porto Alegre|Salvador",
           "das Flores|Paulista|Brasil|São João|XV de Novembro|Santos Dumont",
           "{w} {s}, {n}|Rua|Avenida|Travessa", "99999-999"),
    "DE": ("Berlin|München|Köln|Hamburg|Frankfurt am Main|Düsseldorf|Stuttgart|Nürnberg",
           "Haupt|Bahnhof|Schul|Garten|Kirch|Berg|Linden|Goethe|Schiller",
           "{s}{w} {n}|straße|weg|gasse|allee", "99999"),
    "FR": ("Paris|Lyon|Marseille|Toulouse|Nice|Nantes|Strasbourg|Montpellier|Besançon",
           "de la République|Victor Hugo|des Écoles|du Général Leclerc|Pasteur|de la Gare",
           "{n} {w} {s}|rue|avenue|boulevard|place", "99999"),
    "IT": ("Roma|Milano|Napoli|Torino|Palermo|Genova|Bologna|Firenze|Forlì",
           "Roma|Garibaldi|Mazzini|Cavour|Dante|Verdi|Vittorio Emanuele",
           "{w} {s} {n}|Via|Viale|Piazza|Corso", "99999"),
    "PL": ("Warszawa|Kraków|Łódź|Wrocław|Poznań|Gdańsk|Szczecin|Lublin|Białystok",
           "Kościuszki|Mickiewicza|Słowackiego|Długa|Polna|Leśna|Ogrodowa",
           "{w} {s} {n}|ul.|al.", "99-999"),
    "VN": ("Hà Nội|Hồ Chí Minh|Đà Nẵng|Hải Phòng|Cần Thơ|Huế|Nha Trang",
           "Lê Lợi|Trần Hưng Đạo|Nguyễn Huệ|Hai Bà Trưng|Lý Thường Kiệt",
           "{n} {w} {s}|Đường|Phố", "999999"),
    "CN": ("Beijing|Shanghai|Guangzhou|Shenzhen|Chengdu|Hangzhou|Wuhan|Nanjing",
           "Zhongshan|Renmin|Jiefang|Heping|Jianshe|Nanjing",
           "{n} {s} {w}|Road|Street|Avenue", "999999"),
    "IN": ("Mumbai|Delhi|Bengaluru|Hyderabad|Chennai|Kolkata|Pune|Ahmedabad",
           "MG|Station|Gandhi|Nehru|Church|Brigade|Park",
           "{n}, {s} {w}|Road|Marg|Street", "999999"),
    "AE": ("Dubai|Abu Dhabi|Sharjah|Al Ain|Ajman",
           "Sheikh Zayed|Al Wasl|Jumeirah|Al Khaleej|Hamdan",
           "{n} {s} {w}|Road|Street", ""),
}

# country -> (calling code, mobile prefixes, national number length, landline prefixes, length).
# A prefix "206:23456789" stands for 2062 ... 2069; every number these make was checked valid
# with phonenumbers' metadata (kith calls invalid numbers invalid, as a phone would).
PHONES: dict[str, tuple[str, str, int, str, int]] = {
    "US": ("1", "206:23456789 312:23456789 415:23456789 617:23456789 646:23456789 512:23456789 303:23456789 919:23456789", 10,
           "212:23456789 202:23456789 213:23456789 305:23456789 404:23456789 602:23456789", 10),
    "ES": ("34", "6:0123456789 71:0123456789 72:0123456789 73:0123456789 74:0123456789", 9,
           "91:0123456789 93:0123456789 95:0123456789", 9),
    "BR": ("55", "119:0123456789 219:0123456789 319:0123456789 419:0123456789", 11,
           "113:0123456789 213:0123456789 313:0123456789", 10),
    "DE": ("49", "151:0123456789 152:0123456789 160:0123456789 170:0123456789 171:0123456789 176:0123456789", 11,
           "30:0123456789 89:0123456789 40:0123456789", 10),
    "FR": ("33", "6:01245678 75:0123456789 76:0123456789 77:0123456789 78:0123456789", 9,
           "1:0123456789 4:123456789 5:012345678", 9),
    "IT": ("39", "320:0123456789 333:0123456789 347:0123456789 348:0123456789 366:0123456789", 10,
           "06:0123456789 02:0123456789", 10),
    "PL": ("48", "50:0123456789 60:0123456789 69:0123456789 78:0123456789 88:0123456789", 9,
           "22:0123456789 12:0123456789 61:0123456789", 9),
    "VN": ("84", "90:0123456789 91:0123456789 98:0123456789 97:0123456789", 9,
           "24:2345678 28:23456789", 10),
    "CN": ("86", "138:0123456789 139:0123456789 135:0123456789 186:0123456789 150:0123456789", 11,
           "10:2345679 21:2345679", 10),
    "IN": ("91", "98:0123456789 99:0123456789 97:0123456789 94:0123456789 70:0123456789", 10,
           "11:234567 22:2345679 80:0123456789", 10),
    "AE": ("971", "50:0123456789 52:0123456789 55:0123456789 56:0123456789", 9,
           "4:2345678 2:2345678", 8),
}


def prefixes(spec: str) -> tuple[str, ...]:
    return tuple(base + d for tok in spec.split() for base, digits in [tok.split(":")] for d in digits)


_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O",
                       "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i"})


def ascii_fold(s: str) -> str:
    """'Łukasz Wójcik' -> 'Lukasz Wojcik' (what a mail system or an old CRM makes of it)."""
    s = unicodedata.normalize("NFKD", s.translate(_FOLD))
    return "".join(c for c in s if not unicodedata.combining(c)).encode("ascii", "ignore").decode()


def zipf_weights(n: int, s: float = 1.0) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


_ONSET = ("b br c ch d dr f g gr h j k kl l m n p pr r s sch sh st t tr v w z ".split()
          + ["", "", ""])
_NUCLEUS = "a e i o u au ei ia oa ou y".split()
_CODA = ("ber berg baum bel dorf eld er field ford gaard ham hart holm ker land ley lin "
         "man mond ner nik ov rud sen son ski stad stein ter ton vik well wick zak").split()


def rare_surnames(rng: np.random.Generator, n: int) -> list[str]:
    """`n` distinct composed surnames ('Korfaard', 'Kabelham'): the long tail of rare names."""
    out: set[str] = set()
    while len(out) < n:
        k = max(n - len(out), 64) * 2
        a = rng.choice(_ONSET, k)
        b = rng.choice(_NUCLEUS, k)
        c = rng.choice(_ONSET, k)
        d = rng.choice(_NUCLEUS, k)
        e = rng.choice(_CODA, k)
        two = rng.random(k) < 0.5
        for i in range(k):
            stem = a[i] + b[i] + (c[i] + d[i] if two[i] else "") + e[i]
            out.add(stem.capitalize())
            if len(out) >= n:
                break
    return sorted(out)[:n]
