"""gen6 name tables: frequency-weighted names compiled from memory, per culture.

Why weighted tables and not a flat list: real address books are dominated by a few
very common names (namesakes) and a long tail of rare ones; dedupe errors live at both
ends (common surname -> false merges, rare nickname -> missed merges). Weights below are
approximate shares per 100,000 (US 2010 census surnames, SSA given names by birth decade,
national statistics for the others), written down from memory, so only the shape matters.
"""

from __future__ import annotations

import random


def table(text: str) -> list[tuple[str, float]]:
    """'Smith:828 Johnson:655 Lee' -> [(name, weight)]; a missing weight means Zipf rank."""
    out = []
    for rank, tok in enumerate(text.split()):
        name, _, w = tok.partition(":")
        out.append((name.replace("_", " "), float(w) if w else 100.0 / (rank + 1)))
    return out


US_SURNAMES = table(
    "Smith:828 Johnson:655 Williams:550 Brown:487 Jones:483 Miller:424 Davis:399 Wilson:275 "
    "Anderson:272 Thomas:263 Taylor:256 Moore:245 Jackson:244 Martin:240 Lee:232 Thompson:222 "
    "White:219 Harris:197 Clark:180 Lewis:171 Robinson:170 Walker:168 Young:157 Allen:156 "
    "King:155 Wright:154 Scott:145 Hill:142 Green:140 Adams:138 Nelson:138 Baker:137 Hall:133 "
    "Campbell:125 Mitchell:124 Carter:124 Roberts:124 Phillips:110 Evans:109 Turner:108 "
    "Parker:102 Collins:98 Edwards:97 Stewart:97 Morris:93 Murphy:91 Cook:90 Rogers:89 "
    "Morgan:84 Cooper:82 Peterson:82 Bailey:81 Reed:81 Kelly:80 Howard:79 Cox:76 Ward:76 "
    "Richardson:76 Watson:75 Brooks:75 Wood:73 James:73 Bennett:72 Gray:72 Hughes:70 Price:70 "
    "Myers:69 Long:69 Foster:69 Sanders:69 Ross:68 Powell:66 Sullivan:66 Russell:65 Fisher:63 "
    "Henderson:62 Coleman:62 Simmons:62 Patterson:62 Jordan:62 Reynolds:61 Hamilton:61 "
    "Graham:60 Wallace:60 Griffin:60 West:59 Cole:59 Hayes:58 Bryant:58 Gibson:57 Ellis:57 "
    "Stevens:56 Murray:56 Ford:56 Marshall:55 Owens:55 McDonald:55 Harrison:55 Kennedy:54 "
    "Wells:54 Alexander:53 Butler:52 Barnes:52 Fleming:30 Schmidt:49 Schneider:30 Meyer:40 "
    "Weber:25 Hoffman:38 Becker:27 Wagner:35 Kowalczyk:6 O'Brien:30 O'Connor:28 McCarthy:25 "
    "MacDonald:12 Rossi:10 Russo:14 Esposito:9 Romano:9 Costello:8 DeLuca:8 Ahn:8 Kim:130 "
    "Park:60 Choi:20 Nakamura:8 Tanaka:8 Yamamoto:7 Cohen:40 Levy:15 Friedman:15 Goldberg:14 "
    "Katz:10 Novak:8 Horvath:7 Larsen:12 Olsen:20 Hansen:25 Johansson:4 Lindqvist:2"
)

# deep tail: built from English/German/Irish place-name and trade elements, so every set
# has thousands of rare surnames (60 % of Americans carry one outside the top 1,000)
_TAIL_HEAD = (
    "Ash Brad Cal Dun Ers Fair Gil Hal Kings Lang Mar Nor Pem Rad Sel Thorn Wal Whit Ald Bur "
    "Cran Elm Fen Gold Hart Holl Kett Lind Mill Oak Pen Ray Stan Tal Wex Yar Brom Chad Dal Hux "
    "Kirk Lock Mer Nash Pres Rid Sand Tren Ux Vick Wick Ber Hock Stroh Kell Bran Kreutz Lom"
).split()
_TAIL_END = (
    "ley ton wood field ford by ham well more worth stone croft dale hurst brook wick man "
    "er son bury ridge cott land mann berg stein hardt ing ow sby thwaite gate nell"
).split()


