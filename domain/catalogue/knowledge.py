"""Messages of question answering from official documents: the chat, the dashboard, the CLI."""

KNOWLEDGE_MESSAGES: dict[str, str] = {
    # Chat
    "menu_questions": "❓ Hỏi đáp",
    "cmd_hoidap": "Hỏi đáp về Kết luận 72-KL/TW và các văn bản",
    "qa_ask": (
        "Mời bạn gõ câu hỏi về Kết luận 72-KL/TW, Công văn 2987-CV/TU hoặc cách gửi phản ánh. "
        "Ví dụ: «Tỉnh đặt mục tiêu gì đến năm 2030?». Gõ /huy để dừng."
    ),
    "qa_answer": "«{quote}»\n\n📄 Nguồn: {document}, {section}.",
    "qa_faq_answer": "{answer}\n\n📄 Nguồn: {source}.",
    "qa_faq_source": "giải đáp của cán bộ MTTQ",
    "qa_unknown": (
        "Bạn có thể gửi câu hỏi cho cán bộ để được giải đáp.\n\n"
        "❔ Chưa có thông tin về nội dung này trong các văn bản hiện có."
    ),
    "qa_out_of_scope": (
        "Câu hỏi này nằm ngoài nội dung các văn bản mà chúng tôi có. Bạn vẫn có thể gửi câu hỏi "
        "cho cán bộ.\n\n❔ Chưa có thông tin về nội dung này trong các văn bản hiện có."
    ),
    "qa_no_documents": "Hiện chưa có văn bản nào để tra cứu. Bạn có thể gửi câu hỏi cho cán bộ.",
    "qa_more_none": "Không còn đoạn nào tiếp theo trong văn bản này.",
    "qa_more_header": "Đoạn tiếp theo ({section}):",
    "qa_forwarded": (
        "Đã gửi câu hỏi của bạn cho cán bộ MTTQ. Khi có câu trả lời, chúng tôi sẽ nhắn lại "
        "trong cuộc trò chuyện này."
    ),
    "qa_forward_expired": "Câu hỏi này đã được gửi hoặc không còn. Mời bạn gõ lại câu hỏi.",
    "qa_staff_answer": "💬 Cán bộ MTTQ trả lời câu hỏi «{question}»:\n\n{answer}",
    "btn_qa_more": "📖 Xem thêm",
    "btn_qa_forward": "📨 Gửi câu hỏi cho cán bộ",
    # Dashboard
    "nav_knowledge": "Hỏi đáp",
    "kn_not_found_title": "Không tìm thấy",
    "kn_not_found": "Không có văn bản hoặc câu hỏi này.",
    "kn_back": "← Văn bản và hỏi đáp",
    "kn_at": "Lúc",
    "kn_question": "Câu hỏi",
    "kn_channel": "Kênh",
    "kn_filename": "Tệp",
    "kn_title": "Văn bản và hỏi đáp",
    "kn_documents": "Văn bản",
    "kn_upload": "Tải văn bản lên",
    "kn_upload_title": "Tên văn bản",
    "kn_upload_file": "Tệp (Markdown, văn bản thuần, DOCX, PDF)",
    "kn_upload_button": "Tải lên",
    "kn_uploaded": "Đã tải lên «{title}»: {count} đoạn.",
    "kn_upload_failed": "Không đọc được tệp: {reason}.",
    "kn_upload_missing": "Cần nhập tên văn bản và chọn tệp.",
    "kn_passages": "Các đoạn của văn bản «{title}»",
    "kn_passage_count": "{count} đoạn",
    "kn_section": "Mục",
    "kn_faq": "Câu hỏi thường gặp",
    "kn_faq_questions": "Các cách hỏi (mỗi dòng một câu)",
    "kn_faq_answer": "Câu trả lời",
    "kn_faq_source": "Căn cứ (tùy chọn)",
    "kn_faq_add": "Thêm vào câu hỏi thường gặp",
    "kn_faq_added": "Đã thêm câu hỏi thường gặp.",
    "kn_faq_deleted": "Đã xóa câu hỏi thường gặp.",
    "kn_faq_delete": "Xóa",
    "kn_faq_invalid": "Cần ít nhất một cách hỏi và câu trả lời.",
    "kn_forwarded": "Câu hỏi người dân gửi cán bộ",
    "kn_forwarded_none": "Chưa có câu hỏi nào đang chờ trả lời.",
    "kn_answer": "Trả lời",
    "kn_answer_send": "Gửi trả lời",
    "kn_answer_save_faq": "Lưu vào câu hỏi thường gặp",
    "kn_answered": "Đã gửi câu trả lời cho người dân.",
    "kn_answer_not_delivered": (
        "Đã lưu câu trả lời nhưng chưa gửi được cho người dân (kênh trò chuyện từ chối hoặc "
        "không phản hồi)."
    ),
    "kn_upload_exists": "Đã có văn bản tên «{title}».",
    "kn_answer_empty": "Câu trả lời không được để trống.",
    "kn_status_open": "Chờ trả lời",
    "kn_status_answered": "Đã trả lời",
    "audit_action_knowledge_upload": "Tải văn bản hỏi đáp",
    "audit_action_knowledge_faq_add": "Thêm câu hỏi thường gặp",
    "audit_action_knowledge_faq_delete": "Xóa câu hỏi thường gặp",
    "audit_action_knowledge_answer": "Trả lời câu hỏi của người dân",
    # Command line
    "kn_cli_added": "Đã thêm văn bản #{id} «{title}»: {count} đoạn.",
    "kn_cli_exists": "Văn bản «{title}» đã có (#{id}).",
    "kn_cli_empty": "Chưa có văn bản nào.",
}
