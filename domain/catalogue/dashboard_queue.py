"""Words officers read in the queue's daily work.

Assignment, «Việc của tôi», bulk actions, the new-reports banner, canned replies, e-mail to
Open311 requesters.
"""

DASHBOARD_QUEUE_MESSAGES: dict[str, str] = {
    # The queue's tabs and links
    "rq_tabs_label": "Chọn danh sách",
    "rq_tab_all": "Tất cả",
    "rq_tab_mine": "Việc của tôi",
    "rq_map": "Bản đồ",
    "rq_export_csv": "Xuất CSV",
    "rq_export_xlsx": "Xuất Excel",
    "rq_new_reports": "Có {n} phản ánh mới —",
    "rq_new_reports_reload": "Tải lại",
    # The named officer in charge
    "rq_col_officer": "Người xử lý",
    "rq_no_officer": "Chưa có",
    "rq_officer_now": "Người xử lý hiện tại: {name}",
    "rq_officer_label": "Giao cho cán bộ",
    "rq_officer_none": "— Không giao cho ai —",
    "rq_btn_officer": "Giao việc",
    "rq_err_officer": "Cán bộ không hợp lệ.",
    "rp_ok_giao_can_bo": "Đã cập nhật người xử lý phản ánh {code}.",
    "rp_event_assign_officer": "Giao cán bộ xử lý",
    "rp_event_assign_officer_value": "{old} → {new}",
    "action_officer_outside": (
        "Chỉ có thể giao phản ánh {code} cho cán bộ phụ trách địa bàn của phản ánh "
        "hoặc quản trị viên."
    ),
    # Bulk changes
    "rq_pick": "Chọn",
    "rq_pick_all": "Chọn tất cả phản ánh trong trang",
    "rq_pick_one": "Chọn phản ánh {code}",
    "rq_bulk_selected": "Đã chọn {n} phản ánh",
    "rq_bulk_action": "Thao tác",
    "rq_bulk_accept": "Tiếp nhận",
    "rq_bulk_status": "Đổi tình trạng",
    "rq_bulk_assign": "Giao cho cán bộ",
    "rq_bulk_new_status": "Tình trạng mới",
    "rq_bulk_officer": "Cán bộ",
    "rq_bulk_note": "Ghi chú gửi người dân (không bắt buộc)",
    "rq_bulk_apply": "Áp dụng cho các phản ánh đã chọn",
    "rq_bulk_done": "Đã cập nhật {n} phản ánh.",
    "rq_bulk_skipped": "Bỏ qua {n} phản ánh: {list}.",
    "rq_bulk_more": "… và {n} phản ánh khác.",
    "rq_bulk_not_notified": "Chưa báo được cho người dân của: {list}.",
    "rq_bulk_none": "Chưa chọn phản ánh nào.",
    "rq_bulk_too_many": "Mỗi lần chỉ cập nhật được tối đa {n} phản ánh.",
    "rq_bulk_bad": "Thao tác hàng loạt không hợp lệ: hãy chọn tình trạng hoặc cán bộ.",
    "action_bulk_unknown": "Thao tác hàng loạt không hợp lệ.",
    # The report page's action panel
    "rq_tab_accept": "Tiếp nhận",
    "rq_tab_unmerge": "Tách",
    "rq_tab_status": "Tình trạng",
    "rq_tab_reply": "Trả lời",
    "rq_tab_ask": "Hỏi thêm",
    "rq_tab_officer": "Người xử lý",
    "rq_tab_assign": "Đơn vị",
    "rq_tab_note": "Ghi chú",
    "rq_tab_correct": "Sửa thông tin",
    "rq_tab_deadline": "Hạn xử lý",
    "rq_tab_merge": "Gộp",
    "rq_canned_label": "Mẫu trả lời",
    "rq_canned_pick": "— Chọn một mẫu để điền nội dung —",
    # E-mail to Open311 requesters
    "rq_email_offer": "Gửi e-mail cho người gửi ({to})",
    "rq_email_not_configured": (
        "Chưa thể gửi e-mail cho người gửi: máy chủ thư (SMTP) chưa được cấu hình. "
        "Hãy đề nghị quản trị hệ thống khai báo SMTP_HOST và SMTP_FROM."
    ),
    "rq_email_sent": "Đã gửi e-mail tới {to}.",
    "rq_email_failed": (
        "Chưa gửi được e-mail tới {to} ({error}); nội dung đã được lưu, hãy thử lại sau."
    ),
    "action_email_not_configured": (
        "Máy chủ thư (SMTP) chưa được cấu hình nên không gửi được e-mail."
    ),
    "action_email_none": "Phản ánh {code} không có địa chỉ e-mail của người gửi.",
    "rp_event_email": "Gửi e-mail cho người gửi",
    "rp_event_email_sent": "Đã gửi tới {to}",
    "rp_event_email_failed": "Chưa gửi được tới {to}: {error}",
    "mail_subject_reply": "Trả lời phản ánh {code}",
    "mail_subject_question": "Câu hỏi về phản ánh {code}",
    "mail_body_reply": (
        "Kính gửi Quý ông/bà,\n\n"
        "Về phản ánh {code} Quý ông/bà đã gửi, cán bộ Mặt trận Tổ quốc trả lời:\n\n"
        "{text}\n\n"
        "Trân trọng cảm ơn Quý ông/bà đã phản ánh."
    ),
    "mail_body_question": (
        "Kính gửi Quý ông/bà,\n\n"
        "Để xử lý phản ánh {code}, cán bộ Mặt trận Tổ quốc cần hỏi thêm:\n\n"
        "{text}\n\n"
        "Xin Quý ông/bà trả lời thư này; câu trả lời sẽ được cán bộ bổ sung vào phản ánh."
    ),
    # Canned replies (administration)
    "cr_title": "Mẫu trả lời",
    "cr_intro": (
        "Các mẫu trả lời và câu hỏi cán bộ chọn trên trang phản ánh. "
        "Mẫu của một đơn vị chỉ hiện với phản ánh thuộc địa bàn đó; "
        "mẫu chung hiện với mọi phản ánh."
    ),
    "cr_unit": "Đơn vị (địa bàn)",
    "cr_all_units": "Tất cả đơn vị",
    "cr_name": "Tên mẫu",
    "cr_text": "Nội dung",
    "cr_add": "Thêm mẫu",
    "cr_delete": "Xóa",
    "cr_empty": "Chưa có mẫu trả lời nào.",
    "cr_ok_added": "Đã thêm mẫu «{title}».",
    "cr_ok_deleted": "Đã xóa mẫu «{title}».",
    "cr_err_title": "Hãy nhập tên mẫu (tối đa 120 ký tự).",
    "cr_err_text": "Hãy nhập nội dung mẫu.",
    "cr_err_unit": "Đơn vị không hợp lệ.",
    "cr_nav": "Mẫu trả lời",
    "rq_canned_manage": "Quản lý mẫu trả lời",
    # The audit log's names of these actions
    "audit_action_report_assign_officer": "Giao cán bộ xử lý",
    "audit_action_report_email": "Gửi e-mail cho người gửi",
    "audit_action_canned_reply_add": "Thêm mẫu trả lời",
    "audit_action_canned_reply_delete": "Xóa mẫu trả lời",
}
