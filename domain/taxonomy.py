"""Report categories and urgency levels (the taxonomy in ARCHITECTURE.md)."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """The 12 category codes the whole product uses."""

    GIAO_THONG = "giao_thong"
    THOAT_NUOC = "thoat_nuoc"
    MOI_TRUONG = "moi_truong"
    DIEN = "dien"
    THUY_LOI = "thuy_loi"
    NUOC_SACH = "nuoc_sach"
    VIEN_THONG = "vien_thong"
    GIAO_DUC = "giao_duc"
    Y_TE = "y_te"
    VAN_HOA_THE_THAO = "van_hoa_the_thao"
    DO_THI_XAY_DUNG = "do_thi_xay_dung"
    KHAC = "khac"


class Urgency(StrEnum):
    """How soon a report needs attention."""

    CAO = "cao"
    TRUNG_BINH = "trung_binh"
    THAP = "thap"


CATEGORY_CODES: tuple[str, ...] = tuple(c.value for c in Category)
URGENCY_CODES: tuple[str, ...] = tuple(u.value for u in Urgency)
