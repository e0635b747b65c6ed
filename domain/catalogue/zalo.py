"""Words of the Zalo channel: how buttons and requests read where Zalo has no buttons."""

ZALO_MESSAGES: dict[str, str] = {
    "zalo_choices_hint": "Trả lời bằng cách gõ số (ví dụ: 1) hoặc gõ nội dung.",
    "zalo_choice_line": "{number}. {text}",
    "zalo_link_line": "🔗 {text}: {url}",
    "zalo_type_location": "📍 Trên Zalo, xin gõ tên địa điểm: thôn/xóm, đường, xã/phường.",
    "zalo_type_phone": "📞 Trên Zalo, xin gõ số điện thoại của bạn.",
    "zalo_quiz_hint": "Gõ số của đáp án bạn chọn.",
    # The channel a report came from, in the staff queue
    "rq_channel": "Kênh",
    "rq_col_channel": "Kênh",
    "channel_telegram": "Telegram",
    "channel_zalo": "Zalo",
    "channel_webchat": "Trò chuyện trên web",
    "channel_open311": "Open311",
}
