"""Words people read when the service is degraded (the database is unavailable for a while)."""

RELIABILITY_MESSAGES: dict[str, str] = {
    "webchat_unavailable": (
        "Hệ thống đang tạm gián đoạn nên tin nhắn của bạn chưa được ghi nhận. "
        "Bạn vui lòng gửi lại sau ít phút."
    ),
    "open311_err_unavailable": (
        "Hệ thống tạm thời không lưu được phản ánh (cơ sở dữ liệu không phản hồi); "
        "vui lòng gửi lại sau ít phút."
    ),
    "open311_err_no_such_path": (
        "Không có địa chỉ này trong Open311; các địa chỉ có ở /open311/v2/openapi.json."
    ),
}
