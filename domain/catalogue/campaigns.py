"""Messages of the campaign pages of the dashboard and of campaign authoring over Telegram."""

CAMPAIGN_MESSAGES: dict[str, str] = {
    # List
    "cp_list_title": "Chiến dịch tuyên truyền",
    "cp_new": "Soạn chiến dịch mới",
    "cp_subscribers_link": "Người nhận, nhóm và nhập danh sách",
    "cp_filter_status": "Lọc theo trạng thái",
    "cp_all_statuses": "Tất cả",
    "cp_list_empty": "Chưa có chiến dịch nào.",
    "cp_col_id": "Số",
    "cp_col_title": "Tiêu đề",
    "cp_col_status": "Trạng thái",
    "cp_col_author": "Người soạn",
    "cp_col_approver": "Người duyệt",
    "cp_col_schedule": "Lịch gửi",
    "cp_col_progress": "Tiến độ",
    "cp_col_updated": "Cập nhật",
    "cp_progress_short": "{finished}/{total}",
    "cp_schedule_now": "Gửi ngay",
    "cp_schedule_at": "Gửi lúc {at}",
    "cp_schedule_cron": "Định kỳ: {cron}",
    "cp_not_found_title": "Không tìm thấy",
    "cp_not_found": "Không tìm thấy chiến dịch này.",
    # Form
    "cp_new_title": "Soạn chiến dịch mới",
    "cp_edit_title": "Sửa bản nháp chiến dịch số {id}",
    "cp_section_content": "Nội dung",
    "cp_field_title": "Tiêu đề (chỉ cán bộ thấy)",
    "cp_field_text": "Nội dung tin nhắn",
    "cp_field_text_hint": (
        "Có thể dùng định dạng Telegram: <b>đậm</b>, <i>nghiêng</i>, <u>gạch chân</u>, "
        '<a href="https://...">liên kết</a>.'
    ),
    "cp_field_format": "Kiểu văn bản",
    "cp_format_html": "Có định dạng (HTML của Telegram)",
    "cp_format_plain": "Văn bản thường",
    "cp_field_photo": "Ảnh kèm theo (không bắt buộc)",
    "cp_field_photo_hint": "Tệp JPEG hoặc PNG, tối đa 10 MB.",
    "cp_photo_alt": "Ảnh của chiến dịch",
    "cp_remove_photo": "Bỏ ảnh hiện tại",
    "cp_section_buttons": "Nút bấm",
    "cp_buttons_hint": "Nút liên kết: chữ hiển thị và địa chỉ https://.",
    "cp_link_text": "Chữ trên nút liên kết {number}",
    "cp_link_url": "Địa chỉ của nút {number}",
    "cp_more_hint": (
        "Nút «Tìm hiểu thêm»: khi bấm, người nhận thấy đoạn giải thích ngắn (tối đa 200 ký tự) "
        "hoặc được mở liên kết https://; số lượt bấm được đếm."
    ),
    "cp_more_text": "Chữ trên nút «Tìm hiểu thêm» {number}",
    "cp_more_body": "Nội dung giải thích hoặc liên kết của nút {number}",
    "cp_more_placeholder": "Tìm hiểu thêm",
    "cp_more_label": "Tìm hiểu thêm",
    "cp_section_audience": "Đối tượng nhận",
    "cp_audience_mode": "Chọn đối tượng",
    "cp_audience_filter": "Lọc theo tiêu chí",
    "cp_audience_saved": "Đối tượng đã lưu",
    "cp_choose": "— Chọn —",
    "cp_aud_all": "Tất cả người đăng ký",
    "cp_aud_communes": "Xã/phường: {names}",
    "cp_aud_districts": "Huyện cũ (trước 2025): {names}",
    "cp_aud_groups": "Nhóm: {names}",
    "cp_aud_topics": "Chủ đề: {names}",
    "cp_field_communes": "Xã/phường hiện nay",
    "cp_field_districts": "Huyện cũ (trước 2025)",
    "cp_field_groups": "Nhóm (chi đoàn, chi hội…)",
    "cp_field_topics": "Chủ đề quan tâm",
    "cp_audience_size": "Số người sẽ nhận: {size}",
    "cp_audience_size_unknown": "Chọn đối tượng để xem số người sẽ nhận.",
    "cp_audience_saved_name": "Đối tượng đã lưu: {name}",
    "cp_audience_none": "Chưa chọn đối tượng nhận.",
    "cp_field_audience_name": "Lưu bộ lọc thành đối tượng có tên (không bắt buộc)",
    "cp_field_audience_name_hint": "Ví dụ: «Đoàn viên huyện Tân Yên cũ».",
    "cp_section_quiz": "Câu đố kèm theo",
    "cp_field_quiz": "Câu đố",
    "cp_no_quiz": "Không kèm câu đố",
    "cp_save_draft": "Lưu bản nháp",
    "cp_back": "Quay lại",
    "cp_back_list": "← Danh sách chiến dịch",
    # Form errors
    "cp_err_photo_size": "Ảnh quá lớn (tối đa {limit} MB).",
    "cp_err_photo_type": "Ảnh phải là tệp JPEG hoặc PNG.",
    "cp_err_button_text": "Nút liên kết {number}: cần chữ hiển thị (tối đa {limit} ký tự).",
    "cp_err_button_url": (
        "Nút {number}: địa chỉ «{url}» không hợp lệ; cần địa chỉ đầy đủ bắt đầu bằng https://."
    ),
    "cp_err_more_text": "Nút «Tìm hiểu thêm» {number}: cần chữ hiển thị (tối đa {limit} ký tự).",
    "cp_err_more_body": (
        "Nút «Tìm hiểu thêm» {number}: cần nội dung giải thích (tối đa {limit} ký tự) "
        "hoặc một liên kết https://."
    ),
    "cp_err_audience_pick": "Vui lòng chọn một đối tượng đã lưu.",
    "cp_err_audience": "Bộ lọc đối tượng không hợp lệ.",
    "cp_err_audience_name": "Muốn lưu đối tượng có tên thì cần chọn ít nhất một tiêu chí lọc.",
    "html_err_lt": (
        "Định dạng HTML chưa đúng gần «{near}»: ký tự < phải thuộc một thẻ hợp lệ; "
        "nếu muốn viết dấu nhỏ hơn, hãy gõ &lt;."
    ),
    "html_err_tag": (
        "Thẻ <{tag}> không được Telegram hỗ trợ. Chỉ dùng <b>, <i>, <u>, <s>, <a href=...>, "
        "<code>, <pre>, <blockquote>."
    ),
    "html_err_attribute": "Thẻ <{tag}> không nhận thuộc tính «{attribute}».",
    "html_err_link": "Liên kết «{href}» không hợp lệ: cần bắt đầu bằng https://.",
    "html_err_unclosed": "Thẻ <{tag}> chưa được đóng: hãy thêm </{tag}>.",
    "html_err_unopened": "Thẻ đóng </{tag}> không có thẻ mở tương ứng.",
    "html_err_nesting": (
        "Thẻ lồng nhau sai thứ tự: gặp </{tag}> trong khi cần đóng </{expected}> trước."
    ),
    # Campaign page
    "cp_view_title": "Chiến dịch số {id}: {title}",
    "cp_author": "Người soạn: {name}",
    "cp_approver": "Người duyệt: {name}",
    "cp_quiz_attached": "Kèm câu đố: {title}",
    "cp_preview": "Gửi thử cho tôi",
    "cp_preview_hint": (
        "Gửi đúng nội dung, ảnh và nút bấm như người nhận sẽ thấy tới Telegram của bạn."
    ),
    "cp_preview_sent": "Đã gửi bản thử tới Telegram của bạn.",
    "cp_preview_failed": "Không gửi được bản thử: {error}",
    "cp_preview_no_telegram": (
        "Dịch vụ chưa cấu hình Telegram (TELEGRAM_BOT_TOKEN) nên không gửi thử được."
    ),
    "cp_preview_unlinked": (
        "Tài khoản của bạn chưa liên kết với Telegram. Nhờ quản trị viên chạy lệnh "
        "«python -m bot staff link-telegram {username} MÃ_NGƯỜI_DÙNG_TELEGRAM» (mã số người "
        "dùng Telegram của bạn), rồi nhắn /start cho bot trước khi gửi thử."
    ),
    "cp_section_workflow": "Xét duyệt và gửi",
    "cp_edit": "Sửa bản nháp",
    "cp_submit": "Gửi duyệt",
    "cp_approve": "Duyệt",
    "cp_reject": "Trả lại để sửa",
    "cp_reject_note": "Lý do trả lại",
    "cp_pause": "Tạm dừng",
    "cp_resume": "Tiếp tục",
    "cp_cancel": "Hủy chiến dịch",
    "cp_cancel_confirm": "Hủy hẳn chiến dịch này? Những tin chưa gửi sẽ không được gửi nữa.",
    "cp_note_self": (
        "Bạn là người soạn chiến dịch này nên không thể tự duyệt: chiến dịch cần một người "
        "khác có quyền duyệt (lãnh đạo hoặc quản trị viên) xem lại trước khi gửi."
    ),
    "cp_note_author_waits": (
        "Chiến dịch đang chờ duyệt. Người duyệt phải là người khác có quyền duyệt (lãnh đạo "
        "hoặc quản trị viên), nên bạn không thấy nút «Duyệt»."
    ),
    "cp_note_need_approver": "Chiến dịch đang chờ lãnh đạo hoặc quản trị viên duyệt.",
    "cp_schedule_legend": "Lên lịch gửi",
    "cp_schedule_at_label": "Gửi vào lúc (giờ Việt Nam)",
    "cp_schedule_cron_label": "Gửi định kỳ",
    "cp_schedule_button": "Lên lịch",
    "cp_cron_preset": "Lịch có sẵn",
    "cp_cron_field": "Hoặc tự nhập lịch dạng cron",
    "cp_cron_hint": (
        "5 trường: phút giờ ngày tháng thứ, ví dụ «0 8 * * 1» = 8:00 thứ Hai hằng tuần."
    ),
    "cp_cron_daily": "8:00 hằng ngày",
    "cp_cron_monday": "8:00 thứ Hai hằng tuần",
    "cp_cron_friday": "19:00 thứ Sáu hằng tuần",
    "cp_cron_monthly": "8:00 ngày 1 hằng tháng",
    "cp_section_progress": "Tiến độ gửi",
    "cp_fig_total": "Tổng số",
    "cp_fig_sent": "Đã gửi",
    "cp_fig_pending": "Chờ gửi",
    "cp_fig_sending": "Đang gửi",
    "cp_fig_blocked": "Đã chặn bot",
    "cp_fig_failed": "Lỗi",
    "cp_fig_clicks": "Lượt bấm «Tìm hiểu thêm»",
    "cp_fig_quiz_answers": "Câu trả lời câu đố",
    "cp_export_csv": "Tải kết quả từng người nhận (CSV)",
    "cp_section_timeline": "Lịch sử",
    "cp_col_when": "Thời điểm",
    "cp_col_who": "Người thực hiện",
    "cp_col_action": "Thao tác",
    "cp_col_change": "Trạng thái",
    "cp_col_note": "Ghi chú",
    "cp_event_create": "Tạo bản nháp",
    "cp_event_edit": "Sửa bản nháp",
    "cp_event_submit": "Gửi duyệt",
    "cp_event_approve": "Duyệt",
    "cp_event_reject": "Trả lại",
    "cp_event_schedule": "Lên lịch",
    "cp_event_start": "Bắt đầu gửi",
    "cp_event_finish": "Kết thúc đợt gửi",
    "cp_event_pause": "Tạm dừng",
    "cp_event_resume": "Tiếp tục",
    "cp_event_cancel": "Hủy",
    "cp_ok_created": "Đã tạo bản nháp chiến dịch số {id}.",
    "cp_ok_saved": "Đã lưu bản nháp chiến dịch số {id}.",
    "cp_ok_submitted": "Đã gửi duyệt chiến dịch số {id}.",
    "cp_ok_approved": "Đã duyệt chiến dịch số {id}.",
    "cp_ok_rejected": "Đã trả lại chiến dịch số {id} cho người soạn.",
    "cp_ok_scheduled": "Đã lên lịch gửi chiến dịch số {id}.",
    "cp_ok_paused": "Đã tạm dừng chiến dịch số {id}.",
    "cp_ok_resumed": "Đã cho chiến dịch số {id} tiếp tục.",
    "cp_ok_cancelled": "Đã hủy chiến dịch số {id}.",
    # Subscribers page
    "cp_sub_title": "Người nhận tin, nhóm và nhập danh sách",
    "cp_sub_by_status": "Người nhận theo trạng thái",
    "cp_sub_status_active": "Đang nhận tin",
    "cp_sub_status_unsubscribed": "Đã hủy đăng ký",
    "cp_sub_status_blocked": "Đã chặn bot",
    "cp_sub_total": "Tổng số",
    "cp_sub_groups": "Nhóm và liên kết mời tham gia",
    "cp_sub_no_groups": "Chưa có nhóm nào.",
    "cp_sub_col_code": "Mã nhóm",
    "cp_sub_col_name": "Tên nhóm",
    "cp_sub_col_members": "Thành viên đang nhận tin",
    "cp_sub_col_invite": "Liên kết mời",
    "cp_sub_by_commune": "Người đang nhận tin theo xã/phường",
    "cp_sub_col_commune": "Xã/phường",
    "cp_sub_col_active": "Số người",
    "cp_sub_no_commune": "Chưa rõ xã/phường",
    "cp_sub_none": "Chưa có ai đăng ký nhận tin.",
    "cp_import_title": "Nhập danh sách đoàn viên, hội viên",
    "cp_import_hint": (
        "Tệp CSV hoặc XLSX với các cột channel, chat_id, name, commune, groups (nhiều nhóm cách "
        "nhau bằng dấu chấm phẩy). Nếu có dòng lỗi thì không dòng nào được nhập."
    ),
    "cp_import_button": "Nhập danh sách",
    "cp_import_no_file": "Vui lòng chọn tệp CSV hoặc XLSX để nhập.",
    "cp_import_too_big": "Tệp quá lớn (tối đa 10 MB).",
    "cp_import_refused": (
        "Không nhập dòng nào vì tệp có {count} lỗi. Hãy sửa các dòng dưới đây rồi nhập lại."
    ),
    "cp_import_col_row": "Dòng",
    "cp_import_col_error": "Lỗi",
    # Authoring over Telegram (/taochiendich)
    "ca_send_content": (
        "Hãy gửi hoặc chuyển tiếp cho tôi nội dung chiến dịch: một tin nhắn chữ, hoặc một ảnh "
        "kèm chú thích. Tin đó sẽ thành bản nháp chiến dịch. Gõ /huy để thôi."
    ),
    "ca_cancelled": "Đã thôi tạo chiến dịch.",
    "ca_default_title": "Chiến dịch soạn từ Telegram",
    "ca_photo_failed": "Không tải được ảnh này (có thể ảnh quá lớn). Hãy gửi lại ảnh khác.",
    "ca_try_again": "Hãy gửi lại nội dung, hoặc gõ /huy để thôi.",
    "ca_created": (
        "Đã tạo bản nháp chiến dịch số {id}. Mở bảng điều khiển, mục «Chiến dịch», để chọn "
        "đối tượng nhận, thêm nút bấm và gửi duyệt."
    ),
    "ca_created_link": (
        "Đã tạo bản nháp chiến dịch số {id}. Hoàn thiện (đối tượng nhận, nút bấm) và gửi duyệt "
        "tại: {link}"
    ),
    # Audit log labels
    "audit_action_campaign_create": "Tạo chiến dịch",
    "audit_action_campaign_edit": "Sửa chiến dịch",
    "audit_action_campaign_submit": "Gửi duyệt chiến dịch",
    "audit_action_campaign_approve": "Duyệt chiến dịch",
    "audit_action_campaign_reject": "Trả lại chiến dịch",
    "audit_action_campaign_schedule": "Lên lịch chiến dịch",
    "audit_action_campaign_pause": "Tạm dừng chiến dịch",
    "audit_action_campaign_resume": "Tiếp tục chiến dịch",
    "audit_action_campaign_cancel": "Hủy chiến dịch",
    "audit_action_campaign_preview": "Gửi thử chiến dịch",
    "audit_action_campaign_export": "Tải kết quả chiến dịch",
    "audit_action_audience_create": "Lưu đối tượng nhận",
    "audit_action_subscribers_import": "Nhập danh sách người nhận",
}
