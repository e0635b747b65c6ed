"""Messages of staff follow-up that citizens read: replies, questions, merges, confirmation."""

FOLLOWUP_MESSAGES: dict[str, str] = {
    "staff_reply": "💬 Trả lời về phản ánh {code}:\n{text}",
    "status_why_tu_choi": (
        "\nPhản ánh chưa đủ thông tin hoặc không phù hợp để chuyển xử lý. Nếu sự việc vẫn còn, "
        "bạn gửi phản ánh mới với mô tả rõ sự việc và địa điểm (có ảnh càng tốt)."
    ),
    "status_why_khong_thuoc_tham_quyen": (
        "\nNội dung này không thuộc phạm vi tiếp nhận, xử lý qua kênh phản ánh hạ tầng. Bạn có "
        "thể liên hệ Ủy ban nhân dân xã/phường nơi xảy ra sự việc để được hướng dẫn."
    ),
    "staff_question": (
        "❓ Cán bộ hỏi thêm về phản ánh {code}:\n{question}\n\n"
        "Bấm «Trả lời» rồi gõ câu trả lời của bạn."
    ),
    "btn_answer": "✍️ Trả lời",
    "ask_answer": "Mời bạn gõ câu trả lời cho phản ánh {code}.",
    "answer_recorded": "Cảm ơn bạn. Câu trả lời đã được chuyển tới cán bộ xử lý phản ánh {code}.",
    "deadline_changed": "⏳ Hạn trả lời phản ánh {code} được điều chỉnh đến {deadline}.",
    "merged_notice": (
        "Phản ánh {code} của bạn trùng với phản ánh {main} đang được xử lý "
        "(tình trạng: {status}). Bạn sẽ nhận thông báo của phản ánh {main}."
    ),
    "merged_note": "Đã gộp vào phản ánh {main}",
    "ask_fixed": "Sự việc trong phản ánh {code} đã thực sự được khắc phục chưa?",
    "btn_fixed_yes": "✅ Đã khắc phục",
    "btn_fixed_no": "❌ Chưa khắc phục",
    "ask_rating": "Bạn chấm điểm cách xử lý phản ánh {code} (1 = kém, 5 = rất tốt):",
    "rating_thanks": "Cảm ơn bạn đã đánh giá {rating}/5 cho phản ánh {code}.",
    "reopened": (
        "Đã mở lại phản ánh {code} và báo cho cán bộ. Chúng tôi sẽ tiếp tục xử lý và "
        "thông báo cho bạn."
    ),
    "reopened_note": "Người dân báo sự việc chưa được khắc phục",
    "followup_not_allowed": "Thao tác này không còn phù hợp với tình trạng hiện tại của phản ánh.",
    # Staff-side explanations of refused actions
    "action_forbidden": "Bạn không có quyền thực hiện thao tác này.",
    "action_report_not_found": "Không tìm thấy phản ánh {code}.",
    "action_bad_category": "Loại phản ánh không hợp lệ.",
    "action_bad_urgency": "Mức độ khẩn cấp không hợp lệ.",
    "action_nothing_changed": "Không có thay đổi nào.",
    "action_empty_text": "Nội dung không được để trống.",
    "action_bad_deadline": "Hạn mới phải là một thời điểm trong tương lai.",
    "action_merge_self": "Không thể gộp một phản ánh vào chính nó.",
    "action_merge_into_merged": "Phản ánh {code} đã được gộp vào phản ánh khác.",
    "action_invalid_transition": "Không thể chuyển từ «{current}» sang «{target}».",
}
