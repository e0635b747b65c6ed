"""Messages citizens read in the chat (Telegram, web chat) and CLI output."""

CITIZEN_MESSAGES: dict[str, str] = {
    # Welcome and privacy (Nghị định 13/2023/NĐ-CP)
    "welcome": (
        "Xin chào! Đây là kênh tiếp nhận phản ánh về hạ tầng của Ủy ban MTTQ Việt Nam và "
        "Tỉnh đoàn tỉnh Bắc Ninh, góp phần thực hiện Kết luận 72-KL/TW về phát triển kết cấu "
        "hạ tầng.\n\nBạn có thể phản ánh đường sá, cầu cống, thoát nước, điện, nước sạch, "
        "trường học, trạm y tế… và theo dõi kết quả xử lý bằng mã tra cứu."
    ),
    "privacy_notice": (
        "🔒 Thông báo xử lý dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP)\n"
        "• Chúng tôi lưu: tên hiển thị, mã tài khoản trò chuyện, nội dung phản ánh, ảnh, vị trí "
        "và số điện thoại (nếu bạn tự nguyện cung cấp).\n"
        "• Mục đích: tiếp nhận, chuyển xử lý và trả lời phản ánh của bạn.\n"
        "• Người được xem: cán bộ MTTQ và cơ quan được giao xử lý; nếu bạn chọn ẩn danh, "
        "thông tin liên hệ không được hiển thị cho cán bộ.\n"
        "• Bạn có thể yêu cầu xóa dữ liệu cá nhân bất cứ lúc nào bằng lệnh /xoadulieu.\n\n"
        "Bạn có đồng ý để chúng tôi xử lý dữ liệu như trên không?"
    ),
    "btn_consent_yes": "✅ Tôi đồng ý",
    "btn_consent_no": "Không đồng ý",
    "consent_thanks": "Cảm ơn bạn đã đồng ý. Mời bạn chọn chức năng bên dưới.",
    "consent_declined": (
        "Bạn chưa đồng ý nên chúng tôi không lưu thông tin nào của bạn. Khi cần phản ánh, "
        "hãy gõ /start để xem lại thông báo."
    ),
    "consent_required": "Để gửi phản ánh, bạn cần đồng ý với thông báo xử lý dữ liệu bên dưới.",
    # Main menu
    "menu_prompt": "Mời bạn chọn chức năng:",
    "menu_report": "📝 Gửi phản ánh",
    "menu_track": "🔎 Tra cứu",
    "menu_mine": "📋 Phản ánh của tôi",
    "menu_help": "ℹ️ Hướng dẫn",
    "help": (
        "Cách sử dụng:\n"
        "• Gõ thẳng nội dung sự việc và địa điểm (hoặc /phananh): bot tóm tắt, bạn bấm «Gửi».\n"
        "• /tracuu PA-XXXXXXX: xem tình trạng một phản ánh.\n"
        "• /cuatoi: danh sách phản ánh của bạn.\n"
        "• /hoidap câu hỏi: hỏi về Kết luận 72-KL/TW và Công văn 2987-CV/TU.\n"
        "• /dangky: đăng ký nhận tin tuyên truyền theo xã/phường và chủ đề; "
        "/huydangky: hủy đăng ký.\n"
        "• /huy: dừng thao tác đang làm.\n"
        "• /xoadulieu: yêu cầu xóa dữ liệu cá nhân.\n"
        "Bot nhận tin nhắn chữ, ảnh, vị trí và số điện thoại."
    ),
    # Bot command menu (setMyCommands)
    "cmd_start": "Bắt đầu, xem thông báo và menu",
    "cmd_phananh": "Gửi phản ánh mới",
    "cmd_tracuu": "Tra cứu phản ánh theo mã",
    "cmd_cuatoi": "Phản ánh của tôi",
    "cmd_huy": "Hủy thao tác đang làm",
    "cmd_trogiup": "Hướng dẫn sử dụng",
    "cmd_xoadulieu": "Yêu cầu xóa dữ liệu cá nhân",
    # Report flow
    "ask_description": (
        "Mời bạn mô tả sự việc cần phản ánh (ở đâu, hiện trạng thế nào, từ bao giờ). "
        "Gõ /huy để dừng."
    ),
    "description_empty": "Nội dung trống. Mời bạn mô tả sự việc bằng chữ.",
    "description_too_short": (
        "Nội dung hơi ngắn, bot chưa hiểu rõ. Bạn mô tả thêm giúp: sự việc gì, ở đâu?"
    ),
    "description_emoji_only": (
        "Bot chưa đọc được biểu tượng cảm xúc. Bạn mô tả sự việc bằng chữ giúp nhé."
    ),
    "description_too_long": (
        "Nội dung dài quá {limit} ký tự nên bot chỉ giữ {limit} ký tự đầu. Phần còn lại bạn "
        "gửi bằng nút «Bổ sung» sau khi có mã phản ánh."
    ),
    "description_appended": "Đã ghi thêm vào nội dung phản ánh.",
    "abuse_warning": (
        "Nội dung có từ ngữ không phù hợp hoặc quảng cáo. Phản ánh vẫn được ghi nhận nhưng sẽ "
        "được cán bộ xem xét trước khi xử lý."
    ),
    "propose_category": "Bot hiểu đây là phản ánh về: «{label}». Đúng không ạ?",
    "propose_category_unsure": (
        "Bot chưa chắc chắn. Phản ánh của bạn thuộc «{label}» hay «{other}»?"
    ),
    "btn_category_other": "Chọn loại khác",
    "pick_category": "Mời bạn chọn loại phản ánh:",
    "category_chosen": "Loại phản ánh: {label}.",
    "ask_place": (
        "Sự việc ở đâu? Bạn gõ tên thôn/xóm, xã/phường (tên cũ hoặc mới đều được) "
        "hoặc bấm nút «Gửi vị trí» để chia sẻ vị trí."
    ),
    "btn_send_location": "📍 Gửi vị trí",
    "place_ambiguous": (
        "Có nhiều nơi trùng tên «{name}»: {candidates}. "
        "Bạn ghi rõ thêm huyện cũ hoặc xã/phường mới giúp."
    ),
    "place_recorded": "Địa điểm: {place}.",
    "place_outside": (
        "Đã ghi nhận vị trí ({lat}, {lon}). "
        "Vị trí này có vẻ nằm ngoài địa bàn, cán bộ sẽ kiểm tra lại."
    ),
    "place_text_too_short": "Bạn ghi rõ địa điểm hơn giúp (ví dụ: thôn Đông, xã Phượng Sơn).",
    "btn_skip": "Bỏ qua",
    "photo_received": "Đã nhận ảnh ({count}).",
    "photo_limit": "Đã đủ {max_photos} ảnh, bot không nhận thêm ảnh cho phản ánh này.",
    "photo_too_large": "Ảnh quá lớn (tối đa {max_mb} MB). Bạn gửi ảnh nhỏ hơn giúp.",
    "photo_failed": "Chưa tải được ảnh, bạn gửi lại giúp nhé.",
    "btn_share_phone": "📞 Gửi số điện thoại",
    "phone_recorded": "Đã ghi nhận số điện thoại.",
    "summary_place_unknown": "chưa rõ",
    "btn_cancel": "❌ Hủy",
    "report_saved": (
        "✅ Đã nhận phản ánh của bạn.\n"
        "Mã tra cứu: {code}\n"
        "Tình trạng: {status}\n"
        "Hạn tiếp nhận: {accept_by}\n"
        "Hạn trả lời kết quả: {resolve_by}\n"
        "Bạn gõ /tracuu {code} để theo dõi. Nếu muốn, bạn có thể chuyển sang ẩn danh, để lại "
        "số điện thoại hoặc bổ sung thông tin bằng các nút bên dưới."
    ),
    "flow_cancelled": "Đã hủy. Mời bạn chọn chức năng khác.",
    "nothing_to_cancel": "Hiện không có thao tác nào đang làm.",
    "use_buttons": "Bạn bấm một nút bên trên để tiếp tục, hoặc gõ /huy để dừng.",
    "button_expired": "Nút này không còn hiệu lực. Mời bạn chọn chức năng từ menu.",
    # Tracking
    "ask_code": "Mời bạn gõ mã phản ánh (dạng PA-XXXXXXX).",
    "code_invalid": "Mã «{raw}» không đúng dạng. Mã phản ánh có dạng PA-XXXXXXX.",
    "code_not_found": "Không tìm thấy phản ánh mã {code}.",
    "track_result": (
        "Phản ánh {code}\n"
        "• Tình trạng: {status}\n"
        "• Loại: {category}\n"
        "• Gửi lúc: {created}\n"
        "• Hạn trả lời: {resolve_by}{overdue}"
    ),
    "track_own_details": "\n• Nội dung: {text}\n• Địa điểm: {place}",
    "track_note": "\n• Ghi chú mới nhất: {note}",
    "track_overdue": " (đã quá hạn)",
    "mine_empty": "Bạn chưa gửi phản ánh nào.",
    "mine_header": "Phản ánh của bạn (mới nhất trước):",
    "mine_line": "• {code} – {status} – {date}: {text}",
    # Status changes
    "status_changed": "🔔 Phản ánh {code} đã chuyển sang: {status}.",
    "status_note": "\nGhi chú: {note}",
    # Robustness
    "unsupported": (
        "Bot chưa xử lý được {what}. Bot nhận: tin nhắn chữ, ảnh, vị trí (📍) và số điện thoại. "
        "Gõ /trogiup để xem hướng dẫn."
    ),
    "unsupported_sticker": "nhãn dán (sticker)",
    "unsupported_voice": "tin nhắn thoại",
    "unsupported_document": "tệp đính kèm",
    "unsupported_video": "video",
    "unsupported_other": "loại tin nhắn này",
    "slow_down": (
        "Bạn gửi nhanh quá, bot cần chút thời gian. Các tin nhắn vẫn được ghi nhận, "
        "bạn chờ vài giây rồi gửi tiếp nhé."
    ),
    "unknown_command": "Bot chưa hiểu lệnh /{command}. Gõ /trogiup để xem các lệnh.",
    "internal_error": "Xin lỗi, hệ thống đang gặp sự cố. Bạn thử lại sau ít phút nhé.",
    "erase_done": (
        "Đã xóa dữ liệu cá nhân của bạn:\n{erased}\n\nCác phản ánh đã gửi được giữ lại ở dạng "
        "ẩn danh để tiếp tục xử lý, nhưng bot không còn gửi thông báo kết quả cho bạn."
    ),
    "erase_nothing": "Chúng tôi không lưu dữ liệu cá nhân nào của bạn.",
    "idle_hint": "Bạn muốn gửi phản ánh? Bấm «Gửi phản ánh» hoặc gõ nội dung sự việc.",
    # Web chat page
    "webchat_title": "Trò chuyện với bot phản ánh hạ tầng",
    "webchat_placeholder": "Nhập tin nhắn…",
    "webchat_send": "Gửi",
    "webchat_location": "📍 Gửi vị trí",
    "webchat_photo": "🖼 Gửi ảnh",
    "webchat_error": "Không gửi được, bạn thử lại.",
    "webchat_bad_request": "Yêu cầu không hợp lệ.",
    # CLI
    "cli_status_changed": "Đã chuyển {code} sang «{status}».",
    "cli_workers_need_postgres": (
        "Chạy nhiều tiến trình (--workers) cần cơ sở dữ liệu PostgreSQL (DATABASE_URL="
        "postgresql+asyncpg://…); với SQLite hãy chạy một tiến trình."
    ),
    "cli_worker_restarted": "Tiến trình {name} đã dừng (mã {code}); đã khởi động lại.",
    "cli_report_not_found": "Không tìm thấy phản ánh {code}.",
    "cli_invalid_status": "Trạng thái «{status}» không hợp lệ. Các trạng thái: {allowed}.",
    "cli_invalid_transition": "Không thể chuyển từ «{current}» sang «{target}».",
    "cli_notify_failed": "Đã lưu nhưng chưa gửi được thông báo cho người dân: {error}",
}
