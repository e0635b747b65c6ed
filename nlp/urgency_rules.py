"""Danger lexicon for urgency ``cao`` (patterns over folded text, so accents do not matter).

Each pattern stands for a danger to life or safety as defined in the taxonomy: collapse, live or
fallen wires, deep flooding, a hole that has already made people fall, broken dikes, fire. The list
errs on the side of recall: staff see the matched phrase and can lower the level.
"""

from __future__ import annotations

import re

_N = r"(?:\w+\s+){0,4}"  # up to three words in between

CAO_PATTERNS: tuple[str, ...] = (
    # collapse, landslide, subsidence
    r"(?:bi|da|vua|co|nguy co|de|sap)\s+sap",
    r"sap\s+(?:cau|nha|tuong|mai|nhip|tran|ham|ke|mot|xuong|do|roi|hoan toan)",
    r"(?:cau|nha|tuong|mai|nhip|tran|ham|ke|tru|mo)\s+(?:\w+\s+)?(?:sap|do sap|sup do)",
    r"do sap|sup do|sap do|sut sap|nut toac|nut dam|nut tru|nut (?:doc|ngang) than",
    r"sat lo|sat taluy|sat dat|sat da|sat mat|sat tiep|sat (?:mot|nua)|lo dat|da lan|da roi",
    r"sut lun|lun sut|ho sut|sut (?:ho|xuong|mot|lo|chan|banh)|xoi lo|xoi mat|hang sau|sut mo",
    r"gay (?:nhip|tru|dam|lan can|mot nhip)|lan can\s+(?:\w+\s+)?gay|dut (?:cap treo|\w+ soi cap)",
    r"cau\s+" + _N + r"(?:gay|nghieng|vong|lac manh|thung|dut)",
    r"mat cau\s+" + _N + r"(?:thung|vong|nghieng|nut)",
    r"vong xuong|nghieng han|nghieng (?:\w+\s+)?sap|sap do|sap sap|sap do",
    # water: deep flooding, currents, dikes and dams
    r"cuon troi|nuoc cuon|lu cuon|lu quet|lu ong|lu (?:day|\w+ troi)|troi mat|nuoc xiet",
    r"ngap sau|ngap (?:ngang|den|toi|qua|gan|het|ca)\s+(?:\w+\s+)?"
    r"(?:nguc|hong|bung|dau|noc|mai|co|yen xe|giuong|tang|met|m)\b",
    r"ngap\s+(?:\w+\s+){0,3}\d+(?:[.,]\d+)?\s*(?:m|met)\b",
    r"(?:vao|den|toi)\s+(?:tan\s+)?giuong|bi co lap|co lap",
    r"vo de|de\s+(?:\w+\s+)?(?:vo|sat|sut|thung|nut|ro ri|tran)",
    r"tran (?:qua )?(?:mat )?de|mach (?:dun|sui)",
    r"vo dap|dap\s+(?:\w+\s+)?(?:vo|nut|ro ri|tran|sat)",
    r"vo bo bao|vo bo kenh|vo ke|xa lu|ro ri than",
    r"nuoc (?:dang|len) (?:cao|nhanh|len)|nuoc lu|ri nuoc|ro nuoc|sui (?:nhu|nuoc|bot)|tran qua",
    r"me dap|nut doc|sat bo|vo (?:mot|1|\d+) doan|bi vo (?:de|dap|bo|ke)|xa tran|bao cat|than de",
    r"(?:de|dap|ke)(?! nghi| xuat| cap| an| o| lam| di| co)\s+(?:\w+\s+){0,2}"
    r"(?:vo|ri|ro|sui|tham|nut|sat|tran (?:qua|vao))",
    r"ngap\s+(?:\w+\s+){0,2}(?:nguc|hong|bung|dau goi|yen xe|giuong)|mach nuoc|vet nut",
    r"sau (?:gan |hon |khoang |ca )?\d+(?:[.,]\d+)? ?(?:m|met)|gan \d+ ?(?:m|met)\b",
    r"treo lo lung|lo lung|vo bo|sat loi|truot xuong|mat an toan|tam (?:nguc|co|dau)",
    r"cang (?:ngang|cheo)|dut (?:mat )?\d+ soi|soi cap\s+(?:\w+\s+){0,3}dut",
    r"ngap (?:nuoc )?(?:toi|den|ca) (?:cong to|o cam|chan cot|cot dien|tram)",
    # electricity
    r"day (?:dien|cap dien|dien trung the|dien ha the|cao the|trung the|ha the)\s+"
    + _N
    + r"(?:dut|roi|sa|vong|chung|ro|chay|toe|cham|sat|lung lang|thap|trung|nam|treo|quet)",
    r"dut day dien|ro dien|giat (?:dien|te|nguoi)|dien giat|bi giat|chap dien|chap chay|ro ri dien",
    r"chay no|phat no|tieng no|no (?:tram|may bien ap|binh|tu dien|cot)|toe lua|tia lua",
    r"cot dien\s+(?:\w+\s+)?(?:do|nghieng|gay|nut|sap|lung lay|muc)|do cot",
    r"cot (?:\w+\s+)?do (?:ra|xuong|vao)",
    r"cao the|trung the",
    # people already hurt or in immediate danger
    r"(?:bi|da|vua|lai|co nguoi|co ng|ong|ba|chau|be|em|anh|chi)\s+(?:\w+\s+)?"
    r"(?:nga(?! tu| ba| nam| sau)|te|lot|sup banh|truot chan|roi xuong|lao xuong|rot xuong"
    r"|sa chan)",
    r"nga (?:xe|xuong|lan|dap|nhao|ca|gay|dap mat)|te (?:xe|nga|xuong)|lot (?:banh|xuong|chan)",
    r"sup banh|sa chan|truot chan|roi xuong|lao xuong|rot xuong|kep chan|ket banh",
    r"bi thuong|gay (?:tay|chan|xuong)|chan thuong|tai nan|thiet mang|tu vong|chet nguoi|bi chet",
    r"chet duoi|duoi nuoc|cap cuu|di vien|nhap vien|an mang|thuong vong|thuong tich",
    r"tinh mang|nguy hiem chet|ho tu than|tu than|bay chet|cuu voi|cuu (?:nguoi|toi|em|chung)",
    r"rach tran|chay mau|dam vao|va vao|tong vao",
    # open manholes and holes
    r"mat nap|vo nap|khong (?:co )?nap|ho nap|ho ga\s+" + _N + r"(?:ho|sut|vo|mat)|mieng cong ho",
    r"ho (?:sau|to|lon)\s+(?:\w+\s+){0,2}(?:giua|ngay|tren)|sau hoam",
    # trees, signs and other falling objects
    r"cay\s+" + _N + r"(?:do|gay|bat goc|sap|nghieng)|canh (?:cay )?(?:gay|rot|roi|kho)",
    r"treo lung lang|lung lang|rot xuong dau|de (?:vao|len) (?:nguoi|xe|nha)|do (?:vao|de)",
    # fire, gas, poisoning
    r"chay (?:lon|nha|rung|tram|cot|day|kho|bai|xem|dau|doc)|boc chay|chay lan|khoi den|khoi boc",
    r"lua chay|mui khet|phong dien|xet xet|toe|bi ho|tuot vo|boc vo|day dan lo|o cam chay",
    r"khi gas|ro gas|ro ri gas|ro ri khi|hoa chat|ngo doc|nhiem doc|doc hai|khi doc",
    # explicit alarm
    r"nguy hiem|khan cap|canh bao|tin khan|sos|nguy co (?:sap|do|sat|vo|chay|dut|roi|lat|tai nan)",
    r"khan thiet|phan anh khan|bao khan|goi gap|bao gap|xu ly gap|gap giup|mau mau|cau cuu",
    r"vong han|tuong nghieng|roi vua|nut tran|rung lac|lung lay|chong (?:tam|bang cot)",
)

CAO_RE = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in CAO_PATTERNS) + r")\b")

THAP_PATTERNS: tuple[str, ...] = (
    r"lap them|bo sung them|xin them|them (?:ghe|cay|den trang tri|bon hoa|thung rac)",
    r"mong muon|mong (?:xa|phuong|chinh quyen)|de xuat|kien nghi|gop y|y kien",
    r"cho dep|cho vui|canh quan|trang tri|son lai|lam dep|my quan|thiet bi tap",
    r"xin hoi|cho hoi|cho em hoi|cho toi hoi|thac mac|hoi (?:ve|thu tuc|xem)",
)
THAP_RE = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in THAP_PATTERNS) + r")\b")
