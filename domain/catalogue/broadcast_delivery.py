"""Campaign delivery whose outcome is unknown: progress figures, the operators' resend."""

from __future__ import annotations

BROADCAST_DELIVERY_MESSAGES: dict[str, str] = {
    # Dashboard: campaign progress
    "cp_fig_unknown": "Chưa rõ đã đến chưa",
    "cp_unknown_hint": (
        "«Chưa rõ đã đến chưa»: Telegram không trả lời kịp hoặc kết nối bị ngắt khi đang gửi, "
        "nên người nhận có thể đã nhận được tin. Hệ thống không tự gửi lại để tránh gửi trùng; "
        "người vận hành có thể gửi lại bằng lệnh «python -m bot campaign resend-unknown {id}»."
    ),
    "cp_event_resend_unknown": "Gửi lại tin chưa rõ kết quả",
    # Operators' CLI
    "bc_cli_status_unknown": (
        "Chưa rõ đã đến chưa (hết thời gian chờ hoặc bị ngắt khi đang gửi): {unknown} · "
        "gửi lại bằng «campaign resend-unknown {id}»"
    ),
    "bc_cli_done_unknown": (
        "Chưa rõ kết quả: {unknown} tin; gửi lại bằng «campaign resend-unknown {id}» nếu cần."
    ),
    "bc_cli_resend_none": "Chiến dịch số {id} không có tin nào chưa rõ kết quả.",
    "bc_cli_resend_done": (
        "Đã gửi lại {count} tin chưa rõ kết quả của chiến dịch số {id}. Cả chiến dịch: "
        "đã gửi {sent}, chặn bot {blocked}, lỗi {failed}, vẫn chưa rõ {unknown}."
    ),
    "bc_err_resend_status": (
        "Chỉ gửi lại được tin chưa rõ kết quả của chiến dịch đang gửi hoặc đã gửi xong "
        "(hiện tại: «{status}»)."
    ),
}