def tail_surnames(n: int = 6000) -> list[tuple[str, float]]:
    rng = random.Random(6_000_006)
    seen: dict[str, None] = {}
    heads, ends = _TAIL_HEAD, _TAIL_END
    while len(seen) < min(n, len(heads) * len(ends) * 3):
        name = rng.choice(heads) + rng.choice(ends)
        if rng.random() < 0.35:  # a third syllable gives the long, rare names
            name = rng.choice(heads) + rng.choice(("a", "e", "i", "o")) + rng.choice(ends)
        seen[name.capitalize()] = None
    return [(s, 30.0 / (r + 40)) for r, s in enumerate(seen)]


US_GIVEN = {  # decade -> (male, female), SSA-like tops then a longer common tail
    1950: ("James Michael Robert John David William Richard Thomas Mark Charles Gary Larry "
           "Donald Kenneth Ronald Steven Joseph Edward Paul Dennis Douglas Frank Raymond",
           "Mary Linda Patricia Susan Deborah Barbara Debra Karen Nancy Donna Cynthia Sandra "
           "Pamela Sharon Kathleen Carol Diane Brenda Margaret Janet Elizabeth Judith Peggy"),
    1960: ("Michael David John James Robert Mark William Richard Thomas Jeffrey Steven "
           "Joseph Timothy Kevin Scott Brian Charles Paul Daniel Christopher Kenneth Anthony",
           "Mary Lisa Susan Karen Kimberly Patricia Linda Donna Michelle Cynthia Sandra "
           "Deborah Tammy Pamela Lori Laura Elizabeth Julie Brenda Jennifer Katherine Teresa"),
    1970: ("Michael Christopher Jason David James John Robert Brian William Matthew Joseph "
           "Daniel Kevin Eric Jeffrey Richard Scott Mark Steven Thomas Timothy Anthony Charles",
           "Jennifer Amy Melissa Michelle Kimberly Lisa Angela Heather Stephanie Nicole "
           "Jessica Elizabeth Rebecca Kelly Mary Christina Amanda Julie Sarah Laura Katherine"),
    1980: ("Michael Christopher Matthew Joshua David James Daniel Robert John Joseph Jason "
           "Justin Andrew Ryan William Brian Jonathan Brandon Nicholas Anthony Eric Adam Kevin",
           "Jessica Jennifer Amanda Ashley Sarah Stephanie Melissa Nicole Elizabeth Heather "
           "Tiffany Michelle Amber Megan Amy Rachel Kimberly Christina Lauren Crystal Katherine"),
    1990: ("Michael Christopher Matthew Joshua Jacob Nicholas Andrew Daniel Tyler Joseph "
           "Brandon David James Ryan John Zachary Justin William Anthony Robert Jonathan Kyle",
           "Jessica Ashley Emily Sarah Samantha Amanda Brittany Elizabeth Taylor Megan Hannah "
           "Kayla Lauren Stephanie Rachel Jennifer Nicole Alexis Victoria Amber Alyssa Courtney"),
    2000: ("Jacob Michael Joshua Matthew Daniel Christopher Andrew Ethan Joseph William "
           "Anthony Alexander David Ryan Nicholas Tyler James John Jonathan Noah Brandon Liam",
           "Emily Madison Emma Olivia Hannah Abigail Isabella Samantha Elizabeth Ashley Alexis "
           "Sarah Sophia Alyssa Grace Ava Taylor Brianna Lauren Chloe Natalie Kayla Jacqueline"),
}
DECADES = table("1950:10 1960:17 1970:20 1980:23 1990:22 2000:8")


