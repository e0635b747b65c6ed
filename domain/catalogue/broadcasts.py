"""Messages of the campaign workflow, the sender and the operators' broadcast CLI."""

BROADCAST_MESSAGES: dict[str, str] = {
    # Campaign statuses
    "bc_status_draft": "Bản nháp",
    "bc_status_submitted": "Chờ duyệt",
    "bc_status_approved": "Đã duyệt",
    "bc_status_scheduled": "Đã lên lịch",
    "bc_status_sending": "Đang gửi",
    "bc_status_done": "Đã gửi xong",
    "bc_status_paused": "Tạm dừng",
    "bc_status_cancelled": "Đã hủy",
    # Workflow errors
    "bc_err_not_found": "Không tìm thấy chiến dịch số {id}.",
    "bc_err_transition": "Không thể chuyển chiến dịch từ trạng thái «{current}» sang «{target}».",
    "bc_err_self_approval": "Người duyệt phải khác người soạn chiến dịch.",
    "bc_err_not_draft": "Chỉ sửa được chiến dịch ở trạng thái bản nháp.",
    "bc_err_title_empty": "Vui lòng nhập tiêu đề chiến dịch.",
    "bc_err_title_long": "Tiêu đề chiến dịch quá dài (tối đa {limit} ký tự).",
    "bc_err_text_empty": "Vui lòng nhập nội dung chiến dịch.",
    "bc_err_text_long": "Nội dung chiến dịch quá dài (tối đa {limit} ký tự).",
    "bc_err_parse_mode": (
        "Định dạng văn bản không hợp lệ (chỉ nhận HTML, MarkdownV2 hoặc để trống)."
    ),
    "bc_err_buttons": "Nút bấm không hợp lệ: mỗi nút cần chữ hiển thị và một liên kết "
    "http(s) hoặc một mã «Tìm hiểu thêm».",
    "bc_err_photo_type": "Ảnh đính kèm phải là tệp JPEG, PNG hoặc WEBP.",
    "bc_err_photo_size": "Ảnh đính kèm quá lớn (tối đa {limit} MB).",
    "bc_err_schedule_kind": "Cách lên lịch không hợp lệ (gửi ngay, theo giờ hoặc định kỳ).",
    "bc_err_schedule_at": "Vui lòng chọn thời điểm gửi trong tương lai.",
    "bc_err_cron": "Lịch định kỳ không hợp lệ (dạng cron 5 trường, ví dụ «0 8 * * 1»).",
    "bc_err_no_audience": "Chiến dịch chưa có đối tượng nhận.",
    "bc_err_not_sendable": "Chiến dịch chưa được duyệt hoặc đã kết thúc nên không thể gửi.",
    # Learn-more buttons (callback answers)
    "bc_learn_more_default": "Cảm ơn bạn đã quan tâm! Xem thêm thông tin tại liên kết bên dưới.",
    "bc_learn_more_open": "Mở liên kết",
    "bc_learn_more_gone": "Nội dung này không còn nữa.",
    # Operators' CLI
    "bc_cli_created": "Đã tạo chiến dịch «{title}» (bản nháp, đã gửi duyệt).",
    "bc_cli_approved": "Đã duyệt chiến dịch số {id}.",
    "bc_cli_paused": "Đã tạm dừng chiến dịch số {id}.",
    "bc_cli_cancelled": "Đã hủy chiến dịch số {id}.",
    "bc_cli_done": "Hoàn tất chiến dịch số {id}: đã gửi {sent}, chặn bot {blocked}, lỗi {failed}.",
    "bc_cli_stopped": "Chiến dịch số {id} đang ở trạng thái «{status}»; dừng gửi.",
    "bc_cli_exported": "Đã xuất {rows} dòng vào {path}.",
    "bc_cli_file_error": "Không đọc được tệp {path}: {error}",
    "bc_cli_audience_error": "Bộ lọc đối tượng không hợp lệ: {error}",
    "bc_cli_status": (
        "Chiến dịch số {id} «{title}» — {status}\n"
        "Tổng: {total} · đã gửi: {sent} · chặn bot: {blocked} · lỗi: {failed} · "
        "chờ gửi: {pending} · đang gửi: {sending}\n"
        "Lượt bấm «Tìm hiểu thêm»: {clicks} · câu trả lời câu đố: {quiz_answers}"
    ),
    "bc_cli_progress": "Đang gửi",
    "bc_cli_no_token": "Chưa cấu hình TELEGRAM_BOT_TOKEN nên không thể gửi.",
    # Failure reasons shown in status and exports
    "bc_reason_interrupted": "bị gián đoạn khi đang gửi",
}
