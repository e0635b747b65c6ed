"""Texts of the Open311 GeoReport v2 API (service list, notices, errors) and its CLI."""

OPEN311_MESSAGES: dict[str, str] = {
    # Service discovery
    "open311_contact": (
        "Ban Dân chủ – Pháp luật, Ủy ban MTTQ Việt Nam tỉnh Bắc Ninh; hoặc gửi phản ánh qua "
        "kênh Telegram và trang trò chuyện của dịch vụ."
    ),
    "open311_key_service": (
        "Khóa API (api_key) do quản trị viên cấp cho từng ứng dụng đối tác; liên hệ Ủy ban MTTQ "
        "Việt Nam tỉnh Bắc Ninh để được cấp."
    ),
    "open311_agency_default": "Ủy ban MTTQ Việt Nam tỉnh Bắc Ninh",
    # Service groups
    "open311_group_ha_tang": "Hạ tầng giao thông và đô thị",
    "open311_group_tien_ich": "Điện, nước và viễn thông",
    "open311_group_moi_truong": "Môi trường và thủy lợi",
    "open311_group_cong_cong": "Công trình công cộng (giáo dục, y tế, văn hóa)",
    "open311_group_khac": "Khác",
    # Service descriptions
    "open311_desc_giao_thong": (
        "Đường sá, cầu, ổ gà, đèn tín hiệu giao thông, an toàn giao thông, cột đèn nghiêng đổ, "
        "xe buýt."
    ),
    "open311_desc_thoat_nuoc": (
        "Thoát nước, ngập úng, cống rãnh, nắp hố ga (kể cả hố ga trên đường), nước thải."
    ),
    "open311_desc_moi_truong": (
        "Rác thải, bãi rác, ô nhiễm không khí, nguồn nước, bụi (kể cả bụi công trình), mùi hôi, "
        "tiếng ồn."
    ),
    "open311_desc_dien": (
        "Cấp điện, mất điện, đường dây và cột điện, dây điện đứt hoặc võng thấp, đèn đường không "
        "sáng."
    ),
    "open311_desc_thuy_loi": "Kênh mương tưới tiêu, đê điều, hồ đập, trạm bơm.",
    "open311_desc_nuoc_sach": "Cấp nước sạch, chất lượng nước, giá nước.",
    "open311_desc_vien_thong": "Sóng di động, Internet, cáp viễn thông.",
    "open311_desc_giao_duc": "Trường học, phòng học, cơ sở vật chất trường học.",
    "open311_desc_y_te": "Trạm y tế xã, phường, phòng khám, bệnh viện.",
    "open311_desc_van_hoa_the_thao": ("Nhà văn hóa, sân thể thao, sân chơi, điểm du lịch."),
    "open311_desc_do_thi_xay_dung": (
        "Quy hoạch, xây dựng trái phép, giải phóng mặt bằng và bồi thường, dự án chậm tiến độ, "
        "lấn chiếm vỉa hè, cây xanh đô thị."
    ),
    "open311_desc_khac": "Các vấn đề khác không thuộc những nhóm trên.",
    # Service keywords (comma-separated)
    "open311_keywords_giao_thong": "đường, cầu, ổ gà, đèn tín hiệu, giao thông, xe buýt",
    "open311_keywords_thoat_nuoc": "thoát nước, ngập úng, cống, hố ga, nước thải",
    "open311_keywords_moi_truong": "rác, ô nhiễm, bụi, mùi hôi, tiếng ồn, môi trường",
    "open311_keywords_dien": "điện, mất điện, dây điện, cột điện, đèn đường",
    "open311_keywords_thuy_loi": "thủy lợi, kênh mương, đê, đập, trạm bơm",
    "open311_keywords_nuoc_sach": "nước sạch, nước máy, chất lượng nước, giá nước",
    "open311_keywords_vien_thong": "sóng điện thoại, Internet, cáp quang, viễn thông",
    "open311_keywords_giao_duc": "trường học, lớp học, giáo dục",
    "open311_keywords_y_te": "trạm y tế, bệnh viện, phòng khám, y tế",
    "open311_keywords_van_hoa_the_thao": "nhà văn hóa, sân thể thao, sân chơi, du lịch",
    "open311_keywords_do_thi_xay_dung": (
        "quy hoạch, xây dựng trái phép, giải phóng mặt bằng, lấn chiếm vỉa hè, cây xanh"
    ),
    "open311_keywords_khac": "khác, hỏi đáp, góp ý",
    # Notices on requests
    "open311_service_notice": (
        "Phản ánh đã được đưa vào hệ thống tiếp nhận của MTTQ tỉnh Bắc Ninh. Hạn tiếp nhận: "
        "{accept_by}; hạn trả lời kết quả: {resolve_by}."
    ),
    "open311_urgent_notice": (
        " Sự việc có dấu hiệu nguy hiểm: nếu có người gặp nguy hiểm, gọi ngay 113 (Công an), "
        "114 (Cứu nạn, cứu hộ), 115 (Cấp cứu)."
    ),
    "open311_status_note": "{status}: {note}",
    "open311_merged_note": "Đã gộp vào phản ánh {code}",
    "open311_redacted": "[đã ẩn]",
    # Errors (each is one entry of the error list)
    "open311_err_api_key_missing": "Thiếu api_key: cần khóa API để gửi phản ánh.",
    "open311_err_api_key_invalid": "api_key không hợp lệ hoặc đã bị thu hồi.",
    "open311_err_service_code_missing": "Thiếu service_code (mã loại phản ánh).",
    "open311_err_service_code_unknown": (
        "Không có loại phản ánh với service_code «{code}»; xem danh sách tại services.json."
    ),
    "open311_err_location_missing": (
        "Thiếu vị trí: cần lat và long, hoặc address_string, hoặc address_id."
    ),
    "open311_err_lat_long_pair": "Cần gửi cả lat và long.",
    "open311_err_lat_long_invalid": (
        "lat, long phải là số thập phân (WGS84): lat từ -90 đến 90, long từ -180 đến 180."
    ),
    "open311_err_address_id_unknown": (
        "address_id «{value}» không phải mã xã, phường hiện hành của tỉnh Bắc Ninh."
    ),
    "open311_err_address_string_long": "address_string dài quá {limit} ký tự.",
    "open311_err_description_missing": "Thiếu description (nội dung phản ánh).",
    "open311_err_description_long": "description dài quá {limit} ký tự.",
    "open311_err_email_invalid": "email không hợp lệ.",
    "open311_err_phone_invalid": "phone không phải số điện thoại hợp lệ.",
    "open311_err_media_url_invalid": "media_url phải là địa chỉ http:// hoặc https:// hợp lệ.",
    "open311_err_field_long": "{field} dài quá {limit} ký tự.",
    "open311_err_date_invalid": (
        "{field} không đúng định dạng ISO 8601 (ví dụ 2026-11-24T10:30:00+07:00 hoặc 2026-11-24)."
    ),
    "open311_err_date_timezone": "{field} phải có múi giờ (Z hoặc dạng +07:00).",
    "open311_err_date_order": "start_date phải trước end_date.",
    "open311_err_date_span": "Khoảng thời gian tìm kiếm không được quá {days} ngày.",
    "open311_err_status_invalid": "status chỉ nhận open, closed (phân tách bằng dấu phẩy).",
    "open311_err_request_id_invalid": "service_request_id «{value}» không đúng dạng PA-XXXXXXX.",
    "open311_err_too_many_ids": "Chỉ tra cứu tối đa {limit} service_request_id một lần.",
    "open311_err_page_invalid": "{field} phải là số nguyên từ 1 đến {limit}.",
    "open311_err_request_not_found": "Không có phản ánh với mã «{value}».",
    "open311_err_form": "Không đọc được dữ liệu gửi lên (cần application/x-www-form-urlencoded).",
    "open311_err_general": "Lỗi hệ thống khi xử lý yêu cầu; vui lòng thử lại sau.",
    # CLI
    "cli_open311_key_created": (
        "Đã tạo khóa API «{name}» (số {id}). Khóa chỉ hiển thị một lần, hãy lưu lại:\n{secret}"
    ),
    "cli_open311_key_name_invalid": "Tên khóa phải có từ 1 đến 100 ký tự.",
    "cli_open311_keys_revoked": "Đã thu hồi {count} khóa API «{name}».",
    "cli_open311_key_not_found": "Không có khóa API còn hiệu lực tên «{name}».",
    "cli_open311_key_line": "{id}\t{name}\ttạo lúc {created}\t{state}",
    "cli_open311_key_active": "còn hiệu lực",
    "cli_open311_key_revoked": "đã thu hồi {revoked}",
    "cli_open311_no_keys": "Chưa có khóa API nào.",
}