def _g(male: str, female: str) -> dict[str, list[tuple[str, float]]]:
    return {"M": table(male), "F": table(female)}


CULTURES = {  # key: (share, given tables or None for US decades, surname table, home region)
    "us": (0.50, None, US_SURNAMES, "US"),
    "hisp": (0.08, _g(
        "José Juan Luis Carlos Jesús Francisco Miguel Antonio Jorge Alejandro Manuel Pedro "
        "Ricardo Javier Eduardo Roberto Fernando Raúl Sergio Guillermo",
        "María Guadalupe Rosa Ana Carmen Claudia Verónica Patricia Laura Gabriela Adriana "
        "Leticia Alejandra Mónica Sandra Teresa Lucía Isabel Dolores Elena"),
     table("García:470 Rodríguez:378 Martínez:371 Hernández:362 López:306 González:297 "
           "Pérez:225 Sánchez:196 Ramírez:179 Torres:144 Flores:141 Rivera:131 Gómez:119 "
           "Díaz:114 Reyes:105 Morales:103 Cruz:95 Ortiz:92 Gutiérrez:89 Chávez:87 Ramos:85 "
           "Ruiz:78 Álvarez:75 Mendoza:74 Castillo:70 Jiménez:69 Vásquez:66 Moreno:64 "
           "Romero:64 Herrera:62 Medina:60 Aguilar:57 Vargas:55 Guzmán:45 Márquez:30 "
           "Salazar:40 Delgado:40 Soto:35 Contreras:34 Villanueva:20 Espinoza:30 Fuentes:25"),
     "US"),
    "uk": (0.06, _g(
        "Oliver Jack Harry George Charlie Thomas James William Daniel Matthew Gareth Rhys "
        "Alistair Callum Ewan Niall Rory Hamish Nigel Graham Simon Ian",
        "Olivia Amelia Emily Sophie Jessica Charlotte Lucy Hannah Siobhan Niamh Fiona Rebecca "
        "Victoria Eleanor Harriet Imogen Bethan Gemma Kirsty Joanne Claire"),
     table("Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts "
           "Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke "
           "Patel Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker "
           "Harrison Morgan Allen Scott Phillips Watson Parker Price Bennett Griffiths Kelly "
           "Khan Marshall Simpson Ellis Singh Begum Wilkinson Chapman Powell Webb Ali Hussain "
           "Lloyd Fitzgerald McLeod Ffrench Cholmondeley Featherstonehaugh Llewellyn Pritchard"),
     "GB"),
    "in": (0.09, _g(
        "Rahul Amit Rajesh Sanjay Vikram Arjun Rohan Aditya Suresh Venkatesh Srinivas Prakash "
        "Anil Sunil Karthik Deepak Vijay Ravi Manish Nikhil Pradeep Subramanian Harish",
        "Priya Pooja Anjali Neha Divya Kavya Sneha Lakshmi Deepa Swati Shreya Ananya Meera "
        "Sunita Aishwarya Nandini Revathi Padmavathi Bhavana"),
     table("Patel:300 Sharma:250 Singh:240 Kumar:230 Gupta:120 Shah:100 Reddy:90 Rao:85 Iyer:40 "
           "Nair:45 Menon:30 Joshi:50 Desai:40 Mehta:45 Agarwal:40 Verma:40 Jain:45 Pillai:25 "
           "Krishnan:30 Subramanian:25 Venkataraman:12 Chatterjee:20 Banerjee:20 Mukherjee:20 "
           "Das:40 Ghosh:25 Bose:15 Kulkarni:20 Deshpande:15 Naidu:15 Chopra:15 Kapoor:20 "
           "Malhotra:15 Bhat:15 Hegde:10 Shetty:12 Srinivasan:20 Raghavan:10 Chaudhary:20 "
           "Mishra:30 Pandey:25 Tiwari:20 Yadav:25 Ramakrishnan:8 Balasubramaniam:5"),
     "IN"),
    "ng": (0.04, _g(
        "Chukwuemeka Oluwaseun Babatunde Adebayo Chinedu Ifeanyi Olumide Uchenna Obinna "
        "Oluwatobi Ibrahim Musa Abubakar Emmanuel Samuel Daniel",
        "Olufunmilayo Ngozi Chiamaka Adaeze Folake Yetunde Blessing Precious Chidinma Aisha "
        "Fatima Temitope Oluwakemi Funke Grace"),
     table("Okafor Okonkwo Adeyemi Ogunleye Eze Nwosu Balogun Bello Abubakar Ibrahim Okeke "
           "Adebayo Olawale Nwachukwu Onyekachi Afolabi Oyelaran Chukwu Obi Uzor Akinola "
           "Adewale Okoro Egwu Danjuma Oyelowo Olatunji Ogundipe"),
     "NG"),
    "br": (0.05, _g(
        "João José Antônio Francisco Carlos Paulo Pedro Lucas Luiz Marcos Gabriel Rafael "
        "Daniel Marcelo Bruno Eduardo Felipe Rodrigo Gustavo Thiago",
        "Maria Ana Francisca Antônia Adriana Juliana Márcia Fernanda Patrícia Aline Camila "
        "Amanda Bruna Gabriela Letícia Luciana Vanessa"),
     table("Silva:1100 Santos:700 Oliveira:550 Souza:500 Rodrigues:380 Ferreira:370 Alves:360 "
           "Pereira:350 Lima:330 Gomes:300 Costa:250 Ribeiro:240 Martins:230 Carvalho:220 "
           "Almeida:200 Lopes:180 Soares:170 Fernandes:160 Vieira:150 Barbosa:150 Rocha:140 "
           "Dias:130 Nascimento:120 Andrade:110 Moreira:100 Nunes:95 Marques:90 Machado:85 "
           "Mendes:80 Freitas:75 Cardoso:70 Ramos:65 Gonçalves:60 Santana:55 Teixeira:50"),
     "BR"),
    "pl": (0.04, _g(
        "Piotr Krzysztof Andrzej Tomasz Paweł Michał Marcin Jakub Łukasz Grzegorz Wojciech "
        "Mateusz Adam Marek Aleksander",
        "Anna Maria Katarzyna Małgorzata Agnieszka Barbara Ewa Krystyna Magdalena Joanna "
        "Aleksandra Monika Zofia"),
     table("Nowak:270 Kowalski:180 Wiśniewski:140 Wójcik:120 Kowalczyk:115 Kamiński:110 "
           "Lewandowski:105 Zieliński:100 Szymański:98 Woźniak:97 Dąbrowski:95 Kozłowski:85 "
           "Jankowski:75 Mazur:73 Kwiatkowski:71 Krawczyk:70 Piotrowski:66 Grabowski:65 "
           "Nowakowski:63 Pawłowski:62 Michalski:61 Król:60 Wieczorek:55 Jabłoński:55 "
           "Wróbel:54 Majewski:52 Olszewski:51 Stępień:50 Malinowski:49 Jaworski:48 "
           "Brzęczyszczykiewicz:1"),
     "PL"),
    "vn": (0.03, _g(
        "Anh Minh Huy Hoàng Tuấn Dũng Hùng Long Nam Quang Khoa Phúc Bảo Đức",
        "Thảo Linh Trang Hương Lan Ngọc Phương Hà Mai Thu Vy Nhung Hạnh"),
     table("Nguyễn:3800 Trần:1100 Lê:950 Phạm:700 Hoàng:510 Huỳnh:300 Phan:450 Vũ:390 Võ:300 "
           "Đặng:210 Bùi:200 Đỗ:140 Hồ:130 Ngô:130 Dương:100 Lý:50"),
     "VN"),
    "cn": (0.05, _g(
        "Wei Qiang Lei Jun Yang Yong Jie Tao Ming Chao Hao Yu Jian Zhiwei Xiaoming Jiahao "
        "Haoran Yuxuan Zihao Bo",
        "Fang Na Min Jing Li Yan Xiuying Xia Ping Hui Xin Yi Ying Xiaoling Jiayi Zihan Yuting"),
     table("Wang:710 Li:700 Zhang:670 Liu:540 Chen:450 Yang:310 Huang:220 Zhao:210 Wu:200 "
           "Zhou:190 Xu:150 Sun:150 Ma:130 Zhu:130 Hu:120 Guo:120 He:120 Gao:100 Lin:100 "
           "Luo:90 Zheng:90 Liang:80 Xie:70 Song:60 Tang:60 Han:50 Feng:50 Deng:50 Cao:45 "
           "Peng:45 Zeng:40 Xiao:40 Tian:40 Dong:40 Pan:35 Yuan:35 Ouyang:3 Situ:1"),
     "CN"),
    "nl": (0.02, _g("Jan Pieter Sander Maarten Bram Joost Willem Thijs Ruud Hendrik",
                    "Femke Anouk Sanne Lotte Eva Marieke Ingrid Fleur Annelies"),
     table("de_Jong:80 de_Vries:70 van_den_Berg:60 van_Dijk:55 Bakker:50 Janssen:50 Visser:45 "
           "Smit:45 Meijer:40 de_Boer:38 Mulder:37 de_Groot:36 Bos:35 Vos:34 Peters:33 "
           "Hendriks:32 van_Leeuwen:30 Dekker:29 Brouwer:28 de_Wit:27 van_der_Meer:26 "
           "van_der_Linden:24 van_den_Heuvel:22 ter_Horst:8 von_Bülow:3"),
     "NL"),
    "ar": (0.04, _g("Mohammed Ahmed Ali Omar Youssef Khalid Hassan Tariq Karim Ibrahim Faisal",
                    "Fatima Aisha Layla Noor Mariam Yasmin Salma Huda Rania Zainab"),
     table("al-Rashid Al_Mansouri bin_Salleh El-Amin Haddad Khoury Nasser Saleh "
           "bin_Abdullah Hussein al-Farsi Abdullah Rahman Qureshi Siddiqui Haddadin al-Hashimi"),
     "AE"),
}

