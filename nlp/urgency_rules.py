"""Danger lexicon for urgency ``cao``: a danger object together with what makes it deadly.

``cao`` means danger to life now (taxonomy in ARCHITECTURE.md). A bare alarm word («nguy hiểm»,
«mất an toàn», «tiềm ẩn nguy cơ tai nạn») is not enough; each pattern names a hazard and its harm:
a wire that is down or live, a structure collapsing, a lamp post about to fall, a person who fell
or was hurt, people trapped, chest-deep or fast water, a dike that seeps, an open manhole, a child
next to a deep hole, fire, gas, poisoning; also traffic lights out and contact lost during a flood.

Patterns are written with their diacritics and matched accent-aware (:func:`accent_tolerant`): a
letter typed with marks must carry the pattern's marks («sập» is not «sắp», «đê» is not «để»),
while a letter typed without marks matches any, because many people type without diacritics.
Words inside ``⟦…⟧`` must be typed exactly as written (their bare form is a common other word:
«cổ» / «có»).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import combinations

_GAP = r"(?:\w+\s+){0,3}"  # up to three words in between
_GAP5 = r"(?:\w+\s+){0,5}"
# words that follow «sắp» / «gây» / «do», whose bare forms collide with «sập» / «gãy» / «đổ»
_NOT_SOON = r"(?!\s+(?:tới|đến|khánh|hoàn|xong|khai|tết|vào|có|được|làm|sửa|mở|thi|xây))"
_NOT_CAUSE = r"(?!\s+(?:ra|mất|ô|nguy|khó|ảnh|cản|ùn|tắc|bức|phiền|hại|ngập|thiệt|bụi|ồn))"
_FALLS = (
    r"(?:bị đổ|đã đổ|đổ xuống|đổ ra|đổ ngang|đổ đè|đổ vào|đổ rạp|gãy đổ|sắp đổ|muốn đổ|chực đổ"
    r"|có thể đổ|nguy cơ đổ|đổ chắn|bật gốc|gãy" + _NOT_CAUSE + r"|sập" + _NOT_SOON + r"|lung lay"
    r"|nghiêng hẳn|nghiêng sắp|nghiêng gần|nghiêng muốn|mục (?:rỗng )?gốc|rỗng gốc)"
)
_ELECTRIC = r"(?:trạm biến áp|máy biến áp|biến áp|tủ điện|công tơ|ổ cắm|ổ điện|cầu dao|dây điện)"

CAO_PATTERNS: tuple[str, ...] = (
    # live, fallen or low wires; shocks; sparks
    r"(?:dây|sợi) (?:điện|cáp điện|trung thế|hạ thế|cao thế|điện trung thế|điện cao thế"
    r"|điện hạ thế)\s+" + _GAP + r"(?:đứt|⟦rơi⟧|sà|võng thấp|chạm đất|chạm vào|chập|tóe lửa"
    r"|rò rỉ|hở|tuột vỏ|bong vỏ|nằm|vắt ngang|chắn ngang|quấn|sát đầu|sát mặt|thấp sát"
    r"|lủng lẳng|cháy|xẹt)",
    r"(?:dây|sợi) (?:cáp|cáp viễn thông|cáp quang|cáp treo)\s+" + _GAP + r"(?:(?:⟦rơi⟧ )?"
    r"(?:xuống )?(?:chắn |vắt )?ngang đường|võng thấp|quấn vào)",
    r"(?:đứt|rơi|sà|võng) (?:\w+\s+)?dây (?:điện|cáp điện|trung thế|cao thế)",
    r"rò điện|rò rỉ điện|điện rò|điện giật|bị giật|giật chết|chập điện|chập cháy|tóe lửa"
    r"|tia lửa|phóng điện|hở dây",
    _ELECTRIC + r"\s+" + _GAP + r"(?:nổ|cháy|bốc khói|bốc cháy|tóe lửa|chập|khét|ngập)",
    r"ngập\s+" + _GAP + r"(?:công tơ|ổ cắm|ổ điện|chân cột điện|cột điện|tủ điện|trạm biến áp)",
    r"cột điện (?:bị )?cháy",
    r"phát nổ|tiếng nổ|nổ (?:tung|trạm|máy biến áp|tủ điện|bình|cột)",
    # posts and trees about to fall
    r"(?:cột|trụ) (?:điện|đèn|đèn chiếu sáng|đèn đường|cáp|viễn thông|ăng ten|đèn tín hiệu)\s+"
    + _GAP
    + _FALLS,
    r"(?:đổ|gãy|đâm gãy|tông gãy) (?:cột|trụ) (?:điện|đèn)",
    r"cây\s+" + _GAP + r"(?:\w+\s+)?" + _FALLS,
    r"(?:tường|nhà|mái|mái ngói|mái tôn|cây|cột|giàn giáo|lan can)\s+" + _GAP5 + r"(?:nghiêng hẳn"
    r"|nghiêng hết|nghiêng ra|võng hẳn|rung lắc|lung lay|bung bu lông|chống tạm|chống bằng)",
    r"(?:sắp|muốn|chực|có thể|nguy cơ) (?:đổ|sập)(?! rác| nước| đất| bê| xăng| dầu| thải)",
    r"lơ lửng|toòng teng|suýt trúng|rơi (?:cả )?(?:mảng )?vữa|nứt trần|nứt gãy|gãy dầm|mục nứt",
    r"cành (?:cây )?(?:gãy|rơi|rụng) (?:xuống|trúng|vào)",
    # collapse, landslide, structures failing
    r"(?:bị|đã|vừa|có nguy cơ|nguy cơ|sắp|muốn|như sắp|chực|có thể) (?:đổ )?sập",
    r"đổ sập|sụp đổ|sập đổ|sập xuống|sập hoàn toàn|sập (?:một|nhịp|mái|trần)|sụp xuống",
    r"(?:cầu|nhà|tường|mái|trần|nhịp cầu|kè|cống|hầm|giàn giáo|sàn)\s+(?:\w+\s+){0,2}"
    r"(?:sập" + _NOT_SOON + r"|sụp|đổ sập)",
    r"(?:trụ cầu|dầm cầu|mố cầu|nhịp cầu|dầm|xà ngang|xà gồ)\s+" + _GAP + r"(?:nứt|gãy|võng|bong)",
    r"cầu\s+" + _GAP + r"(?:\w+\s+)?(?:gãy" + _NOT_CAUSE + r"|nghiêng|lắc mạnh|thủng|bị đứt"
    r"|nứt lớn|sập" + _NOT_SOON + r")",
    r"mặt cầu\s+" + _GAP + r"(?:nghiêng|võng|thủng)|nứt dầm|nứt trụ",
    r"tường\s+" + _GAP5 + r"(?:nghiêng|bị đổ|đổ xuống|sập" + _NOT_SOON + r"|nứt toác)",
    r"(?:vữa|trần|mái tôn|tấm tôn|biển quảng cáo|kính|ngói)\s+" + _GAP + r"(?:⟦rơi⟧"
    r"|bong (?:từng )?mảng|lủng lẳng|chực rơi|lật tung|lắc lư)",
    r"chực rơi|lật tung",
    r"sạt lở|sạt trượt|sạt taluy|sạt mái|sạt bờ|bị sạt|đã sạt|sạt (?:một|mất|nửa|mảng|sâu)"
    r"|⟦lở⟧ đất|sạt (?:đá|đất)|đất đá\s+(?:\w+\s+){0,2}(?:sạt|lở|tràn|rơi|lăn)|đá lăn|đá rơi",
    # deep or fast water, dikes and dams
    r"ngập\s+" + _GAP + r"(?:tới|đến|ngang|quá|gần|lên) (?:tới )?(?:ngực|⟦cổ⟧|nóc|mái|nửa người"
    r"|⟦bụng⟧|cửa sổ|đầu người|tầng \d)",
    r"(?:nước|lũ)\s+(?:\w+\s+){0,2}(?:lên tới|lên đến|tới|đến|ngang|quá) (?:ngực|⟦cổ⟧|nóc|mái"
    r"|cửa sổ)",
    r"ngập (?:sâu )?(?:hơn |gần |khoảng |trên )?\d+(?:[.,]\d+)?\s*(?:m|mét)\b",
    r"lũ quét|lũ ống|chảy xiết|nước xiết|(?:vào|tới|đến) (?:tận )?giường",
    r"(?:người|xe|ai|em|cháu|bé|ông|bà|anh|chị)\s+" + _GAP + r"(?:bị )?(?:lũ |nước )?cuốn"
    r" (?:trôi|đi)",
    # people trapped by water, a collapse or a fire
    r"mắc kẹt|bị kẹt (?:lại )?(?:trong|dưới|giữa)|kẹt (?:trong|dưới) (?:nhà|xe|đống|đất)"
    r"|không (?:thể )?thoát ra (?:ngoài )?được|không (?:thể )?ra khỏi nhà"
    r"|(?:vùi|kẹt|mắc) (?:lấp|dưới) (?:đất|đống đổ nát)",
    r"vỡ đê|tràn đê|bị vỡ đê|⟦đê⟧ (?:bị )?vỡ|mạch (?:nước )?(?:đùn|sủi)|sủi (?:nước|bọt)|thẩm lậu",
    r"vỡ (?:đập|kè|bờ bao|bờ kè|bờ đê)|(?:đập|hồ đập) bị vỡ",
    # open manholes and deep holes
    r"(?:mất|vỡ|không có|hở|bật|sụt|thiếu) nắp (?:cống|hố ga|ga)|nắp (?:cống|hố ga|ga)\s+"
    r"(?:\w+\s+){0,2}(?:vỡ|mất|sụt|bật|hở|gãy)|hố ga\s+" + _GAP + r"(?:hở|sụt|sập|mất nắp"
    r"|vỡ nắp|không có nắp|bị mất nắp|bị vỡ nắp)",
    r"(?:hố|lỗ|hầm)\s+(?:\w+\s+){0,2}sâu (?:hơn |gần |khoảng |chừng |cả |tới )?\d+(?:[.,]\d+)?"
    r"\s*(?:m|mét)\b|hố sụt|sụt thành hố|sụt sâu|hàm ếch",
    # people already hurt, or nearly
    r"(?:bị|đã|vừa|lại|có người|ông|bà|cụ|cháu|bé|em|anh|chị|người|thanh niên|học sinh"
    r"|xe máy|thằng nhỏ|con nít|ai)\s+" + _GAP + r"(?<!dễ )(?<!sợ )(?<!kẻo )"
    r"(?:ngã(?! tư| ba| năm| sáu| bảy)|⟦té⟧|lọt|sụp chân|hụt chân|trượt chân|⟦rơi⟧ xuống"
    r"|lao xuống|sa xuống|đâm vào|tông vào)",
    r"ngã (?:xe|xuống|lăn|đập|nhào|gãy|sấp)|⟦té⟧ (?:xe|ngã|xuống)|lọt (?:bánh|xuống|chân)"
    r"|sụp (?:bánh|chân)|hụt chân|trượt chân|sụt chân|kẹp chân|tụt chân"
    r"|suýt (?:chết|đuối|bị cuốn|⟦rơi⟧ xuống)",
    r"bị thương|gãy (?:tay|xương)|bị gãy chân|bị chấn thương|chấn thương (?:nặng|sọ|đầu)"
    r"|chảy máu|rách (?:trán|đầu|chân)|đi viện|nhập viện|(?:đi|đưa|phải|gọi|đang|được) cấp cứu"
    r"|tử vong|chết người|thiệt mạng|đuối nước|chết đuối|bị chìm|chìm nghỉm|bị nôn|ngộ độc"
    r"|nhiễm độc|bị chết(?! máy)|tính mạng|cứu với|cứu tôi|kêu cứu|ứng cứu|sơ tán|án mạng"
    r"|đuổi chém|đâm chém|cầm dao",
    r"(?:đã|vừa|từng|liên tục|nhiều|mấy|hai|ba|\d+) (?:vụ )?(?:xảy ra )?tai nạn|bị tai nạn"
    r"|gặp tai nạn|tai nạn (?:chết|thương|nghiêm trọng|liên hoàn)",
    # fire and gas
    r"bốc cháy|cháy (?:nhà|lớn|rừng|trạm|tủ|cột|xưởng|kho|bãi|dây điện|âm ỉ|bùng)|hỏa hoạn"
    r"|đám cháy|cháy nổ|lửa (?:đang )?lan|ngọn lửa|khói đen",
    r"rò (?:rỉ )?(?:gas|khí)|mùi gas|khí độc|ngạt khí|hóa chất (?:rò|tràn|đổ)",
)

# Two phrases that are dangerous together anywhere in one message
CAO_PAIRS: tuple[tuple[str, str], ...] = (
    # traffic lights out
    (
        r"đèn (?:tín hiệu|giao thông|xanh đỏ|xanh đèn đỏ)",
        r"hỏng|tắt|không hoạt động|không sáng|ngừng hoạt động|mất điện|chập chờn|không chạy",
    ),
    # contact lost during a flood
    (
        r"mất sóng|mất liên lạc|không liên lạc được|không gọi được|mất tín hiệu|cô lập",
        r"lũ|ngập|⟦bão⟧|nước lên|nước dâng|nước đang lên|mưa lớn",
    ),
    # a dike or a dam that seeps, slides or cracks
    (
        r"chân đê|thân đê|mặt đê|mái đê|đê (?:sông|bối|bao|tả|hữu|biển|điều)|bờ đê|con đê|đoạn đê"
        r"|⟦đê⟧ bị|chân đập|thân đập|đập (?:hồ|tràn|thủy lợi|chứa)|hồ đập|tràn xả lũ",
        r"rò rỉ|rò nước|rỉ nước|rỉ ra|sủi|tràn qua|bị trượt|trượt xuống|sạt|bị nứt|nứt (?:dọc|to"
        r"|lớn)|xói|thẩm lậu|đùn|bị vỡ|thủng|hố sụt",
    ),
    # drinking water or air that makes people ill
    (
        r"uống|nước máy|nước giếng|nước sinh hoạt|bể nước|mùi (?:khí|lạ|hóa chất|hắc)|khí|hóa chất",
        r"đau bụng|đi ngoài|tiêu chảy|nôn|ói|ngất|chóng mặt|buồn nôn|nổi mẩn|khó thở|ho sặc sụa",
    ),
    # a child next to a hole, deep water or a live part
    (
        r"hố sâu|không (?:có )?(?:rào chắn|rào|nắp đậy|nắp|lan can|che chắn)|giếng bỏ hoang"
        r"|ao (?:sâu|làng)|hồ nước|hở dây|ổ điện",
        r"trẻ con|trẻ em|trẻ nhỏ|con nít|các cháu|cháu nhỏ|học sinh|bọn trẻ|đứa nhỏ|nhà trẻ"
        r"|mầm non|bé",
    ),
)

# Wear of a road surface: without a danger phrase, such a message is never ``cao`` on the model's
# word alone (the model learnt «nguy hiểm» next to potholes as a sign of danger)
PLAIN_DEFECT_PATTERNS: tuple[str, ...] = (
    r"ổ gà|ổ voi|ổ trâu|lồi lõm|bong tróc|nứt nẻ|gồ ghề|lún nhẹ|xuống cấp|lủng lỗ chỗ|lổn nhổn",
)

THAP_PATTERNS: tuple[str, ...] = (
    r"lắp thêm|bổ sung thêm|xin thêm|thêm (?:ghế|cây|đèn trang trí|bồn hoa|thùng rác)",
    r"mong muốn|mong (?:xã|phường|chính quyền)|đề xuất|kiến nghị|góp ý|ý kiến",
    r"cho đẹp|cho vui|cảnh quan|trang trí|sơn lại|làm đẹp|mỹ quan|thiết bị tập",
    r"xin hỏi|cho hỏi|cho em hỏi|cho tôi hỏi|thắc mắc|hỏi (?:về|thủ tục|xem)",
)


@lru_cache(maxsize=256)
def _variants(ch: str) -> str:
    """``ch`` and every letter made from it by removing some of its marks («ậ»: ậ â ạ a)."""
    if ch == "đ":
        return "đd"
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    out = {
        unicodedata.normalize("NFC", base + "".join(kept))
        for size in range(len(marks) + 1)
        for kept in combinations(marks, size)
    }
    return "".join(sorted(out))


def accent_tolerant(pattern: str) -> str:
    """The regex that matches ``pattern`` as typed with its marks, with fewer marks or none.

    A plain «d» of the pattern also matches ``_PLAIN_D`` (see :func:`mark_plain_d`).
    """
    out: list[str] = []
    exact = escaped = False
    for ch in unicodedata.normalize("NFC", pattern):
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif ch in "⟦⟧":
            exact = ch == "⟦"
        elif ch == "d":
            out.append("[d" + _PLAIN_D + "]")
        elif not exact and ch.isalpha() and not ch.isascii():
            out.append("[" + _variants(ch) + "]")
        else:
            out.append(ch)
    return "".join(out)


_PLAIN_D = "ɗ"
_MARKED_WORD_RE = re.compile(r"\w*[^\W\da-z_]\w*")


def mark_plain_d(lowered: str) -> str:
    """In words typed with marks, «d» is surely not «đ» («dám» is not «đám»): mark it so."""
    return _MARKED_WORD_RE.sub(lambda m: m.group(0).replace("d", _PLAIN_D), lowered)


def _compile(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(f"(?:{accent_tolerant(p)})" for p in patterns) + r")\b")


@dataclass(frozen=True)
class _Compiled:
    cao: re.Pattern[str]
    cao_pairs: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]
    thap: re.Pattern[str]
    plain_defect: re.Pattern[str]


@cache
def _compiled() -> _Compiled:
    """The patterns, compiled on first use (compiling them all takes ~0.1 s of start-up)."""
    return _Compiled(
        cao=_compile(CAO_PATTERNS),
        cao_pairs=tuple((_compile((a,)), _compile((b,))) for a, b in CAO_PAIRS),
        thap=_compile(THAP_PATTERNS),
        plain_defect=_compile(PLAIN_DEFECT_PATTERNS),
    )


def danger_spans(lowered: str) -> list[tuple[int, int]]:
    """Spans of the danger phrases in a lower-cased normalised text (both phrases of a pair)."""
    lowered = mark_plain_d(lowered)
    rules = _compiled()
    spans = [m.span() for m in rules.cao.finditer(lowered)]
    for first, second in rules.cao_pairs:
        a, b = first.search(lowered), second.search(lowered)
        if a and b:
            spans.extend((a.span(), b.span()))
    return sorted(spans)


def comfort_spans(lowered: str) -> list[tuple[int, int]]:
    """Spans of the comfort and amenity phrases (urgency ``thap``)."""
    return [m.span() for m in _compiled().thap.finditer(mark_plain_d(lowered))]


def is_plain_defect(lowered: str) -> bool:
    """True when the text describes road-surface wear (potholes and the like)."""
    return _compiled().plain_defect.search(mark_plain_d(lowered)) is not None
