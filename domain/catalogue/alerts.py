"""Messages of the staff Telegram group: new-report alerts, the queue summary, the daily digest."""

ALERT_MESSAGES: dict[str, str] = {
    # Missed deadlines
    "overdue_tiep_nhan": "Quá hạn tiếp nhận",
    "overdue_giai_quyet": "Quá hạn giải quyết",
    "late_days": "{days} ngày {hours} giờ",
    "late_hours": "{hours} giờ {minutes} phút",
    "late_minutes": "{minutes} phút",
    # Alerts about new and reopened reports
    "alert_urgent_title": "🚨 PHẢN ÁNH KHẨN CẤP {code}",
    "alert_new_title": "🆕 Phản ánh mới {code}",
    "alert_reopened_title": "🔁 Người dân báo chưa khắc phục: {code}",
    "alert_details": (
        "Lĩnh vực: {category}\n"
        "Mức độ: {urgency}\n"
        "Địa điểm: {place}\n"
        "Tình trạng: {status}\n"
        "Nội dung: {text}\n"
        "Hạn tiếp nhận: {accept_due}\n"
        "Hạn giải quyết: {resolve_due}"
    ),
    "alert_batch_title": "📥 {count} phản ánh mới cần xem:",
    "alert_batch_line": "{index}. {code} · {category} · {place}\n    {text}",
    "alert_batch_line_reopened": (
        "{index}. 🔁 {code} – Người dân báo chưa khắc phục · {category} · {place}\n    {text}"
    ),
    "alert_place_unknown": "chưa rõ địa điểm",
    "btn_staff_accept": "Tiếp nhận",
    "btn_staff_accept_code": "Tiếp nhận {code}",
    "btn_staff_open": "Mở trên bảng điều khiển",
    "btn_staff_open_code": "Mở {code}",
    # Answers in the staff group
    "group_accepted": "✅ {code} đã được {name} tiếp nhận. Người dân đã được thông báo.",
    "group_accepted_not_notified": (
        "✅ {code} đã được {name} tiếp nhận, nhưng chưa gửi được thông báo cho người dân."
    ),
    "group_already_accepted": "ℹ️ {code} đã được tiếp nhận trước đó (tình trạng: {status}).",
    "group_not_linked": (
        "⛔ Tài khoản Telegram của {name} chưa được liên kết với tài khoản cán bộ nên không thể "
        "tiếp nhận phản ánh. Quản trị viên liên kết bằng lệnh: "
        "python -m bot staff link-telegram TÊN_ĐĂNG_NHẬP {user_id}"
    ),
    "group_action_failed": "⚠️ Không tiếp nhận được {code}: {error}",
    "group_button_expired": "Nút này không còn hiệu lực.",
    "group_queue": (
        "📊 Hàng đợi phản ánh lúc {time}\n"
        "Đang mở: {total}\n"
        "{status_lines}\n"
        "Quá hạn tiếp nhận: {late_accept}\n"
        "Quá hạn giải quyết: {late_resolve}\n"
        "Khẩn cấp chưa tiếp nhận: {urgent_new}"
    ),
    "group_queue_status_line": "• {status}: {count}",
    "cmd_hangdoi": "Tóm tắt hàng đợi phản ánh",
    # Daily digest of overdue reports
    "digest_title": "⏰ Phản ánh quá hạn ngày {date}: {total}",
    "digest_counts": "Quá hạn tiếp nhận: {accept} · Quá hạn giải quyết: {resolve}",
    "digest_section": "{label} ({count}):",
    "digest_line": "• {code} · {category} · {place} · trễ {late}",
    "digest_more": "… và {count} phản ánh khác, xem trên bảng điều khiển.",
    "digest_none": "✅ Ngày {date}: không có phản ánh nào quá hạn.",
    # CLI: linking a staff account to a Telegram user
    "cli_link_done": "Đã liên kết tài khoản {username} với người dùng Telegram {telegram_user_id}.",
    "cli_link_unknown_user": "Không có tài khoản cán bộ «{username}».",
    "cli_link_bad_id": "Mã người dùng Telegram phải là một số nguyên dương, ví dụ 123456789.",
    "cli_link_taken": (
        "Người dùng Telegram {telegram_user_id} đã được liên kết với tài khoản {other}."
    ),
}
