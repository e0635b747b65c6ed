"""Messages of subscriptions (/dangky, /huydangky), invitation links, audiences and imports."""

SUBSCRIPTION_MESSAGES: dict[str, str] = {
    # Topics
    "topic_ket_luan_72": "Kết luận 72-KL/TW về hạ tầng",
    "topic_giao_thong": "Giao thông",
    "topic_thuy_loi": "Thủy lợi",
    "topic_nang_luong": "Năng lượng, điện",
    "topic_ha_tang_so": "Hạ tầng số, Internet",
    "topic_do_thi": "Đô thị, xây dựng",
    "topic_nong_thon_moi": "Nông thôn mới",
    # Audience filters
    "aud_err_not_object": "Bộ lọc đối tượng nhận phải là một đối tượng JSON.",
    "aud_err_unknown_key": "Bộ lọc có mục không hỗ trợ: {field}.",
    "aud_err_not_list": "Mục “{field}” của bộ lọc phải là danh sách.",
    "aud_err_empty": "Hãy chọn “tất cả người đăng ký” hoặc ít nhất một địa bàn, nhóm hay chủ đề.",
    "aud_err_commune": "Không có xã/phường mã {value}.",
    "aud_err_district": (
        "Không có huyện/thành phố cũ “{value}” (hoặc chưa có dữ liệu xã thuộc huyện này)."
    ),
    "aud_err_group": "Mã nhóm không hợp lệ: {value}.",
    "aud_err_topic": "Không có chủ đề “{value}”.",
    "aud_err_all_bool": "Mục “all” phải là true hoặc false.",
    # Commands (setMyCommands)
    "cmd_dangky": "Đăng ký nhận tin tuyên truyền theo địa bàn, chủ đề",
    "cmd_huydangky": "Hủy đăng ký nhận tin",
    # /dangky
    "sub_notice": (
        "📢 Đăng ký nhận tin của Ủy ban MTTQ Việt Nam và Tỉnh đoàn tỉnh Bắc Ninh\n\n"
        "Thông báo xử lý dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP):\n"
        "• Chúng tôi lưu: mã cuộc trò chuyện (chat id), tên hiển thị, xã/phường và các chủ đề "
        "bạn chọn.\n"
        "• Mục đích: chỉ để gửi tin tuyên truyền (Kết luận 72-KL/TW về hạ tầng…), câu hỏi "
        "tìm hiểu, cuộc thi theo địa bàn và chủ đề bạn chọn; không dùng vào việc khác, "
        "không cung cấp cho bên thứ ba.\n"
        "• Rời đi: gửi /huydangky bất cứ lúc nào; tên, địa bàn và chủ đề của bạn sẽ được xóa.\n\n"
        "Bạn có đồng ý nhận tin không?"
    ),
    "btn_sub_yes": "✅ Đồng ý nhận tin",
    "btn_sub_no": "Không, cảm ơn",
    "sub_declined": "Bạn chưa đồng ý nên chúng tôi không lưu thông tin nào. Gõ /dangky khi cần.",
    "sub_ask_place": (
        "Bạn ở xã/phường nào? Gõ tên (tên mới hoặc tên cũ trước sáp nhập đều được), "
        "hoặc bấm nút gửi vị trí. Gõ /huy để dừng."
    ),
    "sub_ask_place_current": "Xã/phường đang đăng ký: {place}. Bấm «Giữ nguyên» hoặc gõ tên khác.",
    "btn_sub_keep_place": "Giữ nguyên",
    "btn_sub_send_location": "📍 Gửi vị trí của tôi",
    "sub_place_now": "{old} (nay thuộc {current})",
    "sub_place_ok": "Địa bàn: {place}.",
    "sub_place_ambiguous": (
        "Có nhiều nơi tên như vậy:\n{candidates}\nBạn gõ lại rõ hơn (thêm tên huyện cũ, "
        "ví dụ «xã Đồng Tiến, huyện Yên Thế»)."
    ),
    "sub_place_district": "Đó là tên huyện/thành phố cũ. Bạn gõ tên xã/phường nhé.",
    "sub_place_unknown": (
        "Không tìm thấy xã/phường «{text}» trong tỉnh Bắc Ninh. Bạn kiểm tra lại tên "
        "hoặc gửi vị trí."
    ),
    "sub_place_outside": "Vị trí này nằm ngoài tỉnh Bắc Ninh. Bạn gõ tên xã/phường nhé.",
    "sub_ask_topics": (
        "Chọn các chủ đề bạn quan tâm (bấm để chọn/bỏ chọn), xong bấm «Xong». "
        "Không chọn chủ đề nào nghĩa là nhận tất cả."
    ),
    "btn_sub_done": "Xong",
    "sub_topic_on": "✅ {label}",
    "sub_topics_all": "Tất cả chủ đề",
    "sub_summary": (
        "🎉 Bạn đã đăng ký nhận tin.\n• Tên: {name}\n• Địa bàn: {place}\n• Chủ đề: {topics}"
        "{groups}\n\nGõ /dangky để thay đổi, /huydangky để hủy đăng ký."
    ),
    "sub_summary_groups": "\n• Nhóm: {groups}",
    "sub_no_name": "(không có)",
    "sub_use_buttons": "Bạn bấm nút chủ đề bên trên, hoặc «Xong» để hoàn tất.",
    # /huydangky
    "sub_left": (
        "Bạn đã hủy đăng ký. Từ nay bạn sẽ không nhận tin tuyên truyền nữa; tên, địa bàn và "
        "chủ đề của bạn đã được xóa. Gõ /dangky nếu muốn nhận lại."
    ),
    "sub_channel_unsupported": (
        "Tin tuyên truyền chỉ gửi qua Telegram. Mời bạn mở bot trên Telegram và gõ /dangky."
    ),
    "sub_not_subscribed": "Bạn chưa đăng ký nhận tin. Gõ /dangky để đăng ký.",
    # Invitation links
    "sub_invite_invalid": "Đường dẫn mời không hợp lệ hoặc đã hết hiệu lực.",
    "sub_invite_notice": "Bạn được mời tham gia nhóm «{group}».",
    "sub_joined_group": "Bạn đã tham gia nhóm «{group}».",
    "sub_already_in_group": "Bạn đã ở trong nhóm «{group}».",
    # Groups (CLI)
    "grp_err_code": "Mã nhóm chỉ gồm chữ không dấu, số và _ . - (tối đa 64 ký tự).",
    "grp_err_exists": "Đã có nhóm mã này.",
    "grp_created": "Đã tạo nhóm {code} – {name}.",
    "grp_link": "Đường dẫn mời: {link}",
    "grp_no_username": (
        "Chưa biết tên bot: đặt TELEGRAM_BOT_USERNAME (hoặc TELEGRAM_BOT_TOKEN để hỏi Telegram)."
    ),
    "grp_none": "Chưa có nhóm nào.",
    "grp_line": "{code}\t{name}\t{members} thành viên\t{link}",
    # Member list import
    "imp_row_error": "Dòng {row}{column}: {message}",
    "imp_column": ", cột «{column}»",
    "imp_failed": "Không nhập gì cả: tệp có {count} lỗi, bạn sửa rồi nhập lại.",
    "imp_done": (
        "Đã nhập: {created} người mới, {updated} người cập nhật, {memberships} lượt vào nhóm."
    ),
    "imp_skipped_unsubscribed": (
        "Bỏ qua {count} người đã tự hủy đăng ký (/huydangky); họ cần tự đăng ký lại."
    ),
    "imp_groups_created": "Đã tạo nhóm mới (tên tạm bằng mã): {groups}.",
    "imp_err_format": "Chỉ nhận tệp .csv hoặc .xlsx.",
    "imp_err_encoding": "Tệp CSV phải lưu với mã UTF-8.",
    "imp_err_unreadable": "Không đọc được tệp (tệp hỏng hoặc không đúng định dạng).",
    "imp_err_too_big": "Tệp quá lớn (tối đa {mb} MB).",
    "imp_err_empty": "Tệp không có dòng dữ liệu nào.",
    "imp_err_header": "Dòng tiêu đề thiếu cột: {columns}.",
    "imp_err_too_many": "Tệp có quá nhiều dòng (tối đa {limit}).",
    "imp_err_channel_empty": "thiếu kênh (ghi «telegram»)",
    "imp_err_channel": "kênh «{value}» không hỗ trợ (chỉ «telegram»)",
    "imp_err_chat_empty": "thiếu chat id",
    "imp_err_chat_invalid": "chat id «{value}» không hợp lệ (phải là số)",
    "imp_err_duplicate": "trùng với dòng {first} (cùng kênh và chat id)",
    "imp_err_name_long": "tên dài quá {limit} ký tự",
    "imp_err_commune": "không tìm thấy xã/phường «{value}»",
    "imp_err_commune_ambiguous": "«{value}» có nhiều nơi trùng tên: {candidates}; ghi rõ hơn",
    "imp_err_group": "mã nhóm «{value}» không hợp lệ",
}
