"""Messages of quizzes, the contest, leaderboards and the content pack."""

QUIZ_MESSAGES: dict[str, str] = {
    # Answering (citizens)
    "qz_start_button": "▶️ Bắt đầu trả lời",
    "qz_intro": (
        "📝 «{title}»: bấm «Bắt đầu trả lời» để trả lời từng câu hỏi ngay trong cuộc trò "
        "chuyện này."
    ),
    "cmd_ketqua": "Xem điểm và thứ hạng cuộc thi",
    "qz_question": "❓ Câu {number}/{total}: {text}\n\n{options}",
    "qz_poll_question": "Câu {number}/{total}: {text}",
    "qz_option_line": "{letter}. {text}",
    "qz_correct": "✅ Chính xác!",
    "qz_wrong": "❌ Chưa đúng. Đáp án đúng: {letter}. {answer}",
    "qz_explanation": "💡 {text}",
    "qz_already": "Bạn đã trả lời câu này rồi — chỉ lần trả lời đầu tiên được tính điểm.",
    "qz_finished": "🏁 Bạn đã hoàn thành «{title}»: {score}/{total} câu đúng.",
    "qz_finished_hint": "Gõ /ketqua để xem điểm và thứ hạng của bạn.",
    "qz_not_open": "«{title}» chưa bắt đầu nhận câu trả lời (từ {opens}). Hẹn bạn quay lại!",
    "qz_closed": "«{title}» đã kết thúc lúc {closes}; câu trả lời không còn được tính điểm.",
    "qz_gone": "Câu hỏi này không còn nữa.",
    "qz_not_subscriber": (
        "Bạn cần đăng ký nhận tin (gõ /dangky) trước khi tham gia trả lời câu hỏi."
    ),
    "qz_poll_unknown_subscriber": "Không tìm thấy người tham gia của cuộc bình chọn này.",
    # /ketqua
    "qz_result": "🏆 «{title}»: bạn trả lời đúng {score}/{total} câu (đã trả lời {answered} câu).",
    "qz_result_rank": "Thứ hạng hiện tại: {rank}/{participants} người tham gia.",
    "qz_result_none": (
        "Bạn chưa trả lời câu hỏi nào. Hãy bấm «Bắt đầu trả lời» dưới tin nhắn cuộc thi "
        "để tham gia."
    ),
    # Leaderboards (operators' CLI)
    "qz_lb_title": "Bảng xếp hạng «{title}» — {by}",
    "qz_lb_by_person": "theo cá nhân",
    "qz_lb_by_group": "theo nhóm",
    "qz_lb_by_area": "theo xã/phường",
    "qz_lb_by_district": "theo huyện/thành phố cũ",
    "qz_lb_col_rank": "Hạng",
    "qz_lb_col_person": "Người tham gia",
    "qz_lb_col_group": "Nhóm",
    "qz_lb_col_area": "Xã/phường",
    "qz_lb_col_district": "Huyện/thành phố cũ",
    "qz_lb_col_score": "Số câu đúng",
    "qz_lb_col_answered": "Đã trả lời",
    "qz_lb_col_participants": "Số người",
    "qz_lb_col_completed": "Trả lời lần cuối",
    "qz_lb_empty": "Chưa có ai trả lời.",
    "qz_lb_no_name": "(không tên)",
    "qz_lb_no_area": "(chưa rõ địa bàn)",
    # Operators' CLI and the content pack
    "qz_cli_not_found": "Không tìm thấy bộ câu hỏi mã «{code}».",
    "qz_cli_bad_time": "Thời điểm không hợp lệ: «{value}» (dạng 2024-05-01T08:00).",
    "qz_cli_bad_window": "Thời điểm kết thúc phải sau thời điểm bắt đầu.",
    "qz_cli_contest_set": "Đã đặt cuộc thi «{title}»: nhận câu trả lời từ {opens} đến {closes}.",
    "qz_pack_loaded": (
        "Đã nạp bộ nội dung «{title}»: {created} chiến dịch mới (bản nháp), {existing} chiến "
        "dịch đã có; bộ câu hỏi «{quiz}» ({questions} câu, {quiz_state})."
    ),
    "qz_pack_quiz_created": "mới tạo",
    "qz_pack_quiz_existing": "đã có",
    "qz_pack_invalid": "Bộ nội dung không hợp lệ: {error}",
    "qz_no_limit": "không giới hạn",
}
