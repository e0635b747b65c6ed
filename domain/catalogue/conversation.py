"""Messages of the citizen's conversation: the summary card, typed answers, extras, intent."""

CONVERSATION_MESSAGES: dict[str, str] = {
    # The one summary card
    "card": (
        "{lead}📋 Phản ánh của bạn\n"
        "• Nội dung: {text}\n"
        "• Loại: {category}\n"
        "• Địa điểm: {place}\n"
        "• Mức độ: {urgency}{photos}\n\n"
        "Bấm «Gửi» nếu đúng, hoặc sửa lại bên dưới."
    ),
    "card_photos": "\n• Ảnh: {count}",
    "btn_card_send": "✅ Gửi",
    "btn_card_category": "✏️ Sửa loại",
    "btn_card_place": "📍 Sửa địa điểm",
    "btn_card_photo": "🖼 Thêm ảnh",
    "card_what_to_fix": "Bạn muốn sửa gì? Chọn loại đúng bên dưới, hoặc gõ địa điểm đúng.",
    "card_waiting": "Phản ánh chưa được gửi. Bấm «Gửi» (hoặc gõ «gửi») để gửi đi.",
    "card_hint": (
        "Bot chưa hiểu ý bạn. Bấm «Gửi» để gửi phản ánh, hoặc gõ tên loại, địa điểm, "
        "hay mô tả thêm."
    ),
    "anonymous_noted": "Phản ánh sẽ được gửi ẩn danh.",
    "category_hint": (
        "Bạn bấm một nút bên trên, hoặc gõ tên loại (ví dụ: «điện», «giao thông», «thoát nước»)."
    ),
    "ask_description_after_photo": ("Bạn mô tả ngắn gọn sự việc giúp bot: sự việc gì, ở đâu?"),
    "ask_place_again": (
        "Bạn gõ địa điểm đúng (thôn/xóm, đường, xã/phường) hoặc bấm «Gửi vị trí». "
        "Nếu chỉ gõ một địa danh gần đó, bot giữ xã/phường đã ghi."
    ),
    "ask_place_urgent": (
        "Sự việc ở đâu? Bạn gõ thôn/xóm, đường, xã/phường hoặc bấm «Gửi vị trí» để cán bộ "
        "tìm đến nhanh."
    ),
    "btn_place_unknown": "Không rõ địa điểm",
    "place_skipped": "Bot ghi địa điểm là «chưa rõ»; cán bộ sẽ liên hệ xác minh nếu cần.",
    "ask_ward": ("Đã ghi «{landmark}». Nơi này thuộc xã/phường nào? (Gõ tên, hoặc bấm «Bỏ qua».)"),
    "place_unit_with_legacy": "{current} ({legacy} cũ)",
    "ask_photo_now": "Mời bạn gửi ảnh (tối đa {max_photos} ảnh). Ảnh sẽ được gắn vào phản ánh.",
    "contact_not_own": (
        "Đây là số điện thoại của người khác. Bạn bấm «Gửi số điện thoại» để gửi số của chính "
        "mình, hoặc gõ số bạn muốn để lại."
    ),
    # Buttons that are settled
    "button_report_filed": "Phản ánh này đã được gửi, mã {code}. Gõ /tracuu {code} để xem.",
    "button_report_cancelled": "Phản ánh này đã được hủy nên nút không còn tác dụng.",
    "rating_already": "Bạn đã chấm {rating}/5 cho phản ánh {code} rồi. Cảm ơn bạn!",
    "fixed_already_yes": "Bạn đã xác nhận phản ánh {code} «Đã khắc phục». Cảm ơn bạn!",
    "fixed_already_no": (
        "Bạn đã báo phản ánh {code} «Chưa khắc phục»; phản ánh đã được mở lại để xử lý tiếp."
    ),
    # After the code: optional extras and additions
    "menu_after_report": "Bạn có thể gửi phản ánh khác hoặc tra cứu bằng menu bên dưới.",
    "btn_extra_add": "➕ Bổ sung",
    "btn_extra_anonymous": "🙈 Chuyển sang ẩn danh",
    "btn_extra_phone": "📞 Để lại số điện thoại",
    "extra_anonymous_done": (
        "Phản ánh {code} đã chuyển sang ẩn danh: cán bộ không thấy tên và số điện thoại của bạn. "
        "Bạn vẫn nhận thông báo kết quả tại đây."
    ),
    "addition_made_anonymous": "Người dân chọn gửi ẩn danh.",
    "extra_phone_ask": (
        "Bấm «Gửi số điện thoại» hoặc gõ số để cán bộ liên hệ khi cần về phản ánh {code}."
    ),
    "extra_phone_done": "Đã lưu số điện thoại cho phản ánh {code}.",
    "extra_phone_skipped": "Đã bỏ qua, không lưu số điện thoại.",
    "extra_phone_invalid": (
        "Bot chưa đọc được số điện thoại. Bạn gõ lại (ví dụ 0912 345 678) hoặc bấm «Bỏ qua»."
    ),
    "extra_phone_anonymous": ("Phản ánh {code} đang ẩn danh nên bot không lưu số điện thoại."),
    "addition_ask": "Mời bạn gõ nội dung hoặc gửi ảnh bổ sung cho phản ánh {code}.",
    "addition_done": "Đã bổ sung vào phản ánh {code}. Cán bộ xử lý sẽ thấy phần bổ sung này.",
    "addition_place_done": "Đã bổ sung địa điểm cho phản ánh {code}: {place}.",
    "addition_closed": "Phản ánh {code} đã kết thúc xử lý nên không bổ sung được nữa.",
    "addition_offer_text": "Bạn muốn bổ sung nội dung này vào phản ánh {code} vừa gửi?",
    "addition_offer_photo": "Bạn muốn thêm ảnh này vào phản ánh {code} vừa gửi?",
    "btn_addition_yes": "➕ Bổ sung vào {code}",
    "btn_addition_new": "📝 Đây là phản ánh mới",
    "thanks_after_report": "Không có gì ạ! Bot sẽ báo bạn khi phản ánh {code} có kết quả.",
    "after_report_ack": "Dạ. Phản ánh {code} đã được ghi nhận, bot sẽ báo bạn khi có kết quả.",
    "safety_saved": (
        "⚠️ Sự việc có dấu hiệu nguy hiểm đến tính mạng. Bạn hãy tránh xa khu vực nguy hiểm "
        "và cảnh báo người xung quanh.\n"
        "Gọi ngay: 113 (Công an), 114 (Cứu nạn, cứu hộ, cháy nổ), 115 (Cấp cứu y tế).\n\n"
        "Phản ánh đã được lưu với mã {code}, đánh dấu khẩn cấp và báo ngay cho cán bộ trực."
    ),
    "urgent_extras": (
        "Bạn có thể bổ sung ảnh hoặc thông tin bằng nút «Bổ sung» dưới thông báo bên trên."
    ),
    # Reading an idle message
    "thanks_reply": "Không có gì ạ! Bạn cần gì cứ nhắn bot nhé.",
    "idle_ack": "Dạ. Bạn cần gửi phản ánh, tra cứu hay hỏi đáp thì chọn ở menu bên dưới nhé.",
    "greeting_reply": (
        "Xin chào! Bot nhận phản ánh về hạ tầng (đường sá, điện, nước, trường học…) và "
        "trả lời tình trạng xử lý. Bạn chọn chức năng bên dưới hoặc gõ nội dung cần phản ánh."
    ),
    "intent_unsure": "Bot chưa rõ ý bạn. Bạn muốn làm gì?",
    "btn_intent_report": "📝 Gửi phản ánh với nội dung này",
    "btn_intent_track": "🔎 Xem phản ánh đã gửi",
    "btn_intent_ask": "❓ Hỏi đáp",
    "ask_question_prompt": "Mời bạn gõ câu hỏi.",
    "latest_none": (
        "Bạn chưa gửi phản ánh nào qua kênh này. Nếu có mã phản ánh, bạn gõ mã (dạng PA-XXXXXXX)."
    ),
    "latest_others": "Bạn còn các phản ánh đang xử lý khác: {others}. Gõ /cuatoi để xem tất cả.",
    # Consent and erasure, built from what is stored
    "consent_withdrawn": (
        "Bạn đã rút lại sự đồng ý; bot sẽ không nhận phản ánh mới của bạn. Hiện chúng tôi "
        "vẫn đang lưu:\n{held}\n\nBấm «Xóa dữ liệu của tôi» (hoặc gõ /xoadulieu) để xóa các "
        "thông tin cá nhân này; nội dung phản ánh được giữ lại ở dạng ẩn danh để tiếp tục xử lý."
    ),
    "consent_withdrawn_nothing_held": (
        "Bạn đã rút lại sự đồng ý. Chúng tôi không còn lưu thông tin cá nhân nào của bạn."
    ),
    "btn_erase": "🗑 Xóa dữ liệu của tôi",
    "held_name": "tên hiển thị «{name}»",
    "held_phone": "số điện thoại {phone}",
    "held_report_phones": "số điện thoại kèm {count} phản ánh",
    "held_chat_link": "liên kết tới tài khoản trò chuyện này (để gửi thông báo kết quả)",
    "held_reports": "{count} phản ánh bạn đã gửi (nội dung, địa điểm, ảnh)",
}