# diminutives people actually store in phones (canonical -> forms); both directions are used
NICKNAMES = {
    "Katherine": "Kate Katie Kathy Kat Kit", "Charles": "Chuck Charlie Chas",
    "Margaret": "Peggy Maggie Meg Marge", "Robert": "Bob Rob Bobby Robbie",
    "William": "Bill Will Liam Billy", "Alexander": "Sasha Alex Xander Sandy",
    "Aleksander": "Olek Aleks", "Aleksandra": "Ola Sasza", "José": "Pepe Chepe",
    "Francisco": "Paco Pancho Kiko", "Jakub": "Kuba", "Elizabeth": "Liz Beth Betsy Eliza Lisa",
    "Richard": "Dick Rich Rick Richie", "James": "Jim Jimmy Jamie", "Michael": "Mike Mikey",
    "Jennifer": "Jen Jenny", "Christopher": "Chris Topher", "Patricia": "Pat Patty Trish",
    "Anthony": "Tony Ant", "Edward": "Ted Ed Eddie Ned", "John": "Jack Johnny",
    "Susan": "Sue Suzy", "Deborah": "Debbie Deb", "Debra": "Debbie Deb", "Joseph": "Joe Joey",
    "Thomas": "Tom Tommy", "Daniel": "Dan Danny", "Matthew": "Matt", "Nicholas": "Nick Nico",
    "Andrew": "Andy Drew", "Jacqueline": "Jackie Jacqui", "Kimberly": "Kim",
    "Jonathan": "Jon Jonny", "Timothy": "Tim", "Steven": "Steve", "Samantha": "Sam",
    "Rebecca": "Becky Becca", "Victoria": "Vicky Tori", "Abigail": "Abby", "Zachary": "Zach",
    "Benjamin": "Ben", "Donald": "Don Donnie", "Ronald": "Ron Ronnie", "Kenneth": "Ken Kenny",
    "Gregory": "Greg", "Jeffrey": "Jeff", "Pamela": "Pam", "Cynthia": "Cindy",
    "Teresa": "Terri Tess", "Kathleen": "Kathy Kath", "Judith": "Judy", "Douglas": "Doug",
    "Raymond": "Ray", "Frank": "Frankie", "Stephanie": "Steph", "Christina": "Tina Chrissy",
    "Alexis": "Lexi", "Natalie": "Nat", "Courtney": "Court", "Kayla": "Kay",
    "Małgorzata": "Gosia Małgosia", "Katarzyna": "Kasia Kaśka", "Wojciech": "Wojtek",
    "Krzysztof": "Krzysiek", "Magdalena": "Magda", "Joanna": "Asia", "Agnieszka": "Aga",
    "Zofia": "Zosia", "Grzegorz": "Grzesiek", "Piotr": "Piotrek", "Paweł": "Pawełek",
    "Giuseppe": "Beppe Peppe", "Antônio": "Toninho Tonho", "Fernanda": "Nanda Fê",
    "Gabriela": "Gabi", "Rafael": "Rafa", "Eduardo": "Edu Dudu", "Guillermo": "Memo Guille",
    "Guadalupe": "Lupe Lupita", "Jesús": "Chuy", "Alejandro": "Alex Ale", "Dolores": "Lola",
    "Manuel": "Manolo Manny", "Venkatesh": "Venky", "Subramanian": "Subbu Mani",
    "Rajesh": "Raj", "Srinivas": "Srini Cheenu", "Lakshmi": "Lux", "Padmavathi": "Padma",
    "Chukwuemeka": "Emeka", "Oluwaseun": "Seun", "Babatunde": "Tunde", "Olufunmilayo": "Funmi",
    "Chiamaka": "Amaka Chi", "Adaeze": "Ada", "Oluwatobi": "Tobi", "Uchenna": "Uche",
    "Oluwakemi": "Kemi", "Temitope": "Tope", "Ifeanyi": "Ify", "Mohammed": "Mo Moe Hamoudi",
    "Youssef": "Joe", "Ibrahim": "Ibo", "Hendrik": "Henk", "Willem": "Wim", "Johannes": "Hans",
    "Annelies": "Anneke", "Xiaoming": "Ming", "Hamish": "Hamie", "Eleanor": "Ellie Nell",
    "Alistair": "Ali", "Callum": "Cal", "Jessica": "Jess Jessie", "Olivia": "Liv",
    "Emily": "Em Emmy", "Isabella": "Bella Izzy", "Sophia": "Sophie", "Madison": "Maddie",
}
NICKNAMES_SPLIT = {k: v.split() for k, v in NICKNAMES.items()}

# English names taken by Chinese / Vietnamese people at work ("Kevin Zhang")
ADOPTED = table("Kevin Jason Eric Tony Frank Jack Leo Vincent Peter David Vivian Grace Cindy "
                "Jenny Amy Helen Annie Cathy Sunny Lily Tina Joyce")
ARABIC_TRANSLIT = {"Mohammed": ["Muhammad", "Mohamed", "Mohammad", "Mohd"],
                   "Youssef": ["Yusuf", "Youssef", "Yousef"], "Hussein": ["Hussain", "Husein"],
                   "Khalid": ["Khaled"], "Omar": ["Umar"], "Aisha": ["Ayesha", "Aicha"]}
VN_MIDDLE = {"M": table("Văn:60 Đức:15 Minh:15 Quốc:10 Thanh:8"),
             "F": table("Thị:70 Ngọc:12 Thanh:10 Thu:8 Minh:5")}
